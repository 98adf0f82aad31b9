import pytest
from celery.contrib.testing.worker import start_worker
from kombu.exceptions import OperationalError

from {{ cookiecutter.project_slug }} import producer, tasks
from {{ cookiecutter.project_slug }}.worker import BROKER_URL, app


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "DATABASE_PATH", tmp_path / "tasks.sqlite3")


@pytest.fixture
def eager(monkeypatch):
    """Tasks run in the caller's process, without a broker."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def test_add_returns_the_sum(eager):
    assert tasks.add.delay(2, 3).get() == 5


def test_fail_fails_with_its_exception(eager):
    result = tasks.fail.delay()
    assert result.failed()
    assert isinstance(result.result, RuntimeError)


def test_flaky_succeeds_on_its_second_attempt(eager):
    assert tasks.flaky.delay().get() == 2


def test_fan_out_enqueues_another_task(eager):
    assert isinstance(tasks.fan_out.delay(4).get(), str)


@pytest.fixture(scope="module")
def worker():
    """A worker thread against the broker in CELERY_BROKER_URL, when one answers."""
    try:
        app.connection_for_write().ensure_connection(max_retries=1, timeout=2)
    except OperationalError:
        pytest.skip(f"no broker answers at {BROKER_URL}")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


def test_producer_gets_every_expected_outcome_through_the_broker(worker):
    assert producer.main(["--timeout", "20"]) == 0
