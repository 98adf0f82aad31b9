{#- scripts/local_traces.py's SnappyFlow part: an Elastic APM intake (v2) and a profile key for it. -#}
{%- set stands_in_for = "SnappyFlow's trace server (Elastic APM's intake API, v2)" -%}
{%- set port = 8200 -%}
{%- set how_it_works -%}
The agent only starts with a profile key, and the key names the server it sends to: this
prints one that names this server (no secret: anyone can make one), and the variables to
start the {% if cookiecutter.framework == "celery" %}worker{% else %}service{% endif %} with. The agent sends what it traced in batches, every
ELASTIC_APM_API_REQUEST_TIME (1s here, 10s by default).
{%- endset -%}
{%- set modules = ["base64", "gzip", "hashlib", "json", "zlib"] -%}
{%- set imports -%}
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad
{%- endset -%}
{%- set arguments %}
    parser.add_argument(
        "--key-for",
        metavar="URL",
        help="only print the profile key for a server at URL (e.g. http://local-traces:8200)",
    )
{%- endset -%}
{%- set collector -%}
# sf-apm-lib decrypts profile keys with this AES key, which its source carries.
SNAPPYFLOW_AES_KEY = b"SnappyFlow123456"


def profile_key(trace_server_url: str) -> str:
    """A profile key naming this server: base64 of an IV and the AES-CBC encrypted profile."""
    profile = json.dumps({"profile_id": "local", "trace_server_url": trace_server_url}).encode()
    # The same URL always gives the same key, so it can be written down (docker-compose.yml).
    iv = hashlib.sha256(profile).digest()[:16]
    encrypted = AES.new(SNAPPYFLOW_AES_KEY, AES.MODE_CBC, iv).encrypt(pad(profile, AES.block_size))
    return base64.b64encode(iv + encrypted).decode()


class Intake:
    """Keeps spans and errors until their transaction arrives, then prints it."""

    def __init__(self):
        self.waiting: dict[str, list[tuple[str, dict]]] = {}  # transaction id -> spans, errors
        self.lock = threading.Lock()

    def receive(self, service: str, events: list[tuple[str, dict]]) -> None:
        with self.lock:
            for kind, event in events:
                if kind in ("span", "error") and event.get("transaction_id"):
                    self.waiting.setdefault(event["transaction_id"], []).append((kind, event))
            transactions = [event for kind, event in events if kind == "transaction"]
            parts = [self.waiting.pop(t["id"], []) for t in transactions]
            while len(self.waiting) > LIMIT:
                self.waiting.pop(next(iter(self.waiting)))
        for transaction, contained in zip(transactions, parts, strict=True):
            print_trace(transaction["trace_id"], service, self.tree(transaction, contained))

    @staticmethod
    def tree(transaction: dict, contained: list[tuple[str, dict]]) -> Entry:
        root = Entry(
            transaction["name"],
            transaction["timestamp"] / 1e6,
            transaction["duration"],
            transaction["type"],
            transaction.get("result", ""),
        )
        entries = {transaction["id"]: root}
        spans = [event for kind, event in contained if kind == "span"]
        for span in spans:
            statement = span.get("context", {}).get("db", {}).get("statement", "")
            url = span.get("context", {}).get("http", {}).get("url", "")
            kind = ".".join(part for part in (span["type"], span.get("subtype")) if part)
            detail = short(statement or url)
            start = span["timestamp"] / 1e6
            entries[span["id"]] = Entry(span["name"], start, span["duration"], kind, detail)
        for span in spans:
            entries.get(span["parent_id"], root).children.append(entries[span["id"]])
        for error in (event for kind, event in contained if kind == "error"):
            exception = error.get("exception", {})
            kind, message = exception.get("type", "error"), exception.get("message", "")
            # The agent's message usually starts with the exception's type already.
            text = short(message if message.startswith(kind) else f"{kind}: {message}")
            entries.get(error.get("parent_id"), root).error = text
        return root


def intake_handler(intake: Intake):
    class IntakeHandler(Handler):
        def do_POST(self):
            if self.path.split("?")[0] != "/intake/v2/events":
                return self.reply(404, b"")
            body = self.body()
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            if lines:
                service = lines[0].get("metadata", {}).get("service", {}).get("name", "")
                intake.receive(service, [next(iter(line.items())) for line in lines[1:]])
            self.reply(202, b"")

        def do_GET(self):
            # The agent asks for the server's version, and for central configuration (none).
            self.reply(200, b'{"version": "8.15.0"}' if self.path == "/" else b"{}")

    return IntakeHandler


def serve(arguments: argparse.Namespace) -> None:
    if arguments.key_for:
        print(profile_key(arguments.key_for))
        return
    server = ThreadingHTTPServer((arguments.host, arguments.port), intake_handler(Intake()))
    host = "127.0.0.1" if arguments.host == "0.0.0.0" else arguments.host
    url = f"http://{host}:{server.server_address[1]}"
    print(
        f"Listening for SnappyFlow traces on {url}. Start the {% if cookiecutter.framework == "celery" %}worker{% else %}service{% endif %} with:\n"
        f"  export SF_PROFILE_KEY={profile_key(url)} SF_PROJECT_NAME=local"
        " SF_APP_NAME={{ cookiecutter.service_name }}"
        " ELASTIC_APM_API_REQUEST_TIME=1s\n",
        flush=True,
    )
    server.serve_forever()
{%- endset -%}
