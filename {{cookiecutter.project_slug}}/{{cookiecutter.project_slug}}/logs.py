"""The service's log lines: plain text for people, or with LOG_FORMAT=json one JSON object per
line, which CloudWatch Logs Insights reads field by field. A line logged inside a traced
{% if cookiecutter.framework == "celery" %}task{% else %}request{% endif %} carries its trace's ids, named the way the trace backend links logs to traces
(`log_fields()` in {{ cookiecutter.tracing }}.py).
"""

import json
import logging
import logging.config
import os
from datetime import UTC, datetime

FORMATS = ("text", "json")


def log_format() -> str:
    chosen = os.environ.get("LOG_FORMAT", "text").lower()
    return chosen if chosen in FORMATS else "text"


class TraceIds(logging.Filter):
    """Puts the current trace's ids on each record (record.trace_ids, a dict)."""

    def __init__(self):
        super().__init__()
        # Imported only now: gunicorn's master process formats its own lines without it.
        from .{{ cookiecutter.tracing }} import log_fields

        self.fields = log_fields

    def filter(self, record: logging.LogRecord) -> bool:
        record.trace_ids = self.fields()
        return True


class PlainText(logging.Formatter):
    """`time LEVEL logger [trace ids]: message`."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s%(trace)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = getattr(record, "trace_ids", None)
        record.trace = " [" + " ".join(f"{k}={v}" for k, v in ids.items()) + "]" if ids else ""
        return super().format(record)


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the trace's ids, the error."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "trace_ids", {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def formatter() -> logging.Formatter:
    return JsonLines() if log_format() == "json" else PlainText()


def logging_config() -> dict:
    """The root logger's configuration (logging.config.dictConfig's form)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"chosen": {"()": formatter}},
        "filters": {"trace_ids": {"()": TraceIds}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "chosen",
                "filters": ["trace_ids"],
            }
        },
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    }


def configure_logging() -> None:
    """Log through logging_config(), unless the root logger already has a handler (as under
    pytest, whose handler captures what tests check)."""
    if not logging.getLogger().handlers:
        logging.config.dictConfig(logging_config())
    if os.environ.get("LOG_FORMAT", "text").lower() not in FORMATS:
        logging.getLogger(__name__).warning(
            "LOG_FORMAT=%s is not one of %s; logging plain text.",
            os.environ["LOG_FORMAT"],
            ", ".join(FORMATS),
        )
{%- if cookiecutter.framework != "celery" %}


def format_gunicorn_logs() -> None:
    """Gunicorn's own lines (start, stop, the access log) in the same format."""
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(formatter())
{%- endif %}
