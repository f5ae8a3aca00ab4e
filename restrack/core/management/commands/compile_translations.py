"""`restrack compile-translations`: compile the interface's .po catalogues into .mo files.

Django's own compilemessages needs GNU gettext's msgfmt, which a fresh machine may not have;
polib does the same in Python. Only catalogues newer than their .mo are compiled."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the gettext catalogues (.po) of the interface into .mo files."
    requires_system_checks = []

    def handle(self, *args, **options):
        import polib

        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                try:
                    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                except (OSError, ValueError) as error:
                    raise CommandError(
                        f"{po_path}: cannot be compiled ({error}). Check it with msgfmt --check."
                    ) from None
                compiled += 1
        self.stdout.write(f"Translations: {compiled} catalogue(s) compiled.")
