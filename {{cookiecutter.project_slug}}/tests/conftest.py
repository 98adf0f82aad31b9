import pytest

from {{ cookiecutter.project_slug }} import db


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Each test gets its own SQLite file."""
    monkeypatch.setattr(db, "DATABASE_PATH", str(tmp_path / "test.sqlite3"))
