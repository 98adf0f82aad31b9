"""SnappyFlow tracing: the sf-elastic-apm agent, configured from a SnappyFlow profile key.

Environment:
    SF_PROFILE_KEY   the profile key from SnappyFlow; a secret (ECS passes it from SSM)
    SF_PROJECT_NAME  the SnappyFlow project the traces belong to
    SF_APP_NAME      the SnappyFlow application the traces belong to
    ELASTIC_APM_*    any agent option; these win over the values below

Without a usable profile key the service still runs, untraced, after one warning.
"""

import contextlib
import io
import logging
import os
import urllib.parse

{% if cookiecutter.framework == "flask" -%}
from elasticapm.contrib.flask import ElasticAPM
from flask import Flask
{% elif cookiecutter.framework == "aiohttp" -%}
import elasticapm
from aiohttp import web
from elasticapm.contrib.aiohttp import ElasticAPM
{% elif cookiecutter.framework == "celery" -%}
import elasticapm
from celery import Celery
from elasticapm.contrib.celery import register_exception_tracking, register_instrumentation
{% endif -%}
from sf_apm_lib.snappyflow import Snappyflow

from . import SERVICE_NAME

logger = logging.getLogger(__name__)

REQUIRED_VARIABLES = ("SF_PROFILE_KEY", "SF_PROJECT_NAME", "SF_APP_NAME")


def server_url_problem(url) -> str:
    """What makes a trace server URL unusable, or '' when it is fine."""
    try:
        parts = urllib.parse.urlsplit(str(url))
        port = parts.port
    except ValueError:  # a port out of range, or a malformed host
        return "is not a URL with a valid host and port"
    if parts.scheme not in ("http", "https"):
        return "is not an http(s) URL"
    if not parts.hostname:
        return "names no host"
    if port == 0:
        return "has a port outside 1-65535"
    return ""


def agent_config() -> dict | None:
    """The agent's configuration, or None after a warning that says why tracing is off."""
    missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name)]
    if missing:
        logger.warning("SnappyFlow tracing is off: %s not set.", " and ".join(missing))
        return None

    # Snappyflow() first looks for an sfagent config.yaml and prints to stdout when
    # there is none, which is the normal case in a container.
    with contextlib.redirect_stdout(io.StringIO()):
        snappyflow = Snappyflow()
    try:
        snappyflow.init(
            os.environ["SF_PROFILE_KEY"], os.environ["SF_PROJECT_NAME"], os.environ["SF_APP_NAME"]
        )
        trace = snappyflow.get_trace_config()
    except (TypeError, ValueError) as error:  # what a bad key's base64, AES or JSON raises
        reason = " ".join(str(error).split()) or type(error).__name__
        logger.warning("SnappyFlow tracing is off: SF_PROFILE_KEY is not a valid key (%s).", reason)
        return None
    problem = server_url_problem(trace["SFTRACE_SERVER_URL"])
    if problem:
        logger.warning(
            "SnappyFlow tracing is off: the trace_server_url of SF_PROFILE_KEY, %r, %s.",
            trace["SFTRACE_SERVER_URL"],
            problem,
        )
        return None

    return {
        "SERVICE_NAME": SERVICE_NAME,
        "SERVER_URL": trace["SFTRACE_SERVER_URL"],
        "GLOBAL_LABELS": trace["SFTRACE_GLOBAL_LABELS"],
        "VERIFY_SERVER_CERT": trace["SFTRACE_VERIFY_SERVER_CERT"],
        "STACK_TRACE_LIMIT": trace["SFTRACE_STACK_TRACE_LIMIT"],
        # SnappyFlow turns span stack traces off. This is the agent's current option for
        # that; the deprecated SPAN_FRAMES_MIN_DURATION would warn on every span.
        "SPAN_STACK_TRACE_MIN_DURATION": (
            trace["SFTRACE_SPAN_FRAMES_MIN_DURATION"]
            if trace["SFTRACE_CAPTURE_SPAN_STACK_TRACES"]
            else "-1ms"
        ),
        "CENTRAL_CONFIG": False,  # SnappyFlow serves no agent configuration
        "METRICS_INTERVAL": "0s",  # SnappyFlow collects traces, not agent metrics
    }
{%- if cookiecutter.framework == "flask" %}


def init_tracing(app: Flask) -> None:
    config = agent_config()
    if config is not None:
        app.config["ELASTIC_APM"] = config
        app.extensions["elasticapm"] = ElasticAPM(app)
{%- elif cookiecutter.framework == "aiohttp" %}


def init_tracing(app: web.Application) -> None:
    """The agent's middleware first in line, and its instrumentation of outgoing calls."""
    config = agent_config()
    if config is not None:
        ElasticAPM(app, elasticapm.Client(config, framework_name="aiohttp"))


def client_trace_configs() -> list:
    """Nothing to add: the agent instruments aiohttp's client itself, trace header included."""
    return []
{%- elif cookiecutter.framework == "django" %}


def init_tracing(settings: dict) -> None:
    """Add the agent's app, middleware and configuration to the settings' globals()."""
    config = agent_config()
    if config is None:
        return
    # Name transactions after the URL route ("GET items/<int:pk>/"), not the view function.
    settings["ELASTIC_APM"] = {**config, "DJANGO_TRANSACTION_NAME_FROM_ROUTE": True}
    settings["INSTALLED_APPS"].append("elasticapm.contrib.django")
    settings["MIDDLEWARE"].insert(0, "elasticapm.contrib.django.middleware.TracingMiddleware")
{%- elif cookiecutter.framework == "celery" %}


def init_tracing(app: Celery) -> None:
    """A transaction per task, failures as errors, and the sender's trace continued.

    Safe with the prefork pool: the agent starts its threads again in each child process.
    """
    config = agent_config()
    if config is None:
        return
    agent = elasticapm.Client(config)
    elasticapm.instrument()  # spans for database, Redis and HTTP calls
    register_instrumentation(agent)
    register_exception_tracking(agent)


@contextlib.contextmanager
def traced_run(name: str):
    """A transaction around a one-off command (the producer), sent before it exits.

    Tasks sent inside it continue its trace.
    """
    agent = elasticapm.get_client()
    if agent is None:
        yield
        return
    agent.begin_transaction("command")
    result = "failure"
    try:
        yield
        result = "success"
    finally:
        agent.end_transaction(name, result)
        agent.close()  # sends what is pending: the command is about to exit
{%- endif %}
