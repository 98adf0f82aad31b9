"""Virtualenvs for generated projects, built by replaying each project's Dockerfile build stage.

A virtualenv depends only on the Python version, that build stage and the files its
install recipe reads, so combinations that share those share one virtualenv, kept
between runs under $SF_TEMPLATES_VENVS (default ~/.cache/sf-templates/venvs).
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import dockerfile

IMAGE_VENV = "/opt/venv"  # where the generated Dockerfile builds its virtualenv
RECIPE_INPUTS = ("scripts/install.sh", "requirements.txt", "requirements-dev.txt", "build-constraints.txt")
VENVS = Path(os.environ.get("SF_TEMPLATES_VENVS", Path.home() / ".cache" / "sf-templates" / "venvs"))
# Variables that would change how a generated app traces or which Python it runs.
HOST_VARIABLE_PREFIXES = ("SF_", "ELASTIC_APM_", "AWS_XRAY_", "XRAY_", "PYTHON", "VIRTUAL_ENV")


def pyenv_pythons(version: str) -> list[str]:
    """The interpreters pyenv has installed for a Python version, oldest first."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    installed = sorted(
        pyenv_root.glob(f"versions/{version}.*/bin/python{version}"),
        key=lambda path: int(path.parts[-3].split(".")[2]),
    )
    return [str(path) for path in installed]


def find_python(version: str) -> str:
    """The interpreter for a Python version: the newest pyenv installed, or else on PATH."""
    if installed := pyenv_pythons(version):
        return installed[-1]
    if found := shutil.which(f"python{version}"):
        return found
    raise RuntimeError(f"Python {version} is not installed (neither by pyenv nor on PATH)")


def environment(venv: Path, **variables: str) -> dict:
    """The host environment without tracing settings, with the virtualenv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(HOST_VARIABLE_PREFIXES)}
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}")
    env.update(variables)
    return env


def project_virtualenv(project: Path, python_version: str, python: str | None = None) -> Path:
    """A virtualenv made by the project's Dockerfile build stage, plus its test requirements,
    with this interpreter (by default the newest installed of the version)."""
    build_stage = dockerfile.stages(project / "Dockerfile")[0]
    python = python or find_python(python_version)
    exact_version = ".".join(map(str, python_version_of(python)))
    digest = hashlib.sha256(f"{exact_version}\0{build_stage!r}".encode())
    for name in RECIPE_INPUTS:
        if (project / name).exists():
            digest.update(name.encode() + b"\0" + (project / name).read_bytes() + b"\0")
    venv = VENVS / f"py{python_version}-{digest.hexdigest()[:16]}"
    if (venv / ".complete").exists():
        return venv
    VENVS.mkdir(parents=True, exist_ok=True)
    # Test processes running side by side may want the same virtualenv: one builds it.
    with open(VENVS / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            _build(project, python, exact_version, build_stage, venv)
    return venv


def _build(project: Path, python: str, exact_version: str, build_stage: list, venv: Path) -> None:
    shutil.rmtree(venv, ignore_errors=True)
    # `python` as the image has it. It stays: the virtualenv's own python links to it.
    python_bin = VENVS / f"python{exact_version}-bin"
    python_bin.mkdir(parents=True, exist_ok=True)
    # Made aside and renamed into place: another test process may be doing the same.
    link = python_bin / f"python.{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(python)
    os.replace(link, python_bin / "python")
    with tempfile.TemporaryDirectory() as workdir:
        # The build stage, replayed, with the image's virtualenv path pointing here.
        def run(command, cwd):
            _run(["sh", "-c", command.replace(IMAGE_VENV, str(venv))], cwd, venv, python_bin)

        dockerfile.replay(project, build_stage, Path(workdir), run)
    if not (venv / "bin" / "python").exists():
        raise RuntimeError(f"the Dockerfile's build stage made no virtualenv at {IMAGE_VENV}")
    # The image's virtualenv has no pip (its build stage removes it); a developer's has one.
    _run(["python", "-m", "ensurepip", "--default-pip"], project, venv)
    _run(["sh", "scripts/install.sh", "requirements-dev.txt"], project, venv)
    (venv / ".complete").touch()


def _run(recipe: list[str], cwd: Path, venv: Path, python_bin: Path | None = None) -> None:
    env = environment(venv)
    if python_bin:  # after the virtualenv's bin, as in the image
        venv_bin, rest = env["PATH"].split(os.pathsep, 1)
        env["PATH"] = os.pathsep.join([venv_bin, str(python_bin), rest])
    result = subprocess.run(recipe, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(recipe)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")


def python_version_of(python: str | Path) -> tuple[int, int, int]:
    """The exact version of an interpreter, e.g. (3, 12, 1)."""
    out = subprocess.run(
        [python, "-c", "import sys; print(*sys.version_info[:3])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    major, minor, micro = map(int, out.split())
    return major, minor, micro
