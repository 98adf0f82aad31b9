"""Remove what the chosen options do not use, then print the next steps.

Only file operations: no network, no git, nothing random, so that regenerating
the project (e.g. with cruft) gives the same files.
"""

import os
import shutil
from pathlib import Path

PACKAGE = "{{ cookiecutter.project_slug }}"

# Paths, relative to the generated project, that belong to answers of a prompt. A path is
# removed when it belongs to answers of a prompt but not to the answer chosen for it.
OWNED_PATHS = {
    "framework": {
        "flask": [
            f"{PACKAGE}/app.py",
            f"{PACKAGE}/db.py",
            f"{PACKAGE}/health.py",
            f"{PACKAGE}/routes.py",
            "gunicorn.conf.py",
            "tests/test_app.py",
        ],
        "django": [
            f"{PACKAGE}/health.py",
            f"{PACKAGE}/items",
            f"{PACKAGE}/management",
            f"{PACKAGE}/settings.py",
            f"{PACKAGE}/urls.py",
            f"{PACKAGE}/wsgi.py",
            "gunicorn.conf.py",
            "manage.py",
            "scripts/start.sh",
            "tests/settings.py",
            "tests/test_items.py",
        ],
        "aiohttp": [
            f"{PACKAGE}/handlers.py",
            f"{PACKAGE}/health.py",
            f"{PACKAGE}/server.py",
            "gunicorn.conf.py",
            "tests/test_server.py",
        ],
        "celery": [
            f"{PACKAGE}/producer.py",
            f"{PACKAGE}/tasks.py",
            f"{PACKAGE}/worker.py",
            f"{PACKAGE}/xray_celery.py",
            "tests/test_tasks.py",
        ],
    },
    "tracing": {
        "snappyflow": [
            f"{PACKAGE}/snappyflow.py",
            "build-constraints.txt",
            "overrides.txt",
            "tests/test_snappyflow.py",
        ],
        "xray": [
            "ecs/task-role-policy.json",
            f"{PACKAGE}/xray.py",
            f"{PACKAGE}/xray_celery.py",
            "tests/test_xray.py",
        ],
        "opentelemetry": [
            "ecs/task-role-policy.json",
            f"{PACKAGE}/opentelemetry.py",
            f"{PACKAGE}/opentelemetry_hooks.py",
            "overrides.txt",
            "tests/test_opentelemetry.py",
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
# The account id cookiecutter.json suggests: every ARN and image name in ecs/ is made from it.
PLACEHOLDER_ACCOUNT_ID = "123456789012"
ACCOUNT_ID = "{{ cookiecutter.aws_account_id }}"


def unused_paths():
    for prompt, paths_by_answer in OWNED_PATHS.items():
        used = set(paths_by_answer.get(CHOSEN[prompt], []))
        for paths in paths_by_answer.values():
            yield from (path for path in paths if path not in used)


def regenerated_by_cruft() -> bool:
    """`cruft diff` and `cruft update` regenerate the project in a temporary directory to
    compare it with yours; the next steps are for a new project only. Cookiecutter runs this
    hook as a child of the command that generates, whose arguments /proc shows on Linux
    (elsewhere the steps are printed)."""
    try:
        arguments = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return False
    commands = [Path(argument).name for argument in arguments]
    return "cruft" in commands and bool({"diff", "update"} & set(commands))


def main():
    for relative in unused_paths():
        path = Path(relative)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    if regenerated_by_cruft():
        return
    print(NEXT_STEPS)
    if ACCOUNT_ID == PLACEHOLDER_ACCOUNT_ID:
        print(f"WARNING: aws_account_id is the placeholder {ACCOUNT_ID}: put yours in ecs/*.json and README.md.")


if __name__ == "__main__":
    main()
