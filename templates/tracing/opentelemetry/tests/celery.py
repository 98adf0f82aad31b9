{#- tests/test_opentelemetry.py's Celery parts: its imports, how it starts the SDK, and its
    tests (the shared fixtures are in the module). -#}
{%- set imports -%}
import time

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from {{ slug }} import opentelemetry, tasks
from {{ slug }}.worker import app
{%- endset -%}
{%- set start = "opentelemetry.start_tracing()" -%}
{%- set start_untraced = "opentelemetry.init_tracing(app)" -%}
{%- set tests -%}
def runs(spans):
    return [s for s in spans() if s.kind == SpanKind.CONSUMER]


def runs_ended(spans, timeout=5.0):
    """The runs' spans, once there is one: a worker ends a run's span just after it stores the
    result that get() returns."""
    deadline = time.monotonic() + timeout
    while not runs(spans) and time.monotonic() < deadline:
        time.sleep(0.02)
    return runs(spans)


def test_a_task_run_is_a_consumer_span_with_its_queries(spans, eager):
    assert tasks.add.delay(2, 3).get() == 5
    (run,) = runs(spans)
    assert run.name == "run/{{ slug }}.tasks.add"
    queries = [s for s in spans() if s.kind == SpanKind.CLIENT]
    assert queries and {q.attributes["db.system"] for q in queries} == {"sqlite"}
    assert all(q.parent.span_id == run.context.span_id for q in queries)


def test_a_failure_is_recorded_on_its_span(spans, eager):
    tasks.fail.delay()
    (run,) = runs(spans)
    assert run.status.status_code == StatusCode.ERROR
    assert [e.attributes["exception.type"] for e in run.events if e.name == "exception"] == [
        "RuntimeError"
    ]


def test_a_task_sent_from_a_traced_run_continues_its_trace(spans, worker):
    tracer = trace.get_tracer(__name__)
    with tracer.start_as_current_span("command") as command:
        assert tasks.add.delay(1, 1).get(timeout=10) == 2
    (run,) = runs_ended(spans)
    (sent,) = [s for s in spans() if s.kind == SpanKind.PRODUCER]
    assert sent.parent.span_id == command.get_span_context().span_id
    assert run.parent.span_id == sent.context.span_id
    assert run.context.trace_id == command.get_span_context().trace_id
{%- endset -%}
