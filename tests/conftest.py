"""Fixtures: baked projects, their virtualenvs, the collectors and running services."""

from pathlib import Path

import pytest

from .collectors.apm_intake import ApmIntake
from .collectors.xray_daemon import XRayDaemon
from .combinations import SUPPORTED_COMBINATIONS, combination_id
from .virtualenvs import project_virtualenv

TEMPLATE = Path(__file__).resolve().parent.parent


@pytest.fixture(params=SUPPORTED_COMBINATIONS, ids=combination_id)
def combination(request):
    return request.param


@pytest.fixture(scope="session")
def bake_once(cookies_session):
    """bake_once(**answers) -> the project's path; each set of answers is baked once a session."""
    baked = {}

    def bake(**answers) -> Path:
        key = tuple(sorted(answers.items()))
        if key not in baked:
            result = cookies_session.bake(extra_context=answers, template=str(TEMPLATE))
            assert result.exit_code == 0, result.exception
            baked[key] = Path(result.project_path)
        return baked[key]

    return bake


@pytest.fixture
def project(bake_once, combination) -> Path:
    return bake_once(**combination._asdict())


@pytest.fixture
def venv(project, combination) -> Path:
    return project_virtualenv(project, combination.python_version)


@pytest.fixture
def apm_intake():
    with ApmIntake() as intake:
        yield intake
        assert intake.rejected == [], "the agent sent requests that break the intake protocol"


@pytest.fixture
def xray_daemon():
    with XRayDaemon() as daemon:
        yield daemon
        assert daemon.rejected == [], "the SDK sent datagrams that break the daemon's format"
