"""The database: a visit counter in SQLite, so that every page does real queries.

Swap in your own database; the tracer records its queries the same way.
"""

import os
import sqlite3
from contextlib import closing

# In the working directory, so that each checkout counts its own visits; the image sets it to
# /tmp, the only place a read-only container can write.
DATABASE_PATH = os.environ.get("DATABASE_PATH", "visits.sqlite3")


def record_visit() -> int:
    """Store one visit and return how many there have been."""
    with closing(sqlite3.connect(DATABASE_PATH, timeout=5)) as connection, connection:
        # Through a cursor, which every tracer's SQLite instrumentation sees; not every one
        # sees the connection's execute() shortcut.
        cursor = connection.cursor()
        cursor.execute("CREATE TABLE IF NOT EXISTS visits (at TEXT NOT NULL)")
        cursor.execute("INSERT INTO visits (at) VALUES (datetime('now'))")
        (count,) = cursor.execute("SELECT COUNT(*) FROM visits").fetchone()
    return count


def visit_time(number: int) -> str | None:
    """When visit `number` was recorded (UTC), or None when there has been no such visit."""
    with closing(sqlite3.connect(DATABASE_PATH, timeout=5)) as connection:
        cursor = connection.cursor()
        try:
            row = cursor.execute("SELECT at FROM visits WHERE rowid = ?", (number,)).fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise
            return None  # no visit recorded yet
    return row[0] if row else None
