"""The production settings, with the one thing tests cannot take from the environment."""

import os

# The settings refuse to load without a key when DEBUG is off, as in production.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "k" * 50)
{%- if cookiecutter.tracing == "opentelemetry" %}
# Spans stay in the test process, where tests/test_opentelemetry.py reads them.
os.environ.setdefault("OTEL_TRACES_EXPORTER", "none")
{%- endif %}

from {{ cookiecutter.project_slug }}.settings import *  # noqa: E402, F403

# Tests run without `collectstatic`: serve static files straight from the apps.
STATIC_ROOT = None
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
