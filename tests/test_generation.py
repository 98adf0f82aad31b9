"""Every supported combination bakes into a clean, valid project: only its own files, no
template syntax, no other backend, every variable documented, a build context without local
files. Its lint and its own tests run as its CI workflow runs them (test_project_ci.py)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from benchmarks import publication

from . import developer_files, dockerfile
from .combinations import combination_id, supported
from .conftest import TEMPLATE
from .developer_files import with_developer_files
from .project_files import expected_files
from .tools import tool
from .variables import variables_read
from .virtualenvs import environment

# What must not appear in a project traced with another backend.
SNAPPYFLOW = r"snappyflow|elasticapm|elastic_apm|sf_apm|SF_"
FOREIGN = {
    "snappyflow": re.compile(r"x-?ray|aws_xray|opentelemetry|OTEL_", re.IGNORECASE),
    # Its README says how to move to OpenTelemetry, but nothing of it is configured.
    "xray": re.compile(rf"{SNAPPYFLOW}|aws-otel-collector|AOT_CONFIG_CONTENT|OTEL_EXPORTER", re.IGNORECASE),
    "opentelemetry": re.compile(
        rf"{SNAPPYFLOW}|aws_xray_sdk|xray_recorder|xray-daemon|XRAY_SAMPLE_ALL|AWS_XRAY_", re.IGNORECASE
    ),
}


def project_files(project):
    return [
        path
        for path in project.rglob("*")
        if path.is_file() and not {"__pycache__", ".pytest_cache", ".ruff_cache"} & set(path.parts)
    ]


def test_project_has_exactly_the_files_its_answers_claim(cookies, combination):
    result = cookies.bake(extra_context=combination._asdict(), template=str(TEMPLATE))
    project = Path(result.project_path)
    made = {str(path.relative_to(project)) for path in project.rglob("*") if path.is_file()}
    expected = expected_files(combination.framework, combination.tracing, project.name)
    assert (sorted(made - expected), sorted(expected - made)) == ([], []), "(unclaimed, missing)"


def test_no_template_syntax_is_left(project):
    for path in project_files(project):
        text = path.read_text()
        # `${{ ... }}` is a GitHub Actions expression, meant to be there.
        assert not re.search(r"(?<!\$)\{\{|\{%|\{#", text), f"template syntax left in {path.name}"


def test_only_the_chosen_backend_remains(project, combination):
    for other in FOREIGN.keys() - {combination.tracing}:
        assert not (project / project.name / f"{other}.py").exists()
    for path in project_files(project):
        found = FOREIGN[combination.tracing].search(path.read_text())
        assert not found, f"{path.relative_to(project)} mentions {found.group()}"


def test_readme_documents_every_variable_the_code_reads(project):
    read = variables_read(project)
    assert "LOG_LEVEL" in read  # the search finds what the code reads
    readme = (project / "README.md").read_text()
    undocumented = sorted(name for name in read if f"`{name}`" not in readme)
    assert not undocumented, f"README.md does not document {undocumented}"


def test_readme_shows_what_tracing_costs_its_framework_and_backend(project, combination):
    measured, figures = publication.load()
    results = figures[combination.framework]["variants"]
    readme = (project / "README.md").read_text()
    section = readme[readme.index("### What tracing costs") : readme.index("## Build the image")]
    assert measured["date"] in section
    for page in figures[combination.framework]["pages"]:
        for variant in ("every", "production"):
            traced = results[f"{combination.tracing} {variant}"][page]
            assert f"{traced['ratio']:.2f}x the throughput, {traced['cpu']:+.2f} ms" in section
        assert f"| {results[f'{combination.tracing} off'][page]['ratio']:.2f}x |" in section


def test_python_version_is_the_chosen_one(project, combination):
    froms = [args for keyword, args in dockerfile.instructions(project / "Dockerfile") if keyword == "FROM"]
    assert froms and all(args.startswith(f"python:{combination.python_version}-slim") for args in froms)
    version = combination.python_version.replace(".", "")
    assert f'target-version = "py{version}"' in (project / "pyproject.toml").read_text()


def test_build_context_holds_the_code_but_no_tests_or_local_files(project, tmp_path):
    """The listing the Docker SDK sends; tests/test_images.py proves it with real builds."""
    context = dockerfile.build_context(with_developer_files(project, tmp_path / project.name))
    assert f"{project.name}/__init__.py" in context
    assert "requirements.txt" in context
    assert not [file for file in context if file.startswith(("tests/", "ecs/"))]
    assert set(developer_files.paths(project.name)) & set(context) == set()


def test_replay_fails_when_the_build_context_lacks_a_copied_file(project, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    ignore = copy / ".dockerignore"
    ignore.write_text(ignore.read_text().replace(f"!{project.name}/\n", ""))
    runtime_stage = dockerfile.stages(copy / "Dockerfile")[-1]
    with pytest.raises(AssertionError, match=f"COPY {project.name}: not in the build context"):
        dockerfile.replay(copy, runtime_stage, tmp_path / "workdir", run=lambda command, cwd: None)


@pytest.mark.parametrize("combination", supported(framework=["django"]), ids=combination_id)
def test_django_deploy_checks_pass_with_production_settings(project, venv, service_secrets):
    result = subprocess.run(
        [venv / "bin" / "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=project,
        env=environment(venv, **service_secrets),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_compose_files_follow_the_compose_spec(project):
    files = ["docker-compose.yml", "compose.local-traces.yml"]
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", *files],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_the_app_with_the_task_definitions_variables(project):
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    app = compose["services"]["app"]
    (container, *_) = json.loads((project / "ecs" / "task-definition.json").read_text())[
        "containerDefinitions"
    ]
    on_ecs = {v["name"] for v in container["environment"]} | {s["name"] for s in container.get("secrets", [])}
    local_only = {"DJANGO_SECURE_SSL_REDIRECT", "XRAY_SAMPLE_ALL"}
    assert set(app["environment"]) - local_only <= on_ecs
    assert app["healthcheck"]["test"] == container["healthCheck"]["command"]
    for dependency in app.get("depends_on", {}).values():
        assert dependency["condition"] in ("service_healthy", "service_started")
