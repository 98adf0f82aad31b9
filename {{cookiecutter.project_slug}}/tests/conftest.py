{%- if cookiecutter.framework == "flask" -%}
import pytest

from {{ cookiecutter.project_slug }} import db


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Each test gets its own SQLite file."""
    monkeypatch.setattr(db, "DATABASE_PATH", str(tmp_path / "test.sqlite3"))
{%- elif cookiecutter.framework == "django" -%}
import pytest


@pytest.fixture(autouse=True)
def plain_http(settings):
    """The test client speaks plain HTTP; in production the load balancer speaks TLS."""
    settings.SECURE_SSL_REDIRECT = False
{%- elif cookiecutter.framework == "celery" -%}
import pytest
from celery.contrib.testing.worker import start_worker
from kombu.exceptions import OperationalError

from {{ cookiecutter.project_slug }} import tasks
from {{ cookiecutter.project_slug }}.worker import BROKER_URL, app


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "DATABASE_PATH", str(tmp_path / "tasks.sqlite3"))


@pytest.fixture
def eager(monkeypatch):
    """Tasks run in the caller's process, without a broker."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture(scope="session")
def worker():
    """A worker thread against the broker in CELERY_BROKER_URL, when one answers."""
    try:
        app.connection_for_write().ensure_connection(max_retries=1, timeout=2)
    except OperationalError:
        pytest.skip(f"no broker answers at {BROKER_URL}")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield
{%- endif %}
{%- if cookiecutter.tracing == "opentelemetry" and cookiecutter.framework != "django" %}
{%- if cookiecutter.framework != "aiohttp" %}


{% endif -%}
def pytest_configure(config):
    """Spans stay in the test process, where tests/test_opentelemetry.py reads them."""
    import os

    os.environ.setdefault("OTEL_TRACES_EXPORTER", "none")
{%- endif %}
