"""`restrack load-reference-data`: complete the reference data after the JSON files changed.

`restrack migrate` already loads it on a fresh database; this re-runs the same idempotent loader,
which creates what is missing and never overwrites what people edited."""

from django.core.management.base import BaseCommand

from restrack.accounts.system_user import get_system_user
from restrack.registry.actions import complete_reference_data


class Command(BaseCommand):
    help = "Create missing bodies, sessions, instruments and partners from the reference data."

    def handle(self, *args, **options):
        counts = complete_reference_data(acting_user=get_system_user())
        self.stdout.write(
            self.style.SUCCESS(f"Reference data: {counts['created']} created, {counts['updated']} completed.")
        )
