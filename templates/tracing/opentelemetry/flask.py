{#- opentelemetry.py's Flask parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a span per request and per SQLite query" -%}
{%- set unit = "request" -%}
{%- set imports -%}
import logging
import os
import sys
import threading
import time
import urllib.parse

from flask import Flask
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: Flask) -> None:
    if not start_sdk():
        return
    # Imported only now: instrumentations read OTEL_PROPAGATORS on import.
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor

    FlaskInstrumentor().instrument_app(app)
    instrument(SQLite3Instrumentor())
{%- endset -%}
