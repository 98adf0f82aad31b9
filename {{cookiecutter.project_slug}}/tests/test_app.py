import pytest

from {{ cookiecutter.project_slug }} import SERVICE_NAME
from {{ cookiecutter.project_slug }}.app import create_app


@pytest.fixture
def client():
    return create_app().test_client()


def test_health_answers_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_is_answered_before_flask(client):
    seen = []
    client.application.before_request(lambda: seen.append("flask"))
    client.get("/health")
    assert seen == []


def test_index_counts_visits_in_the_database(client):
    first = client.get("/").get_json()
    second = client.get("/").get_json()
    assert first == {"service": SERVICE_NAME, "visits": 1}
    assert second["visits"] == 2


def test_a_visit_is_read_back_by_its_number(client):
    assert client.get("/visits/1").status_code == 404
    client.get("/")
    visit = client.get("/visits/1").get_json()
    assert visit["visit"] == 1 and visit["at"].startswith("20")
    assert client.get("/visits/2").status_code == 404


def test_error_returns_500(client):
    assert client.get("/error").status_code == 500
