{#- snappyflow.py's aiohttp parts: the third-party imports, and the wiring. -#}
{%- set imports -%}
import elasticapm
from aiohttp import web
from elasticapm.conf import Config
from elasticapm.conf.constants import ERROR, SPAN, TRANSACTION
from elasticapm.contrib.aiohttp import ElasticAPM
from elasticapm.processors import for_events
from sf_apm_lib.snappyflow import Snappyflow
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: web.Application) -> None:
    """The agent's middleware first in line, and its instrumentation of outgoing calls."""
    config = agent_config()
    if config is not None:
        ElasticAPM(app, elasticapm.Client(config, framework_name="aiohttp"))


def client_trace_configs() -> list:
    """Nothing to add: the agent instruments aiohttp's client itself, trace header included."""
    return []
{%- endset -%}
