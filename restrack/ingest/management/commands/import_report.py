"""`restrack import-report FILE`: store a progress report as tracked history."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.accounts.commands import acting_user_for_command
from restrack.ingest.actions import import_report
from restrack.ingest.pipeline import LANGUAGE_CHOICES, parse_file
from restrack.reading.errors import IngestError


class Command(BaseCommand):
    help = "Import a progress report (.txt, .pdf, .docx): periods, updates, paragraphs, commitments."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="One or more reports.")
        parser.add_argument("--symbol", help="The report's document symbol, when the text does not state it.")
        parser.add_argument(
            "--period", help="The reporting period (YYYY-H1 or YYYY-H2) when the report names no Board session."
        )
        parser.add_argument(
            "--language", choices=LANGUAGE_CHOICES, help="The report's language (detected when omitted)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change and write nothing.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the paragraphs of a different version already imported."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Store a document that reports on no resolution or decision as its period's introduction.",
        )
        parser.add_argument("--user", help="Username the changes are attributed to (default: the system account).")

    def handle(self, *args, files, symbol, period, language, dry_run, replace, force, user, **options):
        acting_user = acting_user_for_command(
            user,
            option="--user",
            whom="a coordinator's",
            allowed=lambda person: policy.allows(person, Ability.IMPORT_REPORT),
            refusal="{username} may not import progress reports: only coordinators and administrators do.",
        )
        for path in files:
            self._import_one(
                path,
                symbol=symbol,
                period=period,
                language=language,
                dry_run=dry_run,
                replace=replace,
                force=force,
                acting_user=acting_user,
            )

    def _import_one(self, path, *, acting_user, **options):
        dry_run, replace, force = options.pop("dry_run"), options.pop("replace"), options.pop("force")
        period = options.pop("period")
        try:
            parsed = parse_file(path, **options)
            with self._progress(len(parsed.paragraphs), path) as advance:
                summary = import_report(
                    parsed,
                    acting_user=acting_user,
                    period=period,
                    replace=replace,
                    dry_run=dry_run,
                    progress=advance,
                    force=force,
                )
        except IngestError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(f"{path}: " + " ".join(error.messages)) from None
        heading = f"{path}: {parsed.symbol or 'report without symbol'} ({len(parsed.paragraphs)} paragraphs)"
        self.stdout.write(self.style.SUCCESS(heading) + (" [dry run: nothing written]" if dry_run else ""))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  warning (line {warning.line}): {warning.message}"))

    def _progress(self, total, label):
        """A progress bar on a terminal; silence elsewhere (logs, pipes, tests)."""
        from contextlib import contextmanager

        @contextmanager
        def bar():
            if not sys.stderr.isatty():
                yield lambda done: None
                return
            from tqdm import tqdm

            with tqdm(total=total, desc=str(label), unit="paragraph", file=sys.stderr, leave=False) as progress:
                yield lambda done: progress.update(done - progress.n)

        return bar()
