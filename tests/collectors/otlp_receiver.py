"""A stand-in for the ADOT Collector's OTLP/HTTP receiver (port 4318), for traces.

Exporters POST an `ExportTraceServiceRequest` in binary protobuf to /v1/traces, with
Content-Type application/x-protobuf, optionally gzip-compressed. The receiver answers 200 with
an `ExportTraceServiceResponse`. It decodes with the messages of opentelemetry-proto, the same
definitions the exporters encode with. What breaks the protocol (another path, another
Content-Type, a body that is not the message) is answered as the collector answers it (404,
415, 400) and kept in `rejected`, so that tests can assert there was none. JSON, which the
collector also takes, is refused here: the generated services send protobuf.
"""

import gzip
import json
import urllib.parse
from collections import Counter

from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

from .loopback import CollectorHandler, LoopbackHttpServer

PROTOBUF = "application/x-protobuf"


class ProtocolError(ValueError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def any_value(value):
    """An AnyValue as the Python value it holds."""
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [any_value(item) for item in value.array_value.values]
    if kind == "kvlist_value":
        return attributes(value.kvlist_value.values)
    if kind is None:
        return None
    return getattr(value, kind)


def attributes(pairs) -> dict:
    return {pair.key: any_value(pair.value) for pair in pairs}


def decoded_spans(body: bytes) -> list[dict]:
    """Every span of an ExportTraceServiceRequest, with its resource's and scope's names."""
    request = ExportTraceServiceRequest()
    try:
        request.ParseFromString(body)
    except DecodeError as error:
        raise ProtocolError(400, f"not an ExportTraceServiceRequest: {error}") from error
    spans = []
    for resource_spans in request.resource_spans:
        resource = attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                if len(span.trace_id) != 16 or len(span.span_id) != 8:
                    raise ProtocolError(400, f"span {span.name!r}: ids of the wrong length")
                spans.append(
                    {
                        "name": span.name,
                        "kind": Span.SpanKind.Name(span.kind).removeprefix("SPAN_KIND_"),
                        "trace_id": span.trace_id.hex(),
                        "span_id": span.span_id.hex(),
                        "parent_span_id": span.parent_span_id.hex(),
                        "start": span.start_time_unix_nano,
                        "end": span.end_time_unix_nano,
                        "attributes": attributes(span.attributes),
                        "status": Status.StatusCode.Name(span.status.code).removeprefix("STATUS_CODE_"),
                        "status_message": span.status.message,
                        "events": [
                            {"name": event.name, "attributes": attributes(event.attributes)}
                            for event in span.events
                        ],
                        "links": [
                            {"trace_id": link.trace_id.hex(), "span_id": link.span_id.hex()}
                            for link in span.links
                        ],
                        "resource": resource,
                        "scope": scope_spans.scope.name,
                    }
                )
    return spans


def request_path(span: dict) -> str | None:
    """The path of the request a server span is for, in either generation of the HTTP
    semantic conventions (url.path, or http.target with its query)."""
    found = span["attributes"]
    if "url.path" in found:
        return found["url.path"]
    if "http.target" in found:
        return urllib.parse.urlsplit(found["http.target"]).path
    return None


class OtlpReceiver(LoopbackHttpServer):
    """Runs the receiver on a free loopback port; use as a context manager."""

    def __init__(self):
        self.spans: list[dict] = []
        super().__init__()

    def received(self) -> list[dict]:
        with self._lock:
            return list(self.spans)

    def requests_by_path(self) -> Counter:
        """How many requests to each path arrived as server spans."""
        return Counter(
            path for span in self.received() if span["kind"] == "SERVER" and (path := request_path(span))
        )

    def tasks_traced(self) -> int:
        """How many Celery task runs arrived (the consumer spans of `run/<task>`)."""
        return sum(span["kind"] == "CONSUMER" and span["name"].startswith("run/") for span in self.received())

    def everything(self) -> str:
        """All that arrived, as text."""
        return json.dumps(self.received())

    def _handler_class(self):
        receiver = self

        class Handler(CollectorHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    if self.path != "/v1/traces":
                        raise ProtocolError(404, f"no OTLP traces endpoint at {self.path}")
                    if self.headers.get("Content-Type", "").split(";")[0] != PROTOBUF:
                        raise ProtocolError(415, f"Content-Type must be {PROTOBUF}")
                    encoding = self.headers.get("Content-Encoding", "identity")
                    if encoding == "gzip":
                        body = gzip.decompress(body)
                    elif encoding != "identity":
                        raise ProtocolError(400, f"unsupported Content-Encoding {encoding!r}")
                    spans = decoded_spans(body)
                except (ProtocolError, OSError, EOFError) as error:
                    receiver.rejected.append(str(error))
                    return self._reply(getattr(error, "status", 400), str(error).encode(), "text/plain")
                with receiver._lock:
                    receiver.spans.extend(spans)
                self._reply(200, ExportTraceServiceResponse().SerializeToString(), PROTOBUF)

        return Handler
