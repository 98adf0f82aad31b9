{#- tests/test_opentelemetry.py's aiohttp parts: its imports, how it starts the SDK, and its
    tests (the shared fixtures are in the module). -#}
{%- set imports -%}
import pytest
from aiohttp import web
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from {{ slug }} import handlers, opentelemetry
from {{ slug }}.server import create_app
{%- endset -%}
{%- set start = "assert opentelemetry.start_sdk()" -%}
{%- set start_untraced = "app = web.Application()\n    opentelemetry.init_tracing(app)\n    assert list(app.middlewares) == []" -%}
{%- set tests -%}
def server_spans(spans):
    return [s for s in spans() if s.kind == SpanKind.SERVER]


async def test_a_request_and_its_outgoing_call_are_one_trace(spans, aiohttp_client, monkeypatch):
    client = await aiohttp_client(await create_app())
    monkeypatch.setattr(handlers, "UPSTREAM_URL", str(client.make_url("/ping")))
    assert (await client.get("/")).status == 200
    callee, caller = sorted(server_spans(spans), key=lambda s: s.name, reverse=True)
    assert (caller.name, callee.name) == ("GET /", "GET /ping")
    (call,) = [s for s in spans() if s.kind == SpanKind.CLIENT]
    assert call.parent.span_id == caller.context.span_id
    assert callee.parent.span_id == call.context.span_id
    assert callee.context.trace_id == caller.context.trace_id


async def test_an_error_is_recorded_on_its_span(spans, aiohttp_client):
    client = await aiohttp_client(await create_app())
    assert (await client.get("/error")).status == 500
    (server,) = server_spans(spans)
    assert server.status.status_code == StatusCode.ERROR
    (event,) = server.events
    assert (event.name, event.attributes["exception.type"]) == ("exception", "RuntimeError")


async def test_health_checks_are_never_traced(spans, aiohttp_client):
    client = await aiohttp_client(await create_app())
    assert (await client.get("/health")).status == 200
    assert spans() == ()


async def test_a_callers_x_ray_trace_is_continued(spans, aiohttp_client):
    client = await aiohttp_client(await create_app())
    await client.get("/ping", headers={"X-Amzn-Trace-Id": UPSTREAM_X_RAY_HEADER})
    (server,) = server_spans(spans)
    assert server.context.trace_id == UPSTREAM_TRACE_ID
    assert server.parent.span_id == UPSTREAM_PARENT_ID
{%- endset -%}
