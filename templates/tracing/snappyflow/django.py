{#- snappyflow.py's Django parts: the third-party imports, and the wiring. -#}
{%- set imports = "" -%}
{%- set wiring -%}
def init_tracing(settings: dict) -> None:
    """Add the agent's app, middleware and configuration to the settings' globals()."""
    config = agent_config()
    if config is None:
        return
    # Name transactions after the URL route ("GET items/<int:pk>/"), not the view function.
    settings["ELASTIC_APM"] = {**config, "DJANGO_TRANSACTION_NAME_FROM_ROUTE": True}
    settings["INSTALLED_APPS"].append("elasticapm.contrib.django")
    settings["MIDDLEWARE"].insert(0, "elasticapm.contrib.django.middleware.TracingMiddleware")
{%- endset -%}
