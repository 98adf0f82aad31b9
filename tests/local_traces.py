"""A generated project's `scripts/local_traces.py`, run as its README says (with the project's
virtualenv, on a free port), and the trees it prints read back."""

import re
import shlex
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from .services import free_port
from .virtualenvs import environment
from .waiting import wait_until

# The first line of a printed tree: its trace id (an X-Ray form may follow), then the service.
HEADER = re.compile(r"^trace (?P<trace>\S+)(?: \((?P<xray>1-[0-9a-f-]+)\))?  (?P<service>\S*)$")
# A line of the tree: indent, name, duration, then the kind, the detail and an error, if any.
LINE = re.compile(r"^(?P<indent> *)(?P<name>.+?)  (?P<ms>\d+\.\d) ms(?:  (?P<rest>.*))?$")


@dataclass
class Node:
    depth: int
    name: str
    rest: str  # kind, detail and error, as printed


@dataclass
class Tree:
    trace: str  # as the backend writes it
    ids: set  # every form of the trace id printed
    service: str
    nodes: list

    @property
    def text(self) -> str:
        return "\n".join(f"{'  ' * n.depth}{n.name}  {n.rest}" for n in self.nodes)

    def children(self) -> list:
        return [node for node in self.nodes if node.depth == 1]


class LocalTraces:
    """Use as a context manager; `variables` are those the script says to start the service with."""

    def __init__(self, project: Path, venv: Path):
        self.port = free_port()
        self.command = ["python", "scripts/local_traces.py", "--port", str(self.port)]
        self.project, self.venv = project, venv
        self.lines: list[str] = []
        self.variables: dict = {}

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command,
            cwd=self.project,
            env=environment(self.venv, PYTHONUNBUFFERED="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        wait_until(
            lambda: any(line.strip().startswith("export ") for line in self.lines), "local_traces to listen"
        )
        (export,) = [line for line in self.lines if line.strip().startswith("export ")]
        self.variables = dict(pair.split("=", 1) for pair in shlex.split(export)[1:])
        return self

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.exit_status = self.process.wait(timeout=10)
        self.reader.join(timeout=10)

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def trees(self) -> list[Tree]:
        trees, current = [], None
        for line in list(self.lines):
            if header := HEADER.match(line):
                ids = {header["trace"], header["xray"]} - {None}
                current = Tree(header["trace"], ids, header["service"], [])
                trees.append(current)
            elif current is not None and (found := LINE.match(line)):
                depth = len(found["indent"]) // 2
                current.nodes.append(Node(depth, found["name"], f"{found['ms']} ms  {found['rest'] or ''}"))
            else:
                current = None
        return trees
