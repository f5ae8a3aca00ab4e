"""Server CPU per answer of the public pages, in-process, on a kept data set (such as one built by
bench_scale.py --keep DIR --build-only): Django's test client against that database with the
page cache off (the data cache on unless --data-cache off); for each page the median of --repeat
answers' CPU time (time.process_time, after --warmup answers), the queries and the bytes. CPU time rather than wall time: on a shared machine
the wall clock measures the neighbours.

Run: .venv/bin/python benchmarks/bench_pages_cpu.py --database DIR/bench.sqlite3 [--repeat 10] [--save DIR] [URL ...]
     .venv/bin/python benchmarks/bench_pages_cpu.py --database ... --profile /en/periods/
     .venv/bin/python benchmarks/bench_pages_cpu.py --database ... --slowest 3   # and each page's slowest queries
To compare two versions of the code, run it twice with PYTHONPATH set to each checkout (a copy
made with `git archive`), alternately, on the same database; it prints where restrack came from.
It never migrates: migrate the database first (`restrack migrate` with the same DATABASE_URL).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
import urllib.parse


def default_urls() -> list[str]:
    """The public pages bench_scale.py measures, in English, with addresses from the data."""
    from django.db.models import Count

    from restrack.accounts import policy
    from restrack.registry.models import Instrument, Partner
    from restrack.reporting.models import ReportingPeriod

    period = policy.public(ReportingPeriod.objects.all()).order_by("-start_date").first()
    partner = (
        Partner.objects.filter(is_self=False).annotate(paragraphs=Count("entries")).order_by("-paragraphs", "code")
    ).first()
    synthetic = Instrument.objects.filter(title_en__startswith="[synthetic]").order_by("pk")
    funding = ["/en/funding/", "/en/funding/under-funded/", "/en/funding/instruments/", "/en/funding/trend/"]
    urls = ["/en/", "/en/periods/", "/en/periods/compare/", *funding, "/en/partners/"]
    if period:
        urls.insert(2, f"/en/periods/{period.label}/")
    if partner:
        urls.append(f"/en/partners/{urllib.parse.quote(partner.code)}/")
    count = synthetic.count()
    if count:
        prefix, sequence = synthetic[count // 2].number.split("/")
        urls.append(f"/en/{synthetic[count // 2].kind}s/{prefix}/{sequence}/")
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLite file, or a postgres:// URL")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--profile", help="cProfile --repeat answers of this URL and print the top functions")
    parser.add_argument("--profile-sort", default="cumulative", help="pstats order: cumulative (default) or tottime")
    parser.add_argument("--slowest", type=int, default=0, help="also print each page's N slowest queries (wall ms)")
    parser.add_argument(
        "--data-cache",
        choices=("on", "off"),
        default="on",
        help="the parts pages share (restrack.publish.memo): on (kept, as served) or off (every answer cold)",
    )
    parser.add_argument("--save", help="also write each page's HTML into this directory (to compare two versions)")
    parser.add_argument("urls", nargs="*")
    options = parser.parse_args()

    url = options.database if "://" in options.database else f"sqlite:///{os.path.abspath(options.database)}"
    os.environ["DATABASE_URL"] = url
    os.environ["RESTRACK_PAGE_CACHE"] = "off"
    os.environ["RESTRACK_DATA_CACHE"] = options.data_cache
    os.environ["RESTRACK_API_ANON_RATE"] = "off"  # as bench_scale's server: the API, not its rate limit
    os.environ.setdefault("RESTRACK_VAR_DIR", tempfile.mkdtemp(prefix="restrack-bench-cpu-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restrack.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import restrack

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"restrack from {os.path.dirname(restrack.__file__)}; {url}", file=sys.stderr)
    client = Client()
    if options.profile:
        for _ in range(options.warmup):
            client.get(options.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(options.repeat):  # several answers, so that pstats' 3 decimals show the parts
            client.get(options.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(options.profile_sort).print_stats(45)
        return
    print(f"{'page':<40} {'ms CPU (median)':>16} {'min':>6} {'queries':>8} {'KB':>7}")
    for path in options.urls or default_urls():
        for _ in range(options.warmup):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(options.repeat):
            started = time.process_time()
            client.get(path)
            times.append((time.process_time() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if options.save:
            os.makedirs(options.save, exist_ok=True)
            name = urllib.parse.quote(path, safe="") + ".html"
            with open(os.path.join(options.save, name), "wb") as file:
                file.write(response.content)
        print(
            f"{path:<40} {statistics.median(times):>16.1f} {min(times):>6.1f} {len(queries):>8} "
            f"{len(response.content) / 1024:>7.1f}",
            flush=True,
        )
        timed = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))
        for query in timed[: options.slowest]:
            print(f"    {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")


if __name__ == "__main__":
    main()
