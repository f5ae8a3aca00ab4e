"""How long the public funding page (/funding/) takes to render, uncached, with many instruments and
periods of figures: unfiltered, filtered by body, session, kind and funding band, an older period,
and deep pages of its sorted tables. Prints the median, p95 and slowest time, the queries and
the size of each page.

Run: .venv/bin/python benchmarks/bench_funding_page.py [--instruments N] [--periods N] [--runs N]
     [--db FILE]
Builds the registry, the periods and the funding figures only (benchmarks/_scale_data.py's
builders, then the funding summary's rebuild) in a throw-away SQLite database, or in FILE (kept,
and reused when it already holds the data), or DATABASE_URL when set. The page cache is off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def build(instruments: int, periods: int) -> None:
    import _scale_data as scale
    from django.db import connection, transaction

    from restrack.core.guard import writes_allowed

    spec = scale.ScaleSpec(instruments=instruments, periods=periods)
    timings = scale.Timings(print)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    with writes_allowed(), transaction.atomic():
        made, _ops = scale._registry(spec, timings)
        made_periods = scale._periods(spec, timings)
        scale._funding(spec, timings, made, made_periods)
    scale._reset_sequences()
    from restrack.funding.actions import rebuild_funding_summary

    with timings.table("funding summary (rebuild_funding_summary)"):
        timings.add("funding summary (rebuild_funding_summary)", rebuild_funding_summary())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings.print()


def measure(client, url: str, runs: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates, translations, the database's pages
    assert response.status_code == 200, (url, response.status_code)
    seconds = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
    return seconds, len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=4_000)
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", type=Path, help="an SQLite file to build in (kept) or reuse")
    options = parser.parse_args()

    if options.db and "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{options.db.resolve()}"
    os.environ["RESTRACK_PAGE_CACHE"] = "off"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _django import start_django

    start_django()
    from django.conf import settings
    from django.test import Client

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = ["*"]

    from restrack.funding.models import FundingRecord
    from restrack.registry.models import GoverningBody, Session
    from restrack.reporting.models import ReportingPeriod

    if not FundingRecord.objects.filter(period__label__startswith="20").count() >= options.instruments:
        started = time.perf_counter()
        build(options.instruments, options.periods)
        print(f"built in {time.perf_counter() - started:.0f} s")
    records = FundingRecord.objects.count()
    periods = list(ReportingPeriod.objects.filter(funding_records__isnull=False).distinct().order_by("start_date"))
    print(f"{records:,} funding records, {len(periods)} periods with figures")

    body = GoverningBody.objects.filter(code__startswith="synthetic-").order_by("pk").first()
    session = Session.objects.filter(body=body).order_by("number").first()
    urls = [
        "/en/funding/",
        "/zh-hans/funding/",
        f"/en/funding/?body={body.code}",
        f"/en/funding/?session={session.number}",
        "/en/funding/?kind=decision",
        "/en/funding/?band=gap_75_or_more",
        f"/en/funding/?body={body.code}&band=funded",
        f"/en/funding/?period={periods[len(periods) // 2].label}",
        "/en/funding/?sort=-gap&page=40",
        "/en/funding/?gap_page=30&pct_page=30&trend_page=30&s_page=3",
    ]
    client = Client()
    print(f"{'page':<62}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}{'queries':>8}{'KiB':>7}")
    for url in urls:
        seconds, queries, size = measure(client, url, options.runs)
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"{url:<62}{statistics.median(seconds) * 1000:>10.0f}{p95 * 1000:>8.0f}"
            f"{max(seconds) * 1000:>8.0f}{queries:>8}{size / 1024:>7.0f}"
        )


if __name__ == "__main__":
    main()
