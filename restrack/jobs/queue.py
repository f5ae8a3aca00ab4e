"""The task queue: one Celery application for every app's tasks.

With a broker configured (RESTRACK_BROKER_URL: amqp://guest:guest@127.0.0.1:5672// or
redis://127.0.0.1:6379/0), tasks are sent to it and run in `restrack worker` processes. Without
one (the default), they run at once in the process that asks (Celery's eager mode), so `make run`
needs nothing more than the web server.

There is no result backend: a job's state and result are its record (restrack.jobs.models.Job),
which the pages read; e-mail tasks have no result at all.
"""

from __future__ import annotations

import logging

from celery import Celery

app = Celery("restrack")
logger = logging.getLogger(__name__)


def configure(*, broker_url: str | None = None, queue: str | None = None) -> None:
    """Read the queue's settings (RESTRACK_BROKER_URL, RESTRACK_JOB_QUEUE); tests that start a
    real worker pass their own broker and queue."""
    from django.conf import settings

    broker_url = broker_url if broker_url is not None else settings.RESTRACK_BROKER_URL
    app.conf.update(
        broker_url=broker_url or "memory://",
        task_always_eager=not broker_url,
        task_eager_propagates=True,
        task_store_eager_result=False,
        task_ignore_result=True,
        task_default_queue=queue or settings.RESTRACK_JOB_QUEUE,
        task_serializer="json",
        accept_content=["json"],
        # A job is acknowledged when it has run, and a worker takes one at a time: a worker that dies
        # mid-job leaves it to another (the runner skips a job that already ended).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        timezone=settings.TIME_ZONE,
        enable_utc=True,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        # The tasks live in each app's `tasks` module.
        imports=[],
    )
    app.autodiscover_tasks(lambda: [config.name for config in _app_configs()], related_name="tasks")


def _app_configs():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.name.startswith("restrack.")]


def eager() -> bool:
    """Do tasks run in the asking process (no broker configured)?"""
    return bool(app.conf.task_always_eager)


def queued(task, *args, what: str) -> bool:
    """Send `task` to the broker: True. False when the caller must do it itself: there is no
    broker (the default), or it cannot be reached (logged, naming `what`: the work must not be
    lost because the queue is down)."""
    if eager():
        return False
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - the broker is down: done in this process rather than not at all
        logger.exception("Could not send %s to the task queue; doing it in this process", what)
        return False
    return True
