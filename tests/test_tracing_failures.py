"""Tracing never stops the service: with a missing or broken setting it serves and says
once why tracing is off, and with the collector down requests still succeed."""

import socket
import threading
import time

import pytest

from .backends import (
    failing_backend_variables,
    opentelemetry_variables,
    snappyflow_variables,
    xray_variables,
)
from .collectors.apm_intake import ApmIntake
from .collectors.failing import FAILURES
from .combinations import SUPPORTED_COMBINATIONS, combination_id, supported
from .frameworks import FRAMEWORKS, producer_command
from .services import QUICK_STOP, ReplayedService, free_port
from .skipping import skip_or_fail
from .traffic import DELIBERATE_FAILURE, TRACER_LINE, logged_problems, stop_log
from .virtualenvs import project_virtualenv, pyenv_pythons, python_version_of

MISCONFIGURATIONS = {
    "snappyflow": {
        "no-key": ({"SF_PROJECT_NAME": "shop", "SF_APP_NAME": "checkout"}, "SF_PROFILE_KEY not set"),
        "garbled-key": (
            {"SF_PROFILE_KEY": "bm90IGEga2V5", "SF_PROJECT_NAME": "shop", "SF_APP_NAME": "checkout"},
            "SF_PROFILE_KEY is not a valid key",
        ),
        "key-naming-no-url": (
            snappyflow_variables("not a url"),
            "trace_server_url of SF_PROFILE_KEY",
        ),
    },
    "xray": {
        "bad-daemon-address": ({"AWS_XRAY_DAEMON_ADDRESS": "nonsense"}, "AWS_XRAY_DAEMON_ADDRESS"),
        "daemon-port-out-of-range": (
            {"AWS_XRAY_DAEMON_ADDRESS": "localhost:99999"},
            "AWS_XRAY_DAEMON_ADDRESS",
        ),
    },
    "opentelemetry": {
        "endpoint-not-a-url": (
            {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "nonsense"},
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        ),
        "unknown-sampler": ({"OTEL_TRACES_SAMPLER": "sometimes"}, "OTEL_TRACES_SAMPLER"),
        "unknown-propagator": ({"OTEL_PROPAGATORS": "tracecontext,nonsense"}, "OTEL_PROPAGATORS"),
        "grpc-not-installed": ({"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "OTEL_EXPORTER_OTLP_PROTOCOL"),
    },
}


MISCONFIGURED_COMBINATIONS = [
    pytest.param(combination, variables, said, id=f"{combination.id}-{name}")
    for combination in SUPPORTED_COMBINATIONS
    for name, (variables, said) in MISCONFIGURATIONS[combination.tracing].items()
]


def does_its_job(service, combination, pages=("/", "/error", "/")) -> bool:
    """Web services answer their pages (/error with a 500); a worker runs the tasks the
    producer sends."""
    if FRAMEWORKS[combination.framework].worker:
        producer = service.run(producer_command())
        return producer.returncode == 0
    statuses = [service.get(page)[0] for page in pages]
    return statuses == [500 if page == "/error" else 200 for page in pages]


def closed_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def start(start_service):
    """The service with one worker process, so that 'once per process' is countable."""
    return lambda **variables: start_service(WEB_CONCURRENCY="1", CELERY_CONCURRENCY="1", **variables)


# manage.py switches X-Ray off for its commands (AWS_XRAY_SDK_ENABLED=false), so Django's
# migrate, before the worker starts, has no tracing to warn about.
UNTRACED_START_PROCESSES = {("django", "xray"): 1}


@pytest.mark.parametrize(("combination", "variables", "said"), MISCONFIGURED_COMBINATIONS)
def test_misconfigured_tracing_serves_and_says_once_why_it_is_off(start, combination, variables, said):
    service = start(**variables)
    with service:
        assert does_its_job(service, combination)
    warnings = logged_problems(service.output())
    untraced = UNTRACED_START_PROCESSES.get((combination.framework, combination.tracing), 0)
    assert len(warnings) == FRAMEWORKS[combination.framework].start_processes - untraced
    assert all("tracing is off" in warning and said in warning for warning in warnings)


def test_collector_down_does_not_break_requests(start, combination):
    if combination.tracing == "snappyflow":
        variables = snappyflow_variables(f"http://127.0.0.1:{free_port()}")
    elif combination.tracing == "opentelemetry":
        variables = opentelemetry_variables(f"http://127.0.0.1:{free_port()}")
    else:
        variables = xray_variables(f"127.0.0.1:{closed_udp_port()}")
    service = start(**variables)
    with service:
        assert all(does_its_job(service, combination) for _ in range(3))
    assert service.exit_status == 0


BACKEND_FAILURES = [
    pytest.param(combination, failure, id=f"{combination.id}-{failure}")
    for combination in SUPPORTED_COMBINATIONS
    # X-Ray's UDP datagrams have no answer to fail: only a daemon that is down.
    for failure in (["down"] if combination.tracing == "xray" else FAILURES)
]


def keep_busy(service, combination, seconds: float) -> int:
    """Work for the service for this long, and twice at least: pages from two clients at once,
    or the producer's tasks run one batch after another (a batch is a one-off container, which
    can take most of those seconds on a busy machine). How many requests or batches succeeded."""
    deadline, done = time.monotonic() + seconds, []

    def client():
        while time.monotonic() < deadline or len(done) < 2:
            done.append(does_its_job(service, combination, pages=["/"]))

    clients = [
        threading.Thread(target=client) for _ in range(1 if FRAMEWORKS[combination.framework].worker else 2)
    ]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    assert all(done)
    return len(done)


@pytest.mark.parametrize(("combination", "failure"), BACKEND_FAILURES)
def test_a_failing_backend_never_floods_the_log_or_holds_up_a_stop(start, combination, failure):
    """Sampling as in production (X-Ray asks its daemon for rules), the default batching
    shortened so that the agent fails many times, and at most one line per process about it.
    The stop gives up on the backend in time (what SnappyFlow holds: 8 s at most)."""
    with FAILURES[failure]() as server:
        service = start(**failing_backend_variables(combination.tracing, server.url))
        with service:
            assert keep_busy(service, combination, seconds=8) > 1
    output = service.output()
    tracer_lines = [line for line in output.splitlines() if TRACER_LINE.search(line)]
    # One per process that traces: those that start the service, and a worker's pool process.
    framework = FRAMEWORKS[combination.framework]
    assert len(tracer_lines) <= framework.start_processes + framework.worker, tracer_lines
    # Tracebacks only for the deliberate failure of the producer's `fail` task.
    deliberate = sum(bool(DELIBERATE_FAILURE.search(line)) for line in output.splitlines())
    assert output.count("Traceback") == deliberate and "Exception ignored" not in output, output
    assert service.exit_status == 0 and service.stopped_in < QUICK_STOP, stop_log(output)


# CPython 3.12.0 and 3.12.1 crash in garbage collection when a memoryview of a BytesIO is
# caught in a reference cycle (python/cpython#111049, fixed in 3.12.2), which the agent's
# transport makes whenever its server is unreachable. Images carry the newest 3.12; a
# service run on an older one must not start the agent.
CRASHING_PYTHONS = ((3, 12, 0), (3, 12, 1))


def crashing_python() -> str:
    for python in pyenv_pythons("3.12"):
        if python_version_of(python) in CRASHING_PYTHONS:
            return python
    skip_or_fail("pyenv has no CPython 3.12.0 or 3.12.1 to run the service on")


@pytest.mark.parametrize(
    "combination",
    [c for c in supported(tracing=["snappyflow"]) if c.python_version == "3.12"],
    ids=combination_id,
)
def test_snappyflow_refuses_to_run_on_a_python_that_crashes_it(
    combination, project, service_secrets, tmp_path
):
    venv = project_virtualenv(project, "3.12", crashing_python())
    with ApmIntake() as intake:
        variables = {**service_secrets, **snappyflow_variables(intake.url), "WEB_CONCURRENCY": "1"}
        service = ReplayedService(project, venv, tmp_path, **variables)
        with service:
            assert does_its_job(service, combination)
    warnings = logged_problems(service.output())
    assert len(warnings) == FRAMEWORKS[combination.framework].start_processes
    assert all("tracing is off" in w and "3.12.2 or later" in w for w in warnings), warnings
    assert intake.events == []
