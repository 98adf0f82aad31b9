"""A generated service, started as ECS starts its task definition's app container: from the
real image in a container (tests/containers.py), or, where no Docker engine answers, by
replaying its Dockerfile. Both answer the same calls, so one set of assertions runs on either."""

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import dockerfile
from .combinations import DEFAULT_SERVICE_NAME
from .ecs import task_environment
from .virtualenvs import environment
from .waiting import wait_until

# The Host header a load balancer passes on, as the task definition's DJANGO_ALLOWED_HOSTS expects.
LOAD_BALANCER_HOST = f"{DEFAULT_SERVICE_NAME}-1234567890.us-east-1.elb.amazonaws.com"
# Seconds a stop may take: gunicorn's graceful_timeout, after which it kills its workers (ECS
# waits stopTimeout, 30 s, before SIGKILL). Under load on half a CPU a stop takes 1-10 s here,
# the delivery of what the tracer holds included (at most 8 s, snappyflow.DELIVERY_TIMEOUT).
QUICK_STOP = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """What every way of running a service answers. Subclasses start and stop it.

    Ready once its HEALTHCHECK passes; output readable with `output()` (after `stop()` for
    everything); `exit_status` set by `stop()`; `started_in` and `stopped_in` in seconds.
    """

    port: int
    exit_status: int | None = None
    started_in: float | None = None
    stopped_in: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route_upstream_to(self, path: str) -> None:
        """Point the service's outgoing call (UPSTREAM_URL) back at one of its own pages."""
        self.variables["UPSTREAM_URL"] = self.url + path

    def get(self, path: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, bytes]:
        """GET as the load balancer forwards it: TLS ended there, as X-Forwarded-Proto says."""
        headers = {"Host": LOAD_BALANCER_HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def __enter__(self):
        started = time.monotonic()
        self.start()
        self.started_in = time.monotonic() - started
        return self

    def __exit__(self, *exc_info):
        started = time.monotonic()
        self.exit_status = self.stop()
        self.stopped_in = time.monotonic() - started


class ReplayedService(Service):
    """The Dockerfile's final stage, replayed: its COPYs laid out in a work directory, its
    ENV and the task definition's environment set, and its CMD run there with the
    virtualenv on PATH."""

    def __init__(self, project: Path, venv: Path, scratch: Path, **variables: str):
        self.project, self.dockerfile, self.venv = project, project / "Dockerfile", venv
        self.workdir, self.log = scratch / "workdir", scratch / "service.log"
        self.port = free_port()
        database = scratch / "db.sqlite3"
        self.variables = {
            **dockerfile.environment(self.dockerfile),
            **task_environment(project),
            "PORT": str(self.port),
            # Each service gets its own database, whichever variable its framework reads.
            "DATABASE_PATH": str(database),
            "DATABASE_URL": f"sqlite:///{database}",
            **variables,
        }
        self.process = None

    @property
    def env(self) -> dict:
        return environment(self.venv, **self.variables)

    def build(self) -> None:
        """Replay the final stage's COPYs and RUNs into the work directory."""

        def run(command, cwd):
            subprocess.run(["sh", "-c", command], cwd=cwd, env=self.env, check=True, capture_output=True)

        dockerfile.replay(self.project, dockerfile.stages(self.dockerfile)[-1], self.workdir, run)

    def start(self) -> None:
        self.build()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                dockerfile.command(self.dockerfile),
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self.healthy, "the service to pass its health check", timeout=30)

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the service exited with {self.process.returncode}:\n{self.output()}")
        check = dockerfile.healthcheck(self.dockerfile)
        return subprocess.run(check, cwd=self.workdir, env=self.env, capture_output=True).returncode == 0

    def run(self, command: list[str]) -> subprocess.CompletedProcess:
        """Run a one-off command in the service's image and environment (an ECS run-task)."""
        return subprocess.run(
            command, cwd=self.workdir, env=self.env, capture_output=True, text=True, timeout=180
        )

    def stop(self) -> int:
        """SIGTERM, as ECS sends it; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def output(self) -> str:
        return self.log.read_text(errors="replace")
