"""What a real image is, per combination: built from the project's own Dockerfile in a checkout
that also holds a developer's local files, and run as ECS runs the task definition's app
container. Needs a Docker engine (skipped without one, failing under .ci/run)."""

import json
import threading
import time
from dataclasses import dataclass, field

import pytest

from . import containers, developer_files
from .combinations import DEFAULT_PYTHON, DEFAULT_SLUG
from .developer_files import SECRET_VALUE
from .ecs import app_container
from .frameworks import FRAMEWORKS
from .slow_upstream import SlowUpstream
from .waiting import wait_until

APP_UID = "10001"
MAX_ADDED_MEGABYTES = 90


@pytest.fixture
def files(once, engine, image, combination) -> containers.Filesystem:
    needle = SECRET_VALUE.encode()
    return once(("files", combination), lambda: containers.filesystem(engine, image.image.id, (needle,)))


@pytest.fixture
def base_files(once, engine, image) -> containers.Filesystem:
    return once(("base files", image.base.id), lambda: containers.filesystem(engine, image.base.id))


@dataclass
class Run:
    """What a container showed while it ran, and how `docker stop` ended it."""

    healthcheck: list[str] = field(default_factory=list)
    processes: list[dict] = field(default_factory=list)
    write_errors: dict[str, str] = field(default_factory=dict)  # path -> '' or the error
    in_flight: list[tuple[int, float]] = field(default_factory=list)  # (status, when answered)
    task_id: str = ""  # a worker's held task
    stop_requested: float = 0.0
    exit_status: int | None = None
    stopped_in: float = 0.0
    output: str = ""


@pytest.fixture
def run(once, combination, image, project, start_service) -> Run:
    """Start the service and look inside; then hold work in flight (requests, or a worker's
    task, waiting on its database or upstream), `docker stop` it, and release the work only
    once the service says it is stopping. Once per combination."""
    framework = FRAMEWORKS[combination.framework]

    def record() -> Run:
        seen = Run()
        with SlowUpstream() as upstream:
            service = start_service(**({"UPSTREAM_URL": upstream.url} if framework.callee else {}))
            service.__enter__()
            stopping = threading.Thread(target=service.__exit__, args=(None, None, None))
            release, waiters = upstream.release, []
            try:
                seen.healthcheck = service.container.attrs["Config"]["Healthcheck"]["Test"]
                seen.processes = service.processes()
                for path in ("/app/written", "/tmp/written"):
                    seen.write_errors[path] = service.write_test(path)
                if framework.database:
                    release = service.hold_database(framework.database)
                seen.task_id = _put_work_in_flight(service, framework, upstream, seen, waiters)
                seen.stop_requested = time.monotonic()
                stopping.start()
                wait_until(lambda: framework.stopping in service.output(), "the service to begin stopping")
            finally:
                release()
                if stopping.is_alive():
                    stopping.join()
                elif service.exit_status is None:
                    service.__exit__(None, None, None)
                for waiter in waiters:
                    waiter.join()
            if framework.worker:
                fetch = f"from {DEFAULT_SLUG}.worker import app; print(app.AsyncResult(sys.argv[1]).get(10))"
                answer = service.run(["python", "-c", f"import sys; {fetch}", seen.task_id])
                seen.in_flight.append((200 if answer.stdout.strip() == "5" else 500, time.monotonic()))
        seen.exit_status, seen.stopped_in, seen.output = (
            service.exit_status,
            service.stopped_in,
            service.output(),
        )
        containers.record(combination.id, **{"healthy s": service.started_in, "stop s": service.stopped_in})
        return seen

    return once(("run", combination), record)


def _put_work_in_flight(service, framework, upstream, seen: Run, waiters: list) -> str:
    """Send a worker a task, or a web service two requests, and wait until they are in the
    service, held there. Returns the task's id ('' for requests)."""
    if framework.worker:
        task = f"from {DEFAULT_SLUG}.tasks import add; print(add.delay(2, 3).id)"
        task_id = service.run(["python", "-c", task]).stdout.strip()
        wait_until(lambda: f"[{task_id}] received" in service.output(), "the worker to take the task")
        return task_id
    waiters += [threading.Thread(target=_answer, args=(service, seen)) for _ in range(2)]
    for waiter in waiters:
        waiter.start()
    if framework.callee:
        wait_until(lambda: upstream.arrived == len(waiters), "the requests to call out")
    else:
        time.sleep(1)  # the requests reach the service, which waits on its database
    return ""


