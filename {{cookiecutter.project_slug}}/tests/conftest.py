import pytest


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Each test gets its own SQLite file."""
    monkeypatch.setattr("{{ cookiecutter.project_slug }}.db.DATABASE_PATH", str(tmp_path / "test.sqlite3"))
