{#- opentelemetry.py's aiohttp parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a span per request and per outgoing call" -%}
{%- set unit = "request" -%}
{%- set imports -%}
import logging
import os
import sys
import threading
import time
import urllib.parse

from aiohttp import web
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: web.Application) -> None:
    """OpenTelemetry's middleware, first in line."""
    if not start_sdk():
        return
    # Imported only now: instrumentations read OTEL_PROPAGATORS on import.
    from opentelemetry.instrumentation.aiohttp_server import (
        AioHttpServerInstrumentor,
        create_aiohttp_middleware,
    )

    # Instrumenting sets up the middleware's tracer and meters, and swaps web.Application for
    # a subclass that adds the middleware itself. This app, made from the class imported
    # before, would miss it, and apps made after would get it twice: the swap is undone at
    # once, and every app gets the middleware from here.
    server = AioHttpServerInstrumentor()
    instrument(server)
    server.uninstrument()
    app.middlewares.insert(0, create_aiohttp_middleware())


def client_trace_configs() -> list:
    """Outgoing calls become client spans and carry the trace context to the callee."""
    if sdk_provider() is None:  # tracing is off
        return []
    from opentelemetry.instrumentation.aiohttp_client import create_trace_config

    return [create_trace_config()]
{%- endset -%}
