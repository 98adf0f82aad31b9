"""The tracer's own log lines, kept from flooding the service's log.

A trace backend that is down, hanging or refusing makes a tracer log on every request or every
flush, with tracebacks: thousands of lines a minute, each one billed by CloudWatch Logs. Here
the tracer's loggers pass on warnings and errors only, at most one every five minutes per
process, without tracebacks; the next one says how many were held back. With LOG_LEVEL=DEBUG
they are left alone, to debug tracing itself.
"""

import logging
import os
import time

INTERVAL = 300.0  # seconds


class OncePerInterval(logging.Handler):
    """Passes a record on to the root logger's handlers at most once per interval."""

    def __init__(self, what: str, interval: float = INTERVAL):
        super().__init__(logging.WARNING)
        self.what, self.interval = what, interval
        self._quiet_until = 0.0
        self._held_back = 0

    def emit(self, record: logging.LogRecord) -> None:  # handle() holds self.lock
        now = time.monotonic()
        if now < self._quiet_until:
            self._held_back += 1
            return
        self._quiet_until = now + self.interval
        message = f"{self.what}: {record.getMessage()}"
        if self._held_back:
            message += f" ({self._held_back} more held back since the last one)"
            self._held_back = 0
        passed_on = logging.makeLogRecord(
            {**record.__dict__, "msg": message, "args": None, "exc_info": None, "exc_text": None}
        )
        handlers = logging.getLogger().handlers or [logging.lastResort]
        for handler in handlers:
            if passed_on.levelno >= handler.level:
                handler.handle(passed_on)


def tame(what: str, *logger_names: str) -> None:
    """Keep these loggers (a tracer's, and its HTTP client's) to warnings, once per interval."""
    if os.environ.get("LOG_LEVEL", "").upper() == "DEBUG":
        return
    handler = OncePerInterval(what)
    for name in logger_names:
        tracer = logging.getLogger(name)
        tracer.setLevel(logging.WARNING)
        tracer.handlers = [handler]
        tracer.propagate = False
