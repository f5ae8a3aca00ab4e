"""How long search() takes over many report paragraphs: p50 and p95 of a two-character Chinese
query (住房, 贫民), an English word (housing), single characters (窟, rare; 的, in nearly every
paragraph) and a partner's name, with N made-up paragraphs in the index.

Run: .venv/bin/python benchmarks/bench_search.py [--paragraphs N] [--database URL] [--runs N]
Runs against a throw-away SQLite database in a temporary directory, or the database at --database
(postgres://postgres@127.0.0.1:5432/restrack_bench_search; it is created when missing, and its
tables are migrated and filled: give a scratch database).

The paragraphs are made up: clauses of the sample reports mixed with clauses of words drawn from
jieba's dictionary by frequency (a general vocabulary, so that 住房 is in a few per cent of them,
not all), a third of them with an English text too. They are UpdateEntry rows of the samples'
published updates, written in bulk and marked synthetic (facts = {"synthetic": true}), and indexed
through the search app's own builder (restrack.search.index.bulk_index).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

from _django import ROOT, start_django

QUERIES = ["住房", "贫民", "housing", "窟", "的", "人居署", "adequate housing", "贫民窟改造"]
ENGLISH = (
    "the of and to in for on with by states member programme urban housing adequate cities sustainable "
    "development report implementation resolution assembly executive director habitat settlements land "
    "climate resilience finance partners national local governments support capacity data safer public "
    "spaces planning informal upgrading slums water sanitation waste transport energy women youth"
).split()


def clauses_of_samples() -> list[str]:
    text = "".join(
        (ROOT / "samples" / "reports").joinpath(name).read_text()
        for name in sorted(path.name for path in (ROOT / "samples" / "reports").glob("*.txt"))
    )
    clauses = re.split(r"[，。；：\s]+", text)
    return [clause for clause in clauses if len(re.findall(r"[\u4e00-\u9fff]", clause)) >= 4]


def general_clauses(rng: random.Random, count: int) -> list[str]:
    import itertools

    import jieba

    words, weights = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as dictionary:
        for line in dictionary:
            word, frequency, *_ = line.split()
            if re.fullmatch(r"[\u4e00-\u9fff]+", word) and int(frequency) >= 50:
                words.append(word)
                weights.append(int(frequency))
    cumulative = list(itertools.accumulate(weights))
    return ["".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(3, 7))) for _ in range(count)]


def paragraphs(rng: random.Random, count: int):
    samples, general = clauses_of_samples(), general_clauses(rng, 20000)
    for _ in range(count):
        clauses = [
            rng.choice(samples) if rng.random() < 0.25 else rng.choice(general) for _ in range(rng.randint(4, 9))
        ]
        chinese = "，".join(clauses) + "。"
        english = ""
        if rng.random() < 1 / 3:
            english = " ".join(rng.choices(ENGLISH, k=rng.randint(20, 60))).capitalize() + "."
        yield chinese, english


def ensure_postgres_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    exists = subprocess.run(
        [
            "psql",
            "-h",
            parsed.hostname,
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username,
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
            "postgres",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["createdb", "-h", parsed.hostname, "-p", str(parsed.port or 5432), "-U", parsed.username, name], check=True
        )


def fill(count: int, batch: int) -> None:
    from django.db import connection, transaction

    from restrack.core.guard import writes_allowed
    from restrack.reporting.models import ProgressUpdate, UpdateEntry
    from restrack.search import index
    from restrack.search.models import HitKind

    updates = list(ProgressUpdate.objects.filter(workflow_state="published").values_list("pk", flat=True))
    rng = random.Random(20241203)
    started = time.perf_counter()
    first = None
    with transaction.atomic(), writes_allowed():
        pending = []
        for number, (chinese, english) in enumerate(paragraphs(rng, count)):
            pending.append(
                UpdateEntry(
                    update_id=updates[number % len(updates)],
                    position=100000 + number,
                    text_zh_hans=chinese,
                    text_en=english,
                    facts={"synthetic": True},
                )
            )
            if len(pending) == batch:
                created = UpdateEntry.objects.bulk_create(pending)
                first = first or created[0].pk
                pending = []
        if pending:
            created = UpdateEntry.objects.bulk_create(pending)
            first = first or created[0].pk
    print(f"{count} synthetic paragraphs written: {time.perf_counter() - started:.1f} s")
    if first is None and count:
        first = UpdateEntry.objects.filter(facts__synthetic=True).order_by("pk").values_list("pk", flat=True)[0]
    started = time.perf_counter()
    with transaction.atomic():
        rows = index.bulk_index(HitKind.PARAGRAPH, UpdateEntry.objects.filter(pk__gte=first or 0), batch_size=batch)
    print(f"{rows} search rows built and written (index.bulk_index): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE search_searchentry")  # what autovacuum does after a load
            cursor.execute("VACUUM ANALYZE reporting_updateentry")
        else:
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
    print(
        f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'FTS5 optimize'}: {time.perf_counter() - started:.1f} s"
    )


def measure(runs: int, limit: int, display_language: str | None = None) -> None:
    from django.db import connection

    from restrack.search.models import SearchEntry
    from restrack.search.query import search

    print(
        f"\n{connection.vendor}: {SearchEntry.objects.count()} search rows; "
        f"search(q, limit={limit}, display_language={display_language!r}), {runs} runs each"
    )
    # CPU: this process's CPU time, which on SQLite includes the database's work: a figure that a
    # busy machine inflates less than the wall clock.
    print(f"{'query':<18} {'matches':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50 ms':>11}")
    for query in QUERIES:
        search(
            query, limit=limit, display_language=display_language
        )  # warm: the pages the query reads are cached, as on a busy server
        times, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            results = search(query, limit=limit, display_language=display_language)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        total = f"{results.total}{'+' if results.capped else ''}"  # counted up to query.COUNT_CAP per kind
        print(
            f"{query:<18} {total:>9} {statistics.median(times):>8.1f} {p95:>8.1f} {times[-1]:>8.1f} "
            f"{statistics.median(cpu):>11.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--database", help="a scratch database's URL (default: SQLite in a temporary directory)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--limit", type=int, default=20, help="hits asked for (the tracker's page shows 20)")
    parser.add_argument(
        "--display-language", help="the reader's language, as the tracker's page passes it (en, zh-hans)"
    )
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true", help="measure what --database already holds")
    options = parser.parse_args()
    if options.database:
        if options.database.startswith("postgres"):
            ensure_postgres_database(options.database)
        os.environ["DATABASE_URL"] = options.database
    start_django()

    import io

    from django.core.management import call_command

    from restrack.search.models import SearchEntry

    if not options.reuse:
        if not SearchEntry.objects.filter(kind="paragraph").exists():
            call_command("load_samples", "--reports-only", stdout=io.StringIO())
        fill(options.paragraphs, options.batch)
    measure(options.runs, options.limit, options.display_language)


if __name__ == "__main__":
    main()
