{#- opentelemetry.py's Django parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a span per request and per database query" -%}
{%- set unit = "request" -%}
{%- set imports -%}
import logging
import os
import sys
import threading
import time
import urllib.parse

from django.apps import AppConfig
{%- endset -%}
{%- set wiring -%}
def init_tracing(settings: dict) -> None:
    """Start the SDK, trace SQLite and PostgreSQL queries, and add the app that instruments
    Django once the settings are loaded (instrumenting reads them)."""
    if not start_sdk():
        return
    # Imported only now: instrumentations read OTEL_PROPAGATORS on import.
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor

    instrument(SQLite3Instrumentor(), PsycopgInstrumentor())
    settings["INSTALLED_APPS"].append(f"{__name__}.DjangoTracing")


class DjangoTracing(AppConfig):
    """Puts OpenTelemetry's middleware first, so that the span covers all the others do."""

    name = __name__
    label = "opentelemetry_tracing"

    def ready(self) -> None:
        from opentelemetry.instrumentation.django import DjangoInstrumentor

        instrument(DjangoInstrumentor())
{%- endset -%}
