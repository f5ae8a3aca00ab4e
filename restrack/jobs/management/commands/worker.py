"""`restrack worker`: a worker of the task queue (Celery), doing the jobs the site asks for."""

from __future__ import annotations

from celery.signals import task_prerun
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from restrack import config
from restrack.jobs.queue import app


def _follow_the_server(**kwargs) -> None:
    """Links in the mail a worker writes start with the address `restrack serve` last bound (kept
    in var/served-at) unless RESTRACK_SITE_URL names one: read again before each task, as the
    worker may have started before the server, or the server moved to another port since."""
    if not settings.SITE_URL_FROM_ENVIRONMENT:
        settings.SITE_URL = config.site_url(None, settings.VAR_DIR)


class Command(BaseCommand):
    help = "Run a worker of the task queue: report files, large imports, re-indexing and e-mail (needs a broker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency", type=int, default=1, help="Jobs run at the same time, one process each (default 1)."
        )
        parser.add_argument("--loglevel", default="INFO", help="Celery's log level (default INFO).")
        parser.add_argument(
            "--beat",
            action="store_true",
            help="Also run the daily schedule (the look for overdue commitments followers are told of); give it to "
            "one worker only.",
        )
        parser.add_argument(
            "--max-tasks-per-child",
            type=int,
            default=100,
            help="A process is replaced after this many jobs, which returns its memory (default 100).",
        )

    def handle(self, *args, concurrency, loglevel, max_tasks_per_child, beat, **options):
        if not settings.RESTRACK_BROKER_URL:
            raise CommandError(
                "RESTRACK_BROKER_URL is not set, so the web process does the jobs itself and a worker has nothing "
                "to do. Set it (amqp://guest:guest@127.0.0.1:5672// or redis://127.0.0.1:6379/0) for the site and "
                "the worker alike."
            )
        if concurrency < 1:
            raise CommandError("--concurrency must be 1 or more.")
        app.loader.import_default_modules()  # every app's tasks module
        task_prerun.connect(_follow_the_server, weak=False, dispatch_uid="restrack.worker.site_url")
        self.stdout.write(
            f"Restrack worker on queue {settings.RESTRACK_JOB_QUEUE!r} of {app.conf.broker_url.split('@')[-1]}, "
            f"{concurrency} at a time (Ctrl+C stops it)."
        )
        app.worker_main(
            [
                "worker",
                f"--loglevel={loglevel}",
                f"--concurrency={concurrency}",
                f"--max-tasks-per-child={max_tasks_per_child}",
                f"--queues={settings.RESTRACK_JOB_QUEUE}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *(["--beat", f"--schedule={settings.VAR_DIR / 'worker-schedule'}"] if beat else []),
            ]
        )
