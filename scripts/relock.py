"""Re-resolve the locked requirements that generated projects ship, for every framework and
tracing backend, with the generated project's own `scripts/lock.sh`.

    .venv/bin/python scripts/relock.py                            # keep every pin that fits
    .venv/bin/python scripts/relock.py --upgrade-package flask    # move one package
    .venv/bin/python scripts/relock.py --upgrade                  # move everything

Each combination is baked from this working tree, its lock script runs in the bake (with this
virtualenv's uv, the version projects pin), and the two files it writes are copied back to
templates/locks/<framework>/<tracing>/. The suite checks that running it again changes nothing.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent
LOCKS = TEMPLATE / "templates" / "locks"
LOCKED_FILES = ("requirements.txt", "requirements-dev.txt")


def combinations():
    answers = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    return [(framework, tracing) for framework in answers["framework"] for tracing in answers["tracing"]]


def lock(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Run the project's lock script with this interpreter's uv."""
    environment = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(
        ["sh", "scripts/lock.sh", *arguments], cwd=project, env=environment, capture_output=True, text=True
    )


def bake(framework: str, tracing: str, into: Path) -> Path:
    """The project with the default answers but these two (quietly: no next steps printed)."""
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--output-dir", str(into), str(TEMPLATE)]
    subprocess.run(
        [*command, f"framework={framework}", f"tracing={tracing}"], check=True, capture_output=True
    )
    (project,) = into.iterdir()
    return project


def relock(arguments: list[str], combination: tuple[str, str]) -> str:
    framework, tracing = combination
    with tempfile.TemporaryDirectory() as directory:
        project = bake(framework, tracing, Path(directory))
        result = lock(project, *arguments)
        if result.returncode != 0:
            return f"{framework}/{tracing}: failed\n{result.stderr}"
        for name in LOCKED_FILES:
            shutil.copyfile(project / name, LOCKS / framework / tracing / name)
    return f"{framework}/{tracing}: locked"


def main(arguments: list[str]) -> int:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(partial(relock, arguments), combinations()))
    print("\n".join(results))
    return 1 if any("failed" in result for result in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
