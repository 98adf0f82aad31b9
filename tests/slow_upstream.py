"""An upstream service on loopback that holds every GET until released: it keeps a request
to a service that calls out in flight for as long as a test needs."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SlowUpstream:
    def __init__(self, longest: float = 30.0):
        self.arrived = 0
        self._released = threading.Event()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                upstream.arrived += 1
                upstream._released.wait(longest)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def release(self) -> None:
        self._released.set()

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.release()
        self.server.shutdown()
        self.server.server_close()
