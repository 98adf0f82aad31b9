"""A generated Dockerfile, read, and replayed without Docker.

Where no Docker engine answers, the tests do what a build would: lay out a stage's COPY
instructions from the build context that .dockerignore lets through, run its RUN
commands, and start the final stage's CMD with its ENV, checked by its HEALTHCHECK.
"""

import json
import re
import shlex
import shutil
from pathlib import Path, PurePosixPath

from docker.utils.build import exclude_paths


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


def stages(dockerfile: Path) -> list[list[tuple[str, str]]]:
    """The instructions of each stage, FROM first."""
    found = []
    for keyword, arguments in instructions(dockerfile):
        if keyword == "FROM":
            found.append([])
        found[-1].append((keyword, arguments))
    return found


def command(dockerfile: Path) -> list[str]:
    """The final stage's CMD."""
    (cmd,) = [args for keyword, args in stages(dockerfile)[-1] if keyword == "CMD"]
    return json.loads(cmd)


def healthcheck(dockerfile: Path) -> list[str]:
    """The command of the final stage's HEALTHCHECK."""
    (check,) = [args for keyword, args in stages(dockerfile)[-1] if keyword == "HEALTHCHECK"]
    return json.loads(check.partition("CMD ")[2])


def environment(dockerfile: Path) -> dict[str, str]:
    """The final stage's ENV, but PATH, which points into the image's own filesystem."""
    variables = {}
    for keyword, args in stages(dockerfile)[-1]:
        if keyword == "ENV":
            variables.update(item.split("=", 1) for item in shlex.split(args))
    variables.pop("PATH", None)
    return variables


def volumes(dockerfile: Path) -> list[str]:
    """The paths the final stage declares as VOLUMEs."""
    declared = [json.loads(args) for keyword, args in stages(dockerfile)[-1] if keyword == "VOLUME"]
    return [path for paths in declared for path in paths]


def build_context(project: Path) -> list[str]:
    """The files, relative to the project, that `docker build` sends: the Docker SDK's own
    reading of .dockerignore."""
    ignore = project / ".dockerignore"
    lines = ignore.read_text().splitlines() if ignore.exists() else []
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return sorted(path for path in exclude_paths(str(project), patterns) if (project / path).is_file())


# RUN lines that create the image's user: replaying them would change this machine.
USER_SETUP = re.compile(r"(groupadd|useradd|addgroup|adduser)\b")


def replay(project: Path, stage: list[tuple[str, str]], workdir: Path, run) -> None:
    """Replay a stage's COPY and RUN instructions, in order, with workdir as its WORKDIR.

    COPY takes files from the build context and fails, as `docker build` would, when a
    source is not in it; RUN calls run(command, workdir).
    """
    context = build_context(project)
    workdir.mkdir(parents=True, exist_ok=True)
    for keyword, args in stage:
        if keyword == "COPY" and not args.startswith("--from"):
            _copy(project, context, args, workdir)
        elif keyword == "RUN" and not all(USER_SETUP.match(part.strip()) for part in args.split("&&")):
            run(args, workdir)


def _copy(project: Path, context: list[str], args: str, workdir: Path) -> None:
    *sources, target = args.split()
    for source in sources:
        source = source.rstrip("/")
        files = [file for file in context if file == source or file.startswith(source + "/")]
        if not files:
            raise AssertionError(f"COPY {source}: not in the build context (see .dockerignore)")
        for file in files:
            inside = PurePosixPath(file).name if file == source else file[len(source) + 1 :]
            destination = workdir / target / inside
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(project / file, destination)
