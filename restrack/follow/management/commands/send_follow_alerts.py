"""restrack send-follow-alerts: the daily look for commitments that fell overdue (followers of their
instrument and the coordinators are told, each once), and the deletion of requests to follow that
were never confirmed. For cron; with a broker, `restrack worker --beat` does it on its own
(docs/tracker.md#follow-by-e-mail)."""

import datetime

from django.core.management.base import BaseCommand

from restrack.follow import notify


class Command(BaseCommand):
    help = "Tell followers and coordinators of commitments that fell overdue; forget unconfirmed requests to follow."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Look as on this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        mails, forgotten = notify.daily(today)
        self.stdout.write(f"Overdue commitments: {mails} mail(s) sent. Unconfirmed requests deleted: {forgotten}.")
