{%- import "tracing/opentelemetry/" ~ cookiecutter.framework ~ ".py" as framework with context -%}
"""AWS X-Ray tracing through OpenTelemetry: {{ framework.traced }}.

The AWS Distro for OpenTelemetry (ADOT) exports spans over OTLP/HTTP to the ADOT Collector
sidecar, which sends them on to X-Ray. Trace ids are X-Ray's, and the trace of an incoming
X-Amzn-Trace-Id (or W3C traceparent) header is continued.

Environment (OpenTelemetry's own variables; these are the ones that matter here):
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT  where spans go (default http://127.0.0.1:4318/v1/traces,
                                        the collector sidecar)
    OTEL_SERVICE_NAME                   the service's name in X-Ray (default: the service name)
    OTEL_TRACES_SAMPLER                 "xray" follows X-Ray's sampling rules, fetched through the
                                        collector (the task definition's choice); the default,
                                        parentbased_always_on, records every {{ framework.unit }}
    OTEL_SDK_DISABLED                   "true" turns tracing off

With an unusable setting the service still runs, untraced, after one warning.
"""

{{ framework.imports }}

from . import SERVICE_NAME
from .tracer_logs import tame

logger = logging.getLogger(__name__)

DEFAULTS = {
    "OTEL_SERVICE_NAME": SERVICE_NAME,
    "OTEL_TRACES_EXPORTER": "otlp",
    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces",
    # A caller's trace is continued from its W3C traceparent or its X-Amzn-Trace-Id; from the
    # latter when there are both (the last wins), as callers traced with X-Ray send it. A load
    # balancer's X-Amzn-Trace-Id names no parent, so it starts a trace rather than continue one.
    "OTEL_PROPAGATORS": "baggage,tracecontext,xray",
    # Traces only: X-Ray takes no OTLP metrics or logs from the collector's pipeline.
    "OTEL_METRICS_EXPORTER": "none",
    "OTEL_LOGS_EXPORTER": "none",
}
SAMPLERS = {
    "always_on",
    "always_off",
    "traceidratio",
    "parentbased_always_on",
    "parentbased_always_off",
    "parentbased_traceidratio",
    "xray",
}
PROPAGATORS = {"tracecontext", "baggage", "xray", "xray-lambda", "none"}
# How long a stopping process may spend exporting what it traced: ECS allows stopTimeout (30 s)
# after SIGTERM, and gunicorn spends up to graceful_timeout (20 s) of it finishing requests.
DELIVERY_TIMEOUT = 8.0


def setting_problem() -> str:
    """What makes the tracing settings unusable, or '' when they are fine."""
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return "OTEL_SDK_DISABLED is true"
    variable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    endpoint = os.environ.get(variable)
    if not endpoint and os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        variable = "OTEL_EXPORTER_OTLP_ENDPOINT"
        endpoint = os.environ[variable].rstrip("/") + "/v1/traces"
    endpoint = endpoint or DEFAULTS[variable]
    try:
        parts = urllib.parse.urlsplit(endpoint)
        port = parts.port
    except ValueError:  # a port out of range, or a malformed host
        port, parts = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        return f"{variable} {endpoint!r} is not an http(s) URL with a host and port"
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
    if protocol != "http/protobuf":
        return f"OTEL_EXPORTER_OTLP_PROTOCOL is {protocol!r}; only http/protobuf is installed"
    exporter = os.environ.get("OTEL_TRACES_EXPORTER", "otlp")
    if exporter not in ("otlp", "console", "none"):
        return f"OTEL_TRACES_EXPORTER is {exporter!r}, not otlp, console or none"
    sampler = os.environ.get("OTEL_TRACES_SAMPLER", "parentbased_always_on")
    if sampler not in SAMPLERS:
        return f"OTEL_TRACES_SAMPLER {sampler!r} is not one of {', '.join(sorted(SAMPLERS))}"
    if sampler.endswith("traceidratio"):
        try:
            ratio = float(os.environ.get("OTEL_TRACES_SAMPLER_ARG", "1.0"))
        except ValueError:
            ratio = -1.0
        if not 0.0 <= ratio <= 1.0:
            return "OTEL_TRACES_SAMPLER_ARG is not a ratio between 0 and 1"
    propagators = os.environ.get("OTEL_PROPAGATORS", DEFAULTS["OTEL_PROPAGATORS"])
    unknown = {name.strip() for name in propagators.split(",")} - PROPAGATORS
    if unknown:
        return f"OTEL_PROPAGATORS names unknown propagators ({', '.join(sorted(unknown))})"
    return ""


