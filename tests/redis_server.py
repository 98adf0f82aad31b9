"""A real redis-server on a free loopback port, for Celery's broker and result backend."""

import itertools
import shutil
import socket
import subprocess

from .services import free_port
from .waiting import wait_until


class RedisServer:
    """Start with `with RedisServer() as redis:`; `redis.new_url()` gives a fresh database."""

    DATABASES = 256

    def __init__(self):
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self._databases = itertools.count(1)
        self._command = [
            executable,
            *("--port", str(self.port), "--bind", "127.0.0.1", "--databases", str(self.DATABASES)),
            *("--save", "", "--appendonly", "no", "--logfile", ""),
        ]
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self._command, stdout=subprocess.DEVNULL)
        wait_until(self.answers, "redis-server to answer PING", timeout=10)
        return self

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.process.wait(timeout=10)

    def answers(self) -> bool:
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
