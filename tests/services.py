"""A generated service, started the way its Dockerfile starts it."""

import signal
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from . import dockerfile
from .virtualenvs import environment
from .waiting import wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """The Dockerfile's final stage, replayed: its COPYs laid out in a work directory, its
    ENV set, and its CMD run there with the virtualenv on PATH.

    Ready once the Dockerfile's HEALTHCHECK command passes. Output goes to a log file,
    readable with `output()` (after `stop()` for everything).
    """

    def __init__(self, project: Path, venv: Path, scratch: Path, **variables: str):
        self.project, self.dockerfile = project, project / "Dockerfile"
        self.workdir, self.log = scratch / "workdir", scratch / "service.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        database = scratch / "db.sqlite3"
        variables = {
            **dockerfile.environment(self.dockerfile),
            "PORT": str(self.port),
            # Each service gets its own database, whichever variable its framework reads.
            "DATABASE_PATH": str(database),
            "DATABASE_URL": f"sqlite:///{database}",
            **variables,
        }
        self.env = environment(venv, **variables)
        self.process = None

    def route_upstream_to(self, path: str) -> None:
        """Point the service's outgoing call (UPSTREAM_URL) back at one of its own pages."""
        self.env["UPSTREAM_URL"] = self.url + path

    def build(self) -> None:
        """Replay the final stage's COPYs and RUNs into the work directory."""

        def run(command, cwd):
            subprocess.run(["sh", "-c", command], cwd=cwd, env=self.env, check=True, capture_output=True)

        dockerfile.replay(self.project, dockerfile.stages(self.dockerfile)[-1], self.workdir, run)

    def start(self) -> "Service":
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
        return self

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the service exited with {self.process.returncode}:\n{self.output()}")
        check = dockerfile.healthcheck(self.dockerfile)
        return subprocess.run(check, cwd=self.workdir, env=self.env, capture_output=True).returncode == 0

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        """GET as the load balancer forwards it: TLS ended there, as X-Forwarded-Proto says."""
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

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

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
