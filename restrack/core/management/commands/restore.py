"""`restrack restore PATH`: put back what `restrack backup` saved, then rebuild what is derived from
it (see restrack.core.backup and docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from restrack.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `restrack backup`: the database, the files and the secret key, then the "
        "search index, summaries and counts are rebuilt. Stop the server and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar or .tar.gz).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and files that already hold records (everything in them is lost).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only read the backup and check that this Restrack can restore it here; change nothing.",
        )

    def handle(self, *args, path, force, check, **options):
        try:
            manifest = backup.restore(Path(path), force=force, check_only=check, say=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        database = manifest["database"]
        what = (
            f"the {database['vendor']} database ({database['method']}) and {len(manifest['files'])} files "
            f"of {manifest['created_at']} (Restrack {manifest['restrack_version']})"
        )
        if check:
            self.stdout.write(f"{path} is whole and can be restored here: {what}.")
        else:
            self.stdout.write(f"Restored {what}.")
