"""`restrack clean-jobs`: remove job result files past their retention (workers also do it after
each job; run it from cron where no worker runs often)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from restrack.accounts.system_user import get_system_user
from restrack.jobs.actions import expire_results


class Command(BaseCommand):
    help = "Remove job result files older than RESTRACK_JOB_RETENTION_DAYS or beyond RESTRACK_JOB_STORAGE_MAX_MB."

    def handle(self, *args, **options):
        removed = expire_results(acting_user=get_system_user())
        self.stdout.write(
            f"Removed {removed} result file(s); files are kept {settings.RESTRACK_JOB_RETENTION_DAYS} days, "
            f"{settings.RESTRACK_JOB_STORAGE_MAX_MB} MB in all."
        )
