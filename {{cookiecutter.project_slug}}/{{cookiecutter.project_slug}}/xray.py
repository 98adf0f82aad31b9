{%- set flask = cookiecutter.framework == "flask" -%}
"""AWS X-Ray tracing: a segment per {% if cookiecutter.framework == "celery" %}task{% else %}request{% endif %}, subsegments for its {% if flask %}SQLite queries{% elif cookiecutter.framework == "aiohttp" %}outgoing calls{% else %}database queries{% endif %}.

Segments go over UDP to the X-Ray daemon, which forwards them to AWS.

Environment:
    AWS_XRAY_DAEMON_ADDRESS  the daemon, host:port (default 127.0.0.1:2000, the ECS sidecar)
    AWS_XRAY_TRACING_NAME    the segment name (default: the service name)
    XRAY_SAMPLE_ALL          "true" records every request instead of following X-Ray's
                             sampling rules (1 request a second plus 5% by default)
    AWS_XRAY_SDK_ENABLED     "false" turns tracing off

With an unusable daemon address the service still runs, untraced, after one warning.
"""

{% if cookiecutter.framework == "celery" -%}
import contextlib
{% endif -%}
import logging
import os
import re
{%- if flask %}

from flask import Flask
{%- elif cookiecutter.framework == "celery" %}

from aws_xray_sdk import global_sdk_config
from celery import Celery
{%- elif cookiecutter.framework == "aiohttp" %}

from aiohttp import web
from aws_xray_sdk import global_sdk_config
{%- endif %}

from . import SERVICE_NAME
from .redaction import redact_url
from .tracer_logs import tame

logger = logging.getLogger(__name__)

DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000"
# "host:port", or "tcp:host:port udp:host:port" for separate sampling and segment ports.
DAEMON_ADDRESS = re.compile(r"[^\s:]+:\d+|(tcp|udp):[^\s:]+:\d+ (tcp|udp):[^\s:]+:\d+")


def sample_all() -> bool:
    return os.environ.get("XRAY_SAMPLE_ALL", "").lower() in ("1", "true", "yes")


def daemon_address_problem(address: str) -> str:
    """What makes a daemon address unusable, or '' when it is fine."""
    if not DAEMON_ADDRESS.fullmatch(address):
        return "is not host:port"
    if not all(1 <= int(part.rsplit(":", 1)[1]) <= 65535 for part in address.split()):
        return "has a port outside 1-65535"
    return ""


def daemon_address_is_usable() -> bool:
    # Checked before the SDK is imported: it reads AWS_XRAY_DAEMON_ADDRESS on import and
    # raises on a malformed one, which would stop the service from starting; a port out of
    # range would fail every send instead.
    address = os.environ.get("AWS_XRAY_DAEMON_ADDRESS", DEFAULT_DAEMON_ADDRESS)
    problem = daemon_address_problem(address)
    if problem:
        logger.warning("X-Ray tracing is off: AWS_XRAY_DAEMON_ADDRESS %r %s.", address, problem)
    return not problem


class RedactingEmitter:
    """The SDK's emitter, sending segments with secrets masked in the URLs they record (the
    request's, and outgoing calls' in subsegments)."""

    def __init__(self, emitter):
        self._emitter = emitter

    @classmethod
    def around(cls, emitter):
        """The emitter, wrapped once however often the recorder is configured."""
        return emitter if isinstance(emitter, cls) else cls(emitter)

    def send_entity(self, entity) -> None:
        redact_urls(entity)
        self._emitter.send_entity(entity)

    def __getattr__(self, name):
        return getattr(self._emitter, name)


def redact_urls(entity) -> None:
    request = entity.http.get("request") or {}
    if isinstance(request.get("url"), str):
        request["url"] = redact_url(request["url"])
    for subsegment in entity.subsegments:
        redact_urls(subsegment)
{%- if cookiecutter.framework != "django" %}


