"""Demonstration tasks: one of each kind a trace should show."""

import logging
import os
import sqlite3
from contextlib import closing

from .worker import app

logger = logging.getLogger(__name__)

# In the working directory; the image sets it to /tmp, the only place a read-only container
# can write.
DATABASE_PATH = os.environ.get("DATABASE_PATH", "tasks.sqlite3")


@app.task
def add(x: int, y: int) -> int:
    """Succeeds, after a database query that shows up in the trace."""
    logger.info("Adding %d and %d", x, y)
    with closing(sqlite3.connect(DATABASE_PATH)) as connection, connection:
        # Through a cursor, which every tracer's SQLite instrumentation sees; not every one
        # sees the connection's execute() shortcut.
        cursor = connection.cursor()
        cursor.execute("CREATE TABLE IF NOT EXISTS sums (x INTEGER, y INTEGER)")
        cursor.execute("INSERT INTO sums (x, y) VALUES (?, ?)", (x, y))
    return x + y


@app.task
def fail() -> None:
    """Fails: the error shows up in the trace."""
    raise RuntimeError("Deliberate failure: this error should show up in your traces.")


@app.task(bind=True, max_retries=3, default_retry_delay=0.5)
def flaky(self) -> int:
    """Fails on its first attempt and is retried; returns the attempt that succeeded."""
    if self.request.retries == 0:
        raise self.retry(exc=ConnectionError("Deliberate first-attempt failure"))
    return self.request.retries + 1


@app.task
def fan_out(x: int) -> str:
    """Enqueues another task, whose trace joins this one's; returns that task's id."""
    return add.delay(x, x).id
