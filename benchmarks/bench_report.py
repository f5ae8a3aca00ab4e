"""How long writing the Executive Director's report takes, and how much memory it needs: the 2024
report (49 paragraphs, with the funding annex) in Chinese and English, as DOCX, PDF and HTML, as
`restrack generate-report` does it (compose from the database, render, encode).

Run: .venv/bin/python benchmarks/bench_report.py [--scale N] [--repeat N] [--formats docx,pdf,html]
                                                 [--languages zh,en] [--profile]

Runs against a throw-away SQLite database in a temporary directory (or DATABASE_URL when set).
English uses --allow-missing (the sample reports are Chinese), so its text is the Chinese text,
marked. --scale N stores every paragraph of the period N times in the database (each copy with the
original's footnotes and operative paragraphs), so a longer report is composed from the database
as a real one would be: --scale 100 is a report of 4,900 paragraphs and 300 footnotes.

Each language and format is written in a process of its own, so that the peak memory printed
(the process's maximum resident set size) is that case's: "base MB" is the process before it
composes anything (Python, Django and the renderer's libraries loaded), "peak MB" its maximum
while composing and rendering. "cpu s" is the process's CPU time for the median run, "median s"
and "worst s" the wall-clock time (other work on the machine lengthens those, not "cpu s").
--profile prints where the time goes for each case: pyinstrument's call tree when it is installed
(`.venv/bin/pip install pyinstrument`; it is not a dependency of the project), else cProfile's
top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PERIOD = "2024-H2"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="store every paragraph N times")
    parser.add_argument("--formats", default="docx,pdf,html")
    parser.add_argument("--languages", default="zh,en")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions per case")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # "zh:pdf": run one case in this process
    options = parser.parse_args()
    if options.case:
        _run_case(options)
        return

    from _django import start_django

    workdir = start_django()
    paragraphs, footnotes = _prepare(options.scale)
    print(f"period {PERIOD} x{options.scale}: {paragraphs:,} paragraphs, {footnotes:,} footnotes", flush=True)
    environment = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "RESTRACK_VAR_DIR": os.environ.get("RESTRACK_VAR_DIR", str(workdir)),
        "PYTHONPATH": str(HERE),
    }
    print(
        f"{'language':<9}{'format':<7}{'paragraphs':>11}{'pages':>7}{'bytes':>12}{'median s':>10}{'worst s':>9}"
        f"{'cpu s':>8}{'base MB':>9}{'peak MB':>9}",
        flush=True,
    )
    for language in options.languages.split(","):
        for report_format in options.formats.split(","):
            command = [sys.executable, __file__, "--case", f"{language}:{report_format}"]
            command += ["--repeat", str(options.repeat)] + (["--profile"] if options.profile else [])
            done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
            if done.returncode:
                print(f"{language:<9}{report_format:<7} failed:\n{done.stderr[-3000:]}", flush=True)
                continue
            *profile, last = done.stdout.rstrip("\n").split("\n")
            result = json.loads(last)
            print(
                f"{language:<9}{report_format:<7}{result['paragraphs']:>11,}{result['pages'] or '':>7}"
                f"{result['bytes']:>12,}{result['median']:>10.2f}{result['worst']:>9.2f}{result['cpu']:>8.2f}"
                f"{result['base_mb']:>9.0f}{result['peak_mb']:>9.0f}",
                flush=True,
            )
            if profile:
                print("\n".join(profile), flush=True)


def _prepare(scale: int) -> tuple[int, int]:
    """The sample reports and funding figures loaded, the period's paragraphs stored `scale` times."""
    import io

    from django.core.management import call_command

    from restrack.reporting.models import EntryFootnote, UpdateEntry

    call_command("load_samples", stdout=io.StringIO())
    if scale > 1:
        _grow(scale)
    entries = UpdateEntry.objects.filter(update__period__label=PERIOD)
    return entries.count(), EntryFootnote.objects.filter(entry__in=entries).count()


