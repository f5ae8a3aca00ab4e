"""`restrack rebuild-search-index`: index everything public again, from scratch.

Needed after restoring a database, after changes made outside Restrack's code (raw SQL), or when
an on-commit index update failed (it is logged). Searches keep working during the rebuild: they
see the old index until the new one is committed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from restrack.search import engines, index


class Command(BaseCommand):
    help = "Rebuild the search index of paragraphs, instruments, operative paragraphs and partners."

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"Indexed {count} entries ({engines.current().name}).")
