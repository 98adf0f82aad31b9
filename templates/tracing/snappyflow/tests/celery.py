{#- tests/test_snappyflow.py's Celery parts: its imports, what `traced()` looks at, and the test
    that a valid key traces it. -#}
{%- set third_party_imports = "" -%}
{%- set project_imports -%}
from {{ slug }}.worker import app
{%- endset -%}
{%- set traced -%}
def traced():
    """The agent that tracing sets up for the Celery app; None when untraced."""
    snappyflow.init_tracing(app)
    return elasticapm.get_client()
{%- endset -%}
{%- set traced_test -%}
def test_worker_is_traced_with_a_valid_key(snappyflow_env, caplog):
    agent = traced()
    assert agent.config.server_url == "http://127.0.0.1:9"
    assert agent.config.service_name == SERVICE_NAME
    assert tracing_warnings(caplog) == []
{%- endset -%}
