"""The files each combination's project must have, no more and no fewer.

A file the template gains must be claimed here: by every project, or by the answers that keep
it (and then also by the prune table in hooks/post_gen_project.py, or it lands in every
project, and `cruft update` would push it into every project made before).
"""

EVERY = [
    ".cookiecutter.json",
    ".dockerignore",
    ".env.example",
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/upgrade-dependencies.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "Dockerfile",
    "README.md",
    "compose.local-traces.yml",
    "docker-compose.yml",
    "ecs/cloudformation.yaml",
    "ecs/execution-role-policy.json",
    "ecs/task-definition.json",
    "ecs/trust-policy.json",
    "pyproject.toml",
    "requirements-dev.in",
    "requirements-dev.txt",
    "requirements.in",
    "requirements.txt",
    "scripts/install.sh",
    "scripts/local_traces.py",
    "scripts/lock.sh",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/test_logs.py",
    "tests/test_redaction.py",
    "tests/test_requirements.py",
    "tests/test_tracer_logs.py",
    "tests/test_untraced.py",
    "{package}/__init__.py",
    "{package}/healthcheck.py",
    "{package}/logs.py",
    "{package}/redaction.py",
    "{package}/tracer_logs.py",
]

BY_FRAMEWORK = {
    "flask": [
        "gunicorn.conf.py",
        "tests/test_app.py",
        "{package}/app.py",
        "{package}/db.py",
        "{package}/health.py",
        "{package}/routes.py",
    ],
    "django": [
        "gunicorn.conf.py",
        "manage.py",
        "scripts/start.sh",
        "tests/settings.py",
        "tests/test_items.py",
        "{package}/health.py",
        "{package}/items/__init__.py",
        "{package}/items/admin.py",
        "{package}/items/apps.py",
        "{package}/items/migrations/0001_initial.py",
        "{package}/items/migrations/0002_first_item.py",
        "{package}/items/migrations/__init__.py",
        "{package}/items/models.py",
        "{package}/items/urls.py",
        "{package}/items/views.py",
        "{package}/management/__init__.py",
        "{package}/management/commands/__init__.py",
        "{package}/management/commands/migrate_locked.py",
        "{package}/settings.py",
        "{package}/urls.py",
        "{package}/wsgi.py",
    ],
    "celery": [
        "tests/test_tasks.py",
        "{package}/producer.py",
        "{package}/tasks.py",
        "{package}/worker.py",
    ],
    "aiohttp": [
        "gunicorn.conf.py",
        "tests/test_server.py",
        "{package}/handlers.py",
        "{package}/health.py",
        "{package}/server.py",
    ],
}

BY_TRACING = {
    "snappyflow": [
        "build-constraints.txt",
        "overrides.txt",
        "tests/test_snappyflow.py",
        "{package}/snappyflow.py",
    ],
    "xray": ["ecs/task-role-policy.json", "tests/test_xray.py", "{package}/xray.py"],
    "opentelemetry": [
        "ecs/task-role-policy.json",
        "overrides.txt",
        "tests/test_opentelemetry.py",
        "{package}/opentelemetry.py",
        "{package}/opentelemetry_hooks.py",
    ],
}

BY_BOTH = {
    ("celery", "xray"): ["{package}/xray_celery.py"],
}


def expected_files(framework: str, tracing: str, package: str) -> set[str]:
    names = EVERY + BY_FRAMEWORK[framework] + BY_TRACING[tracing] + BY_BOTH.get((framework, tracing), [])
    return {name.format(package=package) for name in names}
