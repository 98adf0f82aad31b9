"""The template as this checkout has it, committed or not, in a git repository of its own:
cruft takes templates only from git, and its updates compare template commits."""

import shutil
import subprocess
from pathlib import Path

from .conftest import TEMPLATE

IDENTITY = ["-c", "user.name=sf-templates tests", "-c", "user.email=tests@sf-templates.invalid"]


def git(repository: Path, *arguments: str) -> str:
    result = subprocess.run(["git", *IDENTITY, *arguments], cwd=repository, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def commit_all(repository: Path, message: str) -> None:
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "--message", message)


def template_repository(destination: Path) -> Path:
    """A one-commit repository of the template's files (those git tracks or would track)."""
    listed = git(TEMPLATE, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = TEMPLATE / name
        if source.is_file():  # not deleted from the work tree
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    git(destination, "init", "--quiet", "--initial-branch", "main")
    commit_all(destination, "The template as the checkout has it")
    return destination
