{#- snappyflow.py's Flask parts: the third-party imports, and the wiring. -#}
{%- set imports -%}
from flask import Flask
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: Flask) -> None:
    config = agent_config()
    if config is None:
        return
    from elasticapm.contrib.flask import ElasticAPM

    app.config["ELASTIC_APM"] = config
    app.extensions["elasticapm"] = ElasticAPM(app)
{%- endset -%}
