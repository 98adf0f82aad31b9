"""The supported combinations: every template test runs against each of them."""

from typing import NamedTuple


class Combination(NamedTuple):
    framework: str
    tracing: str
    python_version: str

    @property
    def id(self) -> str:
        return f"{self.framework}-{self.tracing}-py{self.python_version}"


DEFAULT_PYTHON = "3.12"
# What the default project name, "My Service", gives.
DEFAULT_SLUG, DEFAULT_SERVICE_NAME = "my_service", "my-service"

SUPPORTED_COMBINATIONS = [
    Combination("flask", "snappyflow", "3.12"),
    Combination("flask", "xray", "3.12"),
    Combination("flask", "snappyflow", "3.13"),
    Combination("flask", "xray", "3.13"),
    Combination("flask", "snappyflow", "3.11"),
    Combination("flask", "xray", "3.11"),
    Combination("flask", "opentelemetry", "3.12"),
    Combination("flask", "opentelemetry", "3.13"),
    Combination("flask", "opentelemetry", "3.11"),
    Combination("django", "snappyflow", "3.12"),
    Combination("django", "xray", "3.12"),
    Combination("django", "snappyflow", "3.13"),
    Combination("django", "xray", "3.13"),
    Combination("django", "opentelemetry", "3.12"),
    Combination("django", "opentelemetry", "3.13"),
    Combination("celery", "snappyflow", "3.12"),
    Combination("celery", "xray", "3.12"),
    Combination("celery", "snappyflow", "3.13"),
    Combination("celery", "xray", "3.13"),
    Combination("celery", "opentelemetry", "3.12"),
    Combination("celery", "opentelemetry", "3.13"),
    Combination("aiohttp", "snappyflow", "3.12"),
    Combination("aiohttp", "xray", "3.12"),
    Combination("aiohttp", "snappyflow", "3.13"),
    Combination("aiohttp", "xray", "3.13"),
    Combination("aiohttp", "opentelemetry", "3.12"),
    Combination("aiohttp", "opentelemetry", "3.13"),
]

WEB_FRAMEWORKS = ("flask", "django", "aiohttp")


def supported(
    tracing=("snappyflow", "xray", "opentelemetry"), framework=("flask", "django", "celery", "aiohttp")
) -> list[Combination]:
    """The supported combinations with one of these tracing backends and frameworks."""
    return [c for c in SUPPORTED_COMBINATIONS if c.tracing in tracing and c.framework in framework]


def combination_id(combination: Combination) -> str:
    return combination.id
