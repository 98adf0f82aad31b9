{#- snappyflow.py's Flask parts: the third-party imports, and the wiring. -#}
{%- set imports -%}
import elasticapm
from elasticapm.conf import Config
from elasticapm.conf.constants import ERROR, SPAN, TRANSACTION
from elasticapm.contrib.flask import ElasticAPM
from elasticapm.processors import for_events
from flask import Flask
from sf_apm_lib.snappyflow import Snappyflow
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: Flask) -> None:
    config = agent_config()
    if config is not None:
        app.config["ELASTIC_APM"] = config
        app.extensions["elasticapm"] = ElasticAPM(app)
{%- endset -%}
