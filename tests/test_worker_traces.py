"""Celery end to end: a real prefork worker, started as its Dockerfile starts it, against a
real redis-server; the producer command sends the demonstration tasks from inside one
trace, and every task's trace must join it."""

import re

import pytest

from .backends import APP, opentelemetry_variables, snappyflow_variables, xray_variables
from .collectors.apm_intake import ApmIntake
from .collectors.otlp_receiver import OtlpReceiver
from .collectors.xray_daemon import XRayDaemon
from .combinations import DEFAULT_PYTHON, DEFAULT_SLUG, combination_id, supported
from .containers import ContainerService, record
from .frameworks import FRAMEWORKS, producer_command
from .redis_server import SERVERS, RedisServer
from .skipping import skip_or_fail
from .traffic import logged_by, logged_problems
from .waiting import wait_until

TASKS = [f"{DEFAULT_SLUG}.tasks.{name}" for name in ("add", "add", "fail", "fan_out", "flaky", "flaky")]


def run_producer_and_stop(service, arrived):
    """Start the worker, run the producer, stop the worker with SIGTERM as ECS does, then
    wait until arrived() says the traces are in: whatever the worker still held must have
    been flushed on the way out."""
    with service:
        producer = service.run(producer_command())
    wait_until(arrived, "the tasks' traces to arrive")
    return producer, service.exit_status, service.output()


def record_stop(combination, service) -> None:
    if isinstance(service, ContainerService):
        record(combination.id, **{"traced stop s": service.stopped_in})


@pytest.mark.parametrize("combination", supported(["snappyflow"], ["celery"]), ids=combination_id)
class TestSnappyFlow:
    @pytest.fixture
    def recorded(self, once, combination, start_service):
        """(intake, producer, worker exit status, worker output), once per combination."""

        def record():
            with ApmIntake() as intake:
                # Long enough that only the flush on SIGTERM can deliver the last tasks.
                service = start_service(**snappyflow_variables(intake.url, request_time="60s"))

                producer, exit_status, output = run_producer_and_stop(
                    service, lambda: len(intake.of_kind("transaction")) >= len(TASKS) + 1
                )
                record_stop(combination, service)
                return intake, producer, exit_status, output

        return once(("snappyflow-worker", combination), record)

    def test_producer_saw_every_task_end_as_expected(self, recorded):
        _, producer, _, _ = recorded
        assert producer.returncode == 0, producer.stdout + producer.stderr
        assert "UNEXPECTED" not in producer.stdout

    def test_producer_prints_what_the_readme_shows(self, recorded, project):
        _, producer, _, _ = recorded
        shown = re.search(r"```\n(ok .*?)\n```", (project / "README.md").read_text(), re.DOTALL).group(1)
        pattern = re.escape(shown).replace(re.escape("<the id of the task it sent>"), "[0-9a-f-]{36}")
        assert re.fullmatch(pattern, producer.stdout.strip()), producer.stdout

    def test_every_task_is_a_celery_transaction(self, recorded):
        intake, _, _, _ = recorded
        tasks = [t for t in intake.of_kind("transaction") if t["type"] == "celery"]
        assert sorted(t["name"] for t in tasks) == sorted(TASKS)
        results = sorted((t["name"].rsplit(".", 1)[1], t["result"]) for t in tasks)
        assert results == [
            ("add", "SUCCESS"),
            ("add", "SUCCESS"),
            ("fail", "FAILURE"),
            ("fan_out", "SUCCESS"),
            ("flaky", "RETRY"),
            ("flaky", "SUCCESS"),
        ]

    def test_every_task_joins_the_producers_trace(self, recorded):
        intake, _, _, _ = recorded
        (run,) = [t for t in intake.of_kind("transaction") if t["type"] == "command"]
        tasks = [t for t in intake.of_kind("transaction") if t["type"] == "celery"]
        assert {t["trace_id"] for t in tasks} == {run["trace_id"]}

    def test_failure_is_captured_as_an_error_of_its_task(self, recorded):
        intake, _, _, _ = recorded
        (failed,) = [t for t in intake.of_kind("transaction") if t["result"] == "FAILURE"]
        (error,) = intake.of_kind("error")
        assert error["exception"]["type"] == "RuntimeError"
        assert error["transaction_id"] == failed["id"]

    def test_task_queries_are_spans(self, recorded):
        intake, _, _, _ = recorded
        adds = [t["id"] for t in intake.of_kind("transaction") if t["name"].endswith(".add")]
        for add in adds:
            spans = [s for s in intake.of_kind("span") if s["transaction_id"] == add]
            assert any(s["subtype"] == "sqlite" and "sums" in s["name"] for s in spans)

    def test_task_log_lines_carry_the_ids_of_their_transaction(self, recorded):
        intake, _, _, output = recorded
        lines = logged_by(output, FRAMEWORKS["celery"].logger)
        arrived = {(t["trace_id"], t["id"]) for t in intake.of_kind("transaction")}
        assert lines and all((line["trace.id"], line["transaction.id"]) in arrived for line in lines)

    def test_worker_stops_cleanly_on_sigterm(self, recorded):
        intake, _, exit_status, output = recorded
        assert exit_status == 0, output
        assert logged_problems(output) == []
        assert intake.rejected == []
        assert {m["labels"]["_tag_appName"] for m in intake.metadata} == {APP}


