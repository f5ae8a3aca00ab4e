"""`restrack backup PATH`: the database, the uploaded and generated files and the secret key in one
tar file, consistent while the site runs (see restrack.core.backup and docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from restrack.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database, the files under var/ (media, pending uploads) and the secret key into one "
        "tar file (PATH.tar, or PATH.tar.gz to compress; a directory: a dated file in it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write (.tar or .tar.gz), or a directory for it.")
        parser.add_argument(
            "--portable",
            action="store_true",
            help="Dump every row as Django's JSON lines instead of the database's own copy, to restore on the "
            "other database (SQLite <-> PostgreSQL) with the same version of Restrack.",
        )

    def handle(self, *args, path, portable, **options):
        try:
            manifest = backup.backup(Path(path), portable=portable, say=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        database = manifest["database"]
        size = Path(manifest["path"]).stat().st_size
        self.stdout.write(
            f"Backup written to {manifest['path']} ({size:,} bytes): the {database['vendor']} database "
            f"({database['method']}), {len(manifest['files'])} files, migrations of {len(manifest['migrations'])} apps."
        )
        for warning in manifest["warnings"]:
            self.stderr.write(f"Note: {warning}.")
