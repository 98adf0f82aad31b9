import io

import pytest
from django.core.management import call_command
from django.test import Client

from {{ cookiecutter.project_slug }} import SERVICE_NAME
from {{ cookiecutter.project_slug }}.wsgi import application

pytestmark = pytest.mark.django_db


def test_health_is_answered_before_django():
    statuses = []
    body = application(
        {"PATH_INFO": "/health", "REQUEST_METHOD": "GET"},
        lambda status, headers: statuses.append(status),
    )
    assert statuses == ["200 OK"]
    assert b"".join(body) == b'{"status": "ok"}'


def test_index_counts_items_with_the_orm(client):
    assert client.get("/").json() == {"service": SERVICE_NAME, "items": 1}


def test_item_is_found_by_its_route(client):
    assert client.get("/items/1/").json() == {"id": 1, "name": "First item"}
    assert client.get("/items/999/").status_code == 404


def test_error_returns_500():
    assert Client(raise_request_exception=False).get("/error").status_code == 500


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_deploy_checks_pass(settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production
    out = io.StringIO()
    call_command("check", "--deploy", "--fail-level", "WARNING", stdout=out)
    assert "no issues" in out.getvalue()


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
