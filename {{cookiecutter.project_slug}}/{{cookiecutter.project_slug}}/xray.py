"""AWS X-Ray tracing: a segment per request, subsegments for SQLite, sent to the X-Ray daemon.

Environment:
    AWS_XRAY_DAEMON_ADDRESS  the daemon, host:port (default 127.0.0.1:2000, the ECS sidecar)
    AWS_XRAY_TRACING_NAME    the segment name (default: the service name)
    XRAY_SAMPLE_ALL          "true" records every request instead of following X-Ray's
                             sampling rules (1 request a second plus 5% by default)
    AWS_XRAY_SDK_ENABLED     "false" turns tracing off

With an unusable daemon address the service still runs, untraced, after one warning.
"""

import logging
import os
import re

from flask import Flask

from . import SERVICE_NAME

logger = logging.getLogger(__name__)

DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000"
# "host:port", or "tcp:host:port udp:host:port" for separate sampling and segment ports.
DAEMON_ADDRESS = re.compile(r"[^\s:]+:\d+|(tcp|udp):[^\s:]+:\d+ (tcp|udp):[^\s:]+:\d+")


def sample_all() -> bool:
    return os.environ.get("XRAY_SAMPLE_ALL", "").lower() in ("1", "true", "yes")


def init_tracing(app: Flask) -> None:
    address = os.environ.get("AWS_XRAY_DAEMON_ADDRESS", DEFAULT_DAEMON_ADDRESS)
    if not DAEMON_ADDRESS.fullmatch(address):
        logger.warning(
            "X-Ray tracing is off: AWS_XRAY_DAEMON_ADDRESS %r is not host:port.", address
        )
        return

    # Imported only now: the SDK reads AWS_XRAY_DAEMON_ADDRESS on import and raises
    # on a malformed one, which would stop the service from starting.
    from aws_xray_sdk.core import patch_all, xray_recorder
    from aws_xray_sdk.ext.flask.middleware import XRayMiddleware

    xray_recorder.configure(
        service=SERVICE_NAME,  # AWS_XRAY_TRACING_NAME wins over this
        daemon_address=DEFAULT_DAEMON_ADDRESS,  # AWS_XRAY_DAEMON_ADDRESS wins over this
        sampling=not sample_all(),
        # Code that runs outside a request (start-up, scripts) logs instead of raising.
        context_missing="LOG_ERROR",
    )
    patch_all()
    XRayMiddleware(app, xray_recorder)
