{%- set slug = cookiecutter.project_slug -%}
{%- set framework = cookiecutter.framework -%}
{%- set tracing = cookiecutter.tracing -%}
"""Tracing switched off costs nothing: the {% if framework == "celery" %}worker{% else %}service{% endif %} starts without loading the tracer."""

import os
import subprocess
import sys
from pathlib import Path

# The {% if framework == "celery" %}worker's{% else %}service's{% endif %} start, in a fresh interpreter; then the modules it loaded.
START = """
{%- if framework == "flask" %}
from {{ slug }}.app import create_app

create_app()
{%- elif framework == "django" %}
import os

import django
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()
WSGIHandler()  # loads the middleware
{%- elif framework == "aiohttp" %}
import asyncio

from {{ slug }}.server import create_app

asyncio.run(create_app())
{%- else %}
import {{ slug }}.worker
{%- endif %}
import sys

print(*sys.modules)
"""
{%- if tracing == "snappyflow" %}
# No profile key; then neither the agent nor sf-apm-lib and its crypto library load.
OFF = {"SF_PROFILE_KEY": ""}
TRACER = ("elasticapm", "sf_apm_lib", "Crypto")
{%- elif tracing == "xray" %}
# The SDK's own switch; then neither its recorder nor botocore (30 MB a process) loads.
OFF = {"AWS_XRAY_SDK_ENABLED": "false"}
TRACER = ("aws_xray_sdk.core", "aws_xray_sdk.ext", "botocore")
{%- else %}
# The SDK's own switch; then nothing of OpenTelemetry or the distro loads.
OFF = {"OTEL_SDK_DISABLED": "true"}
TRACER = ("amazon", "opentelemetry")
{%- endif %}


def test_switched_off_tracing_loads_nothing_of_the_tracer():
    started = subprocess.run(
        [sys.executable, "-c", START],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **OFF},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    loaded = started.stdout.split()
    tracer = [name for name in loaded if any(name == t or name.startswith(f"{t}.") for t in TRACER)]
    assert tracer == []
