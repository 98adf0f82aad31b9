"""Generated services in real containers, through the Docker SDK: the image built from the
project's own Dockerfile, run the way ECS runs the task definition's app container."""

import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import docker
from docker.errors import BuildError, DockerException

from . import dockerfile
from .ecs import app_container, task_definition, task_environment
from .services import Service, free_port
from .waiting import wait_until

NO_ENGINE = (
    "no Docker engine answers (DOCKER_HOST or /var/run/docker.sock);"
    ' `eval "$(bash .ci/docker-engine up)"` starts one (Debian/Ubuntu, as root)'
)
SECOND = 1_000_000_000  # the Docker API counts health check times in nanoseconds
# Measured figures of each combination's image and container, printed after the run: each
# test process appends them, as JSON lines, to one file that pytest's main process reads.
MEASUREMENTS = "SF_TEMPLATES_MEASUREMENTS"


def connect() -> tuple[docker.DockerClient | None, str]:
    """(client, what it is) for the engine DOCKER_HOST or the default socket names, or (None, why not)."""
    try:
        # Long enough for `docker stop` to wait out a worker's 120 s stopTimeout.
        client = docker.from_env(timeout=300)
        version = client.version()["Version"]
    except DockerException:
        return None, (
            f"{NO_ENGINE}. Until then the image tests are skipped"
            " and the end-to-end tests replay the Dockerfiles."
        )
    return client, f"Docker engine {version} at {client.api.base_url}"


@dataclass
class Image:
    image: docker.models.images.Image
    base: docker.models.images.Image
    built_in: float  # seconds

    @property
    def added_bytes(self) -> int:
        return self.image.attrs["Size"] - self.base.attrs["Size"]


def build(client: docker.DockerClient, context: Path, tag: str) -> Image:
    """The project's image, built on the host's network (the way this machine builds)."""
    started = time.monotonic()
    try:
        image, _ = client.images.build(path=str(context), tag=tag, network_mode="host", rm=True, forcerm=True)
    except BuildError as error:
        log = "".join(chunk.get("stream", "") for chunk in error.build_log)
        raise AssertionError(f"docker build failed: {error.msg}\n{log[-6000:]}") from None
    built_in = time.monotonic() - started
    final_stage = dockerfile.stages(context / "Dockerfile")[-1]
    (base_name,) = [args for keyword, args in final_stage if keyword == "FROM"]
    return Image(image, client.images.get(base_name), built_in)


@dataclass
class Filesystem:
    """What an image's filesystem holds: every path, and which files contain given byte strings."""

    paths: set[str]
    containing: dict[bytes, list[str]] = field(default_factory=dict)


class _Stream(io.RawIOBase):
    """A file over the chunks the Docker API streams."""

    def __init__(self, chunks):
        self._chunks, self._rest = iter(chunks), b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            self._rest = next(self._chunks, b"")
            if not self._rest:
                return 0
        size = min(len(buffer), len(self._rest))
        buffer[:size], self._rest = self._rest[:size], self._rest[size:]
        return size


def filesystem(client: docker.DockerClient, image_id: str, needles: tuple[bytes, ...] = ()) -> Filesystem:
    """Read an image's whole filesystem (a container created from it, never started, exported)."""
    container = client.containers.create(image_id, command=["true"])
    try:
        stream = io.BufferedReader(_Stream(client.api.export(container.id)), buffer_size=1 << 20)
        found = Filesystem(set(), {needle: [] for needle in needles})
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                found.paths.add(member.name.rstrip("/"))
                if needles and member.isfile():
                    content = archive.extractfile(member).read()
                    for needle in needles:
                        if needle in content:
                            found.containing[needle].append(member.name)
        return found
    finally:
        container.remove(v=True)


