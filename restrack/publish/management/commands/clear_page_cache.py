"""`restrack clear-page-cache`: every cached public page and API answer is rendered again."""

from django.core.management.base import BaseCommand

from restrack.publish import page_cache


class Command(BaseCommand):
    help = (
        "Forget every cached public page, anonymous API answer and shared part of pages (after changing the database by hand; "
        "publications, corrections, funding and registry edits do this by themselves)."
    )

    def handle(self, *args, **options):
        if not page_cache.caching():
            self.stdout.write(
                "The page and data caches are off (RESTRACK_PAGE_CACHE=off, RESTRACK_DATA_CACHE=off): nothing to clear."
            )
            return
        page_cache.forget_all("restrack clear-page-cache")
        self.stdout.write("Cached pages forgotten: each is rendered again when next asked for.")
