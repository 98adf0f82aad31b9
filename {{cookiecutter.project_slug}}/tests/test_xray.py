import json
import socket

import pytest

from {{ cookiecutter.project_slug }} import SERVICE_NAME
from {{ cookiecutter.project_slug }}.app import create_app


@pytest.fixture
def daemon(monkeypatch):
    """A UDP socket standing in for the X-Ray daemon; yields a function that reads segments."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2)
        host, port = sock.getsockname()
        monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", f"{host}:{port}")
        monkeypatch.setenv("XRAY_SAMPLE_ALL", "true")

        def next_segment():
            header, _, body = sock.recv(65535).partition(b"\n")
            assert json.loads(header) == {"format": "json", "version": 1}
            return json.loads(body)

        yield next_segment


def test_request_becomes_a_segment_with_a_sqlite_subsegment(daemon):
    create_app().test_client().get("/")
    segment = daemon()
    assert segment["name"] == SERVICE_NAME
    assert segment["http"]["response"]["status"] == 200
    databases = {sub["sql"]["database_type"] for sub in segment["subsegments"] if "sql" in sub}
    assert databases == {"sqlite3"}


def test_tracing_name_comes_from_the_environment(daemon, monkeypatch):
    monkeypatch.setenv("AWS_XRAY_TRACING_NAME", "renamed")
    create_app().test_client().get("/")
    assert daemon()["name"] == "renamed"


def test_error_is_recorded_on_the_segment(daemon):
    create_app().test_client().get("/error")
    segment = daemon()
    assert segment["fault"] is True
    assert segment["cause"]["exceptions"][0]["type"] == "RuntimeError"


def test_health_sends_nothing(daemon):
    client = create_app().test_client()
    client.get("/health")
    client.get("/")
    # The first segment to arrive is the one for "/": /health sent nothing.
    assert daemon()["http"]["request"]["url"] == "http://localhost/"


def test_invalid_daemon_address_turns_tracing_off_with_one_warning(monkeypatch, caplog):
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", "nonsense")
    assert create_app().test_client().get("/").status_code == 200
    warnings = [r.getMessage() for r in caplog.records if "tracing is off" in r.getMessage()]
    assert len(warnings) == 1
    assert "AWS_XRAY_DAEMON_ADDRESS" in warnings[0]
