"""`restrack import-funding FILE [--dry-run] [--reason TEXT] [--as USERNAME]`

Record funding figures per instrument and period from a CSV or XLSX file with the columns
instrument,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,mobilized_window_usd,
mobilized_other_usd,note. All rows or none: a file with any problem writes nothing, and every
problem is listed with its row and column (on stderr; the exit status is then 1).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from restrack.accounts.commands import acting_user_for_command
from restrack.funding.actions import may_edit_funding
from restrack.funding.importing import FundingImport, FundingImportError, import_funding_file
from restrack.funding.tables import too_large


class Command(BaseCommand):
    help = (
        "Import funding figures per instrument and period from a CSV or XLSX file; all rows or none. "
        "Columns: instrument,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,"
        "mobilized_window_usd,mobilized_other_usd,note."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A .csv or .xlsx file (recognised by its content).")
        parser.add_argument("--dry-run", action="store_true", help="Show the changes and write nothing.")
        parser.add_argument(
            "--reason", default="", help="Why published figures change (default: 'Imported from <file name>')."
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="The coordinator or finance officer the figures are recorded as (default: the system account).",
        )

    def handle(self, *args, file, dry_run, reason, username, **options):
        acting_user = acting_user_for_command(
            username,
            whom="a finance officer's or coordinator's",
            allowed=may_edit_funding,
            refusal="{username} may not change funding figures: only administrators, coordinators and finance "
            "officers may.",
        )
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > settings.RESTRACK_IMPORT_LIMITS.spreadsheet_bytes:  # refused before reading it
                raise CommandError(f"{path.name}: {too_large(size)}")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            result = import_funding_file(data, path.name, acting_user=acting_user, reason=reason, dry_run=dry_run)
        except FundingImportError as error:
            count = len(error.problems)
            listed = "\n".join(f"  {problem}" for problem in error.problems)
            problems = f"{count} problem{'s' if count != 1 else ''}"
            raise CommandError(f"{path.name}: {problems}; nothing written.\n{listed}") from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self._report(result)

    def _report(self, result: FundingImport):
        for notice in result.notices:
            self.stdout.write(self.style.WARNING(f"notice: {notice}"))
        for row in result.rows:
            heading = f"  row {row.row}: {row.kind:<9} {row.instrument.reference}, {row.period.label}"
            if row.kind == "unchanged":
                self.stdout.write(heading)
                continue
            self.stdout.write(heading + ":")
            for item in row.fields:
                if row.kind == "new":
                    self.stdout.write(f"      {item.name}: {_shown(item.after)}")
                else:
                    self.stdout.write(f"      {item.name}: {_shown(item.before)} → {_shown(item.after)}")
        for period in result.published_periods_changed:
            self.stdout.write(self.style.WARNING(f"warning: {period.label} is published; its public figures change."))
        self.stdout.write(self.style.SUCCESS(result.summary()))


def _shown(value) -> str:
    if value is None:
        return "not reported"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return repr(value)
