{%- set flask = cookiecutter.framework == "flask" -%}
{%- set django = cookiecutter.framework == "django" -%}
{%- set celery = cookiecutter.framework == "celery" -%}
{%- set aiohttp = cookiecutter.framework == "aiohttp" -%}
import json
{%- if celery %}
import logging
{%- endif %}
import socket

import pytest
{%- if django %}
from aws_xray_sdk.core import xray_recorder
from django.test import Client
{%- elif celery %}
from aws_xray_sdk import global_sdk_config
from aws_xray_sdk.core import xray_recorder
{%- elif aiohttp %}
from aiohttp import web
from aws_xray_sdk import global_sdk_config
{%- endif %}

from {{ cookiecutter.project_slug }} import SERVICE_NAME{% if celery %}, tasks{% elif aiohttp %}, handlers{% endif %}
{%- if flask %}
from {{ cookiecutter.project_slug }}.app import create_app
{%- elif django %}
from {{ cookiecutter.project_slug }}.xray import init_tracing
{%- elif aiohttp %}
from {{ cookiecutter.project_slug }}.server import create_app
from {{ cookiecutter.project_slug }}.xray import client_trace_configs, init_tracing
{%- else %}
from {{ cookiecutter.project_slug }}.worker import app
from {{ cookiecutter.project_slug }}.xray import init_tracing, traced_run
from {{ cookiecutter.project_slug }}.xray_celery import TRACE_HEADER
{%- endif %}

# Not host:port, and ports out of range (which would fail every send, not the start).
INVALID_DAEMON_ADDRESSES = ["nonsense", "localhost:99999", "localhost:0"]


