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
{%- endif %}
