{#- snappyflow.py's aiohttp parts: the third-party imports, and the wiring. -#}
{%- set imports -%}
from aiohttp import web
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: web.Application) -> None:
    """The agent's middleware first in line, and its instrumentation of outgoing calls."""
    config = agent_config()
    if config is None:
        return
    import elasticapm
    from elasticapm.contrib.aiohttp import ElasticAPM

    ElasticAPM(app, elasticapm.Client(config, framework_name="aiohttp"))


def client_trace_configs() -> list:
    """Nothing to add: the agent instruments aiohttp's client itself, trace header included."""
    return []
{%- endset -%}
