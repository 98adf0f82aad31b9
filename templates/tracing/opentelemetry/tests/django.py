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


{% set page, page_span = "/items/1/", "GET items/<int:pk>/" %}{% include "tracing/opentelemetry/tests/page_spans.py" %}


def test_settings_gain_the_app_that_instruments_django(monkeypatch):
    settings = {"INSTALLED_APPS": []}
    init_tracing(settings)
    assert settings["INSTALLED_APPS"] == ["{{ slug }}.opentelemetry.DjangoTracing"]
{%- endset -%}