def configure_recorder({% if cookiecutter.framework == "aiohttp" %}**settings{% endif %}):
    """Configure X-Ray's recorder and patch what the SDK can patch (SQLite, botocore, ...)."""
    # Imported only now, after the check of the daemon address.
    from aws_xray_sdk.core import patch_all, xray_recorder

    tame("X-Ray tracing", "aws_xray_sdk")
    xray_recorder.configure(
        emitter=RedactingEmitter.around(xray_recorder.emitter),
        service=SERVICE_NAME,  # AWS_XRAY_TRACING_NAME wins over this
        daemon_address=DEFAULT_DAEMON_ADDRESS,  # AWS_XRAY_DAEMON_ADDRESS wins over this
        sampling=not sample_all(),
        # Code that runs outside a {% if cookiecutter.framework == "celery" %}task{% else %}request{% endif %} (start-up, scripts) logs instead of raising.
        context_missing="LOG_ERROR",
{%- if cookiecutter.framework == "aiohttp" %}
        **settings,
{%- endif %}
    )
    patch_all()
    return xray_recorder
{%- endif %}
{%- if flask %}


def init_tracing(app: Flask) -> None:
    if not daemon_address_is_usable():
        return
    from aws_xray_sdk.ext.flask.middleware import XRayMiddleware

    XRayMiddleware(app, configure_recorder())
{%- elif cookiecutter.framework == "aiohttp" %}


def init_tracing(app: web.Application) -> None:
    """X-Ray's middleware first in line, recording into a context of the running loop."""
    if not daemon_address_is_usable():
        global_sdk_config.set_sdk_enabled(False)
        return
    from aws_xray_sdk.core.async_context import AsyncContext
    from aws_xray_sdk.ext.aiohttp.middleware import middleware

    # Made here, inside the running event loop: one made at import time traces nothing.
    # The SDK's task factory rejects the `context` argument that asyncio passes on since
    # Python 3.11 (TypeError), so it stays off: a handler's own calls are traced, but tasks
    # it spawns do not inherit its segment.
    configure_recorder(context=AsyncContext(use_task_factory=False))
    app.middlewares.insert(0, middleware)


def client_trace_configs() -> list:
    """Outgoing calls become subsegments and carry the trace header to the callee."""
    if not global_sdk_config.sdk_enabled():
        return []
    from aws_xray_sdk.ext.aiohttp.client import aws_xray_trace_config

    return [aws_xray_trace_config()]
{%- elif cookiecutter.framework == "celery" %}


def init_tracing(app: Celery) -> None:
    """A segment per task that continues the sender's trace (see xray_celery.py)."""
    if not daemon_address_is_usable():
        global_sdk_config.set_sdk_enabled(False)
        return
    configure_recorder()
    from .xray_celery import trace_tasks

    trace_tasks()


@contextlib.contextmanager
def traced_run(name: str):
    """A segment around a one-off command (the producer); tasks sent inside it join its trace."""
    if not global_sdk_config.sdk_enabled():
        yield
        return
    from aws_xray_sdk.core import xray_recorder

    with xray_recorder.in_segment(SERVICE_NAME) as segment:
        segment.put_annotation("run", name)
        yield
{%- else %}


def init_tracing(settings: dict) -> None:
    """Add X-Ray's app, middleware and recorder settings to the settings' globals()."""
    if not daemon_address_is_usable():
        return
    from aws_xray_sdk.core import xray_recorder

    tame("X-Ray tracing", "aws_xray_sdk")
    xray_recorder.configure(emitter=RedactingEmitter.around(xray_recorder.emitter))
    settings["XRAY_RECORDER"] = {
        "AWS_XRAY_TRACING_NAME": SERVICE_NAME,  # AWS_XRAY_TRACING_NAME in the environment wins
        "AWS_XRAY_DAEMON_ADDRESS": DEFAULT_DAEMON_ADDRESS,  # so does AWS_XRAY_DAEMON_ADDRESS
        "SAMPLING": not sample_all(),
        # ORM queries and template rendering become subsegments.
        "AUTO_INSTRUMENT": True,
        # migrate, check and other commands run queries outside any request: log, do not raise.
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    }
    settings["INSTALLED_APPS"].append("aws_xray_sdk.ext.django")
    # First, so that the segment covers everything the other middleware does.
    settings["MIDDLEWARE"].insert(0, "aws_xray_sdk.ext.django.middleware.XRayMiddleware")
{%- endif %}
