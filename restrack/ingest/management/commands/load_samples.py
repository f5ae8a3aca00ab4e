"""`restrack load-samples`: import the sample reports shipped in samples/ on first start, then the
made-up sample funding figures and window books (samples/funding/).

A report whose file is already recorded is skipped, and the funding samples are skipped once there
are funding figures or window entries, so running it again (every `make run` does) never touches
data that people have since edited."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from restrack.reading.readers import read_document
from restrack.registry.models import DocumentVersion

SAMPLE_REPORTS = Path(settings.BASE_DIR) / "samples" / "reports"
SAMPLE_FUNDING = Path(settings.BASE_DIR) / "samples" / "funding"


class Command(BaseCommand):
    help = (
        "Import the sample progress reports in samples/reports/ that are not imported yet, and the "
        "made-up sample funding in samples/funding/ while there is no funding data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports-only", action="store_true", help="Leave the sample funding out.")

    def handle(self, *args, **options):
        for path in sorted(SAMPLE_REPORTS.glob("*.txt")):
            sha256 = read_document(path).sha256
            if DocumentVersion.objects.filter(sha256=sha256).exists():
                self.stdout.write(f"{path.name}: already imported")
                continue
            call_command("import_report", str(path), stdout=self.stdout)
        if not options["reports_only"]:
            self.load_funding()

    def load_funding(self):
        from restrack.accounts.system_user import get_system_user
        from restrack.funding.samples import load_sample_figures, load_sample_window

        system = get_system_user()
        imported = load_sample_figures(SAMPLE_FUNDING, acting_user=system)
        self.stdout.write(imported.summary() if imported else "funding figures: already present")
        contributions, allocations = load_sample_window(SAMPLE_FUNDING, acting_user=system)
        self.stdout.write(
            f"window: {contributions} contributions and {allocations} allocations recorded"
            if contributions
            else "window: already has entries"
        )
