{#- xray.py's aiohttp parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a segment per request, subsegments for its outgoing calls" -%}
{%- set imports -%}
import logging
import os
import re
import sys

from aiohttp import web
from aws_xray_sdk import global_sdk_config
{%- endset -%}
{%- set wiring -%}
{% include "tracing/xray/configure_recorder.py" %}


def init_tracing(app: web.Application) -> None:
    """X-Ray's middleware first in line, recording into a context of the running loop."""
    if switched_off() or not daemon_address_is_usable():
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
{%- endset -%}
