"""Paragraphs per second for parsing and importing the sample reports, and a made-up report of
250 paragraphs imported end to end.

Run: .venv/bin/python benchmarks/bench_ingest.py [--rounds N] [--paragraphs N]
Parsing touches no database; importing runs against a throw-away SQLite database in a temporary
directory (or DATABASE_URL when set), each round in a transaction that is rolled back. The end
to end figure is one made-up English report (restrack.ingest.tests.synthetic) read from its
bytes, parsed, imported and committed with its search index rows written (the index is written
after the commit), a new report (another year's period) each round; it excludes the interpreter's
start. Queries are counted too: per update, whatever its paragraphs, they should stay few.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--paragraphs", type=int, default=250, help="of the made-up report (end to end)")
    arguments = parser.parse_args()
    rounds = arguments.rounds

    workdir = tempfile.mkdtemp(prefix="restrack-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("RESTRACK_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restrack.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from restrack.accounts.system_user import get_system_user
    from restrack.ingest.actions import import_report
    from restrack.ingest.gazetteers import reference_gazetteer
    from restrack.ingest.pipeline import parse_file

    files = sorted((ROOT / "samples" / "reports").glob("*.txt"))
    gazetteer = reference_gazetteer()

    started = time.perf_counter()
    paragraphs = 0
    for _ in range(rounds):
        for path in files:
            paragraphs += len(parse_file(path, gazetteer=gazetteer).paragraphs)
    parse_seconds = time.perf_counter() - started
    print(f"parse:  {paragraphs} paragraphs in {parse_seconds:.2f} s = {paragraphs / parse_seconds:,.0f} paragraphs/s")

    call_command("migrate", verbosity=0)
    user = get_system_user()
    reports = [parse_file(path, gazetteer=gazetteer) for path in files]
    started, started_cpu = time.perf_counter(), time.process_time()
    imported = 0

    class Rollback(Exception):
        pass

    for _ in range(rounds):
        try:
            with transaction.atomic():
                for report in reports:
                    import_report(report, acting_user=user)
                    imported += len(report.paragraphs)
                raise Rollback
        except Rollback:
            pass
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - started_cpu
    print(
        f"import: {imported} paragraphs in {import_seconds:.2f} s = {imported / import_seconds:,.0f} paragraphs/s "
        f"({os.environ['DATABASE_URL'].split(':', 1)[0]}); {imported / import_cpu:,.0f} paragraphs per CPU second"
    )
    end_to_end(user, gazetteer, arguments.paragraphs, max(1, rounds // 5))


def end_to_end(user, gazetteer, paragraphs: int, rounds: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from restrack.ingest.actions import import_report
    from restrack.ingest.pipeline import parse_file
    from restrack.ingest.tests.synthetic import synthetic_report
    from restrack.registry.models import Instrument

    instruments = [str(i.reference) for i in Instrument.objects.filter(kind="resolution").order_by("pk")[:10]]
    per_instrument = max(1, paragraphs // len(instruments))
    timings, cpu, queries, total = [], [], 0, 0
    for round_ in range(rounds):
        data = synthetic_report(instruments, per_instrument, year=2040 + round_).encode()
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            report = parse_file(data=data, file_name=f"synthetic-{round_}.txt", gazetteer=gazetteer)
            import_report(report, acting_user=user)  # its own transaction: committed, then indexed
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        queries, total = len(captured.captured_queries), len(report.paragraphs)
    best, worst = min(timings), max(timings)
    print(
        f"end to end: a {total}-paragraph report ({len(instruments)} updates) parsed, imported and indexed in "
        f"{best:.2f} s (best of {rounds}; worst {worst:.2f} s; {min(cpu):.2f} s of CPU on this process, so on a "
        f"shared machine the CPU figure is the one to compare) = {total / best:,.0f} paragraphs/s; "
        f"{queries} queries, {queries / len(instruments):.0f} per update"
    )


if __name__ == "__main__":
    main()