def _grow(scale: int) -> None:
    """Store each paragraph of the period `scale` times, one copy after the other, each copy with
    the original's footnotes and operative paragraphs (bulk writes: this is data set-up)."""
    from django.db import transaction

    from restrack.core.guard import writes_allowed
    from restrack.reporting.models import EntryFootnote, UpdateEntry

    def fields(model, instance, **changes):
        values = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
        return model(**{**values, **changes})

    originals = list(
        UpdateEntry.objects.filter(update__period__label=PERIOD)
        .order_by("update", "position")
        .prefetch_related("footnotes", "operative_paragraphs")
    )
    through = UpdateEntry.operative_paragraphs.through
    with writes_allowed(), transaction.atomic():
        positions: dict[int, int] = {}
        copies, sources = [], []
        for entry in originals:
            for copy_index in range(scale):
                position = positions.get(entry.update_id, 0)
                positions[entry.update_id] = position + 1
                if copy_index == 0:
                    entry.position = position
                    continue
                copies.append(fields(UpdateEntry, entry, position=position))
                sources.append(entry)
        UpdateEntry.objects.bulk_update(originals, ["position"], batch_size=500)
        UpdateEntry.objects.bulk_create(copies, batch_size=500)
        links, notes = [], []
        for clone, entry in zip(copies, sources):
            links += [
                through(updateentry_id=clone.pk, operativeparagraph_id=op.pk) for op in entry.operative_paragraphs.all()
            ]
            notes += [fields(EntryFootnote, note, entry_id=clone.pk) for note in entry.footnotes.all()]
        through.objects.bulk_create(links, batch_size=1000)
        EntryFootnote.objects.bulk_create(notes, batch_size=1000)


def _run_case(options) -> None:
    """One language and format, `repeat` times, in this process; prints the figures as JSON."""
    import resource
    import statistics
    import time

    from _django import start_django

    start_django(migrate=False)
    from restrack.edreport.compose import ReportOptions, compose_report
    from restrack.edreport.render import render
    from restrack.reporting.models import ReportingPeriod

    language, report_format = options.case.split(":")
    _load_renderer(report_format)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    period = ReportingPeriod.objects.get(label=PERIOD)
    runs = []
    for _ in range(options.repeat):
        profiler = _profiler() if options.profile else None
        started, cpu = time.perf_counter(), time.process_time()
        report = compose_report(
            period, language, ReportOptions(agenda_item="6", funding_annex=True, allow_missing=True)
        )
        content = render(report, report_format)
        runs.append((time.perf_counter() - started, time.process_time() - cpu))
        if profiler:
            profiler.stop()
    if options.profile:
        profiler.print(color=False, unicode=False)
    median = statistics.median(wall for wall, _cpu in runs)
    result = {
        "paragraphs": sum(1 for _ in report.paragraphs()),
        "pages": _pages(content) if report_format == "pdf" else None,
        "bytes": len(content),
        "median": median,
        "worst": max(wall for wall, _cpu in runs),
        "cpu": next(cpu for wall, cpu in runs if wall == median)
        if len(runs) % 2
        else statistics.median(c for _w, c in runs),
        "base_mb": base,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def _load_renderer(report_format: str) -> None:
    """The format's libraries imported before the base memory is read (WeasyPrint, python-docx)."""
    if report_format == "pdf":
        import weasyprint  # noqa: F401
    if report_format == "docx":
        import docx  # noqa: F401


class _CProfiler:
    """cProfile behind pyinstrument's start/stop/print, for when pyinstrument is not installed."""

    def __init__(self):
        import cProfile

        self.profile = cProfile.Profile()

    def start(self):
        self.profile.enable()

    def stop(self):
        self.profile.disable()

    def print(self, **_options):
        import pstats

        pstats.Stats(self.profile, stream=sys.stdout).sort_stats("cumulative").print_stats(30)


def _profiler():
    """A started profiler: pyinstrument's (a sampling call tree, little overhead) or cProfile."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        profiler = _CProfiler()
    else:
        profiler = Profiler(interval=0.005)
    profiler.start()
    return profiler


def _pages(pdf: bytes) -> int:
    import io

    import pypdfium2

    return len(pypdfium2.PdfDocument(io.BytesIO(pdf)))


if __name__ == "__main__":
    main()
