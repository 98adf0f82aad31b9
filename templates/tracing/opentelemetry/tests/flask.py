{#- tests/test_opentelemetry.py's Flask parts: its imports, how it starts the SDK, and its
    tests (the shared fixtures are in the module). -#}
{%- set imports -%}
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from {{ slug }} import opentelemetry
from {{ slug }}.app import create_app
{%- endset -%}
{%- set start = "assert opentelemetry.start_sdk()" -%}
{%- set start_untraced = "assert not opentelemetry.start_sdk()" -%}
{%- set tests -%}
def get(path, headers=None):
    return create_app().test_client().get(path, headers=headers or {})


def server_span(spans):
    (server,) = [s for s in spans() if s.kind == SpanKind.SERVER]
    return server


def test_a_request_is_a_server_span_named_by_its_route_with_its_queries(spans):
    assert get("/").status_code == 200
    server = server_span(spans)
    assert server.name == "GET /"
    queries = [s for s in spans() if s.kind == SpanKind.CLIENT]
    assert queries and {q.attributes["db.system"] for q in queries} == {"sqlite"}
    assert all(q.parent.span_id == server.context.span_id for q in queries)


def test_an_error_is_recorded_on_its_span(spans):
    assert get("/error").status_code == 500
    server = server_span(spans)
    assert server.status.status_code == StatusCode.ERROR
    (event,) = server.events
    assert (event.name, event.attributes["exception.type"]) == ("exception", "RuntimeError")


def test_health_checks_are_never_traced(spans):
    assert get("/health").status_code == 200
    assert spans() == ()


def test_a_callers_x_ray_trace_is_continued(spans):
    get("/", {"X-Amzn-Trace-Id": UPSTREAM_X_RAY_HEADER})
    server = server_span(spans)
    assert server.context.trace_id == UPSTREAM_TRACE_ID
    assert server.parent.span_id == UPSTREAM_PARENT_ID


def test_secrets_in_the_query_string_are_masked(spans):
    get("/?password=hunter2&page=2")
    assert server_span(spans).attributes["http.target"] == "/?password=[REDACTED]&page=2"
{%- endset -%}
