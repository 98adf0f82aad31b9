"""Template updates with cruft: a project made with `cruft create` pulls a later template
commit with `cruft update`, keeping its owner's changes and leaving out what its answers
prune; and an answer can be changed the same way."""

import json
import subprocess

import pytest

from .combinations import DEFAULT_SLUG
from .template_repository import commit_all, git, template_repository
from .tools import tool

ANSWERS = {"framework": "celery", "tracing": "xray"}
PROJECT_TEMPLATE = "{{cookiecutter.project_slug}}"


def cruft(*arguments: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([tool("cruft"), *arguments], cwd=cwd, capture_output=True, text=True, timeout=300)


def files(project) -> set[str]:
    return set(filter(None, git(project, "ls-files", "-z").split("\0")))


@pytest.fixture
def template(tmp_path):
    return template_repository(tmp_path / "template")


@pytest.fixture
def created(template, tmp_path):
    """A project made with cruft create, committed in a repository of its own."""
    made = cruft("create", "--no-input", "--extra-context", json.dumps(ANSWERS), str(template), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Next steps" in made.stdout  # the hook's, for a new project
    project = tmp_path / DEFAULT_SLUG
    git(project, "init", "--quiet", "--initial-branch", "main")
    commit_all(project, "Made with cruft")
    return project


def test_project_records_its_answers_and_the_template_commit(created, template):
    state = json.loads((created / ".cruft.json").read_text())
    assert state["commit"] == git(template, "rev-parse", "HEAD").strip()
    answers = json.loads((created / ".cookiecutter.json").read_text())
    assert answers.items() >= ANSWERS.items() and answers["project_slug"] == DEFAULT_SLUG
    assert not [name for name in answers if name.startswith("_")]


def test_update_brings_template_changes_and_keeps_the_owners(created, template):
    tasks = created / DEFAULT_SLUG / "tasks.py"
    tasks.write_text(tasks.read_text() + "\n\n# The owner's own line.\n")
    commit_all(created, "The owner's change")
    before = files(created)

    # The template changes a file every project has, and one this project's answers prune.
    gitignore = template / PROJECT_TEMPLATE / ".gitignore"
    gitignore.write_text(gitignore.read_text() + "*.log\n")
    pruned = template / PROJECT_TEMPLATE / PROJECT_TEMPLATE / "snappyflow.py"
    pruned.write_text(pruned.read_text() + "\n# A template change to a pruned file.\n")
    commit_all(template, "A template improvement")
    assert cruft("check", cwd=created).returncode != 0  # out of date

    updated = cruft("update", "--skip-apply-ask", cwd=created)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "Next steps" not in updated.stdout  # the hook is quiet when cruft regenerates
    assert (created / ".gitignore").read_text().endswith("*.log\n")
    assert tasks.read_text().endswith("# The owner's own line.\n")
    untracked = git(created, "ls-files", "--others", "--exclude-standard").split()
    assert untracked == [] and files(created) == before  # nothing pruned came back
    assert not list(created.rglob("*.rej"))
    commit_all(created, "Template improvements")
    assert cruft("check", cwd=created).returncode == 0


def test_update_can_change_an_answer(created):
    answer = json.dumps({"tracing": "opentelemetry"})
    switched = cruft("update", "--skip-apply-ask", "--variables-to-update", answer, cwd=created)
    assert switched.returncode == 0, switched.stdout + switched.stderr
    package = created / DEFAULT_SLUG
    assert (package / "opentelemetry.py").exists()
    assert not (package / "xray.py").exists() and not (package / "xray_celery.py").exists()
    assert json.loads((created / ".cookiecutter.json").read_text())["tracing"] == "opentelemetry"
    assert "OTEL_" in (created / "ecs" / "task-definition.json").read_text()
