"""Virtualenvs for generated projects, built with each project's own install recipe.

A virtualenv depends only on the Python version and the files the recipe reads, so
combinations that share those share one virtualenv, kept between runs under
$SF_TEMPLATES_VENVS (default ~/.cache/sf-templates/venvs).
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

RECIPE_INPUTS = ("scripts/install.sh", "requirements.txt", "requirements-dev.txt", "build-constraints.txt")
VENVS = Path(os.environ.get("SF_TEMPLATES_VENVS", Path.home() / ".cache" / "sf-templates" / "venvs"))
# Variables that would change how a generated app traces or which Python it runs.
HOST_VARIABLE_PREFIXES = ("SF_", "ELASTIC_APM_", "AWS_XRAY_", "XRAY_", "PYTHON", "VIRTUAL_ENV")


def find_python(version: str) -> str:
    """The interpreter for a Python version: installed by pyenv, or else on PATH."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    installed = sorted(
        pyenv_root.glob(f"versions/{version}.*/bin/python{version}"),
        key=lambda path: int(path.parts[-3].split(".")[2]),
    )
    if installed:
        return str(installed[-1])
    if found := shutil.which(f"python{version}"):
        return found
    raise RuntimeError(f"Python {version} is not installed (neither by pyenv nor on PATH)")


def environment(venv: Path, **variables: str) -> dict:
    """The host environment without tracing settings, with the virtualenv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(HOST_VARIABLE_PREFIXES)}
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}")
    env.update(variables)
    return env


def project_virtualenv(project: Path, python_version: str) -> Path:
    """A virtualenv with the project's runtime and test requirements, made as its README says."""
    digest = hashlib.sha256(python_version.encode())
    for name in RECIPE_INPUTS:
        if (project / name).exists():
            digest.update(name.encode() + b"\0" + (project / name).read_bytes() + b"\0")
    venv = VENVS / f"py{python_version}-{digest.hexdigest()[:16]}"
    if (venv / ".complete").exists():
        return venv

    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([find_python(python_version), "-m", "venv", str(venv)], check=True)
    for recipe in (["sh", "scripts/install.sh"], ["sh", "scripts/install.sh", "requirements-dev.txt"]):
        result = subprocess.run(recipe, cwd=project, env=environment(venv), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(recipe)} failed in {project}:\n{result.stdout}\n{result.stderr}")
    (venv / ".complete").touch()
    return venv


def interpreter_version(venv: Path) -> tuple[int, int, int]:
    """The exact version of the virtualenv's Python, e.g. (3, 12, 1)."""
    out = subprocess.run(
        [venv / "bin" / "python", "-c", "import sys; print(*sys.version_info[:3])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    major, minor, micro = map(int, out.split())
    return major, minor, micro
