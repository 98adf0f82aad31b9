"""The Celery application, configured from the environment.

The worker runs it (`celery --app {{ cookiecutter.project_slug }}.worker worker`); the producer
and any other code send tasks through it.
"""

import os

from celery import Celery
from celery.signals import setup_logging

from .logs import configure_logging
from .{{ cookiecutter.tracing }} import init_tracing

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")

app = Celery(
    "{{ cookiecutter.project_slug }}",
    broker=BROKER_URL,
    backend=os.environ.get("CELERY_RESULT_BACKEND", BROKER_URL),
    include=["{{ cookiecutter.project_slug }}.tasks"],
)
app.conf.update(
    worker_concurrency=int(os.environ.get("CELERY_CONCURRENCY", "2")),
    # A pool process is replaced after this many tasks (unset: never), which bounds what a
    # leak in task code can grow to.
    worker_max_tasks_per_child=int(os.environ.get("CELERY_MAX_TASKS_PER_CHILD", "0")) or None,
    # A task is acknowledged when it finishes, so a task whose worker is stopped or dies
    # mid-way goes back to the queue instead of being lost.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    result_expires=3600,
)

# The service's log format (LOG_FORMAT, LOG_LEVEL), from the first line on, in the worker and
# the producer alike; a receiver of setup_logging keeps Celery from replacing it.
configure_logging()


@setup_logging.connect
def keep_the_service_log_format(**_) -> None:
    """Celery's own lines ("ready", each task's outcome) go through the service's format."""


init_tracing(app)