@pytest.mark.parametrize("combination", supported(["xray"], ["celery"]), ids=combination_id)
class TestXRay:
    @pytest.fixture
    def recorded(self, once, combination, start_service):
        """(daemon, producer, worker exit status, worker output), once per combination."""

        def record():
            with XRayDaemon() as daemon:
                service = start_service(**xray_variables(daemon.address))
                producer, exit_status, output = run_producer_and_stop(
                    service, lambda: len(task_segments(daemon)) >= len(TASKS) and run_segment(daemon)
                )
                record_stop(combination, service)
                return daemon, producer, exit_status, output

        return once(("xray-worker", combination), record)

    def test_producer_saw_every_task_end_as_expected(self, recorded):
        _, producer, _, _ = recorded
        assert producer.returncode == 0, producer.stdout + producer.stderr

    def test_every_task_is_a_segment_that_joins_the_producers_trace(self, recorded):
        daemon, _, _, _ = recorded
        tasks = task_segments(daemon)
        assert sorted(s["annotations"]["celery_task"] for s in tasks) == sorted(TASKS)
        assert {s["trace_id"] for s in tasks} == {run_segment(daemon)["trace_id"]}

    def test_each_task_continues_from_the_subsegment_that_published_it(self, recorded):
        daemon, _, _, _ = recorded
        publishers = {
            sub["id"]: sub["name"]
            for segment in daemon.segments()
            for sub in all_subsegments(segment)
            if sub["name"].startswith("publish ")
        }
        for task in task_segments(daemon):
            assert publishers[task["parent_id"]] == f"publish {task['annotations']['celery_task']}"

    def test_failure_is_recorded_with_its_exception(self, recorded):
        daemon, _, _, _ = recorded
        (failed,) = [s for s in task_segments(daemon) if s["annotations"]["celery_state"] == "FAILURE"]
        assert failed["fault"] is True
        assert failed["cause"]["exceptions"][0]["type"] == "RuntimeError"

    def test_retry_is_flagged(self, recorded):
        daemon, _, _, _ = recorded
        flaky = [s for s in task_segments(daemon) if s["annotations"]["celery_task"].endswith(".flaky")]
        states = sorted(s["annotations"]["celery_state"] for s in flaky)
        assert states == ["RETRY", "SUCCESS"]
        (retried,) = [s for s in flaky if s["annotations"].get("celery_retry")]
        assert retried["error"] is True

    def test_task_queries_are_subsegments(self, recorded):
        daemon, _, _, _ = recorded
        for add in [s for s in task_segments(daemon) if s["annotations"]["celery_task"].endswith(".add")]:
            assert any(sub.get("sql", {}).get("database_type") == "sqlite3" for sub in all_subsegments(add))

    def test_task_log_lines_carry_the_trace_id_of_their_segment(self, recorded):
        daemon, _, _, output = recorded
        lines = logged_by(output, FRAMEWORKS["celery"].logger)
        arrived = {segment["trace_id"] for segment in daemon.segments()}
        assert lines and all(line["xray_trace_id"] in arrived for line in lines)

    def test_worker_stops_cleanly_on_sigterm(self, recorded):
        daemon, _, exit_status, output = recorded
        assert exit_status == 0, output
        assert logged_problems(output) == []
        assert daemon.rejected == []


