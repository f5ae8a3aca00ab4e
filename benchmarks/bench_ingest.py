"""Paragraphs per second for parsing and importing the sample reports.

Run: .venv/bin/python benchmarks/bench_ingest.py [--rounds N]
Parsing touches no database; importing runs against a throw-away SQLite database in a temporary
directory (or DATABASE_URL when set), each round in a transaction that is rolled back.
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
    rounds = parser.parse_args().rounds

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
    started = time.perf_counter()
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
    print(
        f"import: {imported} paragraphs in {import_seconds:.2f} s = {imported / import_seconds:,.0f} paragraphs/s "
        f"({os.environ['DATABASE_URL'].split(':', 1)[0]})"
    )


if __name__ == "__main__":
    main()
