"""The API's lists and the exports at scale: how long a page of each list takes (p50, p95) and how
many queries it runs, and how long each export takes, its first byte, its size and the process's
peak memory, on the synthetic data set of bench_scale.py (40,000 instruments x 20 periods x 2
paragraphs = 1.6 million paragraphs by default).

Run:
    .venv/bin/python benchmarks/bench_api.py --keep var/bench-api          # build once, then reuse
    .venv/bin/python benchmarks/bench_api.py --keep var/bench-api --code /tmp/restrack-before
    .venv/bin/python benchmarks/bench_api.py --instruments 4000 --periods 20

Requests go through Django's test client in this process (no server, no page cache): the figures
are the application's own time. --code DIR imports restrack from another checkout (the same data
set), to compare before and after a change. SQLite in --keep DIR (a temporary directory without
it), or DATABASE_URL when set.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

LISTS = [
    "instruments/",
    "operative-paragraphs/",
    "updates/",
    "commitments/",
    "funding/records/",
    "periods/",
    "partners/",
    "sessions/",
    "documents/",
    "funding/window/contributions/",
    "funding/window/allocations/",
]
EXPORTS = [
    "instruments/export.csv",
    "instruments/export.json",
    "instruments/export.xlsx",
    "commitments/export.csv",
    "funding/records/export.csv?period={period}",
    "updates/export.csv?period={period}",
    "updates/export.json?period={period}",
    "funding/records/export.csv",
]
WHOLE = ["updates/export.csv"]  # every paragraph of every period: only with --whole


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=40_000)
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--paragraphs-per-update", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build into DIR once and reuse it")
    parser.add_argument("--code", type=Path, help="import restrack from this checkout instead")
    parser.add_argument("--requests", type=int, default=40, help="requests per list (40)")
    parser.add_argument("--limit", type=int, default=100, help="page size of the lists (100)")
    parser.add_argument("--whole", action="store_true", help="also export every paragraph of every period")
    parser.add_argument("--skip-exports", action="store_true")
    return parser.parse_args()


def start(options) -> Path:
    directory = (options.keep or Path(tempfile.mkdtemp(prefix="restrack-bench-api-"))).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory / 'bench.sqlite3'}")
    os.environ.setdefault("RESTRACK_VAR_DIR", str(directory / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restrack.settings")
    os.environ.setdefault("RESTRACK_PAGE_CACHE", "off")  # the application's own time, not a cache's
    sys.path.insert(0, str(HERE))  # _scale_data
    sys.path.insert(0, str((options.code or HERE.parent).resolve()))
    import django

    django.setup()
    import restrack

    print(f"code: {Path(restrack.__file__).parent.parent}  database: {os.environ['DATABASE_URL']}")
    return directory


def build(options, directory: Path) -> None:
    from django.core.management import call_command

    wanted = {
        "instruments": options.instruments,
        "periods": options.periods,
        "paragraphs_per_update": options.paragraphs_per_update,
    }
    marker = directory / "built.json"
    if marker.is_file():
        built = json.loads(marker.read_text())
        if built != wanted:
            raise SystemExit(f"{directory} holds another data set ({built}); use another --keep directory.")
        return
    from _scale_data import ScaleSpec
    from _scale_data import build as build_data

    call_command("migrate", verbosity=0)
    build_data(ScaleSpec(**wanted), search_index=False)
    marker.write_text(json.dumps(wanted) + "\n")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_lists(options) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(7)
    print(f"\nlists: {options.requests} requests each, ?limit={options.limit} at random offsets, anonymous")
    print(f"{'list':<34}{'count':>11}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for path in LISTS:
        first = client.get(f"/api/v1/{path}?limit=1")
        assert first.status_code == 200, (path, first.status_code, first.content[:300])
        count = first.json()["count"]
        times, queries = [], set()
        for n in range(options.requests):
            offset = 0 if n == 0 else rng.randrange(max(count - options.limit, 1))
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"/api/v1/{path}?limit={options.limit}&offset={offset}")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries.add(len(captured))
        times.sort()
        p95 = times[max(0, round(len(times) * 0.95) - 1)]
        print(
            f"{path:<34}{count:>11,}{statistics.median(times):>9.0f}{p95:>9.0f}{times[-1]:>9.0f}"
            f"{'/'.join(str(q) for q in sorted(queries)):>9}"
        )


def measure_exports(options) -> None:
    from django.test import Client

    from restrack.reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.order_by("-start_date").values_list("label", flat=True).first()
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\nexports (anonymous), latest period {period}")
    print(f"{'export':<44}{'first byte s':>13}{'total s':>9}{'MB':>9}{'rows':>10}{'peak RSS MB':>13}")
    for path in EXPORTS + (WHOLE if options.whole else []):
        path = path.format(period=period)
        started = time.perf_counter()
        response = client.get(f"/api/v1/{path}")
        assert response.status_code == 200, (path, response.status_code)
        size, lines, first = 0, 0, None
        pieces = response.streaming_content if response.streaming else [response.content]
        for piece in pieces:
            if first is None:
                first = time.perf_counter() - started
            size += len(piece)
            lines += piece.count(b"\n")
        total = time.perf_counter() - started
        rows = f"{lines - 1:,}" if path.split("?")[0].endswith("csv") else ""
        print(f"{path:<44}{first:>13.2f}{total:>9.2f}{size / 1e6:>9.1f}{rows:>10}{peak_mb():>13.0f}")
        if hasattr(response, "close"):
            response.close()


def main() -> None:
    options = parse_options()
    directory = start(options)
    started = time.perf_counter()
    build(options, directory)
    from restrack.registry.models import Instrument
    from restrack.reporting.models import UpdateEntry

    print(
        f"data: {Instrument.objects.count():,} instruments, {UpdateEntry.objects.count():,} paragraphs "
        f"(ready in {time.perf_counter() - started:.0f} s); peak RSS {peak_mb():.0f} MB"
    )
    measure_lists(options)
    if not options.skip_exports:
        measure_exports(options)


if __name__ == "__main__":
    main()
