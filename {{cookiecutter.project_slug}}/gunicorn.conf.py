"""Gunicorn settings, taken from the environment the way ECS passes it."""

import logging
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
{%- if cookiecutter.framework == "aiohttp" %}
worker_class = "aiohttp.GunicornWebWorker"
{%- else %}
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
{%- endif %}
accesslog = "-"
# ECS sends SIGTERM and waits 30 seconds before SIGKILL: finish requests well inside that.
graceful_timeout = 20
# Gunicorn's control socket lives under $HOME, which the container's user does not have.
control_socket_disable = True


def on_starting(server):
    """Gunicorn's lines in the service's log format (LOG_FORMAT); secrets in query strings and
    referers never reach the access log."""
    from {{ cookiecutter.project_slug }} import logs, redaction

    logs.format_gunicorn_logs()
    logging.getLogger("gunicorn.access").addFilter(redaction.RedactedAccessLog())
{%- if cookiecutter.tracing != "xray" %}


def worker_exit(server, worker):
    """Send the traces of what this worker answered before it exits (see {{ cookiecutter.tracing }}.py)."""
    from {{ cookiecutter.project_slug }} import {{ cookiecutter.tracing }}

    {{ cookiecutter.tracing }}.deliver_and_stop()
{%- endif %}
