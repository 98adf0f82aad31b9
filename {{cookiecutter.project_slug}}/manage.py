#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")
{%- if cookiecutter.tracing == "xray" %}
    # Commands (migrate, check, shell, ...) serve no requests, so X-Ray would only log a
    # "cannot find the current segment" error for each of their queries. Set
    # AWS_XRAY_SDK_ENABLED=true to trace `runserver` locally.
    os.environ.setdefault("AWS_XRAY_SDK_ENABLED", "false")
{%- endif %}
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
