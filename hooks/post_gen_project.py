"""Remove what the chosen options do not use, then print the next steps.

Only file operations: no network, no git, nothing random, so that regenerating
the project (e.g. with cruft) gives the same files.
"""

import shutil
from pathlib import Path

PACKAGE = "{{ cookiecutter.project_slug }}"

# Paths, relative to the generated project, that belong to one answer of one prompt.
# Whatever belongs to an answer that was not chosen is removed.
OWNED_PATHS = {
    "framework": {
        "flask": [
            f"{PACKAGE}/app.py",
            f"{PACKAGE}/db.py",
            f"{PACKAGE}/routes.py",
            "tests/test_app.py",
        ],
        "django": [
            f"{PACKAGE}/items",
            f"{PACKAGE}/management",
            f"{PACKAGE}/settings.py",
            f"{PACKAGE}/urls.py",
            f"{PACKAGE}/wsgi.py",
            "manage.py",
            "scripts/start.sh",
            "tests/settings.py",
            "tests/test_items.py",
        ],
    },
    "tracing": {
        "snappyflow": [
            f"{PACKAGE}/snappyflow.py",
            "build-constraints.txt",
            "tests/test_snappyflow.py",
        ],
        "xray": [
            f"{PACKAGE}/xray.py",
            "tests/test_xray.py",
        ],
    },
}

CHOSEN = {
    "framework": "{{ cookiecutter.framework }}",
    "tracing": "{{ cookiecutter.tracing }}",
}

NEXT_STEPS = """
Created {{ cookiecutter.project_slug }}/ ({{ cookiecutter.framework }}, traced with {{ cookiecutter.tracing }}).
Next steps:
  cd {{ cookiecutter.project_slug }}
  python{{ cookiecutter.python_version }} -m venv .venv && . .venv/bin/activate
  sh scripts/install.sh requirements-dev.txt
  pytest
Then read README.md: running locally, seeing traces, deploying to ECS.
"""


def unused_paths():
    for prompt, paths_by_answer in OWNED_PATHS.items():
        for answer, paths in paths_by_answer.items():
            if answer != CHOSEN[prompt]:
                yield from paths


def main():
    for relative in unused_paths():
        path = Path(relative)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    print(NEXT_STEPS)


if __name__ == "__main__":
    main()
