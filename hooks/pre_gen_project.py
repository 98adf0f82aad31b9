"""Reject bad answers before cookiecutter writes anything.

Each check prints one line, `ERROR: <prompt> '<value>' is invalid: <what is allowed>`,
and exits non-zero; cookiecutter then removes the half-made output folder.
"""

import json
import keyword
import re
import sys

# The answers arrive as a JSON string so that no value can break this file.
ANSWERS = json.loads({{ cookiecutter | tojson | tojson }})

FRAMEWORKS = ("flask", "django", "celery", "aiohttp")
TRACING_BACKENDS = ("snappyflow", "xray")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")

# Fargate task sizes: CPU units -> allowed memory (MiB).
FARGATE_MEMORY_BY_CPU = {
    "256": [512, 1024, 2048],
    "512": list(range(1024, 4096 + 1, 1024)),
    "1024": list(range(2048, 8192 + 1, 1024)),
    "2048": list(range(4096, 16384 + 1, 1024)),
    "4096": list(range(8192, 30720 + 1, 1024)),
}

# A package with one of these names would shadow what the generated project imports.
SHADOWED_MODULES = {
    "aws_xray_sdk",
    "botocore",
    "celery",
    "conftest",
    "django",
    "elasticapm",
    "flask",
    "gunicorn",
    "jinja2",
    "kombu",
    "redis",
    "sf_apm_lib",
    "test",
    "tests",
    "werkzeug",
    "yaml",
} | set(getattr(sys, "stdlib_module_names", ()))

PYTHON_PACKAGE = re.compile(r"[a-z][a-z0-9_]{0,62}")
DNS_LABEL = re.compile(r"[a-z]([a-z0-9-]{0,61}[a-z0-9])?")
AWS_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
AWS_ACCOUNT_ID = re.compile(r"\d{12}")


def problems():
    """Yield (prompt, what is allowed) for every answer that is wrong."""
    slug = ANSWERS["project_slug"]
    if not PYTHON_PACKAGE.fullmatch(slug) or keyword.iskeyword(slug):
        yield "project_slug", "a lowercase Python identifier of 1-63 characters, starting with a letter"
    elif slug in SHADOWED_MODULES:
        yield "project_slug", "a name that does not shadow a module the project imports (pick another name)"

    if not DNS_LABEL.fullmatch(ANSWERS["service_name"]):
        yield "service_name", "1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen"

    if ANSWERS["framework"] not in FRAMEWORKS:
        yield "framework", "one of " + ", ".join(FRAMEWORKS)

    if ANSWERS["tracing"] not in TRACING_BACKENDS:
        yield "tracing", "one of " + ", ".join(TRACING_BACKENDS)
    if ANSWERS["python_version"] not in PYTHON_VERSIONS:
        yield "python_version", "one of " + ", ".join(PYTHON_VERSIONS)
    if not AWS_REGION.fullmatch(ANSWERS["aws_region"]):
        yield "aws_region", "an AWS region name such as us-east-1 or eu-west-2"
    if not AWS_ACCOUNT_ID.fullmatch(ANSWERS["aws_account_id"]):
        yield "aws_account_id", "exactly 12 digits"

    cpu, memory = ANSWERS["ecs_cpu"], ANSWERS["ecs_memory"]
    if cpu not in FARGATE_MEMORY_BY_CPU:
        yield "ecs_cpu", "one of the Fargate sizes " + ", ".join(FARGATE_MEMORY_BY_CPU)
    elif not memory.isdigit() or int(memory) not in FARGATE_MEMORY_BY_CPU[cpu]:
        allowed = ", ".join(str(size) for size in FARGATE_MEMORY_BY_CPU[cpu])
        yield "ecs_memory", f"with ecs_cpu {cpu}, Fargate allows {allowed} (MiB)"


def main():
    for prompt, allowed in problems():
        print(f"ERROR: {prompt} '{ANSWERS[prompt]}' is invalid: {allowed}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
