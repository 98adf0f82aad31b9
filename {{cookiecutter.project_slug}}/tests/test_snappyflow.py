{%- set slug = cookiecutter.project_slug -%}
{%- import "tracing/snappyflow/tests/" ~ cookiecutter.framework ~ ".py" as framework with context -%}
import base64
import json
import logging
import os

import elasticapm
import pytest
{%- if framework.third_party_imports %}
{{ framework.third_party_imports }}
{%- endif %}
from Crypto.Cipher import AES

from {{ cookiecutter.project_slug }} import SERVICE_NAME, snappyflow
{%- if framework.project_imports %}
{{ framework.project_imports }}
{%- endif %}

# sf-apm-lib decrypts profile keys with this fixed AES key (see sf_apm_lib/snappyflow.py).
SNAPPYFLOW_AES_KEY = b"SnappyFlow123456"


def make_profile_key(trace_server_url, profile_id="test-profile"):
    """A key in SnappyFlow's format: base64(IV + AES-CBC(PKCS#7-padded JSON))."""
    plain = json.dumps({"profile_id": profile_id, "trace_server_url": trace_server_url}).encode()
    padding = 16 - len(plain) % 16
    iv = os.urandom(16)
    cipher = AES.new(SNAPPYFLOW_AES_KEY, AES.MODE_CBC, iv)
    return base64.b64encode(iv + cipher.encrypt(plain + bytes([padding]) * padding)).decode()


@pytest.fixture
def snappyflow_env(monkeypatch):
    monkeypatch.setenv("SF_PROFILE_KEY", make_profile_key("http://127.0.0.1:9"))
    monkeypatch.setenv("SF_PROJECT_NAME", "test-project")
    monkeypatch.setenv("SF_APP_NAME", "test-app")
    # The agent is configured, but sends nothing from these tests.
    monkeypatch.setenv("ELASTIC_APM_ENABLED", "false")


@pytest.fixture(autouse=True)
def close_agent():
    """The agent keeps one client per process: close it so that each test makes its own."""
    yield
    if agent := elasticapm.get_client():
        agent.close()


@pytest.fixture(autouse=True)
def capture_warnings(caplog):
    """Whatever level logging was left at (a Celery worker sets ERROR), capture warnings."""
    caplog.set_level(logging.WARNING)


def tracing_warnings(caplog):
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "tracing is off" in record.getMessage()
    ]


{{ framework.traced }}


def test_agent_config_comes_from_the_profile_key(snappyflow_env):
    config = snappyflow.agent_config()
    assert config["SERVICE_NAME"] == SERVICE_NAME
    assert config["SERVER_URL"] == "http://127.0.0.1:9"
    assert config["GLOBAL_LABELS"] == (
        "_tag_projectName=test-project,_tag_appName=test-app,_tag_profileId=test-profile"
    )
    assert "DEBUG" not in config


def test_elastic_apm_environment_wins_over_the_profile(snappyflow_env, monkeypatch):
    monkeypatch.setenv("ELASTIC_APM_SERVICE_NAME", "overridden")
    agent = elasticapm.Client(snappyflow.agent_config())
    assert agent.config.service_name == "overridden"
    assert agent.config.server_url == "http://127.0.0.1:9"


{{ framework.traced_test }}


@pytest.mark.parametrize("missing", ["SF_PROFILE_KEY", "SF_PROJECT_NAME", "SF_APP_NAME"])
def test_missing_variable_turns_tracing_off_with_one_warning(
    snappyflow_env, monkeypatch, caplog, missing
):
    monkeypatch.delenv(missing)
    assert not traced()
    (warning,) = tracing_warnings(caplog)
    assert missing in warning


@pytest.mark.parametrize(
    "bad_key",
    [
        "not base64!",
        "QUFBQQ==",  # too short to hold an IV
        make_profile_key("http://127.0.0.1:9")[:-8],  # truncated
        base64.b64encode(os.urandom(64)).decode(),  # not encrypted with SnappyFlow's key
        make_profile_key("not a url"),
        make_profile_key("ftp://127.0.0.1:9"),
        make_profile_key("http://127.0.0.1:99999"),
        make_profile_key("http://:8200"),
    ],
)
def test_invalid_key_turns_tracing_off_with_one_warning(
    snappyflow_env, monkeypatch, caplog, bad_key
):
    monkeypatch.setenv("SF_PROFILE_KEY", bad_key)
    assert not traced()
    (warning,) = tracing_warnings(caplog)
    assert "SF_PROFILE_KEY" in warning


@pytest.mark.parametrize("version", [(3, 12, 0), (3, 12, 1)])
def test_python_versions_that_crash_the_agent_turn_tracing_off_with_one_warning(
    snappyflow_env, monkeypatch, caplog, version
):
    monkeypatch.setattr(snappyflow, "PYTHON_VERSION", version)
    assert not traced()
    (warning,) = tracing_warnings(caplog)
    assert "3.12.2 or later" in warning
    assert ".".join(map(str, version)) in warning
