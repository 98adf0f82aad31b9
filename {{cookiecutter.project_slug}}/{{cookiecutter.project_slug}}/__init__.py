"""The {{ cookiecutter.service_name }} service."""

SERVICE_NAME = {{ cookiecutter.service_name | tojson }}
