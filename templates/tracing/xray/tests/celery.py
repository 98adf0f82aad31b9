{#- tests/test_xray.py's Celery parts: its imports, and its tests (the shared daemon
    fixture is in the module). -#}
{%- set imports -%}
import json
import logging
import socket

import pytest
from aws_xray_sdk import global_sdk_config
from aws_xray_sdk.core import xray_recorder

from {{ slug }} import SERVICE_NAME, tasks
from {{ slug }}.worker import app
from {{ slug }}.xray import init_tracing, traced_run
from {{ slug }}.xray_celery import TRACE_HEADER

{%- endset -%}
{%- set recorder_configured_at_start = true -%}
{%- set tests -%}
UPSTREAM_ROOT, UPSTREAM_PARENT = "1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8"


@pytest.fixture(autouse=True)
def sdk_enabled():
    yield
    global_sdk_config.set_sdk_enabled(True)


@app.task
def leaves_a_subsegment_open() -> None:
    xray_recorder.begin_subsegment("left open")


def subsegments(entity):
    for sub in entity.get("subsegments", []):
        yield sub
        yield from subsegments(sub)


def test_eager_task_is_a_subsegment_of_its_caller_with_its_queries(daemon, eager):
    with traced_run("test"):
        assert tasks.add.delay(2, 3).get() == 5
    segment = daemon()
    (task,) = [sub for sub in segment["subsegments"] if sub["name"] == tasks.add.name]
    assert task["annotations"]["celery_state"] == "SUCCESS"
    assert {sub["sql"]["database_type"] for sub in subsegments(task) if "sql" in sub} == {"sqlite3"}


def test_failing_task_records_its_exception(daemon, eager):
    with traced_run("test"):
        assert tasks.fail.delay().failed()
    (task,) = daemon()["subsegments"]
    assert task["fault"] is True
    assert task["cause"]["exceptions"][0]["type"] == "RuntimeError"


def test_run_segment_is_named_for_the_service(daemon):
    with traced_run("test"):
        pass
    segment = daemon()
    assert segment["name"] == SERVICE_NAME
    assert segment["annotations"]["run"] == "test"


@pytest.mark.parametrize("sampled", ["1", "0"])
def test_worker_continues_the_senders_trace_unless_it_was_not_sampled(daemon, worker, sampled):
    header = f"Root={UPSTREAM_ROOT};Parent={UPSTREAM_PARENT};Sampled={sampled}"
    result = tasks.add.apply_async((1, 2), headers={TRACE_HEADER: header})
    assert result.get(timeout=10) == 3
    if sampled == "0":
        with pytest.raises(TimeoutError):
            daemon()
        return
    segment = daemon()
    assert (segment["trace_id"], segment["parent_id"]) == (UPSTREAM_ROOT, UPSTREAM_PARENT)
    assert segment["annotations"]["celery_task"] == tasks.add.name


def test_worker_ends_the_segment_a_task_left_a_subsegment_open_in(daemon, worker):
    leaves_a_subsegment_open.delay().get(timeout=10)
    segment = daemon()
    (left_open,) = segment["subsegments"]
    assert left_open["name"] == "left open"
    assert left_open["in_progress"] is False


@pytest.mark.parametrize("address", INVALID_DAEMON_ADDRESSES)
def test_invalid_daemon_address_turns_tracing_off_with_one_warning(
    monkeypatch, caplog, eager, address
):
    caplog.set_level(logging.WARNING)  # a Celery worker started earlier may have set ERROR
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", address)
    init_tracing(app)
    assert not global_sdk_config.sdk_enabled()
    with traced_run("untraced"):
        assert tasks.add.delay(1, 1).get() == 2
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert "AWS_XRAY_DAEMON_ADDRESS" in warnings[0]
{%- endset -%}
