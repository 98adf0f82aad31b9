{%- import "tracing/" ~ cookiecutter.tracing ~ "/local_traces.py" as backend with context -%}
"""See the traces on this machine, without an account.

A local stand-in for {{ backend.stands_in_for }}: it prints each trace
as it arrives, as an indented tree of names, durations, database queries, outgoing calls
and errors.

    python scripts/local_traces.py                  # then start the {% if cookiecutter.framework == "celery" %}worker{% else %}service{% endif %} as it says
    python scripts/local_traces.py --host 0.0.0.0   # in a container (docker-compose.yml)

{{ backend.how_it_works }}
"""
{% for module in (["argparse", "signal", "sys", "threading"] + backend.modules) | sort %}
import {{ module }}
{%- endfor %}
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
{%- if backend.imports %}

{{ backend.imports }}
{%- endif %}

LIMIT = 10_000  # unfinished traces kept waiting for their root, at most


@dataclass
class Entry:
    """One transaction, segment or span of a trace, with those it contains."""

    name: str
    start: float  # seconds since the epoch
    duration_ms: float
    kind: str = ""  # request, db, http, task, ...
    detail: str = ""  # the query, the URL, the result
    error: str = ""  # the exception, when it failed
    children: list["Entry"] = field(default_factory=list)

    def lines(self, depth: int = 0) -> list[str]:
        parts = [f"{'  ' * depth}{self.name}", f"{self.duration_ms:.1f} ms", self.kind, self.detail]
        if self.error:
            parts.append(f"ERROR {self.error}")
        line = "  ".join(part for part in parts if part)
        children = sorted(self.children, key=lambda child: child.start)
        return [line] + [text for child in children for text in child.lines(depth + 1)]


_printing = threading.Lock()


def say(*lines: str) -> None:
    """Print whole lines at once: the stand-in's threads never interleave their output."""
    with _printing:
        print(*lines, sep="\n", flush=True)


def print_trace(trace: str, service: str, root: Entry) -> None:
    say(f"trace {trace}  {service}", *root.lines(), "")


class Handler(BaseHTTPRequestHandler):
    """What the stand-in's HTTP endpoints share: keep-alive, whole replies, no access log."""

    protocol_version = "HTTP/1.1"

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def short(text: str, width: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


{{ backend.collector }}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    parser.add_argument("--port", type=int, default={{ backend.port }}, help="the port to listen on")
{{- backend.arguments }}
    arguments = parser.parse_args()
    # `docker compose stop` sends SIGTERM: stop as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(arguments)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
