"""The collectors accept what the real servers accept and refuse what they refuse, so that
a trace that reaches them would reach SnappyFlow or X-Ray too."""

import gzip
import json
import socket
import urllib.error
import urllib.request
import zlib

import pytest

from .collectors.apm_intake import ApmIntake
from .collectors.xray_daemon import XRayDaemon
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
