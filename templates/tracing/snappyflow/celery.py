{#- snappyflow.py's Celery parts: the third-party imports, and the wiring. -#}
{%- set imports -%}
from celery import Celery
from celery.signals import worker_process_shutdown, worker_shutdown
{%- endset -%}
{%- set wiring -%}
def init_tracing(app: Celery) -> None:
    """A transaction per task, failures as errors, and the sender's trace continued.

    Safe with the prefork pool: the agent starts its threads again in each child process.
    """
    config = agent_config()
    if config is None:
        return
    import elasticapm
    from elasticapm.contrib.celery import register_exception_tracking, register_instrumentation

    agent = elasticapm.Client(config)
    elasticapm.instrument()  # spans for database, Redis and HTTP calls
    register_instrumentation(agent)
    register_exception_tracking(agent)
    # Each pool process, and the worker itself, sends what it traced before it exits.
    worker_process_shutdown.connect(deliver_on_shutdown, weak=False)
    worker_shutdown.connect(deliver_on_shutdown, weak=False)


def deliver_on_shutdown(**signal) -> None:
    deliver_and_stop()


@contextlib.contextmanager
def traced_run(name: str):
    """A transaction around a one-off command (the producer), sent before it exits.

    Tasks sent inside it continue its trace.
    """
    elasticapm = sys.modules.get("elasticapm")  # not imported when tracing is off
    agent = elasticapm and elasticapm.get_client()
    if agent is None:
        yield
        return
    agent.begin_transaction("command")
    result = "failure"
    try:
        yield
        result = "success"
    finally:
        agent.end_transaction(name, result)
        agent.close()  # sends what is pending: the command is about to exit
{%- endset -%}
