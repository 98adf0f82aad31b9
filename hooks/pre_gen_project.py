"""Reject bad answers before cookiecutter writes anything.

Every wrong answer gets one line, `ERROR: <prompt> '<value>' is invalid: <what is allowed>`,
all of them at once; then one line with the command that asks again with every right answer
already the default, and a non-zero exit, after which cookiecutter removes the half-made folder.
"""

import json
import keyword
import re
import shlex
import sys

# The answers arrive as a JSON string so that no value can break this file.
ANSWERS = json.loads({{ cookiecutter | tojson | tojson }})

FRAMEWORKS = ("flask", "django", "celery", "aiohttp")
TRACING_BACKENDS = ("snappyflow", "xray", "opentelemetry")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
CPU_ARCHITECTURES = ("X86_64", "ARM64")

# Fargate task sizes: CPU units -> allowed memory (MiB).
FARGATE_MEMORY_BY_CPU = {
    "256": [512, 1024, 2048],
    "512": list(range(1024, 4096 + 1, 1024)),
    "1024": list(range(2048, 8192 + 1, 1024)),
    "2048": list(range(4096, 16384 + 1, 1024)),
    "4096": list(range(8192, 30720 + 1, 1024)),
    "8192": list(range(16384, 61440 + 1, 4096)),
    "16384": list(range(32768, 122880 + 1, 8192)),
}

# A package with one of these names would shadow what the generated project imports.
SHADOWED_MODULES = {
    "amazon",
    "aws_xray_sdk",
    "botocore",
    "celery",
    "conftest",
    "django",
    "elasticapm",
    "flask",
    "google",
    "gunicorn",
    "jinja2",
    "kombu",
    "opentelemetry",
    "redis",
    "requests",
    "sf_apm_lib",
    "test",
    "tests",
    "werkzeug",
    "yaml",
} | set(getattr(sys, "stdlib_module_names", ()))

PYTHON_PACKAGE = re.compile(r"[a-z][a-z0-9_]{0,62}")
DNS_LABEL = re.compile(r"[a-z]([a-z0-9-]{0,61}[a-z0-9])?")
AWS_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
# The isolated partitions (us-iso-east-1, us-isob-east-1, eu-isoe-west-1, ...) have their own
# ARNs, endpoints and registries, which the generated files do not know.
ISOLATED_REGION = re.compile(r"-iso[a-z]?-")
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
    elif ISOLATED_REGION.search(ANSWERS["aws_region"]):
        yield "aws_region", "a region in the aws, aws-cn or aws-us-gov partition"
    if not AWS_ACCOUNT_ID.fullmatch(ANSWERS["aws_account_id"]):
        yield "aws_account_id", "exactly 12 digits"

    cpu, memory = ANSWERS["ecs_cpu"], ANSWERS["ecs_memory"]
    if cpu not in FARGATE_MEMORY_BY_CPU:
        yield "ecs_cpu", "one of the Fargate sizes " + ", ".join(FARGATE_MEMORY_BY_CPU)
    elif not memory.isdigit() or int(memory) not in FARGATE_MEMORY_BY_CPU[cpu]:
        allowed = ", ".join(str(size) for size in FARGATE_MEMORY_BY_CPU[cpu])
        yield "ecs_memory", f"with ecs_cpu {cpu}, Fargate allows {allowed} (MiB)"
    if ANSWERS["cpu_architecture"] not in CPU_ARCHITECTURES:
        yield "cpu_architecture", "one of " + ", ".join(CPU_ARCHITECTURES)


def ask_again(wrong) -> str:
    """The command that asks every question again, the right answers already the defaults."""
    command = ["cookiecutter", ANSWERS["_template"]]
    if ANSWERS.get("_checkout"):
        command += ["--checkout", ANSWERS["_checkout"]]
    for name, value in ANSWERS.items():
        if not name.startswith("_") and name not in wrong and isinstance(value, str):
            command.append(f"{name}={value}")
    # Memory left at its default follows the CPU asked again, instead of pinning the old one's.
    if ANSWERS["ecs_cpu"].isdigit() and ANSWERS["ecs_memory"] == str(int(ANSWERS["ecs_cpu"]) * 2):
        command.remove(f"ecs_memory={ANSWERS['ecs_memory']}")
    return shlex.join(command)


def main():
    wrong = dict(problems())
    for prompt, allowed in wrong.items():
        print(f"ERROR: {prompt} '{ANSWERS[prompt]}' is invalid: {allowed}", file=sys.stderr)
    if wrong:
        again = ask_again(wrong)
        print(f"Nothing was written. To answer again, keeping the right answers: {again}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
