{#- xray.py's Flask parts: what is traced, the imports, and the wiring. -#}
{%- set traced = "a segment per request, subsegments for its SQLite queries" -%}
{%- set imports -%}
import logging
import os
import re
import sys

from flask import Flask
{%- endset -%}
{%- set wiring -%}
{% include "tracing/xray/configure_recorder.py" %}


def init_tracing(app: Flask) -> None:
    if switched_off() or not daemon_address_is_usable():
        return
    from aws_xray_sdk.ext.flask.middleware import XRayMiddleware

    XRayMiddleware(app, configure_recorder())
{%- endset -%}
