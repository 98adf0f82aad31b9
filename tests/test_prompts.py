"""Answers: the defaults need none, bad ones are refused before anything is written, and
names with quotes, backslashes, unicode or template syntax still give valid projects."""

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from .combinations import DEFAULT_PYTHON, DEFAULT_SERVICE_NAME, DEFAULT_SLUG
from .conftest import TEMPLATE
from .ecs import FARGATE_MEMORY_BY_CPU, fargate_problems
from .virtualenvs import environment, project_virtualenv

PLACEHOLDER_ACCOUNT_ID = "123456789012"  # cookiecutter.json's suggestion


def bake(cookies, **answers):
    return cookies.bake(extra_context=answers, template=str(TEMPLATE))


def test_defaults_need_no_answers(cookies):
    result = bake(cookies)
    assert result.exit_code == 0, result.exception
    project = Path(result.project_path)
    assert project.name == DEFAULT_SLUG
    assert (project / DEFAULT_SLUG / "snappyflow.py").exists()
    assert f"FROM python:{DEFAULT_PYTHON}-slim" in (project / "Dockerfile").read_text()
    task_definition = json.loads((project / "ecs" / "task-definition.json").read_text())
    assert task_definition["family"] == DEFAULT_SERVICE_NAME


@pytest.mark.parametrize("cpu", [str(units) for units in FARGATE_MEMORY_BY_CPU])
def test_memory_default_is_the_least_the_chosen_cpu_size_allows(cookies, cpu):
    result = bake(cookies, ecs_cpu=cpu)
    assert result.exit_code == 0, result.exception
    definition = json.loads((Path(result.project_path) / "ecs" / "task-definition.json").read_text())
    assert definition["memory"] == str(min(FARGATE_MEMORY_BY_CPU[int(cpu)]))
    assert fargate_problems(definition) == []


@pytest.mark.parametrize(("account", "warned"), [(PLACEHOLDER_ACCOUNT_ID, True), ("210987654321", False)])
def test_the_placeholder_account_id_is_warned_about_once_baked(capfd, tmp_path, account, warned):
    cookiecutter(
        str(TEMPLATE), no_input=True, extra_context={"aws_account_id": account}, output_dir=str(tmp_path)
    )
    said = capfd.readouterr().out
    assert (f"WARNING: aws_account_id is the placeholder {account}" in said) == warned


BAD_ANSWERS = [
    ("project_slug", "1service", "a lowercase Python identifier"),
    ("project_slug", "my-service", "a lowercase Python identifier"),
    ("project_slug", "class", "a lowercase Python identifier"),
    ("project_slug", "flask", "does not shadow"),
    ("project_slug", "logging", "does not shadow"),
    ("service_name", "My_Service", "lowercase letters, digits and hyphens"),
    ("service_name", "service-", "lowercase letters, digits and hyphens"),
    ("service_name", "s" * 64, "lowercase letters, digits and hyphens"),
    ("aws_region", "us_east_1", "an AWS region name"),
    ("aws_region", "Europe", "an AWS region name"),
    ("aws_account_id", "12345", "exactly 12 digits"),
    ("aws_account_id", "12345678901a", "exactly 12 digits"),
    ("aws_region", "us-iso-east-1", "a region in the aws, aws-cn or aws-us-gov partition"),
    ("ecs_memory", "3000", "Fargate allows 1024, 2048, 3072, 4096"),
    ("ecs_memory", "512 MiB", "Fargate allows"),
]


