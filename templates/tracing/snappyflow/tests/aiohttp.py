{#- tests/test_snappyflow.py's aiohttp parts: its imports, what `traced()` looks at, and the test
    that a valid key traces it. -#}
{%- set third_party_imports -%}
from aiohttp import web
{%- endset -%}
{%- set project_imports = "" -%}
{%- set traced -%}
def traced():
    """The agent that tracing sets up for the aiohttp app; None when untraced."""
    snappyflow.init_tracing(web.Application())
    return elasticapm.get_client()
{%- endset -%}
{%- set traced_test -%}
def test_app_is_traced_with_a_valid_key(snappyflow_env, caplog):
    agent = traced()
    assert agent.config.server_url == "http://127.0.0.1:9"
    assert agent.config.service_name == SERVICE_NAME
    assert tracing_warnings(caplog) == []
{%- endset -%}
