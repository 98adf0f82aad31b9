"""The collectors accept what the real servers accept and refuse what they refuse, so that
a trace that reaches them would reach SnappyFlow or X-Ray (through its daemon, or through the
ADOT Collector) too."""

import gzip
import http.client
import json
import socket
import urllib.error
import urllib.request
import zlib

import pytest
from aws_xray_sdk.core.sampling.connector import ServiceConnector
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind

from .collectors.apm_intake import ApmIntake
from .collectors.otlp_receiver import OtlpReceiver
from .collectors.xray_daemon import XRayDaemon
from .collectors.xray_sampling import XRaySamplingApi
from .waiting import wait_until

METADATA = {"metadata": {"service": {"name": "svc", "agent": {"name": "python", "version": "6"}}}}
TRANSACTION = {"transaction": {"id": "a" * 16, "trace_id": "b" * 32, "name": "GET /", "type": "request"}}


def post(intake, body: bytes, encoding: str, content_type="application/x-ndjson") -> int:
    request = urllib.request.Request(
        intake.url + "/intake/v2/events",
        data=body,
        headers={"Content-Type": content_type, "Content-Encoding": encoding},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def ndjson(*lines) -> bytes:
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


@pytest.mark.parametrize(
    "encoding, encode",
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("identity", lambda body: body)],
)
def test_intake_accepts_compressed_event_streams(encoding, encode):
    with ApmIntake() as intake:
        assert post(intake, encode(ndjson(METADATA, TRANSACTION)), encoding) == 202
        assert intake.of_kind("transaction") == [TRANSACTION["transaction"]]
        assert intake.metadata == [METADATA["metadata"]]


@pytest.mark.parametrize(
    "body, content_type",
    [
        (ndjson(TRANSACTION), "application/x-ndjson"),  # no metadata first
        (ndjson(METADATA, {"unknown": {}}), "application/x-ndjson"),
        (ndjson(METADATA, TRANSACTION), "application/json"),
    ],
    ids=["no-metadata", "unknown-event", "wrong-content-type"],
)
def test_intake_refuses_what_breaks_the_protocol(body, content_type):
    with ApmIntake() as intake:
        assert post(intake, gzip.compress(body), "gzip", content_type) == 400
        assert len(intake.rejected) == 1
        assert intake.events == []


def test_intake_answers_central_config_and_keeps_the_connection_usable():
    """The agent POSTs its central-config poll (a JSON body) on the connection it then sends
    events on, as it does unless CENTRAL_CONFIG is off."""
    with ApmIntake() as intake:
        host, port = intake.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request("POST", "/config/v1/agents", body=b'{"service": {"name": "svc"}}')
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (200, b"{}")
        events = gzip.compress(ndjson(METADATA, TRANSACTION))
        headers = {"Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"}
        connection.request("POST", "/intake/v2/events", body=events, headers=headers)
        assert connection.getresponse().status == 202
        connection.close()
        assert intake.of_kind("transaction") == [TRANSACTION["transaction"]]


def send(daemon, datagram: bytes) -> None:
    host, port = daemon.address.split(":")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(datagram, (host, int(port)))


def test_daemon_merges_streamed_subsegments_into_their_segment():
    header = b'{"format": "json", "version": 1}\n'
    segment = {"id": "1" * 16, "trace_id": "1-5759e988-bd862e3fe1be46a994272793", "name": "svc"}
    streamed = {"id": "2" * 16, "parent_id": "1" * 16, "type": "subsegment", "name": "query"}
    with XRayDaemon() as daemon:
        send(daemon, header + json.dumps(streamed).encode())
        send(daemon, header + json.dumps(segment).encode())
        send(daemon, b'{"format": "xml"}\n{}')
        wait_until(lambda: len(daemon.documents) == 2 and daemon.rejected, "three datagrams")
        (merged,) = daemon.segments()
        assert merged["subsegments"] == [streamed]
        assert len(daemon.rejected) == 1


@pytest.mark.parametrize("compression", [Compression.NoCompression, Compression.Gzip], ids=["plain", "gzip"])
def test_otlp_receiver_decodes_what_the_opentelemetry_exporter_sends(compression):
    with OtlpReceiver() as receiver:
        exporter = OTLPSpanExporter(endpoint=f"{receiver.url}/v1/traces", compression=compression)
        provider = TracerProvider(resource=Resource.create({"service.name": "svc"}))
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        tracer = provider.get_tracer("test")
        with tracer.start_as_current_span("GET /items", kind=SpanKind.SERVER) as request:
            request.set_attribute("url.path", "/items")
            with tracer.start_as_current_span("SELECT", kind=SpanKind.CLIENT) as query:
                query.record_exception(RuntimeError("no table"))
                query.set_status(trace.Status(trace.StatusCode.ERROR))
        provider.shutdown()
        assert receiver.rejected == []
        query, request = receiver.received()
        assert (request["name"], request["kind"], request["parent_span_id"]) == ("GET /items", "SERVER", "")
        assert (query["kind"], query["parent_span_id"], query["trace_id"]) == (
            "CLIENT",
            request["span_id"],
            request["trace_id"],
        )
        assert query["status"] == "ERROR"
        assert query["events"][0]["attributes"]["exception.type"] == "RuntimeError"
        assert request["resource"]["service.name"] == "svc"
        assert receiver.requests_by_path() == {"/items": 1}


def post_traces(receiver, body: bytes, path="/v1/traces", content_type="application/x-protobuf") -> int:
    request = urllib.request.Request(receiver.url + path, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    "body, path, content_type, status",
    [
        (b"\x0a\x05garbage", "/v1/traces", "application/x-protobuf", 400),
        (b"{}", "/v1/traces", "application/json", 415),
        (b"", "/v1/metrics", "application/x-protobuf", 404),
    ],
    ids=["not-protobuf", "json", "metrics"],
)
def test_otlp_receiver_refuses_what_it_cannot_take(body, path, content_type, status):
    with OtlpReceiver() as receiver:
        assert post_traces(receiver, body, path, content_type) == status
        assert len(receiver.rejected) == 1 and receiver.spans == []


def test_sampling_api_gives_the_sdk_xray_default_rule_and_its_quota():
    """What the SDK's poller gets through the daemon from an account without rules of its own."""
    with XRaySamplingApi() as api:
        connector = ServiceConnector()
        connector.setup_xray_client(*api.address.split(":"), client=None)
        (rule,) = connector.fetch_sampling_rules()
        targets, _ = connector.fetch_sampling_target([rule])
    assert (rule.name, rule.rate, rule.can_borrow) == ("Default", 0.05, True)
    assert targets["Default"]["rate"] == 0.05 and targets["Default"]["quota"] == 1
    assert api.asked == {"/GetSamplingRules": 1, "/SamplingTargets": 1}
