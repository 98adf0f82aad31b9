"""A stand-in for the Elastic APM server that SnappyFlow runs: its intake API, v2.

The agent POSTs newline-delimited JSON to /intake/v2/events, usually gzip- or
deflate-compressed: first a {"metadata": ...} line, then one {"<kind>": {...}} line per
event (transaction, span, error, metricset, log). The server answers 202. Requests that
break the protocol are answered 400 and kept in `rejected`, so tests can assert there
were none.
"""

import gzip
import json
import zlib
from collections import Counter

from .loopback import CollectorHandler, LoopbackHttpServer

EVENT_KINDS = {"transaction", "span", "error", "metricset", "log"}


class ProtocolError(ValueError):
    pass


def decode_body(raw: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        try:
            return zlib.decompress(raw)
        except zlib.error:  # some clients send raw deflate without the zlib header
            return zlib.decompress(raw, -zlib.MAX_WBITS)
    if encoding in ("", "identity"):
        return raw
    raise ProtocolError(f"unsupported Content-Encoding {encoding!r}")


def parse_events(body: bytes) -> tuple[dict, list[tuple[str, dict]]]:
    """Split an intake body into its metadata and its (kind, event) pairs."""
    lines = [json.loads(line) for line in body.splitlines() if line.strip()]
    if not lines or set(lines[0]) != {"metadata"}:
        raise ProtocolError("the first line must be a metadata object")
    events = []
    for line in lines[1:]:
        if len(line) != 1 or next(iter(line)) not in EVENT_KINDS:
            raise ProtocolError(f"unknown event line {sorted(line)}")
        ((kind, event),) = line.items()
        events.append((kind, event))
    return lines[0]["metadata"], events


class ApmIntake(LoopbackHttpServer):
    """Runs the intake server on a free loopback port; use as a context manager."""

    def __init__(self):
        self.metadata: list[dict] = []
        self.events: list[tuple[str, dict]] = []
        super().__init__()

    def of_kind(self, kind: str) -> list[dict]:
        with self._lock:
            return [event for event_kind, event in self.events if event_kind == kind]

    def requests_by_path(self) -> Counter:
        """How many requests to each path arrived as transactions."""
        urls = [t.get("context", {}).get("request", {}).get("url", {}) for t in self.of_kind("transaction")]
        return Counter(url["pathname"] for url in urls if "pathname" in url)

    def tasks_traced(self) -> int:
        """How many Celery task runs arrived as transactions."""
        return sum(t["type"] == "celery" for t in self.of_kind("transaction"))

    def everything(self) -> str:
        """All that arrived, as text."""
        with self._lock:
            return json.dumps([self.metadata, self.events])

    def _receive(self, metadata: dict, events: list) -> None:
        with self._lock:
            self.metadata.append(metadata)
            self.events.extend(events)

    def _handler_class(self):
        intake = self

        class Handler(CollectorHandler):
            def do_POST(self):
                # Read whatever the path: a body left unread would be taken for the next
                # request on this keep-alive connection.
                raw = self._read_body()
                path = self.path.split("?")[0]
                if path == "/config/v1/agents":  # central config, POSTed by agents: none
                    return self._reply(200, b"{}")
                if path != "/intake/v2/events":
                    return self._reply(404, b"")
                try:
                    if self.headers.get("Content-Type", "").split(";")[0] != "application/x-ndjson":
                        raise ProtocolError("Content-Type must be application/x-ndjson")
                    body = decode_body(raw, self.headers.get("Content-Encoding", ""))
                    intake._receive(*parse_events(body))
                except (ProtocolError, ValueError, OSError) as error:
                    intake.rejected.append(str(error))
                    return self._reply(400, json.dumps({"error": str(error)}).encode())
                self._reply(202, b"")

            def do_GET(self):
                if self.path == "/":  # server information, asked for by upstream agents
                    return self._reply(200, json.dumps({"version": "8.15.0"}).encode())
                if self.path.startswith("/config/v1/agents"):  # central config: none
                    return self._reply(200, b"{}")
                self._reply(404, b"")

            def _read_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    self.rfile.readline()
                    return b"".join(chunks)
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

        return Handler
