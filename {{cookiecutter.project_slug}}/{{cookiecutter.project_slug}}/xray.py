{%- import "tracing/xray/" ~ cookiecutter.framework ~ ".py" as framework with context -%}
"""AWS X-Ray tracing: {{ framework.traced }}.

Segments go over UDP to the X-Ray daemon, which forwards them to AWS.

Environment:
    AWS_XRAY_DAEMON_ADDRESS  the daemon, host:port (default 127.0.0.1:2000, the ECS sidecar)
    AWS_XRAY_TRACING_NAME    the segment name (default: the service name)
    XRAY_SAMPLE_ALL          "true" records every request instead of following X-Ray's
                             sampling rules (1 request a second plus 5% by default)
    AWS_XRAY_SDK_ENABLED     "false" turns tracing off

With an unusable daemon address the service still runs, untraced, after one warning.
"""

{{ framework.imports }}

from . import SERVICE_NAME
from .redaction import redact_url
from .tracer_logs import tame

logger = logging.getLogger(__name__)

DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000"
# "host:port", or "tcp:host:port udp:host:port" for separate sampling and segment ports.
DAEMON_ADDRESS = re.compile(r"[^\s:]+:\d+|(tcp|udp):[^\s:]+:\d+ (tcp|udp):[^\s:]+:\d+")


def sample_all() -> bool:
    return os.environ.get("XRAY_SAMPLE_ALL", "").lower() in ("1", "true", "yes")


def daemon_address_problem(address: str) -> str:
    """What makes a daemon address unusable, or '' when it is fine."""
    if not DAEMON_ADDRESS.fullmatch(address):
        return "is not host:port"
    if not all(1 <= int(part.rsplit(":", 1)[1]) <= 65535 for part in address.split()):
        return "has a port outside 1-65535"
    return ""


def switched_off() -> bool:
    """AWS_XRAY_SDK_ENABLED=false, as the SDK reads it: then nothing of the SDK's recorder is
    imported (botocore among it, 30 MB of memory in each process)."""
    return os.environ.get("AWS_XRAY_SDK_ENABLED", "true").lower() == "false"


def daemon_address_is_usable() -> bool:
    # Checked before the SDK is imported: it reads AWS_XRAY_DAEMON_ADDRESS on import and
    # raises on a malformed one, which would stop the service from starting; a port out of
    # range would fail every send instead.
    address = os.environ.get("AWS_XRAY_DAEMON_ADDRESS", DEFAULT_DAEMON_ADDRESS)
    problem = daemon_address_problem(address)
    if problem:
        logger.warning("X-Ray tracing is off: AWS_XRAY_DAEMON_ADDRESS %r %s.", address, problem)
    return not problem


class RedactingEmitter:
    """The SDK's emitter, sending segments with secrets masked in the URLs they record (the
    request's, and outgoing calls' in subsegments)."""

    def __init__(self, emitter):
        self._emitter = emitter

    @classmethod
    def around(cls, emitter):
        """The emitter, wrapped once however often the recorder is configured."""
        return emitter if isinstance(emitter, cls) else cls(emitter)

    def send_entity(self, entity) -> None:
        redact_urls(entity)
        self._emitter.send_entity(entity)

    def __getattr__(self, name):
        return getattr(self._emitter, name)


def redact_urls(entity) -> None:
    request = entity.http.get("request") or {}
    if isinstance(request.get("url"), str):
        request["url"] = redact_url(request["url"])
    for subsegment in entity.subsegments:
        redact_urls(subsegment)


def log_fields() -> dict:
    """The current segment's trace id (1-...), as the X-Ray console shows it. Read from the
    recorder's context directly: its getters log an error when there is no segment."""
    # Not imported here: importing the SDK makes its recorder, which fails on the daemon
    # address that a warning may be about to report.
    sdk = sys.modules.get("aws_xray_sdk.core")
    if sdk is None:
        return {}
    entities = getattr(sdk.xray_recorder.context._local, "entities", None)
    if not entities or not entities[-1].sampled:
        return {}
    return {"xray_trace_id": entities[-1].trace_id}


{{ framework.wiring }}
