"""The template repository itself: its README's commands work and its code is lint-free."""

import json
import re
import subprocess
import sys
from pathlib import Path

from benchmarks import publication

from .combinations import DEFAULT_SLUG
from .conftest import TEMPLATE
from .template_repository import git, template_repository
from .tools import tool

README = (TEMPLATE / "README.md").read_text()


def readme_command(starting_with: str) -> str:
    (command,) = [line for line in README.splitlines() if line.startswith(starting_with)]
    return command


def run_readme_bake(tmp_path, venv: str, template_address: str, template) -> Path:
    """Run the README's bake command with its tools in tmp_path and the template from here;
    the default project's path."""
    command = readme_command(f"python3 -m venv {venv}")
    command = command.replace(template_address, str(template)).replace(venv, str(tmp_path / Path(venv).name))
    command = re.sub(r"^python3 ", f"{sys.executable} ", command)
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp_path / DEFAULT_SLUG
    assert (project / DEFAULT_SLUG / "snappyflow.py").exists()
    return project


def test_readme_bake_command_makes_the_default_project(tmp_path):
    run_readme_bake(tmp_path, "/tmp/cookiecutter", "gh:org/sf-templates", TEMPLATE)


def test_readme_cruft_command_makes_the_default_project_with_its_template_commit(tmp_path):
    template = template_repository(tmp_path / "template")
    project = run_readme_bake(tmp_path, "/tmp/cruft", "https://github.com/org/sf-templates", template)
    recorded = json.loads((project / ".cruft.json").read_text())["commit"]
    assert recorded == git(template, "rev-parse", "HEAD").strip()


def test_ci_runs_the_readme_test_command():
    command = readme_command("python3 -m venv .venv")
    assert command in (TEMPLATE / ".ci" / "run").read_text().splitlines()


def test_readme_publishes_the_benchmarks_figures():
    """The README's "What tracing costs" table is the one the benchmark's data file gives, the
    file each generated README takes its own figures from."""
    measured, figures = publication.load()
    assert set(figures) == {"flask", "django", "aiohttp", "celery"}
    assert publication.readme_section() == publication.readme_table(measured, figures)


def test_template_code_passes_ruff():
    ruff = tool("ruff")
    for check in ([ruff, "check", "--no-cache", "."], [ruff, "format", "--check", "--no-cache", "."]):
        result = subprocess.run(check, cwd=TEMPLATE, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
