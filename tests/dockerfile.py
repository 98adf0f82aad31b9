"""What a generated Dockerfile says to run, read from its exec-form instructions."""

import json
from pathlib import Path


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined."""
    text = dockerfile.read_text().replace("\\\n", " ")
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            pairs.append((keyword.upper(), arguments.strip()))
    return pairs


def command(dockerfile: Path) -> list[str]:
    """The final stage's CMD."""
    (cmd, *_) = [args for keyword, args in reversed(instructions(dockerfile)) if keyword == "CMD"]
    return json.loads(cmd)


def healthcheck(dockerfile: Path) -> list[str]:
    """The command of the final stage's HEALTHCHECK."""
    (check, *_) = [args for keyword, args in reversed(instructions(dockerfile)) if keyword == "HEALTHCHECK"]
    return json.loads(check.partition("CMD ")[2])
