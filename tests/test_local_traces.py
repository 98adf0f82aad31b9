"""`scripts/local_traces.py`, the README's first way to see traces: run as the README says, with
the variables it prints, it receives what the running service sends in the backend's own
protocol (X-Ray's sampling API included) and prints each trace as an indented tree, whose
trace ids are those in the service's log lines."""

import subprocess

import pytest
import yaml

from .combinations import DEFAULT_PYTHON, WEB_FRAMEWORKS, combination_id, supported
from .frameworks import FRAMEWORKS
from .local_traces import LocalTraces
from .test_worker_traces import run_producer_and_stop
from .traffic import logged_by
from .virtualenvs import environment
from .waiting import wait_until

# Where each backend's log lines put the trace id that local_traces prints.
LOGGED_TRACE_ID = {"snappyflow": "trace.id", "xray": "xray_trace_id", "opentelemetry": "trace_id"}
DELIBERATE_FAILURE = "ERROR RuntimeError: Deliberate failure"
# The variables naming the script's address, and its default port in each.
DEFAULT_PORTS = {"AWS_XRAY_DAEMON_ADDRESS": "2000", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "4318"}


@pytest.fixture
def printed(once, combination, project, venv, start_service, web_traffic):
    """(trees, service output, local_traces) after the standard traffic or the producer's tasks."""
    framework = FRAMEWORKS[combination.framework]

    def record():
        with LocalTraces(project, venv) as local:
            if framework.worker:
                expected = 7  # the producer's run and its six tasks
                service = start_service(**local.variables)
                try:
                    *_, output = run_producer_and_stop(service, lambda: len(local.trees()) >= expected)
                except AssertionError as error:
                    raise AssertionError(f"{error}\n{local.output()}\n{service.output()}") from None
            else:
                expected = len(framework.transaction_names)
                try:
                    traffic = web_traffic(local.variables, lambda: len(local.trees()) >= expected)
                except AssertionError as error:
                    raise AssertionError(f"{error}\n{local.output()}") from None
                assert traffic.answered_as_expected(), traffic.responses
                output = traffic.output
        assert local.exit_status == 0, local.output()
        return local.trees(), output, local

    return once(("local-traces", combination), record)


@pytest.mark.parametrize("combination", supported(framework=WEB_FRAMEWORKS), ids=combination_id)
def test_every_request_but_health_checks_is_printed_as_a_tree(printed, combination):
    trees, _, local = printed
    framework = FRAMEWORKS[combination.framework]
    assert len(trees) == len(framework.transaction_names), local.output()
    assert not any("/health" in tree.text for tree in trees), local.output()
    failed = [tree for tree in trees if DELIBERATE_FAILURE in tree.text]
    assert len(failed) == 1 and DELIBERATE_FAILURE in failed[0].nodes[0].rest, local.output()


@pytest.mark.parametrize("combination", supported(framework=WEB_FRAMEWORKS), ids=combination_id)
def test_the_work_of_a_page_is_indented_under_it(printed, combination):
    """Database queries under the pages that query; the outgoing call under the page that
    calls out, and the callee's own tree in the same trace."""
    trees, _, local = printed
    callee = FRAMEWORKS[combination.framework].callee
    if callee:
        calls = [tree for tree in trees if any(callee in child.rest for child in tree.children())]
        called = {tree.trace for tree in trees if tree not in calls}
        assert len(calls) == 3 and all(call.trace in called for call in calls), local.output()
    else:
        queried = [tree for tree in trees if any(" ms  db" in child.rest for child in tree.children())]
        assert len(queried) >= 3, local.output()


@pytest.mark.parametrize(
    "combination",
    [c for c in supported(["xray"], ["flask"]) if c.python_version == DEFAULT_PYTHON],
    ids=combination_id,
)
def test_an_xray_service_that_follows_sampling_rules_gets_them_from_local_traces(
    project, venv, start_service
):
    """Without XRAY_SAMPLE_ALL the SDK asks the daemon's address for sampling rules: the
    script answers as the daemon does, so the service records the pages and logs no error."""
    with LocalTraces(project, venv) as local:
        variables = {name: value for name, value in local.variables.items() if name != "XRAY_SAMPLE_ALL"}
        with start_service(**variables) as service:
            for _ in range(3):
                assert service.get("/")[0] == 200
            wait_until(lambda: "Sampling rules sent" in local.output(), "the SDK to ask for rules")
            wait_until(lambda: local.trees(), "a page's tree")
        output = service.output()
    assert "GetSamplingRules" not in output and "ERROR" not in output, output


@pytest.mark.parametrize("combination", supported(framework=["celery"]), ids=combination_id)
def test_the_producer_and_every_task_are_printed_in_one_trace(printed):
    trees, _, local = printed
    assert len(trees) == 7 and len({tree.trace for tree in trees}) == 1, local.output()
    (failed,) = [tree for tree in trees if DELIBERATE_FAILURE in tree.text]
    assert "fail" in failed.text
    adds = [tree for tree in trees if "tasks.add" in tree.nodes[0].name + tree.nodes[0].rest]
    assert len(adds) == 2 and all(" ms  db" in tree.text for tree in adds), local.output()


@pytest.mark.parametrize("combination", supported(), ids=combination_id)
def test_log_lines_carry_the_trace_ids_that_local_traces_prints(printed, combination):
    trees, output, _ = printed
    lines = logged_by(output, FRAMEWORKS[combination.framework].logger)
    printed_ids = {trace for tree in trees for trace in tree.ids}
    assert lines and {line[LOGGED_TRACE_ID[combination.tracing]] for line in lines} <= printed_ids


@pytest.mark.parametrize("combination", supported(), ids=combination_id)
def test_compose_points_the_app_at_local_traces_as_the_script_says(printed, project, venv):
    """compose.local-traces.yml gives the app the variables the script prints, with the
    local-traces container's name and default port in place of this test's address."""
    _, _, local = printed
    expected = {
        name: value.replace(f"127.0.0.1:{local.port}", f"local-traces:{DEFAULT_PORTS.get(name)}")
        for name, value in local.variables.items()
    }
    if "SF_PROFILE_KEY" in expected:
        key = subprocess.run(
            ["python", "scripts/local_traces.py", "--key-for", "http://local-traces:8200"],
            cwd=project,
            env=environment(venv),
            capture_output=True,
            text=True,
            check=True,
        )
        expected["SF_PROFILE_KEY"] = key.stdout.strip()
    override = yaml.safe_load((project / "compose.local-traces.yml").read_text())
    assert override["services"]["app"]["environment"] == expected
