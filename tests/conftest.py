"""Fixtures: the supported combinations, baked projects, their images and virtualenvs, the
services they run, and the broker."""

import os
from pathlib import Path

import pytest

from . import containers
from .combinations import SUPPORTED_COMBINATIONS, combination_id
from .developer_files import with_developer_files
from .frameworks import FRAMEWORKS
from .redis_server import RedisServer
from .scheduling import ByCombination
from .services import ReplayedService
from .skipping import NO_SKIPS, skip_or_fail
from .traffic import Traffic, record_traffic
from .virtualenvs import project_virtualenv

TEMPLATE = Path(__file__).resolve().parent.parent
ENGINE, ENGINE_SAID = containers.connect()


def pytest_report_header(config):
    return f"containers: {ENGINE_SAID}"


def pytest_configure(config):
    containers.share_measurements()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):  # pytest's main process, not an xdist worker
        containers.forget_measurements()


def pytest_xdist_make_scheduler(config, log):
    return ByCombination(config, log)


def pytest_terminal_summary(terminalreporter):
    lines = containers.report()
    if lines:
        terminalreporter.write_sep("-", "images and containers, measured")
        for line in lines:
            terminalreporter.write_line(line)


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


@pytest.fixture
def engine():
    """The Docker engine. Where none answers, the test is skipped (or fails, under .ci/run)."""
    if ENGINE is None:
        skip_or_fail(containers.NO_ENGINE)
    return ENGINE


@pytest.fixture
def image(once, engine, combination, project, tmp_path_factory) -> containers.Image:
    """The combination's image, built once a session from its project with a developer's local
    files added (tests/developer_files.py), which the build must leave out."""

    def build():
        context = with_developer_files(project, tmp_path_factory.mktemp("context") / project.name)
        built = containers.build(engine, context, tag=f"sf-templates-test:{combination.id}")
        megabytes = 1_000_000
        containers.record(
            combination.id,
            **{
                "build s": built.built_in,
                "image MB": built.image.attrs["Size"] / megabytes,
                "base MB": built.base.attrs["Size"] / megabytes,
                "added MB": built.added_bytes / megabytes,
            },
        )
        return built

    return once(("image", combination), build)


@pytest.fixture
def start_service(request, combination, project, service_secrets, tmp_path_factory):
    """start_service(**variables) -> the combination's service, not started yet: its image in a
    container where a Docker engine answers, its replayed Dockerfile where none does. It gets
    the task definition's environment, the secrets' test values and these variables."""
    if ENGINE is not None or os.environ.get(NO_SKIPS):  # where the suite must run containers
        image = request.getfixturevalue("image")
        return lambda **variables: containers.ContainerService(
            ENGINE, image, project, **{**service_secrets, **variables}
        )
    venv = request.getfixturevalue("venv")
    return lambda **variables: ReplayedService(
        project, venv, tmp_path_factory.mktemp("service"), **{**service_secrets, **variables}
    )


@pytest.fixture(scope="session")
def redis():
    with RedisServer() as server:
        yield server


@pytest.fixture
def broker_url(redis) -> str:
    """A Redis database of this test's own, as Celery's broker and result backend."""
    return redis.new_url()


@pytest.fixture
def service_secrets(request, combination) -> dict:
    """Values for the secrets the combination's service needs, as ECS passes them from SSM.
    Only a worker asks for a broker."""
    needed = FRAMEWORKS[combination.framework].secrets
    values = {"DJANGO_SECRET_KEY": "end-to-end-tests-only-" + "k" * 40}
    if "CELERY_BROKER_URL" in needed:
        values["CELERY_BROKER_URL"] = request.getfixturevalue("broker_url")
    return {name: values[name] for name in needed}


@pytest.fixture
def web_traffic(combination, start_service):
    """web_traffic(variables, arrived) -> Traffic: start the combination's web service with these
    tracing variables, send it the standard traffic, wait until arrived(), stop it."""

    def run(variables: dict, arrived) -> Traffic:
        framework = FRAMEWORKS[combination.framework]
        service = start_service(**variables)
        if framework.callee:
            service.route_upstream_to(framework.callee)
        traffic = record_traffic(service, framework.pages, arrived)
        if ENGINE is not None:
            containers.record(combination.id, **{"traced stop s": service.stopped_in})
        return traffic

    return run
