"""`migrate`, one task at a time.

On PostgreSQL the command holds an advisory lock while it migrates, so tasks that start
together take turns instead of racing through the same migrations. SQLite needs no lock:
each task has its own database file.
"""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

# Any constant works, as long as nothing else in the database uses it as a lock key.
MIGRATION_LOCK_KEY = 726_415_001


class Command(MigrateCommand):
    help = "Apply migrations while holding a database lock, so that tasks take turns."

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
            try:
                return super().handle(*args, **options)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
