"""`restrack find-overlaps`: fingerprint every operative paragraph's text again and find every
paragraph that repeats or overlaps another (after bulk loads, or to check the index)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from restrack.accounts.commands import registry_editor_for_command
from restrack.core.translation_fields import language_codes
from restrack.registry.actions import rebuild_overlaps


class Command(BaseCommand):
    help = "Find the operative paragraphs that repeat or overlap others, in every language, from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", choices=language_codes(), help="Only this language.")
        parser.add_argument("--user", help="Username the run is attributed to (default: the system account).")

    def handle(self, *args, language, user, **options):
        acting_user = registry_editor_for_command(user)
        found = rebuild_overlaps(acting_user=acting_user, languages=language)
        self.stdout.write(f"{found} overlap(s) between operative paragraphs.")
