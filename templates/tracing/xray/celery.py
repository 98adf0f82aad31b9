{#- xray.py's Celery parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a segment per task, subsegments for its database queries" -%}
{%- set imports -%}
import contextlib
import logging
import os
import re
import sys

from aws_xray_sdk import global_sdk_config
from celery import Celery
{%- endset -%}
{%- set wiring -%}
{% include "tracing/xray/configure_recorder.py" %}


def init_tracing(app: Celery) -> None:
    """A segment per task that continues the sender's trace (see xray_celery.py)."""
    if switched_off() or not daemon_address_is_usable():
        global_sdk_config.set_sdk_enabled(False)
        return
    configure_recorder()
    from .xray_celery import trace_tasks

    trace_tasks()


@contextlib.contextmanager
def traced_run(name: str):
    """A segment around a one-off command (the producer); tasks sent inside it join its trace."""
    if not global_sdk_config.sdk_enabled():
        yield
        return
    from aws_xray_sdk.core import xray_recorder

    with xray_recorder.in_segment(SERVICE_NAME) as segment:
        segment.put_annotation("run", name)
        yield
{%- endset -%}
