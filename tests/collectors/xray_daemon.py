"""A stand-in for the AWS X-Ray daemon: its UDP segment intake.

Each datagram is a JSON header line, `{"format": "json", "version": 1}`, then one trace
document. Documents are whole segments, or subsegments streamed on their own (over 30 in
a segment by default) that name their parent by `parent_id`; `segments()` puts the
streamed ones back in place. Datagrams that break the format are kept in `rejected`.
"""

import json
import socket
import threading
from collections import Counter
from urllib.parse import urlsplit

HEADER = {"format": "json", "version": 1}


class XRayDaemon:
    """Listens on a free loopback UDP port; use as a context manager."""

    def __init__(self):
        self.documents: list[dict] = []
        self.rejected: list[bytes] = []
        self._lock = threading.Lock()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # Room for bursts (the kernel caps it at net.core.rmem_max): a full socket drops datagrams.
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 2**20)
        self._socket.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._socket.getsockname()[1]}"

    def __enter__(self):
        threading.Thread(target=self._listen, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self._socket.close()

    def _listen(self):
        while True:
            try:
                datagram = self._socket.recv(65535)
            except OSError:  # closed
                return
            header, _, body = datagram.partition(b"\n")
            try:
                if json.loads(header) != HEADER:
                    raise ValueError("bad header")
                document = json.loads(body)
            except ValueError:
                self.rejected.append(datagram)
                continue
            with self._lock:
                self.documents.append(document)

    def segments(self) -> list[dict]:
        """Complete segments, with streamed subsegments merged into their parents."""
        with self._lock:
            documents = json.loads(json.dumps(self.documents))  # a deep copy to merge into
        segments = [doc for doc in documents if doc.get("type") != "subsegment"]
        streamed = [doc for doc in documents if doc.get("type") == "subsegment"]
        entities = {}

        def index(entity):
            entities[entity["id"]] = entity
            for child in entity.get("subsegments", []):
                index(child)

        for entity in segments + streamed:
            index(entity)
        for subsegment in streamed:
            parent = entities.get(subsegment["parent_id"])
            if parent is not None:
                parent.setdefault("subsegments", []).append(subsegment)
        return segments

    def requests_by_path(self) -> Counter:
        """How many requests to each path arrived as segments."""
        return Counter(
            urlsplit(segment["http"]["request"]["url"]).path
            for segment in self.segments()
            if "http" in segment
        )

    def tasks_traced(self) -> int:
        """How many Celery task runs arrived as segments."""
        return sum("celery_task" in segment.get("annotations", {}) for segment in self.segments())

    def everything(self) -> str:
        """All that arrived, as text."""
        with self._lock:
            return json.dumps(self.documents)