def settings_are_usable() -> bool:
    """Whether the tracing settings are usable; when not, say why tracing is off."""
    problem = setting_problem()
    if problem:
        logger.warning("OpenTelemetry tracing is off: %s.", problem)
    return not problem


def start_sdk() -> bool:
    """Start the ADOT SDK in this process, or say once why tracing is off and return False."""
    if not settings_are_usable():
        return False
    if sdk_provider() is not None:  # started already
        return True
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    # The exporter's complaints (and its HTTP client's) about a collector that is down, slow
    # or refusing: once every five minutes, without a traceback (tracer_logs.py).
    tame("OpenTelemetry tracing", "opentelemetry", "amazon.opentelemetry", "urllib3")
    # Imported only now: the SDK reads its environment on import, and an untraced service
    # loads nothing of OpenTelemetry.
    from amazon.opentelemetry.distro.aws_opentelemetry_configurator import (
        AwsOpenTelemetryConfigurator,
    )
    from amazon.opentelemetry.distro.aws_opentelemetry_distro import AwsOpenTelemetryDistro
    from opentelemetry import trace

    from .opentelemetry_hooks import OnlyInsideWork, RedactingUrls

    try:
        AwsOpenTelemetryDistro().configure()
        AwsOpenTelemetryConfigurator().configure()
    except Exception as error:  # a setting the checks above do not know
        logger.warning("OpenTelemetry tracing is off: %s", error)
        return False
    provider = trace.get_tracer_provider()
    provider.sampler = OnlyInsideWork(provider.sampler)
    # First in line, so that no span is queued for export before its URLs are masked; the SDK
    # has no public way to put a processor first.
    processors = provider._active_span_processor
    with processors._lock:
        processors._span_processors = (RedactingUrls(), *processors._span_processors)
    return True


def sdk_provider():
    """The SDK's tracer provider once tracing runs in this process, else None. Looked up in
    sys.modules, never imported."""
    sdk = sys.modules.get("opentelemetry.sdk.trace")
    if sdk is None:
        return None
    provider = sys.modules["opentelemetry.trace"].get_tracer_provider()
    return provider if isinstance(provider, sdk.TracerProvider) else None


def instrument(*instrumentors) -> None:
    """Instrument each library once per process, however often the app is made (tests)."""
    for instrumentor in instrumentors:
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()


def deliver_and_stop(timeout: float = DELIVERY_TIMEOUT) -> None:
    """Export every span this process still holds, then stop the SDK; at most `timeout` seconds.

    For the server's own shutdown hooks, once the last {{ framework.unit }} is done.
    """
    provider = sdk_provider()
    if provider is None:  # tracing is off
        return
    deadline = time.monotonic() + timeout
    flushed = provider.force_flush(int(timeout * 1000))
    # Stopping waits on an export still under way (a slow collector) for up to 30 s; past the
    # deadline it is left to finish, or not, as the process exits.
    stopping = threading.Thread(target=provider.shutdown, name="stop tracing", daemon=True)
    stopping.start()
    stopping.join(max(0.0, deadline - time.monotonic()))
    if not flushed or stopping.is_alive():
        # The exporter's own logger: held back with its other complaints (tracer_logs.py),
        # which already said why the collector is not taking spans.
        tracer = logging.getLogger("opentelemetry")
        tracer.warning("stopped before every span was exported (%.0f s).", timeout)


def log_fields() -> dict:
    """The current span's ids, as OpenTelemetry writes them, and the trace id in X-Ray's
    form (1-...), as the X-Ray console shows it."""
    trace = sys.modules.get("opentelemetry.trace")  # not imported when tracing is off
    if trace is None:
        return {}
    context = trace.get_current_span().get_span_context()
    if not context.is_valid or not context.trace_flags.sampled:
        return {}
    trace_id = format(context.trace_id, "032x")
    return {
        "trace_id": trace_id,
        "span_id": format(context.span_id, "016x"),
        "xray_trace_id": f"1-{trace_id[:8]}-{trace_id[8:]}",
    }


{{ framework.wiring }}
