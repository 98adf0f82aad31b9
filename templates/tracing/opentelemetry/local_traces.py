{#- scripts/local_traces.py's OpenTelemetry part: an OTLP/HTTP receiver, as the ADOT Collector's. -#}
{%- set stands_in_for = "the ADOT Collector (its OTLP/HTTP receiver)" -%}
{%- set port = 4318 -%}
{%- set how_it_works -%}
It takes spans as the collector does (OTLP over HTTP, protobuf, at /v1/traces) and prints
each trace when its first span arrives: the spans of a request or task are exported
together. Trace ids are also shown in X-Ray's form, the one CloudWatch shows.
{%- endset -%}
{%- set modules = ["gzip"] -%}
{%- set imports -%}
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status
{%- endset -%}
{%- set arguments = "" -%}
{%- set collector -%}
# A span's flags say whether its parent is known to be in another process (OTLP's SpanFlags).
PARENT_IS_KNOWN, PARENT_IS_REMOTE = 0x100, 0x200


def value(any_value):
    kind = any_value.WhichOneof("value")
    return getattr(any_value, kind) if kind and kind not in ("array_value", "kvlist_value") else ""


def attributes(pairs) -> dict:
    return {pair.key: value(pair.value) for pair in pairs}


def xray_id(trace_id: str) -> str:
    return f"1-{trace_id[:8]}-{trace_id[8:]}"


def entry(span) -> Entry:
    found = attributes(span.attributes)
    kind = Span.SpanKind.Name(span.kind).removeprefix("SPAN_KIND_").lower()
    statement = found.get("db.statement") or found.get("db.query.text")
    url = found.get("url.full") or found.get("http.url")
    status = found.get("http.response.status_code") or found.get("http.status_code")
    if statement:
        kind, detail = "db", short(statement)
    elif url:
        detail = short(f"{url} {status or ''}")
    else:
        detail = str(status or "")
    failed = ""
    if span.status.code == Status.STATUS_CODE_ERROR:
        raised = [attributes(e.attributes) for e in span.events if e.name == "exception"]
        if raised:
            exception = raised[0]
            failed = short(f"{exception['exception.type']}: {exception.get('exception.message')}")
        else:
            failed = short(span.status.message or "error")
    duration = (span.end_time_unix_nano - span.start_time_unix_nano) / 1e6
    return Entry(span.name, span.start_time_unix_nano / 1e9, duration, kind, detail, failed)


class Receiver:
    """Prints each trace of a process when its first span arrives. A span whose parent, in the
    same process, has not arrived yet waits for it: the spans of one request or task are
    exported as they end, usually together."""

    def __init__(self):
        self.waiting: dict[bytes, list[Entry]] = {}  # parent span id -> children that came first
        self.lock = threading.Lock()

    def receive(self, request: ExportTraceServiceRequest) -> None:
        for resource_spans in request.resource_spans:
            service = attributes(resource_spans.resource.attributes).get("service.name", "")
            spans = [span for scope in resource_spans.scope_spans for span in scope.spans]
            entries = {span.span_id: entry(span) for span in spans}
            roots = []
            with self.lock:
                for span in spans:
                    made, parent = entries[span.span_id], span.parent_span_id
                    made.children += self.waiting.pop(span.span_id, [])
                    known = span.flags & PARENT_IS_KNOWN
                    # A task's span starts its own tree, even beside its sender's span.
                    if not parent or known and span.flags & PARENT_IS_REMOTE:
                        roots.append(span)
                    elif parent in entries:
                        entries[parent].children.append(made)
                    elif known:
                        self.waiting.setdefault(parent, []).append(made)
                    else:
                        roots.append(span)
                while len(self.waiting) > LIMIT:
                    self.waiting.pop(next(iter(self.waiting)))
            for span in roots:
                trace = span.trace_id.hex()
                print_trace(f"{trace} ({xray_id(trace)})", service, entries[span.span_id])


def receiver_handler(receiver: Receiver):
    class ReceiverHandler(Handler):
        def do_POST(self):
            body = self.body()
            if self.path != "/v1/traces":
                return self.reply(404, b"", "text/plain")
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            receiver.receive(request)
            answer = ExportTraceServiceResponse().SerializeToString()
            self.reply(200, answer, "application/x-protobuf")

    return ReceiverHandler


def serve(arguments: argparse.Namespace) -> None:
    server = ThreadingHTTPServer((arguments.host, arguments.port), receiver_handler(Receiver()))
    host = "127.0.0.1" if arguments.host == "0.0.0.0" else arguments.host
    print(
        f"Listening for OTLP/HTTP spans on http://{host}:{arguments.port}/v1/traces."
        f" Start the {% if cookiecutter.framework == "celery" %}worker{% else %}service{% endif %} with:\n"
        f"  export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://{host}:{arguments.port}/v1/traces"
        " OTEL_TRACES_SAMPLER=parentbased_always_on OTEL_BSP_SCHEDULE_DELAY=1000\n",
        flush=True,
    )
    server.serve_forever()
{%- endset -%}
