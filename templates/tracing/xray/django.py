{#- xray.py's Django parts: what is traced, the imports, and the wiring (Django's X-Ray app
    configures the recorder from the settings). -#}
{%- set traced = "a segment per request, subsegments for its database queries" -%}
{%- set imports -%}
import logging
import os
import re
import sys
{%- endset -%}
{%- set wiring -%}
def init_tracing(settings: dict) -> None:
    """Add X-Ray's app, middleware and recorder settings to the settings' globals()."""
    if switched_off() or not daemon_address_is_usable():
        return
    from aws_xray_sdk.core import xray_recorder

    tame("X-Ray tracing", "aws_xray_sdk")
    xray_recorder.configure(emitter=RedactingEmitter.around(xray_recorder.emitter))
    settings["XRAY_RECORDER"] = {
        "AWS_XRAY_TRACING_NAME": SERVICE_NAME,  # AWS_XRAY_TRACING_NAME in the environment wins
        "AWS_XRAY_DAEMON_ADDRESS": DEFAULT_DAEMON_ADDRESS,  # so does AWS_XRAY_DAEMON_ADDRESS
        "SAMPLING": not sample_all(),
        # ORM queries and template rendering become subsegments.
        "AUTO_INSTRUMENT": True,
        # migrate, check and other commands run queries outside any request: log, do not raise.
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    }
    settings["INSTALLED_APPS"].append("aws_xray_sdk.ext.django")
    # First, so that the segment covers everything the other middleware does.
    settings["MIDDLEWARE"].insert(0, "aws_xray_sdk.ext.django.middleware.XRayMiddleware")
{%- endset -%}
