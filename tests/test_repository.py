"""The template repository itself: its README's commands work and its code is lint-free."""

import json
import re
import subprocess
import sys

from .combinations import DEFAULT_SLUG
from .conftest import TEMPLATE
from .template_repository import git, template_repository
from .tools import tool

README = (TEMPLATE / "README.md").read_text()


def readme_command(starting_with: str) -> str:
    (command,) = [line for line in README.splitlines() if line.startswith(starting_with)]
    return command


def test_readme_bake_command_makes_the_default_project(tmp_path):
    command = readme_command("python3 -m venv /tmp/cookiecutter")
    command = command.replace("gh:org/sf-templates", str(TEMPLATE))
    command = command.replace("/tmp/cookiecutter", str(tmp_path / "cookiecutter"))
    command = re.sub(r"^python3 ", f"{sys.executable} ", command)
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / DEFAULT_SLUG / DEFAULT_SLUG / "snappyflow.py").exists()


def test_readme_cruft_command_makes_the_default_project_with_its_template_commit(tmp_path):
    template = template_repository(tmp_path / "template")
    command = readme_command("python3 -m venv /tmp/cruft")
    command = command.replace("https://github.com/org/sf-templates", str(template))
    command = command.replace("/tmp/cruft", str(tmp_path / "cruft"))
    command = re.sub(r"^python3 ", f"{sys.executable} ", command)
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp_path / DEFAULT_SLUG
    assert (project / DEFAULT_SLUG / "snappyflow.py").exists()
    recorded = json.loads((project / ".cruft.json").read_text())["commit"]
    assert recorded == git(template, "rev-parse", "HEAD").strip()


def test_ci_runs_the_readme_test_command():
    command = readme_command("python3 -m venv .venv")
    assert command in (TEMPLATE / ".ci" / "run").read_text().splitlines()


def test_template_code_passes_ruff():
    ruff = tool("ruff")
    for check in ([ruff, "check", "--no-cache", "."], [ruff, "format", "--check", "--no-cache", "."]):
        result = subprocess.run(check, cwd=TEMPLATE, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
