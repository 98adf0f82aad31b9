"""The generated projects' locked requirements: the project's one command re-resolves them into
exactly the files the template ships, and the project's own completeness check stops a lock
that lacks a pin or an environment that differs from its lock."""

import importlib.util
import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from .combinations import supported
from .skipping import skip_or_fail
from .virtualenvs import environment

TEMPLATE = Path(__file__).resolve().parent.parent
ANSWERS = json.loads((TEMPLATE / "cookiecutter.json").read_text())
PAIRS = [(framework, tracing) for framework in ANSWERS["framework"] for tracing in ANSWERS["tracing"]]
# uv's default package index, which the projects' lock script resolves against.
INDEX = "https://pypi.org/simple/pip/"


def relock_script():
    spec = importlib.util.spec_from_file_location("relock", TEMPLATE / "scripts" / "relock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


relock = relock_script()


@pytest.fixture(scope="session")
def package_index():
    try:
        urllib.request.urlopen(INDEX, timeout=10).close()
    except OSError as error:
        skip_or_fail(f"the package index is not reachable ({error}), so nothing can be re-resolved")


@pytest.mark.parametrize(("framework", "tracing"), PAIRS, ids=[f"{f}-{t}" for f, t in PAIRS])
def test_relocking_reproduces_the_shipped_locks(framework, tracing, package_index, tmp_path):
    project = relock.bake(framework, tracing, tmp_path)
    result = relock.lock(project)
    assert result.returncode == 0, result.stderr
    for name in relock.LOCKED_FILES:
        shipped = relock.LOCKS / framework / tracing / name
        assert (project / name).read_text() == shipped.read_text(), f"{shipped} is not what lock.sh gives"


def without_pin(lock: str, name: str) -> str:
    """A lock with one package's entry (its pin, hashes and `via` comments) taken out."""
    entry = re.compile(rf"^{re.escape(name)}==.*?(?=^\S)", re.MULTILINE | re.DOTALL)
    assert entry.search(lock), name
    return entry.sub("", lock)


def run_requirement_checks(checkout: Path, venv: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pytest", "-p", "no:cacheprovider", "tests/test_requirements.py"],
        cwd=checkout,
        env=environment(venv),
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "combination", supported(tracing=["snappyflow"], framework=["flask"])[:1], ids=lambda c: c.id
)
def test_completeness_check_passes_where_pip_check_cannot_and_names_what_is_missing(project, venv, tmp_path):
    # sf-apm-lib's own pins are broken, so `pip check` always fails on a SnappyFlow project.
    pip_check = subprocess.run(["python", "-m", "pip", "check"], env=environment(venv), capture_output=True)
    assert pip_check.returncode != 0 and b"sf-apm-lib" in pip_check.stdout
    checkout = shutil.copytree(project, tmp_path / project.name)
    passed = run_requirement_checks(checkout, venv)
    assert passed.returncode == 0, passed.stdout

    lock = checkout / "requirements.txt"
    lock.write_text(without_pin(lock.read_text(), "itsdangerous"))
    failed = run_requirement_checks(checkout, venv)
    assert failed.returncode != 0
    assert "flask needs itsdangerous>=2.2.0, which requirements.txt does not pin" in failed.stdout


@pytest.mark.parametrize(
    "combination", supported(tracing=["xray"], framework=["flask"])[:1], ids=lambda c: c.id
)
def test_completeness_check_stops_an_environment_that_differs_from_its_lock(project, venv, tmp_path):
    checkout = shutil.copytree(project, tmp_path / project.name)
    lock = checkout / "requirements-dev.txt"
    lock.write_text(re.sub(r"^pluggy==[\d.]+", "pluggy==1.5.0", lock.read_text(), flags=re.MULTILINE))
    failed = run_requirement_checks(checkout, venv)
    assert failed.returncode != 0
    assert "'pluggy': '1.7.0'" in failed.stdout and "'pluggy': '1.5.0'" in failed.stdout
