{#- opentelemetry.py's Celery parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a span per task sent, per task run and per SQLite query" -%}
{%- set unit = "task" -%}
{%- set imports -%}
import contextlib
import logging
import os
import sys
import threading
import time
import urllib.parse

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: Celery) -> None:
    """Trace each pool process of the worker from its start to its exit.

    The SDK starts in each pool process, not in the worker that forks them: its threads (the
    exporter's, the sampler's) would not survive the fork. A pool process recycled or stopped
    exports what it holds first.
    """
    if not settings_are_usable():
        return
    worker_process_init.connect(start_in_pool_process, weak=False)
    worker_process_shutdown.connect(deliver_on_shutdown, weak=False)


def start_tracing() -> None:
    """Start the SDK in this process: tasks it sends and runs are traced, with their queries."""
    if not start_sdk():
        return
    # Imported only now: instrumentations read OTEL_PROPAGATORS on import.
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
    from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor

    instrument(CeleryInstrumentor(), SQLite3Instrumentor())


def start_in_pool_process(**signal) -> None:
    start_tracing()


def deliver_on_shutdown(**signal) -> None:
    deliver_and_stop()


@contextlib.contextmanager
def traced_run(name: str):
    """A span around a one-off command (the producer), exported before it exits.

    Tasks sent inside it continue its trace.
    """
    if setting_problem():
        yield
        return
    start_tracing()
    from opentelemetry import trace

    tracer = trace.get_tracer(__name__)
    try:
        with tracer.start_as_current_span(name, kind=trace.SpanKind.INTERNAL):
            yield
    finally:
        deliver_and_stop()  # the command is about to exit
{%- endset -%}