class ContainerService(Service):
    """The image run as ECS runs the task definition's app container: its environment, the
    secrets passed as plain values, its CPU and memory, its stopTimeout, an init process where
    initProcessEnabled, a read-only root with a writable tmpfs at each mount point where
    readonlyRootFilesystem, the image's own user, and the host's network on a free port.
    Ready when Docker reports it healthy through the image's own HEALTHCHECK command (probed
    every second here)."""

    HEALTH_INTERVAL = 1 * SECOND

    def __init__(self, client: docker.DockerClient, image: Image, project: Path, **variables: str):
        self.client, self.image = client, image
        self.definition = app_container(project)
        task = task_definition(project)
        # The CPU and memory ECS gives the container: its own, else the task's.
        self.cpu_units = int(self.definition.get("cpu") or task["cpu"])
        self.memory_mib = int(self.definition.get("memory") or task["memory"])
        self.port = free_port()
        self.variables = {**task_environment(project), "PORT": str(self.port), **variables}
        self.container = None
        self._output = ""

    def _create(self, command: list[str] | None = None, healthcheck: dict | None = None):
        definition = self.definition
        host_config = self.client.api.create_host_config(
            network_mode="host",
            init=definition.get("linuxParameters", {}).get("initProcessEnabled", False),
            read_only=definition.get("readonlyRootFilesystem", False),
            tmpfs={mount["containerPath"]: "" for mount in definition.get("mountPoints", [])},
            nano_cpus=self.cpu_units * 10**9 // 1024,  # 1024 CPU units are one vCPU
            mem_limit=f"{self.memory_mib}m",
        )
        created = self.client.api.create_container(
            self.image.image.id,
            command=command,
            environment=self.variables,
            host_config=host_config,
            # ECS waits 30 s between SIGTERM and SIGKILL unless the task definition says otherwise.
            stop_timeout=definition.get("stopTimeout", 30),
            healthcheck=healthcheck,
        )
        return self.client.containers.get(created["Id"])

    def start(self) -> None:
        # Only the interval: Docker keeps the image's own command, timeout and retries.
        self.container = self._create(healthcheck={"interval": self.HEALTH_INTERVAL})
        self.container.start()
        wait_until(self.healthy, "the container to become healthy", timeout=90)

    def healthy(self) -> bool:
        self.container.reload()
        state = self.container.attrs["State"]
        if state["Status"] in ("exited", "dead"):
            raise AssertionError(f"the container exited with {state['ExitCode']}:\n{self.output()}")
        return state["Health"]["Status"] == "healthy"

    def run(self, command: list[str]) -> subprocess.CompletedProcess:
        """A one-off container of the same image and settings running command (an ECS run-task
        with a command override)."""
        container = self._create(command=command)
        try:
            container.start()
            status = container.wait(timeout=180)["StatusCode"]
            stdout = container.logs(stdout=True, stderr=False).decode(errors="replace")
            stderr = container.logs(stdout=False, stderr=True).decode(errors="replace")
        finally:
            container.remove(force=True, v=True)
        return subprocess.CompletedProcess(command, status, stdout, stderr)

    def stop(self) -> int:
        """`docker stop`: SIGTERM, then SIGKILL after the container's stopTimeout, as ECS does."""
        try:
            self.container.stop()
            status = self.container.wait(timeout=300)["StatusCode"]
            self._output = self.container.logs().decode(errors="replace")
        finally:
            self.container.remove(force=True, v=True)
        return status

    def output(self) -> str:
        if self.exit_status is None and self.container is not None:
            return self.container.logs().decode(errors="replace")
        return self._output

    def processes(self) -> list[dict]:
        """Every process in the container: pid, uid and command line."""
        top = self.container.top(ps_args="-eo pid,uid,args")
        return [dict(zip(("pid", "uid", "args"), row, strict=True)) for row in top["Processes"]]

    def hold_database(self, path: str):
        """Lock a SQLite database inside the container, as a long transaction would: whatever the
        service does with it waits (sqlite3's default timeout is 5 s) until release() is called."""
        released = f"{path}.released"
        result = self.container.exec_run(["python", "-c", _HOLD_DATABASE, path, released], stream=True)
        said = next(result.output, b"")
        if b"held" not in said:
            raise AssertionError(f"could not lock {path}: {said.decode(errors='replace')}")
        return lambda: self.container.exec_run(["touch", released])

    def write_test(self, path: str) -> str:
        """Try to create a file as the image's user: '' when it worked, else the error."""
        code = "import sys; open(sys.argv[1], 'w').write('x')"
        result = self.container.exec_run(["python", "-c", code, path])
        lines = result.output.decode(errors="replace").strip().splitlines()
        return "" if result.exit_code == 0 else lines[-1]


# Run in the container: lock the database (argv[1]) until a file (argv[2]) appears, 30 s at most.
_HOLD_DATABASE = """\
import os, sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
deadline = time.monotonic() + 30
while not os.path.exists(sys.argv[2]) and time.monotonic() < deadline:
    time.sleep(0.02)
"""

COMPILER = re.compile(r"(^|/)s?bin/([\w.+-]*-)?(gcc|g\+\+|cc|c\+\+|clang|ld|as|make)(-[\d.]+)?$")


def compilers(paths: set[str]) -> list[str]:
    return sorted(path for path in paths if COMPILER.search(path))


def share_measurements() -> None:
    """In pytest's main process: name the file; its workers inherit the variable."""
    if MEASUREMENTS not in os.environ:
        handle, path = tempfile.mkstemp(prefix="sf-templates-measurements-", suffix=".jsonl")
        os.close(handle)
        os.environ[MEASUREMENTS] = path


def forget_measurements() -> None:
    Path(os.environ.pop(MEASUREMENTS)).unlink(missing_ok=True)


def record(combination_id: str, **figures: float) -> None:
    with open(os.environ[MEASUREMENTS], "a") as file:
        file.write(json.dumps({"combination": combination_id, **figures}) + "\n")


def report() -> list[str]:
    """The measured figures as a table, one line per combination."""
    measured: dict[str, dict[str, float]] = {}
    for line in Path(os.environ[MEASUREMENTS]).read_text().splitlines():
        figures = json.loads(line)
        measured.setdefault(figures.pop("combination"), {}).update(figures)
    if not measured:
        return []
    columns = ["build s", "image MB", "added MB", "healthy s", "stop s", "traced stop s", "loaded stop s"]
    lines = [f"{'combination':<26}" + "".join(f"{column:>14}" for column in columns) + f"{'traced/done':>14}"]
    for name, figures in sorted(measured.items()):
        cells = [figures.get(column) for column in columns]
        row = f"{name:<26}" + "".join(f"{'-' if c is None else f'{c:.1f}':>14}" for c in cells)
        done = f"{figures['traced']}/{figures['done']}" if "done" in figures else "-"
        lines.append(row + f"{done:>14}")
    return lines