def _answer(service, seen: Run) -> None:
    status, _ = service.get("/", timeout=60)
    seen.in_flight.append((status, time.monotonic()))


def test_image_adds_at_most_90_mb_to_its_base(image, combination):
    added = image.added_bytes / 1_000_000
    print(f"{combination.id}: {image.image.attrs['Size'] / 1e6:.1f} MB, {added:.1f} MB over its base")
    assert added <= MAX_ADDED_MEGABYTES


def test_image_has_no_compiler_and_no_system_headers_beyond_its_base(files, base_files):
    """No toolchain: no compiler, and no C headers in the system's include folders (headers a
    wheel ships as its own data, such as multidict's C API, are not build tools)."""
    assert containers.compilers(files.paths) == []
    added = files.paths - base_files.paths
    assert {path for path in added if path.startswith(("usr/include/", "usr/local/include/"))} == set()


def test_no_secret_value_anywhere_in_the_image(image, files):
    secret = SECRET_VALUE
    assert secret not in json.dumps(image.image.attrs)  # config, environment, labels
    assert secret not in json.dumps(image.image.history())
    assert files.containing[secret.encode()] == []


def test_build_context_keeps_a_developers_local_files_out(files, base_files):
    """Not where a COPY would have put them (the secret value they hold is checked above)."""
    added = files.paths - base_files.paths
    assert {f"app/{path}" for path in developer_files.paths(DEFAULT_SLUG)} & added == set()
    assert f"app/{DEFAULT_SLUG}/__init__.py" in files.paths
    assert not [path for path in added if path.startswith("app/tests")]


def test_docker_reports_it_healthy_through_the_images_own_check(run, image):
    assert run.healthcheck == image.image.attrs["Config"]["Healthcheck"]["Test"]


def test_every_process_runs_as_uid_10001(run):
    assert len(run.processes) >= 2, run.processes  # the init process and the service
    assert {process["uid"] for process in run.processes} == {APP_UID}, run.processes


def test_root_filesystem_is_read_only_and_the_temp_volume_writable(run):
    assert "Read-only file system" in run.write_errors["/app/written"]
    assert run.write_errors["/tmp/written"] == ""


def test_docker_stop_answers_the_work_in_flight_then_exits_0_well_inside_stop_timeout(run, project):
    stop_timeout = app_container(project)["stopTimeout"]
    assert run.exit_status == 0, run.output
    assert run.in_flight and all(status == 200 for status, _ in run.in_flight), run.output
    assert all(answered > run.stop_requested for _, answered in run.in_flight)
    if run.task_id:  # the worker's task was still running when its warm shutdown began
        assert run.output.index(f"[{run.task_id}] succeeded") > run.output.index("Warm shutdown"), run.output
    assert run.stopped_in < stop_timeout / 2


def test_the_image_checks_find_a_leaked_secret_and_a_compiler(engine, tmp_path):
    """The checks above bite: an image that copies a .env in, and a path a compiler would have."""
    (tmp_path / ".env").write_text(f"SF_PROFILE_KEY={SECRET_VALUE}\n")
    (tmp_path / "Dockerfile").write_text(f"FROM python:{DEFAULT_PYTHON}-slim\nCOPY .env /app/.env\n")
    leaky = containers.build(engine, tmp_path, tag="sf-templates-test:leaky")
    needle = SECRET_VALUE.encode()
    assert containers.filesystem(engine, leaky.image.id, (needle,)).containing[needle] == ["app/.env"]
    toolchain = {"usr/bin/x86_64-linux-gnu-gcc-12", "usr/bin/cc", "usr/bin/ccache", "usr/local/bin/python"}
    assert containers.compilers(toolchain) == ["usr/bin/cc", "usr/bin/x86_64-linux-gnu-gcc-12"]
