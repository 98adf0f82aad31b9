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
    Combination("django", "snappyflow", "3.12"),
    Combination("django", "xray", "3.12"),
    Combination("django", "snappyflow", "3.13"),
    Combination("django", "xray", "3.13"),
]


def traced_with(tracing: str) -> list[Combination]:
    return [combination for combination in SUPPORTED_COMBINATIONS if combination.tracing == tracing]


def combination_id(combination: Combination) -> str:
    return combination.id
