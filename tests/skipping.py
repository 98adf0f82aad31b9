"""Skips the suite allows on a developer's machine and refuses where it must run everything."""

import os

import pytest

# Set by .ci/run: there, a test that lacks a Docker engine or a broker server fails.
NO_SKIPS = "SF_TEMPLATES_NO_SKIPS"


def skip_or_fail(reason: str) -> None:
    if os.environ.get(NO_SKIPS):
        pytest.fail(f"{NO_SKIPS} is set, but {reason}", pytrace=False)
    pytest.skip(reason)
