{#- tests/test_snappyflow.py's Flask parts: its imports, what `traced()` looks at, and the test
    that a valid key traces it. -#}
{%- set third_party_imports = "" -%}
{%- set project_imports -%}
from {{ slug }}.app import create_app
{%- endset -%}
{%- set traced -%}
def traced():
    """The app's agent, after checking that the app serves; None when untraced."""
    app = create_app()
    assert app.test_client().get("/").status_code == 200
    return app.extensions.get("elasticapm")
{%- endset -%}
{%- set traced_test -%}
def test_app_is_traced_with_a_valid_key(snappyflow_env, caplog):
    agent = traced().client
    assert agent.config.server_url == "http://127.0.0.1:9"
    assert agent.config.service_name == SERVICE_NAME
    assert tracing_warnings(caplog) == []
{%- endset -%}