def refusal(capfd, tmp_path, **answers) -> tuple[list[str], str]:
    """Bake with these answers, which the hook refuses: its ERROR lines and its last line."""
    with pytest.raises(FailedHookException):
        cookiecutter(str(TEMPLATE), no_input=True, extra_context=answers, output_dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    *errors, again = capfd.readouterr().err.splitlines()
    return errors, again


def kept_answers(again: str) -> dict:
    """The answers that the command in the refusal's last line passes on."""
    return dict(argument.split("=", 1) for argument in shlex.split(again) if "=" in argument)


@pytest.mark.parametrize(("prompt", "value", "allowed"), BAD_ANSWERS, ids=lambda v: str(v)[:20])
def test_bad_answer_is_refused_with_one_line_and_nothing_written(capfd, tmp_path, prompt, value, allowed):
    (error,), _ = refusal(capfd, tmp_path, **{prompt: value})
    assert error.startswith(f"ERROR: {prompt} '{value}' is invalid: ")
    assert allowed in error


def test_every_bad_answer_is_named_at_once_with_a_command_that_keeps_the_right_ones(capfd, tmp_path):
    wrong = {"service_name": "My_Service", "aws_account_id": "12345", "ecs_memory": "3000"}
    right = {"project_name": "Billing API", "framework": "django", "aws_region": "eu-west-2"}
    errors, again = refusal(capfd, tmp_path, **right, **wrong)
    assert [error.split("'")[0] for error in errors] == [f"ERROR: {prompt} " for prompt in wrong]
    prefix = "Nothing was written. To answer again, keeping the right answers: "
    assert again.startswith(prefix)
    command = shlex.split(again.removeprefix(prefix))
    assert command[:2] == ["cookiecutter", str(TEMPLATE)]
    kept = kept_answers(again)
    assert kept.items() >= right.items() and not kept.keys() & wrong.keys()
    # What the user then gives: the command's answers, and new ones where they were asked again.
    fixed = {"service_name": "billing-api", "aws_account_id": "210987654321", "ecs_memory": "2048"}
    project = Path(
        cookiecutter(command[1], no_input=True, extra_context={**kept, **fixed}, output_dir=str(tmp_path))
    )
    definition = json.loads((project / "ecs" / "task-definition.json").read_text())
    assert (definition["family"], definition["memory"]) == ("billing-api", "2048")
    assert "Billing API" in (project / "README.md").read_text()


def test_the_command_that_asks_again_leaves_a_default_memory_to_follow_the_cpu(capfd, tmp_path):
    _, again = refusal(capfd, tmp_path, aws_region="Europe", ecs_cpu="1024")
    kept = kept_answers(again)
    assert kept["ecs_cpu"] == "1024" and "ecs_memory" not in kept
    _, again = refusal(capfd, tmp_path, aws_region="Europe", ecs_cpu="1024", ecs_memory="4096")
    assert kept_answers(again)["ecs_memory"] == "4096"


@pytest.mark.parametrize(
    ("prompt", "value"),
    [("tracing", "datadog"), ("python_version", "3.9"), ("ecs_cpu", "300"), ("cpu_architecture", "RISCV")],
)
def test_answer_outside_the_choices_is_refused(cookies, prompt, value):
    result = bake(cookies, **{prompt: value})
    assert result.exit_code != 0
    assert result.project_path is None
    assert value in str(result.exception)


ADVERSARIAL_NAMES = {
    "quotes": """Robert'); DROP TABLE "students"; --""",
    "backslashes": "C:\\new\\table \\u0041 \\",
    "unicode": "Café Ünïcode ☕ Service",
    "longest": "L" + "o" * 60 + "ng",  # the longest slug and service name allowed
    # {% raw %} makes cookiecutter pass the braces through as literal text.
    "template-syntax": "{% raw %}{{ cookiecutter.aws_account_id }} {% if %} Service{% endraw %}",
}


@pytest.mark.parametrize("name", ADVERSARIAL_NAMES.values(), ids=ADVERSARIAL_NAMES.keys())
@pytest.mark.parametrize("tracing", ["snappyflow", "xray", "opentelemetry"])
def test_adversarial_names_give_valid_projects(cookies, name, tracing):
    result = bake(cookies, project_name=name, description=name, author_name=name, tracing=tracing)
    assert result.exit_code == 0, result.exception
    project = Path(result.project_path)
    literal = name.replace("{% raw %}", "").replace("{% endraw %}", "")
    assert literal in (project / "README.md").read_text()
    assert re.fullmatch(r"[a-z][a-z0-9_]*", project.name)
    json.loads((project / "ecs" / "task-definition.json").read_text())

    venv = project_virtualenv(project, DEFAULT_PYTHON)
    lint = ["ruff", "check", "--no-cache", "."]
    tests = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    for command in (lint, tests):
        run = subprocess.run(command, cwd=project, env=environment(venv), capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
