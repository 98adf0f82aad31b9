"""X-Ray end to end: the generated service, run as its Dockerfile runs it, sends its
segments over UDP, in the daemon's format, to the address in AWS_XRAY_DAEMON_ADDRESS."""

import re
from urllib.parse import urlparse

import pytest

from .backends import xray_variables
from .collectors.xray_daemon import XRayDaemon
from .combinations import DEFAULT_SERVICE_NAME, WEB_FRAMEWORKS, combination_id, supported
from .frameworks import FRAMEWORKS
from .traffic import UPSTREAM_XRAY_HEADER, logged_by, logged_problems

pytestmark = pytest.mark.parametrize(
    "combination", supported(tracing=["xray"], framework=WEB_FRAMEWORKS), ids=combination_id
)

TRACE_ID = re.compile(r"1-[0-9a-f]{8}-[0-9a-f]{24}")
ENTITY_ID = re.compile(r"[0-9a-f]{16}")


@pytest.fixture
def recorded(once, combination, web_traffic):
    """(daemon, traffic) after the standard traffic, recorded once per combination."""
    # One segment where SnappyFlow has one transaction.
    expected = len(FRAMEWORKS[combination.framework].transaction_names)

    def record():
        with XRayDaemon() as daemon:
            return daemon, web_traffic(
                xray_variables(daemon.address), lambda: len(daemon.segments()) >= expected
            )

    return once(("xray", combination), record)


def path(segment):
    return urlparse(segment["http"]["request"]["url"]).path


def segments_for(daemon, wanted):
    return [s for s in daemon.segments() if path(s) == wanted]


def test_every_request_but_health_checks_is_a_segment(recorded, combination):
    daemon, traffic = recorded
    assert daemon.rejected == []
    assert traffic.answered_as_expected(), traffic.responses
    segments = daemon.segments()
    requested = [p for p, statuses in traffic.responses.items() if p != "/health" for _ in statuses]
    callee = FRAMEWORKS[combination.framework].callee
    called = [callee for p in requested if p == "/"] if callee else []
    assert sorted(path(s) for s in segments) == sorted(requested + called)
    for segment in segments:
        assert segment["name"] == DEFAULT_SERVICE_NAME
        assert TRACE_ID.fullmatch(segment["trace_id"])
        assert ENTITY_ID.fullmatch(segment["id"])
        assert segment["in_progress"] is False
        assert segment["end_time"] >= segment["start_time"]


def test_the_work_of_a_page_shows_as_subsegments_of_its_segment(recorded, combination):
    """Database queries for the pages that query; the outgoing call, and its callee's
    segment in the same trace, for the page that calls out."""
    daemon, _ = recorded
    framework = FRAMEWORKS[combination.framework]
    callees = {s["parent_id"]: s for s in segments_for(daemon, framework.callee)} if framework.callee else {}
    for segment in segments_for(daemon, "/"):
        if framework.callee:
            (call,) = segment["subsegments"]
            assert call["namespace"] == "remote"
            assert urlparse(call["http"]["request"]["url"]).path == framework.callee
            assert callees[call["id"]]["trace_id"] == segment["trace_id"]
            continue
        queries = [sub for sub in segment["subsegments"] if "sql" in sub]
        assert queries
        assert {sub["sql"]["database_type"] for sub in queries} == {framework.xray_database_type}
        assert all(sub["namespace"] == "remote" for sub in queries)


def test_error_is_captured_on_its_segment(recorded):
    daemon, _ = recorded
    (failed,) = segments_for(daemon, "/error")
    assert failed["http"]["response"]["status"] == 500
    assert failed["fault"] is True
    (exception, *_) = failed["cause"]["exceptions"]
    assert exception["type"] == "RuntimeError"


def test_incoming_trace_header_is_continued(recorded):
    daemon, _ = recorded
    root, parent = (part.split("=")[1] for part in UPSTREAM_XRAY_HEADER.split(";")[:2])
    (continued,) = [s for s in daemon.segments() if s.get("parent_id") == parent]
    assert continued["trace_id"] == root


def test_service_stops_cleanly_on_sigterm(recorded):
    _, traffic = recorded
    assert traffic.exit_status == 0, traffic.output
    assert logged_problems(traffic.output) == []


def test_log_lines_carry_the_trace_id_of_the_segment_that_arrived(recorded, combination):
    daemon, traffic = recorded
    lines = logged_by(traffic.output, FRAMEWORKS[combination.framework].logger)
    arrived = {segment["trace_id"] for segment in daemon.segments()}
    assert lines and all(line["xray_trace_id"] in arrived for line in lines), lines
