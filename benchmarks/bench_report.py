"""How long writing the Executive Director's report takes: the 2024 report (49 paragraphs) in
Chinese and English, as DOCX, PDF and HTML, as `restrack generate-report` does it (compose from
the database, render, encode). The target is under 5 s per file.

Run: .venv/bin/python benchmarks/bench_report.py [--repeat N] [--scale N]
Runs against a throw-away SQLite database in a temporary directory (or DATABASE_URL when set).
English uses --allow-missing (the sample reports are Chinese), so its text is the Chinese text,
marked. --scale N repeats every paragraph N times, to see how a longer report grows.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import time

from _django import start_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1)
    options = parser.parse_args()

    start_django()
    from django.core.management import call_command

    from restrack.edreport.compose import ReportOptions, compose_report
    from restrack.edreport.render import render
    from restrack.reporting.models import ReportingPeriod

    call_command("load_samples", "--reports-only", stdout=io.StringIO())
    period = ReportingPeriod.objects.get(label="2024-H2")

    print(f"{'language':<9}{'format':<7}{'paragraphs':>11}{'bytes':>11}{'median s':>10}{'worst s':>9}")
    for language in ("zh", "en"):
        for report_format in ("docx", "pdf", "html"):
            times, size, paragraphs = [], 0, 0
            for _ in range(options.repeat):
                started = time.perf_counter()
                report = compose_report(
                    period, language, ReportOptions(agenda_item="6", funding_annex=True, allow_missing=True)
                )
                _scale(report, options.scale)
                content = render(report, report_format)
                times.append(time.perf_counter() - started)
                size, paragraphs = len(content), sum(1 for _ in report.paragraphs())
            print(
                f"{language:<9}{report_format:<7}{paragraphs:>11}{size:>11,}{statistics.median(times):>10.2f}"
                f"{max(times):>9.2f}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")


def _scale(report, factor: int) -> None:
    """Repeat each section's paragraphs `factor` times, renumbering (footnotes stay with the first copy)."""
    if factor <= 1:
        return
    import copy

    number = 0
    for chapter in report.chapters:
        for holder in [chapter, *chapter.sections]:
            grown = []
            for paragraph in holder.paragraphs:
                for copy_index in range(factor):
                    clone = copy.copy(paragraph)
                    clone.anchors = paragraph.anchors if copy_index == 0 else []
                    number += 1
                    clone.number = number
                    grown.append(clone)
            holder.paragraphs = grown


if __name__ == "__main__":
    main()
