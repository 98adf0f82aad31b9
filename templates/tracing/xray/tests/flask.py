{#- tests/test_xray.py's Flask parts: its imports, and its tests (the shared daemon
    fixture is in the module). -#}
{%- set imports -%}
import json
import socket

import pytest

from {{ slug }} import SERVICE_NAME
from {{ slug }}.app import create_app

{%- endset -%}
{%- set recorder_configured_at_start = false -%}
{%- set tests -%}
def get(path):
    return create_app().test_client().get(path)


{% set database_type = "sqlite3" %}{% include "tracing/xray/tests/page_segments.py" %}


def test_tracing_name_comes_from_the_environment(daemon, monkeypatch):
    monkeypatch.setenv("AWS_XRAY_TRACING_NAME", "renamed")
    get("/")
    assert daemon()["name"] == "renamed"


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
{%- endset -%}