@pytest.mark.parametrize("combination", supported(["opentelemetry"], ["celery"]), ids=combination_id)
class TestOpenTelemetry:
    @pytest.fixture
    def recorded(self, once, combination, start_service):
        """(receiver, producer, worker exit status, worker output), once per combination."""

        def record():
            with OtlpReceiver() as receiver:
                # Batches every 60 s: only the export on the way out can deliver the tasks' spans.
                variables = {**opentelemetry_variables(receiver.url), "OTEL_BSP_SCHEDULE_DELAY": "60000"}
                service = start_service(**variables)
                producer, exit_status, output = run_producer_and_stop(
                    service, lambda: receiver.tasks_traced() >= len(TASKS) and run_span(receiver)
                )
                record_stop(combination, service)
                return receiver, producer, exit_status, output

        return once(("opentelemetry-worker", combination), record)

    def test_producer_saw_every_task_end_as_expected(self, recorded):
        _, producer, _, _ = recorded
        assert producer.returncode == 0, producer.stdout + producer.stderr

    def test_every_task_run_is_a_consumer_span_that_joins_the_producers_trace(self, recorded):
        receiver, _, _, _ = recorded
        runs = task_runs(receiver)
        assert sorted(s["name"].removeprefix("run/") for s in runs) == sorted(TASKS)
        assert {s["trace_id"] for s in runs} == {run_span(receiver)["trace_id"]}

    def test_each_task_run_is_a_child_of_the_producer_span_that_sent_it(self, recorded):
        receiver, _, _, _ = recorded
        sent = {s["span_id"]: s for s in receiver.received() if s["kind"] == "PRODUCER"}
        for run in task_runs(receiver):
            sender = sent[run["parent_span_id"]]
            assert sender["name"] == "apply_async/" + run["name"].removeprefix("run/")

    def test_failure_is_recorded_with_its_exception(self, recorded):
        receiver, _, _, _ = recorded
        (failed,) = [s for s in task_runs(receiver) if s["attributes"]["celery.state"] == "FAILURE"]
        assert failed["status"] == "ERROR"
        (exception,) = [e for e in failed["events"] if e["name"] == "exception"]
        assert exception["attributes"]["exception.type"].endswith("RuntimeError")

    def test_retry_is_recorded(self, recorded):
        receiver, _, _, _ = recorded
        flaky = [s for s in task_runs(receiver) if s["name"].endswith(".flaky")]
        assert sorted(s["attributes"]["celery.state"] for s in flaky) == ["RETRY", "SUCCESS"]
        (retried,) = [s for s in flaky if s["attributes"]["celery.state"] == "RETRY"]
        assert "Deliberate first-attempt failure" in retried["attributes"]["celery.retry.reason"]

    def test_task_queries_are_child_spans(self, recorded):
        receiver, _, _, _ = recorded
        for add in [s for s in task_runs(receiver) if s["name"].endswith(".add")]:
            queries = [s for s in receiver.received() if s["parent_span_id"] == add["span_id"]]
            assert {(s["kind"], s["attributes"]["db.system"]) for s in queries} == {("CLIENT", "sqlite")}

    def test_task_log_lines_carry_the_ids_of_their_span(self, recorded):
        receiver, _, _, output = recorded
        lines = logged_by(output, FRAMEWORKS["celery"].logger)
        arrived = {(span["trace_id"], span["span_id"]) for span in receiver.received()}
        assert lines and all((line["trace_id"], line["span_id"]) in arrived for line in lines)

    def test_worker_stops_cleanly_on_sigterm(self, recorded):
        receiver, _, exit_status, output = recorded
        assert exit_status == 0, output
        assert logged_problems(output) == []
        assert receiver.rejected == []

    def test_a_recycled_pool_process_exports_its_spans_first(self, start_service):
        """With each pool process replaced after one task, and batches every 60 s, the spans
        of every task arrive while the worker still runs: each process exported on its way out."""
        with OtlpReceiver() as receiver:
            variables = {**opentelemetry_variables(receiver.url), "OTEL_BSP_SCHEDULE_DELAY": "60000"}
            service = start_service(**variables, CELERY_MAX_TASKS_PER_CHILD="1")
            with service:
                producer = service.run(producer_command())
                wait_until(lambda: receiver.tasks_traced() >= len(TASKS), "the recycled processes' spans")
        assert producer.returncode == 0, producer.stdout + producer.stderr
        assert sorted(s["name"].removeprefix("run/") for s in task_runs(receiver)) == sorted(TASKS)


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize(
    "combination",
    [c for c in supported(framework=["celery"]) if c.python_version == DEFAULT_PYTHON],
    ids=combination_id,
)
def test_tasks_run_through_either_redis_protocol_server(server, start_service):
    """redis-server (Debian's) and valkey-server (from PyPI, for machines without redis-server)."""
    executable = SERVERS[server]()
    if executable is None:
        skip_or_fail(f"{server} is not installed")
    with RedisServer(executable) as broker:
        service = start_service(CELERY_BROKER_URL=broker.new_url())
        producer, exit_status, output = run_producer_and_stop(service, lambda: True)
    assert producer.returncode == 0, producer.stdout + producer.stderr
    assert exit_status == 0, output


def task_segments(daemon):
    return [s for s in daemon.segments() if "celery_task" in s.get("annotations", {})]


def run_segment(daemon):
    runs = [s for s in daemon.segments() if "run" in s.get("annotations", {})]
    return runs[0] if runs else None


def task_runs(receiver):
    return [s for s in receiver.received() if s["kind"] == "CONSUMER" and s["name"].startswith("run/")]


def run_span(receiver):
    runs = [s for s in receiver.received() if s["name"] == "produce demonstration tasks"]
    return runs[0] if runs else None


def all_subsegments(entity):
    for sub in entity.get("subsegments", []):
        yield sub
        yield from all_subsegments(sub)
