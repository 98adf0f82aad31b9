{%- import "tracing/snappyflow/" ~ cookiecutter.framework ~ ".py" as framework with context -%}
"""SnappyFlow tracing: the sf-elastic-apm agent, configured from a SnappyFlow profile key.

Environment:
    SF_PROFILE_KEY   the profile key from SnappyFlow; a secret (ECS passes it from SSM)
    SF_PROJECT_NAME  the SnappyFlow project the traces belong to
    SF_APP_NAME      the SnappyFlow application the traces belong to
    ELASTIC_APM_*    any agent option; these win over the values below

Without a usable profile key the service still runs, untraced, after one warning, and
nothing of the agent is imported.
"""

import atexit
import contextlib
import gzip
import io
import logging
import os
import sys
import threading
import time
import traceback
import urllib.parse
{%- if framework.imports %}

{{ framework.imports }}
{%- endif %}

from . import SERVICE_NAME
from .redaction import SENSITIVE_WORDS, redact_text, redact_url
from .tracer_logs import tame

logger = logging.getLogger(__name__)

REQUIRED_VARIABLES = ("SF_PROFILE_KEY", "SF_PROJECT_NAME", "SF_APP_NAME")
# CPython 3.12.0 and 3.12.1 crash in garbage collection on a reference cycle that the agent's
# transport makes whenever its server is unreachable (python/cpython#111049, fixed in 3.12.2).
CRASHING_PYTHONS = ((3, 12, 0), (3, 12, 1))
PYTHON_VERSION = sys.version_info[:3]
# How long a stopping process may spend sending what it traced: ECS allows stopTimeout (30 s)
# after SIGTERM, and gunicorn spends up to graceful_timeout (20 s) of it finishing requests.
DELIVERY_TIMEOUT = 8.0


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
    """The agent's configuration, or None after a warning that says why tracing is off.

    With a configuration, the agent's own log is tamed (tracer_logs.py)."""
    if PYTHON_VERSION in CRASHING_PYTHONS:
        logger.warning(
            "SnappyFlow tracing is off: Python %s crashes the agent (python/cpython#111049); "
            "use Python 3.12.2 or later.",
            ".".join(map(str, PYTHON_VERSION)),
        )
        return None
    missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name)]
    if missing:
        logger.warning("SnappyFlow tracing is off: %s not set.", " and ".join(missing))
        return None

    # Imported only now: an untraced service loads nothing of the agent.
    from elasticapm.conf import Config
    from elasticapm.conf.constants import ERROR, SPAN, TRANSACTION
    from elasticapm.processors import for_events
    from sf_apm_lib.snappyflow import Snappyflow

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

    tame("SnappyFlow tracing", "elasticapm", "urllib3")  # urllib3: the agent's HTTP client
    for_events(ERROR, TRANSACTION, SPAN)(redact_urls)
    sys.unraisablehook = quiet_about_dropped_buffers
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
        # What the agent would work out per span for metrics that are never sent (above).
        "BREAKDOWN_METRICS": False,
        # Request headers are not recorded: masking each header's name against the sensitive
        # words was 15 % of the agent's work per request on a one-query page.
        # ELASTIC_APM_CAPTURE_HEADERS=true records them, masked.
        "CAPTURE_HEADERS": False,
        # No secrets leave: sensitive headers, cookies and query parameters are masked, and
        # neither request bodies nor an error's local variables (the request among them) are sent.
        "SANITIZE_FIELD_NAMES": [f"*{word}*" for word in SENSITIVE_WORDS],
        "PROCESSORS": [*Config.processors, f"{__name__}.redact_urls"],
        "CAPTURE_BODY": "off",
        "COLLECT_LOCAL_VARIABLES": "off",
    }


def deliver_and_stop(timeout: float = DELIVERY_TIMEOUT) -> None:
    """Send every trace the agent holds, then stop it; wait at most `timeout` seconds.

    For the server's own shutdown hooks, once the last request or task is done. Left to its
    exit handler, the agent gives up after API_REQUEST_TIME (10 s) and loses what its queue
    still holds: under load on a fraction of a CPU, thousands of events. Its close also gets
    lost when the queue is full, so the queue is drained first.
    """
    elasticapm = sys.modules.get("elasticapm")  # not imported when tracing is off
    agent = elasticapm and elasticapm.get_client()
    if agent is None:
        return
    deadline = time.monotonic() + timeout
    queue = agent._transport._event_queue  # no public way to see the backlog in 6.13
    while not queue.empty() and time.monotonic() < deadline:
        time.sleep(0.05)
    # Its exit handler would close it again, and wait on the close still under way past the
    # deadline; gunicorn kills a worker that takes longer than graceful_timeout to exit.
    atexit.unregister(agent.close)
    closing = threading.Thread(target=agent.close, name="deliver traces", daemon=True)
    closing.start()
    closing.join(max(0.0, deadline - time.monotonic()))
    if closing.is_alive() or not queue.empty():
        # The agent's own logger: held back with its other complaints (tracer_logs.py), which
        # already said why its server is not taking traces.
        tracer = logging.getLogger("elasticapm")
        tracer.warning("stopped before every trace was sent (%.0f s).", timeout)


def quiet_about_dropped_buffers(unraisable) -> None:
    """sys.unraisablehook, but for the agent's dropped send buffers.

    When a send fails, the agent drops its gzip buffer and the bytes under it; the garbage
    collector then prints a traceback for each ("Exception ignored in: <gzip ...>",
    "<_io.BytesIO ...>" or "<_io.BufferedWriter>": "I/O operation on closed file", "Existing
    exports of data", "'NoneType' object has no attribute 'write'").
    """
    frames = traceback.extract_tb(unraisable.exc_traceback)
    in_gzip = any(frame.filename == gzip.__file__ for frame in frames)
    buffer = in_gzip or isinstance(unraisable.object, (gzip.GzipFile, io.BytesIO))
    if not (buffer and isinstance(unraisable.exc_value, (ValueError, BufferError, AttributeError))):
        sys.__unraisablehook__(unraisable)


def redact_urls(client, event: dict) -> dict:
    """Mask secrets in the URLs the agent records, which its own processors leave as they are:
    the request's URL, URLs in its headers (Referer) and a span's outgoing call. A processor
    for errors, transactions and spans (agent_config() says so)."""
    context = event.get("context") or {}
    request = context.get("request") or {}
    url = request.get("url") or {}
    for part in ("full", "raw"):
        if isinstance(url.get(part), str):
            url[part] = redact_url(url[part])
    if isinstance(url.get("search"), str):
        url["search"] = redact_text(url["search"])
    headers = request.get("headers") or {}
    for name, value in headers.items():
        if isinstance(value, str):
            headers[name] = redact_text(value)
    outgoing = context.get("http") or {}
    if isinstance(outgoing.get("url"), str):
        outgoing["url"] = redact_url(outgoing["url"])
    return event


def log_fields() -> dict:
    """The current transaction's ids, named as Elastic's log correlation names them."""
    elasticapm = sys.modules.get("elasticapm")  # not imported when tracing is off
    if elasticapm is None:
        return {}
    fields = {
        "trace.id": elasticapm.get_trace_id(),
        "transaction.id": elasticapm.get_transaction_id(),
        "span.id": elasticapm.get_span_id(),
    }
    return {name: value for name, value in fields.items() if value}


{{ framework.wiring }}