@pytest.fixture
def daemon(monkeypatch):
    """A UDP socket standing in for the X-Ray daemon; yields a function that reads segments."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2)
        host, port = sock.getsockname()
        monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", f"{host}:{port}")
        monkeypatch.setenv("XRAY_SAMPLE_ALL", "true")
{%- if django or celery %}
        # The recorder was configured at start-up; point it here for this test.
        xray_recorder.configure(daemon_address=f"{host}:{port}", sampling=False)
{%- endif %}

        def next_segment():
            header, _, body = sock.recv(65535).partition(b"\n")
            assert json.loads(header) == {"format": "json", "version": 1}
            return json.loads(body)

        yield next_segment
{%- if aiohttp %}


@pytest.fixture(autouse=True)
def sdk_enabled():
    yield
    global_sdk_config.set_sdk_enabled(True)


async def test_request_and_its_outgoing_call_are_one_trace(daemon, aiohttp_client, monkeypatch):
    client = await aiohttp_client(await create_app())
    monkeypatch.setattr(handlers, "UPSTREAM_URL", str(client.make_url("/ping")))
    assert (await client.get("/")).status == 200
    callee, caller = daemon(), daemon()  # the callee's segment ends first
    assert caller["name"] == callee["name"] == SERVICE_NAME
    (call,) = caller["subsegments"]
    assert call["namespace"] == "remote"
    assert call["http"]["request"]["url"].endswith("/ping")
    assert callee["trace_id"] == caller["trace_id"]
    assert callee["parent_id"] == call["id"]


async def test_error_is_recorded_on_the_segment(daemon, aiohttp_client):
    client = await aiohttp_client(await create_app())
    assert (await client.get("/error")).status == 500
    segment = daemon()
    assert segment["fault"] is True
    assert segment["cause"]["exceptions"][0]["type"] == "RuntimeError"


async def test_health_sends_nothing(daemon, aiohttp_client):
    client = await aiohttp_client(await create_app())
    await client.get("/health")
    await client.get("/ping")
    # The first segment to arrive is the one for /ping: /health sent nothing.
    assert daemon()["http"]["request"]["url"].endswith("/ping")


@pytest.mark.parametrize("address", INVALID_DAEMON_ADDRESSES)
def test_invalid_daemon_address_turns_tracing_off_with_one_warning(monkeypatch, caplog, address):
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", address)
    app = web.Application()
    init_tracing(app)
    assert list(app.middlewares) == []
    assert client_trace_configs() == []
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert "AWS_XRAY_DAEMON_ADDRESS" in warnings[0]
{%- elif celery %}


UPSTREAM_ROOT, UPSTREAM_PARENT = "1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8"


@pytest.fixture(autouse=True)
def sdk_enabled():
    yield
    global_sdk_config.set_sdk_enabled(True)


@app.task
def leaves_a_subsegment_open() -> None:
    xray_recorder.begin_subsegment("left open")


def subsegments(entity):
    for sub in entity.get("subsegments", []):
        yield sub
        yield from subsegments(sub)


def test_eager_task_is_a_subsegment_of_its_caller_with_its_queries(daemon, eager):
    with traced_run("test"):
        assert tasks.add.delay(2, 3).get() == 5
    segment = daemon()
    (task,) = [sub for sub in segment["subsegments"] if sub["name"] == tasks.add.name]
    assert task["annotations"]["celery_state"] == "SUCCESS"
    assert {sub["sql"]["database_type"] for sub in subsegments(task) if "sql" in sub} == {"sqlite3"}


def test_failing_task_records_its_exception(daemon, eager):
    with traced_run("test"):
        assert tasks.fail.delay().failed()
    (task,) = daemon()["subsegments"]
    assert task["fault"] is True
    assert task["cause"]["exceptions"][0]["type"] == "RuntimeError"


def test_run_segment_is_named_for_the_service(daemon):
    with traced_run("test"):
        pass
    segment = daemon()
    assert segment["name"] == SERVICE_NAME
    assert segment["annotations"]["run"] == "test"


@pytest.mark.parametrize("sampled", ["1", "0"])
def test_worker_continues_the_senders_trace_unless_it_was_not_sampled(daemon, worker, sampled):
    header = f"Root={UPSTREAM_ROOT};Parent={UPSTREAM_PARENT};Sampled={sampled}"
    result = tasks.add.apply_async((1, 2), headers={TRACE_HEADER: header})
    assert result.get(timeout=10) == 3
    if sampled == "0":
        with pytest.raises(TimeoutError):
            daemon()
        return
    segment = daemon()
    assert (segment["trace_id"], segment["parent_id"]) == (UPSTREAM_ROOT, UPSTREAM_PARENT)
    assert segment["annotations"]["celery_task"] == tasks.add.name


def test_worker_ends_the_segment_a_task_left_a_subsegment_open_in(daemon, worker):
    leaves_a_subsegment_open.delay().get(timeout=10)
    segment = daemon()
    (left_open,) = segment["subsegments"]
    assert left_open["name"] == "left open"
    assert left_open["in_progress"] is False


@pytest.mark.parametrize("address", INVALID_DAEMON_ADDRESSES)
def test_invalid_daemon_address_turns_tracing_off_with_one_warning(
    monkeypatch, caplog, eager, address
):
    caplog.set_level(logging.WARNING)  # a Celery worker started earlier may have set ERROR
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", address)
    init_tracing(app)
    assert not global_sdk_config.sdk_enabled()
    with traced_run("untraced"):
        assert tasks.add.delay(1, 1).get() == 2
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert "AWS_XRAY_DAEMON_ADDRESS" in warnings[0]
{%- else %}
{%- if flask %}


def get(path):
    return create_app().test_client().get(path)
{%- else %}


@pytest.fixture(autouse=True)
def database(db):
    """Every test here may query the database."""


def get(path):
    return Client(raise_request_exception=False).get(path)
{%- endif %}


def test_request_becomes_a_segment_with_database_subsegments(daemon):
    get("/")
    segment = daemon()
    assert segment["name"] == SERVICE_NAME
    assert segment["http"]["response"]["status"] == 200
    databases = {sub["sql"]["database_type"] for sub in segment["subsegments"] if "sql" in sub}
    assert databases == {"{% if flask %}sqlite3{% else %}sqlite{% endif %}"}
{%- if flask %}


def test_tracing_name_comes_from_the_environment(daemon, monkeypatch):
    monkeypatch.setenv("AWS_XRAY_TRACING_NAME", "renamed")
    get("/")
    assert daemon()["name"] == "renamed"
{%- endif %}


def test_error_is_recorded_on_the_segment(daemon):
    get("/error")
    segment = daemon()
    assert segment["fault"] is True
    assert segment["cause"]["exceptions"][0]["type"] == "RuntimeError"
{%- if flask %}


def test_health_sends_nothing(daemon):
    client = create_app().test_client()
    client.get("/health")
    client.get("/")
    # The first segment to arrive is the one for "/": /health sent nothing.
    assert daemon()["http"]["request"]["url"] == "http://localhost/"


@pytest.mark.parametrize("address", INVALID_DAEMON_ADDRESSES)
def test_invalid_daemon_address_turns_tracing_off_with_one_warning(monkeypatch, caplog, address):
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", address)
    assert get("/").status_code == 200
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert "AWS_XRAY_DAEMON_ADDRESS" in warnings[0]
{%- else %}


def test_settings_gain_xray_with_a_valid_address(monkeypatch):
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000")
    settings = {"INSTALLED_APPS": [], "MIDDLEWARE": ["first"]}
    init_tracing(settings)
    assert settings["INSTALLED_APPS"] == ["aws_xray_sdk.ext.django"]
    assert settings["MIDDLEWARE"][0] == "aws_xray_sdk.ext.django.middleware.XRayMiddleware"
    assert settings["XRAY_RECORDER"]["AWS_XRAY_TRACING_NAME"] == SERVICE_NAME
    assert settings["XRAY_RECORDER"]["AWS_XRAY_CONTEXT_MISSING"] == "LOG_ERROR"


@pytest.mark.parametrize("address", INVALID_DAEMON_ADDRESSES)
def test_invalid_daemon_address_turns_tracing_off_with_one_warning(monkeypatch, caplog, address):
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", address)
    settings = {"INSTALLED_APPS": [], "MIDDLEWARE": []}
    init_tracing(settings)
    assert settings == {"INSTALLED_APPS": [], "MIDDLEWARE": []}
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert "AWS_XRAY_DAEMON_ADDRESS" in warnings[0]
{%- endif %}

{%- endif %}
