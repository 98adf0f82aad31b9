import pytest

from {{ cookiecutter.project_slug }} import SERVICE_NAME, handlers
from {{ cookiecutter.project_slug }}.server import create_app


@pytest.fixture
async def client(aiohttp_client, monkeypatch):
    client = await aiohttp_client(await create_app())
    # GET / calls out; here, to this same test server's /ping.
    monkeypatch.setattr(handlers, "UPSTREAM_URL", str(client.make_url("/ping")))
    return client


async def test_health_answers_ok(client):
    response = await client.get("/health")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_index_reports_its_outgoing_call(client):
    response = await client.get("/")
    assert await response.json() == {"service": SERVICE_NAME, "upstream": 200}


async def test_error_returns_500(client):
    assert (await client.get("/error")).status == 500
