"""X-Ray through OpenTelemetry end to end: the generated service, run as its Dockerfile runs
it, exports its spans over OTLP/HTTP (protobuf) to the endpoint in
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, where the ADOT Collector would take them."""

import pytest

from .backends import opentelemetry_variables
from .collectors.otlp_receiver import OtlpReceiver, request_path
from .combinations import DEFAULT_SERVICE_NAME, WEB_FRAMEWORKS, combination_id, supported
from .frameworks import FRAMEWORKS
from .traffic import UPSTREAM_XRAY_HEADER, logged_by, logged_problems

pytestmark = pytest.mark.parametrize(
    "combination", supported(tracing=["opentelemetry"], framework=WEB_FRAMEWORKS), ids=combination_id
)


@pytest.fixture
def recorded(once, combination, web_traffic):
    """(receiver, traffic) after the standard traffic, recorded once per combination."""
    # One server span where SnappyFlow has one transaction.
    expected = len(FRAMEWORKS[combination.framework].transaction_names)

    def record():
        with OtlpReceiver() as receiver:
            arrived = lambda: len(server_spans(receiver)) >= expected  # noqa: E731
            return receiver, web_traffic(opentelemetry_variables(receiver.url), arrived)

    return once(("opentelemetry", combination), record)


def server_spans(receiver, path=None):
    spans = [s for s in receiver.received() if s["kind"] == "SERVER"]
    return [s for s in spans if path is None or request_path(s) == path]


def children(receiver, span):
    return [s for s in receiver.received() if s["parent_span_id"] == span["span_id"]]


def test_every_request_but_health_checks_is_a_server_span_named_by_its_route(recorded, combination):
    receiver, traffic = recorded
    assert receiver.rejected == []
    assert traffic.answered_as_expected(), traffic.responses
    framework = FRAMEWORKS[combination.framework]
    assert sorted(s["name"] for s in server_spans(receiver)) == sorted(framework.span_names)
    requested = [p for p, statuses in traffic.responses.items() if p != "/health" for _ in statuses]
    called = [framework.callee for p in requested if p == "/"] if framework.callee else []
    assert sorted(request_path(s) for s in server_spans(receiver)) == sorted(requested + called)
    for span in receiver.received():
        assert span["resource"]["service.name"] == DEFAULT_SERVICE_NAME
        assert span["end"] >= span["start"]


def test_trace_ids_are_x_ray_trace_ids(recorded):
    """X-Ray takes a trace id whose first 8 hex digits are the epoch second it began."""
    receiver, _ = recorded
    for span in server_spans(receiver):
        if span["parent_span_id"]:  # continued from a caller, whose id it keeps
            continue
        began = int(span["trace_id"][:8], 16)
        assert abs(began - span["start"] / 1e9) < 600, span["trace_id"]


def test_the_work_of_a_page_shows_as_child_spans(recorded, combination):
    """Database queries for the pages that query; the outgoing call, and its callee's server
    span in the same trace, for the page that calls out."""
    receiver, _ = recorded
    framework = FRAMEWORKS[combination.framework]
    for page in server_spans(receiver, "/"):
        work = children(receiver, page)
        assert work and all(s["kind"] == "CLIENT" and s["trace_id"] == page["trace_id"] for s in work)
        if framework.callee:
            (call,) = work
            (callee,) = children(receiver, call)
            assert (callee["kind"], request_path(callee)) == ("SERVER", framework.callee)
            continue
        assert {s["attributes"]["db.system"] for s in work} == {framework.otel_database_system}
        assert any(framework.table in s["attributes"]["db.statement"] for s in work)


def test_error_is_recorded_on_its_span(recorded):
    receiver, _ = recorded
    (failed,) = server_spans(receiver, "/error")
    assert failed["status"] == "ERROR"
    # aiohttp's middleware sees the exception, not the 500 that aiohttp answers it with.
    attributes = failed["attributes"]
    assert attributes.get("http.status_code", attributes.get("http.response.status_code")) in (500, None)
    (exception,) = [e for e in failed["events"] if e["name"] == "exception"]
    assert exception["attributes"]["exception.type"].endswith("RuntimeError")


def test_incoming_x_ray_trace_header_is_continued(recorded):
    receiver, _ = recorded
    root, parent = (part.split("=")[1] for part in UPSTREAM_XRAY_HEADER.split(";")[:2])
    (continued,) = [s for s in server_spans(receiver) if s["parent_span_id"] == parent]
    assert continued["trace_id"] == root.replace("1-", "").replace("-", "")


def test_service_stops_cleanly_on_sigterm(recorded):
    _, traffic = recorded
    assert traffic.exit_status == 0, traffic.output
    assert logged_problems(traffic.output) == []


def test_log_lines_carry_the_ids_of_the_span_that_arrived(recorded, combination):
    receiver, traffic = recorded
    lines = logged_by(traffic.output, FRAMEWORKS[combination.framework].logger)
    arrived = {(span["trace_id"], span["span_id"]) for span in receiver.received()}
    assert lines and all((line["trace_id"], line["span_id"]) in arrived for line in lines), lines
    assert all(line["xray_trace_id"] == f"1-{line['trace_id'][:8]}-{line['trace_id'][8:]}" for line in lines)
