"""`restrack rebuild-funding-summary`: rewrite the funding summary from the funding records.

The summary (restrack.funding.models.FundingSummaryRow) is kept current by the actions that write
figures; rebuild it after loading records in bulk, restoring a database or changing records
outside Restrack's code (raw SQL). Readers see the old summary until the new one is committed.
The public pages cached before are dropped afterwards (`restrack clear-page-cache`)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from restrack.funding.actions import rebuild_funding_summary


class Command(BaseCommand):
    help = "Rewrite the funding summary (totals per period, body, session, kind and funding band) from the records."

    def handle(self, *args, **options):
        rows = rebuild_funding_summary()
        self.stdout.write(f"Funding summary rebuilt: {rows} rows.")
        call_command("clear_page_cache", stdout=self.stdout, stderr=self.stderr)
