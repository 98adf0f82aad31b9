"""The generated project's own CI and pre-commit hooks: the workflow is one GitHub accepts,
its steps pass in order in the baked project, the hooks pass offline, and `.env.example`
names exactly what the service and compose read."""

import re
import shutil
import subprocess

import yaml

from .tools import tool
from .variables import variables_read
from .virtualenvs import environment

WORKFLOW = ".github/workflows/ci.yml"
# Actions GitHub runs itself; here the project is already checked out, with its virtualenv.
PROVIDED = ("actions/checkout@", "actions/setup-python@")


def workflow_job(project) -> dict:
    (job,) = yaml.safe_load((project / WORKFLOW).read_text())["jobs"].values()
    return job


def run(command, cwd, env) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


SCHEMAS = {
    WORKFLOW: "vendor.github-workflows",
    ".github/workflows/upgrade-dependencies.yml": "vendor.github-workflows",
    ".github/dependabot.yml": "vendor.dependabot",
}


def test_github_files_follow_githubs_schemas(project):
    for path, schema in SCHEMAS.items():
        result = run([tool("check-jsonschema"), "--builtin-schema", schema, path], project, None)
        assert result.returncode == 0, f"{path}: {result.stdout}{result.stderr}"


def test_upgrade_workflow_relocks_tests_and_proposes(project):
    """Its steps are the project's own commands: the lock script (run by tests/test_locks.py),
    the install recipe and the tests (run by the CI workflow's test above)."""
    (job,) = yaml.safe_load((project / ".github/workflows/upgrade-dependencies.yml").read_text())[
        "jobs"
    ].values()
    commands = [step["run"].split("\n") for step in job["steps"] if "run" in step]
    assert commands[:3] == [
        ["sh scripts/install.sh requirements-dev.txt"],
        ["sh scripts/lock.sh --upgrade"],
        ["sh scripts/install.sh requirements-dev.txt", "pytest", ""],
    ]
    assert job.get("services") == workflow_job(project).get("services")
    assert any(line.strip().startswith("gh pr create") for line in commands[3])


def test_workflow_steps_pass_in_order(project, venv, combination, request, tmp_path):
    """The workflow's run: steps, each as GitHub runs it (bash -e), in a copy of the project,
    with the job's environment; the Celery job's Redis service is the suite's broker. The
    image step is the image fixture's build of the same context, through the Docker SDK on
    the host's network (this machine has no bridge network for `docker build`)."""
    checkout = shutil.copytree(project, tmp_path / project.name)
    job = workflow_job(project)
    variables = {"CI": "true", **job.get("env", {})}
    if "services" in job:
        assert set(job["services"]) == {"redis"}
        variables["CELERY_BROKER_URL"] = request.getfixturevalue("broker_url")
    ran = []
    for step in job["steps"]:
        if "uses" in step:
            assert step["uses"].startswith(PROVIDED), step
            if step["uses"].startswith("actions/setup-python@"):
                assert step["with"]["python-version"] == combination.python_version
            continue
        command = step["run"]
        if command.startswith("docker build"):
            assert re.fullmatch(r"docker build --tag [a-z0-9-]+:ci \.", command.strip()), command
            request.getfixturevalue("image")
        else:
            result = run(["bash", "-e", "-c", command], checkout, environment(venv, **variables))
            assert result.returncode == 0, f"{step['name']}:\n{result.stdout}{result.stderr}"
            if command == "pytest":
                assert re.search(r"\d+ passed", result.stdout) and "skipped" not in result.stdout, (
                    result.stdout
                )
        ran.append(step["name"])
    assert ran == ["Install", "Lint", "Test", "Build the image"]


def test_pre_commit_hooks_pass_offline_and_stop_a_lint_error(project, venv, tmp_path):
    checkout = shutil.copytree(project, tmp_path / project.name)
    # No network, and pre-commit's own cache in a place of its own: nothing to fetch.
    env = environment(
        venv, PRE_COMMIT_HOME=str(tmp_path / "pre-commit"), no_proxy="*", https_proxy="http://0.0.0.0:9"
    )
    for command in (["git", "init", "--quiet"], ["git", "add", "--all"]):
        run(command, checkout, env)
    passed = run(["pre-commit", "run", "--all-files"], checkout, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    hooks = re.findall(r"^(.+?)\.{3,}(Passed|Skipped|Failed)$", passed.stdout, re.MULTILINE)
    assert [name for name, outcome in hooks if outcome == "Passed"] == [
        "ruff check",
        "ruff format",
        "hadolint (Dockerfile)",
        "cfn-lint (CloudFormation)",
    ], passed.stdout

    healthcheck = checkout / project.name / "healthcheck.py"
    healthcheck.write_text(healthcheck.read_text() + "\nlonely = [ 1,2 ]\n")
    (checkout / "Dockerfile").write_text((checkout / "Dockerfile").read_text() + "\nRUN cd /tmp\n")
    failed = run(["pre-commit", "run", "--all-files"], checkout, env)
    assert failed.returncode != 0
    assert re.search(r"^ruff format\.+Failed$", failed.stdout, re.MULTILINE), failed.stdout
    assert "DL3003" in failed.stdout  # hadolint: use WORKDIR to switch to a directory


ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", re.MULTILINE)


def test_env_example_names_exactly_what_the_service_and_compose_read(project):
    example = (project / ".env.example").read_text()
    named = [name for _, name, _ in ASSIGNMENT.findall(example)]
    compose = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (project / "docker-compose.yml").read_text()))
    assert len(named) == len(set(named))
    assert set(named) == variables_read(project) | compose
    # Values only for settings, commented out; secrets are left empty.
    assert all(commented or value == "" for commented, _, value in ASSIGNMENT.findall(example))
