"""`restrack load-samples`: import the sample reports shipped in samples/ on first start.

A report whose file is already recorded is skipped, so running it again (every `make run` does)
never touches data that people have since edited."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from restrack.ingest.readers import read_document
from restrack.registry.models import DocumentVersion

SAMPLE_REPORTS = Path(settings.BASE_DIR) / "samples" / "reports"


class Command(BaseCommand):
    help = "Import the sample progress reports in samples/reports/ that are not imported yet."

    def handle(self, *args, **options):
        for path in sorted(SAMPLE_REPORTS.glob("*.txt")):
            sha256 = read_document(path).sha256
            if DocumentVersion.objects.filter(sha256=sha256).exists():
                self.stdout.write(f"{path.name}: already imported")
                continue
            call_command("import_report", str(path), stdout=self.stdout)
