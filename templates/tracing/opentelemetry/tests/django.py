{#- tests/test_opentelemetry.py's Django parts: its imports, how it starts the SDK, and its
    tests (the shared fixtures are in the module). -#}
{%- set imports -%}
import pytest
from django.test import Client
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from {{ slug }} import opentelemetry
from {{ slug }}.opentelemetry import init_tracing
{%- endset -%}
{%- set start = "assert opentelemetry.start_sdk()" -%}
{%- set start_untraced = "init_tracing(settings := {\"INSTALLED_APPS\": []})\n    assert settings == {\"INSTALLED_APPS\": []}" -%}
{%- set tests -%}
@pytest.fixture(autouse=True)
def database(db):
    """Every test here may query the database."""


def get(path, headers=None):
    return Client(raise_request_exception=False).get(path, headers=headers or {})


def server_span(spans):
    (server,) = [s for s in spans() if s.kind == SpanKind.SERVER]
    return server


def test_a_request_is_a_server_span_named_by_its_route_with_its_queries(spans):
    assert get("/items/1/").status_code == 200
    server = server_span(spans)
    assert server.name == "GET items/<int:pk>/"
    queries = [s for s in spans() if s.kind == SpanKind.CLIENT]
    assert queries and {q.attributes["db.system"] for q in queries} == {"sqlite"}
    assert all(q.parent.span_id == server.context.span_id for q in queries)


def test_an_error_is_recorded_on_its_span(spans):
    assert get("/error").status_code == 500
    server = server_span(spans)
    assert server.status.status_code == StatusCode.ERROR
    (event,) = server.events
    assert (event.name, event.attributes["exception.type"]) == ("exception", "RuntimeError")


def test_a_callers_x_ray_trace_is_continued(spans):
    get("/", {"X-Amzn-Trace-Id": UPSTREAM_X_RAY_HEADER})
    server = server_span(spans)
    assert server.context.trace_id == UPSTREAM_TRACE_ID
    assert server.parent.span_id == UPSTREAM_PARENT_ID


def test_settings_gain_the_app_that_instruments_django(monkeypatch):
    settings = {"INSTALLED_APPS": []}
    init_tracing(settings)
    assert settings["INSTALLED_APPS"] == ["{{ slug }}.opentelemetry.DjangoTracing"]
{%- endset -%}
