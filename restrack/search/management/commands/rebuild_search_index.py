"""`restrack rebuild-search-index`: index everything public again, from scratch.

Needed after restoring a database, after changes made outside Restrack's code (raw SQL), or when
an on-commit index update failed (it is logged). Searches keep working during the rebuild: they
see the old index until the new one is committed.

The rebuild is a job: with a broker configured a worker does it, and the command follows it until
it ends (--no-wait: only asks); without one it runs here."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from restrack.accounts.system_user import get_system_user
from restrack.jobs.models import Job
from restrack.jobs.runner import submit
from restrack.search.tasks import REBUILD


class Command(BaseCommand):
    help = "Rebuild the search index of paragraphs, instruments, operative paragraphs and partners (a job)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-wait", action="store_true", help="Ask a worker for the rebuild and return at once (with a broker)."
        )

    def handle(self, *args, no_wait, **options):
        job = submit(REBUILD, acting_user=get_system_user(), title="Rebuilding the search index", params={})
        if job.active and no_wait:
            self.stdout.write(f"Job {job.pk} asked for: a worker rebuilds the index.")
            return
        shown = None
        while job.active:
            time.sleep(1)
            job = Job.objects.get(pk=job.pk)
            now = f"{job.get_state_display()} {job.percent}% {job.step}".strip()
            if now != shown:
                self.stderr.write(now)
                shown = now
        if job.state == "failed":
            raise CommandError(job.error)
        self.stdout.write("\n".join(job.result.get("lines", [])))
