"""Fixtures: the supported combinations, baked projects and their virtualenvs."""

from pathlib import Path

import pytest

from .combinations import SUPPORTED_COMBINATIONS, combination_id
from .frameworks import FRAMEWORKS
from .redis_server import RedisServer
from .services import Service
from .traffic import Traffic, record_traffic
from .virtualenvs import project_virtualenv

TEMPLATE = Path(__file__).resolve().parent.parent


@pytest.fixture(params=SUPPORTED_COMBINATIONS, ids=combination_id)
def combination(request):
    return request.param


@pytest.fixture(scope="session")
def once():
    """once(key, make) -> what make() returns, made only the first time a session asks for key."""
    made = {}

    def get(key, make):
        if key not in made:
            made[key] = make()
        return made[key]

    return get


@pytest.fixture(scope="session")
def bake_once(once, cookies_session):
    """bake_once(**answers) -> the project's path; each set of answers is baked once a session."""

    def bake(**answers) -> Path:
        result = cookies_session.bake(extra_context=answers, template=str(TEMPLATE))
        assert result.exit_code == 0, result.exception
        return Path(result.project_path)

    return lambda **answers: once(("bake", *sorted(answers.items())), lambda: bake(**answers))


@pytest.fixture
def project(bake_once, combination) -> Path:
    return bake_once(**combination._asdict())


@pytest.fixture
def venv(project, combination) -> Path:
    return project_virtualenv(project, combination.python_version)


@pytest.fixture(scope="session")
def redis():
    with RedisServer() as server:
        yield server


@pytest.fixture
def broker_url(redis) -> str:
    """A Redis database of this test's own, as Celery's broker and result backend."""
    return redis.new_url()


@pytest.fixture
def service_secrets(combination, broker_url) -> dict:
    """Values for the secrets the combination's service needs, as ECS passes them from SSM."""
    values = {"DJANGO_SECRET_KEY": "end-to-end-tests-only-" + "k" * 40, "CELERY_BROKER_URL": broker_url}
    return {name: values[name] for name in FRAMEWORKS[combination.framework].secrets}


@pytest.fixture
def web_traffic(combination, project, venv, service_secrets, tmp_path_factory):
    """web_traffic(variables, arrived) -> Traffic: start the combination's web service with these
    tracing variables, send it the standard traffic, wait until arrived(), stop it."""

    def run(variables: dict, arrived) -> Traffic:
        framework = FRAMEWORKS[combination.framework]
        service = Service(project, venv, tmp_path_factory.mktemp("service"), **service_secrets, **variables)
        if framework.callee:
            service.route_upstream_to(framework.callee)
        return record_traffic(service, framework.pages, arrived)

    return run
