import logging

import pytest

from {{ cookiecutter.project_slug }} import tracer_logs


class Received(logging.Handler):
    """What the test tracer's logger passes on to the service's log (the root logger's handlers)."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        if record.getMessage().startswith("Some tracing"):  # not a real tracer's, left running
            self.messages.append((record.getMessage(), record.exc_info))


@pytest.fixture
def received():
    handler = Received()
    logging.getLogger().addHandler(handler)
    yield handler.messages
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def tracer(monkeypatch):
    """A tracer's logger, tamed."""
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    name = "tests.some_tracer"
    tracer_logs.tame("Some tracing", name)
    yield logging.getLogger(name)
    logging.getLogger(name).handlers, logging.getLogger(name).propagate = [], True


def test_a_persistent_failure_is_said_once_per_interval_without_traceback(tracer, received):
    for _ in range(1000):
        try:
            raise ConnectionRefusedError("Connection refused")
        except OSError:
            tracer.exception("Failed to submit message")
    assert received == [("Some tracing: Failed to submit message", None)]


def test_the_next_one_says_how_many_were_held_back(tracer, received, monkeypatch):
    for _ in range(5):
        tracer.error("Failed to submit message")
    later = tracer_logs.time.monotonic() + tracer_logs.INTERVAL + 1
    monkeypatch.setattr(tracer_logs.time, "monotonic", lambda: later)
    tracer.error("Failed to submit message")
    assert [message for message, _ in received] == [
        "Some tracing: Failed to submit message",
        "Some tracing: Failed to submit message (4 more held back since the last one)",
    ]


def test_chatter_below_warning_is_dropped(tracer, received):
    tracer.info("No effective centralized sampling rule match. Fallback to local rules.")
    assert received == []


def test_log_level_debug_leaves_the_tracer_alone(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    tracer_logs.tame("Some tracing", "tests.debugged_tracer")
    debugged = logging.getLogger("tests.debugged_tracer")
    assert debugged.handlers == [] and debugged.propagate
