"""The requests every end-to-end test sends, and what the collectors recorded of them."""

import json
import re
from dataclasses import dataclass, field

from .frameworks import FRAMEWORKS
from .waiting import wait_until

# An upstream caller's trace context, in each backend's header format.
UPSTREAM_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
UPSTREAM_XRAY_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


@dataclass
class Traffic:
    responses: dict = field(default_factory=dict)  # path -> [status, ...]
    exit_status: int | None = None
    output: str = ""

    def answered_as_expected(self) -> bool:
        """Health checks and pages got 200, /error got 500."""
        expected = {path: {500 if path == "/error" else 200} for path in self.responses}
        return {path: set(statuses) for path, statuses in self.responses.items()} == expected


def record_traffic(service, pages, arrived) -> Traffic:
    """Start the service, send the standard traffic, wait until arrived() says its traces
    are in, and stop the service with SIGTERM."""
    traffic = Traffic()
    with service:
        send_traffic(service, pages, traffic)
        wait_until(arrived, "the traces of the standard traffic to arrive")
    traffic.exit_status, traffic.output = service.exit_status, service.output()
    return traffic


def send_traffic(service, pages, traffic: Traffic) -> None:
    """Health checks first, then the pages, a failure and a request that continues a trace."""
    upstream = {"traceparent": UPSTREAM_TRACEPARENT, "X-Amzn-Trace-Id": UPSTREAM_XRAY_HEADER}
    requests = [
        ("/health", {}),
        ("/health", {}),
        *[(page, {}) for page in pages],
        ("/error", {}),
        ("/", upstream),
    ]
    for path, headers in requests:
        status, _ = service.get(path, headers)
        traffic.responses.setdefault(path, []).append(status)


PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b")
# How Flask, Django, aiohttp and Celery log the deliberate failures of /error and of the
# fail task (aiohttp's line does not name the path; /error is the only page that raises).
DELIBERATE_FAILURE = re.compile(
    r"Exception on /error \[GET\]$|Internal Server Error: /error$|Error handling request from"
    r"|raised unexpected: RuntimeError\('Deliberate failure"
)


def logged_by(output: str, logger: str) -> list[dict]:
    """The JSON log lines (LOG_FORMAT=json, as the task definition sets it) of one logger."""
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("logger") == logger]


def logged_problems(output: str) -> list[str]:
    """Warning and error lines a service logged, but for the deliberate failure of /error.
    A JSON line (LOG_FORMAT=json) is judged by its level and message."""
    problems = []
    for line in output.splitlines():
        judged = line
        if line.startswith("{"):
            fields = json.loads(line)
            judged = f"{fields['level']} {fields['message']}" if "level" in fields else line
        if PROBLEM.search(judged) and not DELIBERATE_FAILURE.search(judged):
            problems.append(line)
    return problems


# A tracer's line: named by its logger, or by the prefix the generated tracer_logs.py gives the
# lines it passes on ("SnappyFlow tracing: ...").
TRACER_LINE = re.compile(r"elasticapm|urllib3|aws_xray_sdk|tracing: ")

# What a service logs when SIGTERM reaches it, whatever its framework.
STOPPING = re.compile("|".join(re.escape(framework.stopping) for framework in FRAMEWORKS.values()))


def stop_log(output: str) -> str:
    """What a service logged from SIGTERM on, less its access log: why a stop took long."""
    lines = output.splitlines()
    signalled = next((i for i, line in enumerate(lines) if STOPPING.search(line)), 0)
    return "\n".join(line for line in lines[signalled:] if '"GET ' not in line)
