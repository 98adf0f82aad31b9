"""What each framework's generated service does, and what the tracers make of it."""

from dataclasses import dataclass

from .combinations import DEFAULT_SLUG


def producer_command(timeout: float = 30) -> list[str]:
    """The Celery producer, as a one-off container (or process) runs it."""
    return ["python", "-m", f"{DEFAULT_SLUG}.producer", "--timeout", f"{timeout:g}"]


@dataclass(frozen=True)
class Framework:
    secrets: tuple[str, ...]  # what the service needs from ECS `secrets` to start
    # Processes that set tracing up when the service starts with one worker: each says once
    # why tracing is off, when it is.
    start_processes: int
    xray_database_type: str = ""  # how X-Ray's patch for the framework's database calls it
    otel_database_system: str = ""  # OpenTelemetry's db.system for it
    worker: bool = False  # a Celery worker, not a web service
    pages: tuple[str, ...] = ()  # requested, besides /health and /error, by the standard traffic
    # What SnappyFlow names the transactions of the standard traffic (callees' included).
    transaction_names: tuple[str, ...] = ()
    span_names: tuple[str, ...] = ()  # what OpenTelemetry names their server spans
    table: str = ""  # the table "/" queries
    callee: str = ""  # the page "/" calls out to (over HTTP, traced), when it calls out
    # The SQLite file, in the image, that "/" (or a worker's `add` task) uses: a test that
    # holds it locked keeps a request or task in flight. Pages that call out wait on UPSTREAM_URL.
    database: str = ""
    # The logger of the line "/" (or the `add` task) logs inside its trace.
    logger: str = ""
    stopping: str = "Handling signal: term"  # what the service logs when SIGTERM reaches it (gunicorn)


FRAMEWORKS = {
    "flask": Framework(
        logger=f"{DEFAULT_SLUG}.routes",
        secrets=(),
        start_processes=1,  # the gunicorn worker
        xray_database_type="sqlite3",
        otel_database_system="sqlite",
        pages=("/", "/"),
        transaction_names=("GET /", "GET /", "GET /", "GET /error"),
        span_names=("GET /", "GET /", "GET /", "GET /error"),
        table="visits",
        database="/tmp/visits.sqlite3",
    ),
    "django": Framework(
        logger=f"{DEFAULT_SLUG}.items.views",
        secrets=("DJANGO_SECRET_KEY",),
        start_processes=2,  # `manage.py migrate_locked`, then the gunicorn worker
        xray_database_type="sqlite",
        otel_database_system="sqlite",
        pages=("/", "/items/1/"),
        # Django names by route; the empty route of "/" falls back to the view's name.
        transaction_names=(
            "GET error",
            f"GET {DEFAULT_SLUG}.items.views.index",
            f"GET {DEFAULT_SLUG}.items.views.index",
            "GET items/<int:pk>/",
        ),
        # OpenTelemetry too, but for the empty route of "/", which it leaves unnamed.
        span_names=("GET error", "GET", "GET", "GET items/<int:pk>/"),
        table="items_item",
        database="/tmp/db.sqlite3",
    ),
    "aiohttp": Framework(
        logger=f"{DEFAULT_SLUG}.handlers",
        secrets=(),
        start_processes=1,  # the gunicorn worker
        pages=("/", "/"),
        transaction_names=("GET /", "GET /", "GET /", "GET /error", "GET /ping", "GET /ping", "GET /ping"),
        span_names=("GET /", "GET /", "GET /", "GET /error", "GET /ping", "GET /ping", "GET /ping"),
        callee="/ping",
    ),
    "celery": Framework(
        logger=f"{DEFAULT_SLUG}.tasks",
        secrets=("CELERY_BROKER_URL",),
        start_processes=1,  # the worker's main process; its pool processes are forks of it
        xray_database_type="sqlite3",
        worker=True,
        database="/tmp/tasks.sqlite3",
        stopping="worker: Warm shutdown",
    ),
}
