"""Trace servers that fail the way real ones do, for tests that a failing backend never costs
the service: down (nothing listening), hanging (accepts, never answers), refusing (answers
503) and slow (answers, late). Each is a context manager with the `url` to point a tracer at."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Down:
    """A loopback port with nothing listening: connections are refused at once."""

    def __enter__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        return self

    def __exit__(self, *exc_info):
        pass


class Hanging:
    """Accepts connections and reads what arrives, but never answers."""

    def __enter__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._connections = []
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self):
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed by __exit__
                return
            self._connections.append(connection)
            threading.Thread(target=self._drain, args=(connection,), daemon=True).start()

    @staticmethod
    def _drain(connection):
        try:
            while connection.recv(65536):
                pass
        except OSError:
            pass

    def __exit__(self, *exc_info):
        self._socket.close()
        for connection in self._connections:
            connection.close()


class Answering:
    """An HTTP/1.1 server that reads each request whole, waits `delay` seconds, then answers
    `status` with an empty body."""

    def __init__(self, status: int, delay: float = 0.0):
        self.status, self.delay = status, delay
        self.requests = 0

    def __enter__(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        self.rfile.read(size + 2)
                    self.rfile.readline()
                server.requests += 1
                time.sleep(server.delay)
                self.send_response(server.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()


def refusing() -> Answering:
    return Answering(503)


def slow(delay: float = 3.0) -> Answering:
    return Answering(202, delay)


FAILURES = {"down": Down, "hanging": Hanging, "refusing": refusing, "slow": slow}
