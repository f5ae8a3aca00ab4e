"""restrack send-follow-alerts: the daily look for commitments that fell overdue (followers of their
instrument and the coordinators are told, each once), and the deletion of requests to follow that
were never confirmed. Meant for cron (docs/tracker.md#follow-by-e-mail)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from restrack.accounts.system_user import get_system_user
from restrack.follow import notify
from restrack.follow.actions import forget_unconfirmed


class Command(BaseCommand):
    help = "Tell followers and coordinators of commitments that fell overdue; forget unconfirmed requests to follow."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Look as on this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        mails = notify.commitments_overdue(today)
        expired = timezone.now() - datetime.timedelta(hours=settings.RESTRACK_FOLLOW_CONFIRM_HOURS)
        forgotten = forget_unconfirmed(acting_user=get_system_user(), before=expired)
        self.stdout.write(f"Overdue commitments: {mails} mail(s) sent. Unconfirmed requests deleted: {forgotten}.")
