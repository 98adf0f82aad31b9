{#- scripts/local_traces.py's X-Ray part: the daemon's UDP intake and its sampling API. -#}
{%- set stands_in_for = "the X-Ray daemon" -%}
{%- set port = 2000 -%}
{%- set how_it_works -%}
Like the daemon, it takes segments over UDP and answers the SDK's sampling API (TCP, same
port) with one rule that records every request. XRAY_SAMPLE_ALL still matters: until those
rules arrive, in the first moments after the first request, the SDK samples by its own.
{%- endset -%}
{%- set modules = ["json", "socket"] -%}
{%- set imports = "" -%}
{%- set arguments = "" -%}
{%- set collector -%}
# One sampling rule, as GetSamplingRules returns it: every request recorded.
RECORD_EVERYTHING = {
    "RuleName": "Default",
    "RuleARN": "arn:aws:xray:{{ cookiecutter.aws_region }}:000000000000:sampling-rule/Default",
    "ResourceARN": "*",
    "Priority": 10000,
    "FixedRate": 1.0,
    "ReservoirSize": 0,
    "ServiceName": "*",
    "ServiceType": "*",
    "Host": "*",
    "HTTPMethod": "*",
    "URLPath": "*",
    "Version": 1,
    "Attributes": {},
}


class Daemon:
    """Keeps subsegments sent on their own until their segment arrives, then prints it."""

    def __init__(self):
        self.waiting: dict[str, list[dict]] = {}  # trace id -> subsegments sent on their own

    def receive(self, datagram: bytes) -> None:
        header, _, body = datagram.partition(b"\n")
        try:
            if json.loads(header).get("format") != "json":
                return
            document = json.loads(body)
        except ValueError:
            return
        if document.get("type") == "subsegment":
            self.waiting.setdefault(document["trace_id"], []).append(document)
            while len(self.waiting) > LIMIT:
                self.waiting.pop(next(iter(self.waiting)))
        elif not document.get("in_progress"):
            streamed = self.waiting.pop(document["trace_id"], [])
            print_trace(document["trace_id"], document["name"], self.tree(document, streamed))

    def tree(self, segment: dict, streamed: list[dict]) -> Entry:
        entries = {}

        def entry(document: dict) -> Entry:
            made = Entry(
                document["name"],
                document["start_time"],
                (document.get("end_time", document["start_time"]) - document["start_time"]) * 1000,
                kind(document),
                detail(document),
                error(document),
            )
            entries[document["id"]] = made
            made.children = [entry(child) for child in document.get("subsegments", [])]
            return made

        root = entry(segment)
        for subsegment in streamed:
            entries.get(subsegment["parent_id"], root).children.append(entry(subsegment))
        return root


def kind(document: dict) -> str:
    if "sql" in document:
        return "db"
    if document.get("namespace") == "remote":
        return "http"
    return "request" if document.get("type") != "subsegment" and "http" in document else ""


def detail(document: dict) -> str:
    if "sql" in document:
        sql = document["sql"]
        return short(sql.get("sanitized_query") or sql.get("database_type", ""))
    http = document.get("http", {})
    request, response = http.get("request", {}), http.get("response", {})
    if request:
        return short(f"{request.get('method')} {request.get('url')} {response.get('status', '')}")
    return short(" ".join(f"{k}={v}" for k, v in document.get("annotations", {}).items()))


def error(document: dict) -> str:
    if not (document.get("fault") or document.get("error") or document.get("throttle")):
        return ""
    cause = document.get("cause")
    exceptions = cause.get("exceptions", []) if isinstance(cause, dict) else []
    if exceptions:
        return short(f"{exceptions[0].get('type', '')}: {exceptions[0].get('message', '')}")
    return "fault" if document.get("fault") else "error"


def sampling_handler(served: threading.Event):
    class SamplingHandler(Handler):
        def do_POST(self):
            asked = json.loads(self.body() or b"{}")
            if self.path == "/GetSamplingRules":
                answer = {"SamplingRuleRecords": [{"SamplingRule": RECORD_EVERYTHING}]}
                if not served.is_set():
                    served.set()
                    say("Sampling rules sent: every request is recorded.", "")
            elif self.path == "/SamplingTargets":
                rules = {s["RuleName"] for s in asked.get("SamplingStatisticsDocuments", [])}
                targets = [{"RuleName": name, "FixedRate": 1.0, "Interval": 10} for name in rules]
                answer = {"SamplingTargetDocuments": targets, "LastRuleModification": 0}
            else:
                answer = {}
            self.reply(200 if answer else 404, json.dumps(answer).encode())

    return SamplingHandler


def serve(arguments: argparse.Namespace) -> None:
    intake = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    address = (arguments.host, arguments.port)
    intake.bind(address)
    sampling = ThreadingHTTPServer(address, sampling_handler(threading.Event()))
    threading.Thread(target=sampling.serve_forever, daemon=True).start()
    host = "127.0.0.1" if arguments.host == "0.0.0.0" else arguments.host
    print(
        f"Listening for X-Ray segments on {host}:{arguments.port} (UDP; sampling rules on TCP)."
        f" Start the {% if cookiecutter.framework == "celery" %}worker{% else %}service{% endif %} with:\n"
        f"  export AWS_XRAY_DAEMON_ADDRESS={host}:{arguments.port} XRAY_SAMPLE_ALL=true\n",
        flush=True,
    )
    daemon = Daemon()
    while True:
        daemon.receive(intake.recv(65535))
{%- endset -%}
