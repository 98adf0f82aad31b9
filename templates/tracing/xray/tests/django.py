{#- tests/test_xray.py's Django parts: its imports, and its tests (the shared daemon
    fixture is in the module). -#}
{%- set imports -%}
import json
import socket

import pytest
from aws_xray_sdk.core import xray_recorder
from django.test import Client

from {{ slug }} import SERVICE_NAME
from {{ slug }}.xray import init_tracing

{%- endset -%}
{%- set recorder_configured_at_start = true -%}
{%- set tests -%}
@pytest.fixture(autouse=True)
def database(db):
    """Every test here may query the database."""


def get(path):
    return Client(raise_request_exception=False).get(path)


{% set database_type = "sqlite" %}{% include "tracing/xray/tests/page_segments.py" %}


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
{%- endset -%}
