"""What each framework's generated service serves, and what the tracers make of it."""

from dataclasses import dataclass

from .combinations import DEFAULT_SLUG


@dataclass(frozen=True)
class Framework:
    pages: tuple[str, ...]  # requested, besides /health and /error, by the standard traffic
    transaction_names: tuple[str, ...]  # what SnappyFlow names those requests, sorted
    table: str  # the table those pages query
    xray_database_type: str  # how X-Ray's patch for the framework's database calls it
    environment: dict  # the secrets the service needs to start, as ECS passes them
    # Processes that set tracing up when the service starts with one worker: each says once
    # why tracing is off, when it is.
    start_processes: int


FRAMEWORKS = {
    "flask": Framework(
        pages=("/", "/"),
        transaction_names=("GET /", "GET /", "GET /", "GET /error"),
        table="visits",
        xray_database_type="sqlite3",
        environment={},
        start_processes=1,  # the gunicorn worker
    ),
    "django": Framework(
        pages=("/", "/items/1/"),
        # Django names by route; the empty route of "/" falls back to the view's name.
        transaction_names=(
            "GET error",
            f"GET {DEFAULT_SLUG}.items.views.index",
            f"GET {DEFAULT_SLUG}.items.views.index",
            "GET items/<int:pk>/",
        ),
        table="items_item",
        xray_database_type="sqlite",
        environment={"DJANGO_SECRET_KEY": "end-to-end-tests-only-" + "k" * 40},
        start_processes=2,  # `manage.py migrate_locked`, then the gunicorn worker
    ),
}
