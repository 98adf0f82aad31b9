{#- tests/test_snappyflow.py's Django parts: its imports, what `traced()` looks at, and the test
    that a valid key traces it. -#}
{%- set third_party_imports = "" -%}
{%- set project_imports = "" -%}
{%- set traced -%}
def traced():
    """What tracing adds to the settings: {} when it stays off."""
    settings = {"INSTALLED_APPS": [], "MIDDLEWARE": []}
    snappyflow.init_tracing(settings)
    return {name: value for name, value in settings.items() if value}
{%- endset -%}
{%- set traced_test -%}
def test_settings_gain_the_agent_with_a_valid_key(snappyflow_env, caplog):
    settings = traced()
    assert settings["INSTALLED_APPS"] == ["elasticapm.contrib.django"]
    assert settings["MIDDLEWARE"] == ["elasticapm.contrib.django.middleware.TracingMiddleware"]
    assert settings["ELASTIC_APM"]["SERVER_URL"] == "http://127.0.0.1:9"
    assert settings["ELASTIC_APM"]["DJANGO_TRANSACTION_NAME_FROM_ROUTE"] is True
    assert tracing_warnings(caplog) == []
{%- endset -%}
