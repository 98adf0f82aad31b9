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


{% set page, page_span = "/", "GET /" %}{% include "tracing/opentelemetry/tests/page_spans.py" %}


def test_health_checks_are_never_traced(spans):
    assert get("/health").status_code == 200
    assert spans() == ()


def test_secrets_in_the_query_string_are_masked(spans):
    get("/?password=hunter2&page=2")
    assert server_span(spans).attributes["http.target"] == "/?password=[REDACTED]&page=2"
{%- endset -%}
