"""`restrack import-resolution FILE...`: store resolution and decision texts in the registry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from restrack.accounts.commands import registry_editor_for_command
from restrack.ingest.actions import import_resolution
from restrack.ingest.pipeline import RESOLUTION_LANGUAGES, parse_resolution_file
from restrack.reading.errors import IngestError


class Command(BaseCommand):
    help = (
        "Import the text of resolutions and decisions (.txt, .pdf, .docx): the instrument, its title, "
        "preamble and operative paragraphs, in the text's language."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="One or more resolution or decision texts.")
        parser.add_argument(
            "--language", choices=RESOLUTION_LANGUAGES, help="The text's language (detected when omitted)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change and write nothing.")
        parser.add_argument("--user", help="Username the changes are attributed to (default: the system account).")

    def handle(self, *args, files, language, dry_run, user, **options):
        acting_user = registry_editor_for_command(user)
        for path in files:
            try:
                parsed = parse_resolution_file(path, language=language)
                summary = import_resolution(parsed, acting_user=acting_user, dry_run=dry_run)
            except IngestError as error:
                raise CommandError(str(error)) from None
            except ValidationError as error:
                raise CommandError(f"{path}: " + " ".join(error.messages)) from None
            heading = (
                f"{path}: {parsed.reference}, {parsed.title[:70]} ({len(parsed.preamble)} preambular, "
                f"{len(parsed.paragraphs)} operative paragraphs)"
            )
            self.stdout.write(self.style.SUCCESS(heading) + (" [dry run: nothing written]" if dry_run else ""))
            for line in summary.lines():
                self.stdout.write(f"  {line}")
