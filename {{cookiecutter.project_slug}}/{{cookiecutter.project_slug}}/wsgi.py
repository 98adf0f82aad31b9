"""The WSGI application that gunicorn serves."""

import os

from django.core.wsgi import get_wsgi_application

from .health import answer_health_checks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")

application = answer_health_checks(get_wsgi_application())
