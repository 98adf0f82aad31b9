"""SnappyFlow end to end: the generated service, run as its Dockerfile runs it, sends its
traces over the Elastic APM intake protocol to the server its profile key names."""

import pytest

from .backends import APP, PROFILE, PROJECT, snappyflow_variables
from .collectors.apm_intake import ApmIntake
from .combinations import DEFAULT_SERVICE_NAME, WEB_FRAMEWORKS, combination_id, supported
from .frameworks import FRAMEWORKS
from .traffic import UPSTREAM_TRACEPARENT, logged_by, logged_problems

pytestmark = pytest.mark.parametrize(
    "combination", supported(tracing=["snappyflow"], framework=WEB_FRAMEWORKS), ids=combination_id
)


@pytest.fixture
def recorded(once, combination, web_traffic):
    """(intake, traffic) after the standard traffic, recorded once per combination."""
    expected = len(FRAMEWORKS[combination.framework].transaction_names)

    def record():
        with ApmIntake() as intake:

            def arrived():
                return len(intake.of_kind("transaction")) >= expected and intake.of_kind("error")

            return intake, web_traffic(snappyflow_variables(intake.url), arrived)

    return once(("snappyflow", combination), record)


def failed_transaction(intake):
    (failed,) = [t for t in intake.of_kind("transaction") if t["result"] == "HTTP 5xx"]
    return failed


def test_every_request_but_health_checks_is_a_transaction_named_by_its_route(recorded, combination):
    intake, traffic = recorded
    assert intake.rejected == []
    assert traffic.answered_as_expected(), traffic.responses
    names = sorted(t["name"] for t in intake.of_kind("transaction"))
    assert names == sorted(FRAMEWORKS[combination.framework].transaction_names)
    assert {t["type"] for t in intake.of_kind("transaction")} == {"request"}


def test_metadata_names_the_service_and_snappyflow_labels(recorded):
    intake, _ = recorded
    for metadata in intake.metadata:
        assert metadata["service"]["name"] == DEFAULT_SERVICE_NAME
        assert metadata["labels"] == {
            "_tag_projectName": PROJECT,
            "_tag_appName": APP,
            "_tag_profileId": PROFILE,
        }


def spans_of(intake, transaction):
    return [s for s in intake.of_kind("span") if s["transaction_id"] == transaction["id"]]


def test_the_work_of_a_page_shows_as_spans_of_its_transaction(recorded, combination):
    """Database queries for the pages that query; the outgoing call, and its callee's
    transaction in the same trace, for the page that calls out."""
    intake, _ = recorded
    framework = FRAMEWORKS[combination.framework]
    transactions = intake.of_kind("transaction")
    if framework.callee:
        callers = [t for t in transactions if t["name"] == "GET /"]
        callees = {t["parent_id"]: t for t in transactions if t["name"] == f"GET {framework.callee}"}
        assert len(callers) == len(callees) == 3
        for caller in callers:
            (call,) = spans_of(intake, caller)
            assert (call["type"], call["subtype"]) == ("external", "http")
            assert callees[call["id"]]["trace_id"] == caller["trace_id"]
        return
    pages = [t for t in transactions if t["result"] == "HTTP 2xx"]
    assert len(pages) == 3
    for transaction in pages:
        spans = spans_of(intake, transaction)
        assert {(s["type"], s["subtype"]) for s in spans} == {("db", "sqlite")}
        assert any(framework.table in s["name"] for s in spans)
        assert all(s["trace_id"] == transaction["trace_id"] for s in spans)


def test_error_is_captured_in_its_transaction(recorded):
    intake, _ = recorded
    failed = failed_transaction(intake)
    assert failed["outcome"] == "failure"
    (error,) = intake.of_kind("error")
    assert error["exception"]["type"] == "RuntimeError"
    assert error["transaction_id"] == failed["id"]
    assert error["trace_id"] == failed["trace_id"]


def test_incoming_traceparent_is_continued(recorded):
    intake, _ = recorded
    upstream_trace_id, upstream_span_id = UPSTREAM_TRACEPARENT.split("-")[1:3]
    (continued,) = [t for t in intake.of_kind("transaction") if t.get("parent_id") == upstream_span_id]
    assert continued["trace_id"] == upstream_trace_id


def test_service_stops_cleanly_on_sigterm(recorded):
    _, traffic = recorded
    assert traffic.exit_status == 0, traffic.output
    assert logged_problems(traffic.output) == []


def test_log_lines_carry_the_ids_of_the_transaction_that_arrived(recorded, combination):
    intake, traffic = recorded
    lines = logged_by(traffic.output, FRAMEWORKS[combination.framework].logger)
    arrived = {(t["trace_id"], t["id"]) for t in intake.of_kind("transaction")}
    assert lines and all((line["trace.id"], line["transaction.id"]) in arrived for line in lines), lines
