{#- tests/test_xray.py's aiohttp parts: its imports, and its tests (the shared daemon
    fixture is in the module). -#}
{%- set imports -%}
import json
import socket

import pytest
from aiohttp import web
from aws_xray_sdk import global_sdk_config

from {{ slug }} import SERVICE_NAME, handlers
from {{ slug }}.server import create_app
from {{ slug }}.xray import client_trace_configs, init_tracing

{%- endset -%}
{%- set recorder_configured_at_start = false -%}
{%- set tests -%}
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
{%- endset -%}
