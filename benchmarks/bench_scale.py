"""Restrack at scale: build a synthetic data set as large as the whole UN system's mandates (or use
the two sample reports), serve it with `restrack serve`, and measure every public page, the API's
lists and the exports side by side with a static file of the same size served by the same server.

Run:
    .venv/bin/python benchmarks/bench_scale.py --samples
    .venv/bin/python benchmarks/bench_scale.py --instruments 400 --periods 4 --paragraphs-per-update 10
    .venv/bin/python benchmarks/bench_scale.py              # 40,000 x 20 x 2 = 1.6 million paragraphs
    .venv/bin/python benchmarks/bench_scale.py --database postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/bench_scale.py --keep var/scale   # build once, measure again later

SQLite lives in a temporary directory (or --keep DIR); with a postgres:// --database the benchmark
creates a database restrack_bench_<pid> on that server and drops it at the end (kept with --keep).
Prints the build time per table, then one markdown table with every row, its target and whether
it is met. See docs/scale.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scale_data import ScaleSpec  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TARGET_RATIO = 1 / 3
TARGET_CPU_MS = 10
TARGET_P95_MS = 300
TARGET_SEARCH_P95_MS = 100
TARGET_PAGE_KB = 300
TARGET_WORKER_MB = 300
TARGET_CONCURRENT_P95_MS = 1000
LANGUAGES = ("en", "zh-hans")
# The funding figures' tabs, each a page of its own.
FUNDING_PAGES = (
    "funding/",
    "funding/under-funded/",
    "funding/instruments/",
    "funding/trend/",
    "funding/mandates/",
)
# The mandates (operative paragraphs asking the secretariat), those never reported on, and the
# paragraphs alike.
MANDATE_PAGES = ("mandates/", "mandates/?reported=never", "mandates/overlaps/")
GOAL = "SDG-11"


# -- options and the scratch place -------------------------------------------------------------


def parse_options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = parser.add_argument_group("data")
    data.add_argument("--instruments", type=int, default=40_000, help="instruments in all (default 40000)")
    data.add_argument("--periods", type=int, default=20, help="published periods (default 20)")
    data.add_argument("--paragraphs-per-update", type=int, default=2, help="paragraphs in each update (default 2)")
    data.add_argument("--samples", action="store_true", help="the two sample reports instead of synthetic data")
    data.add_argument(
        "--database",
        help="postgres://user@host:port/db of a server to create a throw-away database on (default: SQLite)",
    )
    data.add_argument("--keep", type=Path, help="build into DIR and keep it; a later run with the same DIR reuses it")
    serving = parser.add_argument_group("measuring")
    serving.add_argument("--requests", type=int, default=200, help="requests per row and per static file (200)")
    serving.add_argument("--parallel", type=int, default=4, help="clients at once while measuring a row (4)")
    serving.add_argument("--max-seconds", type=float, default=20, help="stop a row after this long (20)")
    serving.add_argument("--concurrency", type=int, default=200, help="readers in the concurrency test (200)")
    serving.add_argument("--duration", type=float, default=60, help="seconds of the concurrency test (60)")
    serving.add_argument("--timeout", type=float, default=120, help="seconds before a request counts as failed")
    serving.add_argument(
        "--cache",
        choices=("on", "off", "cold"),
        default="on",
        help="on: the page cache and the data cache; off: the page cache off (every answer rendered, the parts "
        "pages share kept in the data cache); cold: both off (RESTRACK_PAGE_CACHE, RESTRACK_DATA_CACHE)",
    )
    serving.add_argument(
        "--workers",
        type=int,
        default=2,
        help="server worker processes (2, as the runs in docs/scale.md; restrack serve sizes itself)",
    )
    serving.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker (4, as the runs in docs/scale.md; restrack serve sizes itself)",
    )
    serving.add_argument("--output", type=Path, help="also write the table (markdown) to this file")
    serving.add_argument("--build-only", action="store_true", help="build (or check the kept build) and stop")
    options = parser.parse_args(argv)
    for name in ("requests", "parallel", "concurrency", "workers", "threads"):
        if getattr(options, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if options.database and not re.match(r"^postgres(ql)?://", options.database):
        parser.error("--database takes a postgres:// URL (SQLite is the default, in a temporary directory)")
    if not options.samples:
        try:
            ScaleSpec(options.instruments, options.periods, options.paragraphs_per_update)
        except ValueError as error:
            parser.error(str(error))
    return options


def spec_of(options) -> dict:
    if options.samples:
        return {"samples": True}
    return {
        "instruments": options.instruments,
        "periods": options.periods,
        "paragraphs_per_update": options.paragraphs_per_update,
    }


class Scratch:
    """The directory (and PostgreSQL database) the run builds into, and their removal."""

    def __init__(self, options):
        self.kept = options.keep is not None
        self.dir = (options.keep or Path(tempfile.mkdtemp(prefix="restrack-scale-"))).resolve()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.admin_url = options.database
        self.database_name = None
        saved = self.dir / "database_url"
        if self.kept and saved.is_file():
            # A kept PostgreSQL build: its database, whether or not --database is given again
            # (without it the run would otherwise measure an empty SQLite file in DIR).
            self.url = saved.read_text().strip()
            self.database_name = self.url.rsplit("/", 1)[1]
            self.admin_url = self.admin_url or self.url.rsplit("/", 1)[0] + "/postgres"
        elif self.admin_url:
            self.database_name = f"restrack_bench_{os.getpid()}"
            self.url = self.admin_url.rsplit("/", 1)[0] + "/" + self.database_name
            self._postgres(f"CREATE DATABASE \"{self.database_name}\" ENCODING 'UTF8' TEMPLATE template0")
            saved.write_text(self.url + "\n")
        else:
            self.url = f"sqlite:///{self.dir / 'bench.sqlite3'}"

    def _postgres(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(statement)

    def built_spec(self) -> dict | None:
        path = self.dir / "built.json"
        return json.loads(path.read_text()) if path.is_file() else None

    def mark_built(self, spec: dict) -> None:
        (self.dir / "built.json").write_text(json.dumps(spec) + "\n")

    def remove(self) -> None:
        if self.kept:
            print(f"kept: {self.dir} ({self.url})")
            return
        from django.db import connections

        connections.close_all()
        if self.database_name:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
        shutil.rmtree(self.dir, ignore_errors=True)


# -- building ----------------------------------------------------------------------------------


def start_django(scratch: Scratch) -> None:
    os.environ["DATABASE_URL"] = scratch.url
    os.environ["RESTRACK_VAR_DIR"] = str(scratch.dir / "var")
    os.environ["RESTRACK_STATIC_ROOT"] = str(scratch.dir / "static")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restrack.settings")
    import django

    django.setup()


def build(options, scratch: Scratch) -> None:
    from django.core.management import call_command

    wanted = spec_of(options)
    built = scratch.built_spec()
    if built is not None:
        if built != wanted:
            raise SystemExit(f"{scratch.dir} holds another data set ({built}); use another --keep directory.")
        print(f"reusing the data set in {scratch.dir}: {built}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)  # migrations added since it was built (restrack serve refuses otherwise)
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        return
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    if options.samples:
        import io

        started = time.perf_counter()
        call_command("load_samples", stdout=io.StringIO())
        call_command("rebuild_search_index", stdout=io.StringIO())
        print(f"load-samples and the search index: {time.perf_counter() - started:.1f} s")
    else:
        from _scale_data import build as build_data

        build_data(ScaleSpec(options.instruments, options.periods, options.paragraphs_per_update))
    scratch.mark_built(wanted)


def counts_line() -> str:
    from _scale_data import counts

    return ", ".join(f"{name} {value:,}" for name, value in counts().items())


# -- what is measured --------------------------------------------------------------------------


@dataclass
class Row:
    group: str  # page, search, api, export
    path: str
    status: int = 0
    size: int = 0
    content_type: str = ""
    page: Load | None = None
    static: Load | None = None
    cpu_ms: float | None = None
    static_path: str = ""
    first_seconds: float = 0.0  # the first answer's time, cold

    @property
    def name(self) -> str:
        return urllib.parse.unquote(self.path)


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return len(self.latencies)

    def percentile(self, share: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(int(share * len(ordered)), len(ordered) - 1)] * 1000

    @property
    def throughput(self) -> float | None:
        return self.done / self.elapsed if self.elapsed and self.done else None


def rows_to_measure() -> list[Row]:
    """Every public page in both languages, the API's lists and the exports, with addresses filled
    from the data (the latest period, a partner with paragraphs, an instrument with updates)."""
    from django.db.models import Count

    from restrack.accounts import policy
    from restrack.registry.models import Instrument, Partner
    from restrack.reporting.models import ProgressUpdate, ReportingPeriod

    period = policy.public(ReportingPeriod.objects.all()).order_by("-start_date").first()
    partner = (
        Partner.objects.filter(is_self=False)
        .annotate(paragraphs=Count("entries"))
        .order_by("-paragraphs", "code")
        .first()
    )
    synthetic = Instrument.objects.filter(title_en__startswith="[synthetic]").order_by("pk")
    count = synthetic.count()
    if count:
        instrument = synthetic[count // 2]  # one like most: every synthetic instrument has an update each period
    else:
        reported = policy.public(ProgressUpdate.objects.all()).values("instrument_id")
        instrument = (
            Instrument.objects.filter(pk__in=reported).annotate(n=Count("updates")).order_by("-n", "pk").first()
        )
    pages = [
        "",
        "periods/",
        "periods/compare/",
        *FUNDING_PAGES,
        "funding/window/",
        "partners/",
        *MANDATE_PAGES,
        f"?goal={GOAL}",  # the dashboard of the instruments linked to a goal (or its targets)
    ]
    if period:
        pages.insert(2, f"periods/{period.label}/")
    if partner:
        pages.append(f"partners/{urllib.parse.quote(partner.code)}/")
    pages += ["feed/", "embed/"]  # the tracker's Atom feed and its embeddable totals
    if instrument:
        prefix, sequence = instrument.number.split("/")
        pages.append(f"{instrument.kind}s/{prefix}/{sequence}/")
        pages.append(f"{instrument.kind}s/{prefix}/{sequence}/feed/")
        pages.append(f"embed/{instrument.kind}s/{prefix}/{sequence}/")
        pages.append(f"follow/?instrument={instrument.slug}")  # the form to follow it by e-mail
    queries = ["住房", "贫民", "housing"]
    rows = [Row("page", f"/{language}/{page}") for language in LANGUAGES for page in pages]
    rows += [
        Row("search", f"/{language}/search/?q={urllib.parse.quote(query)}")
        for language in LANGUAGES
        for query in queries
    ]
    rows += [
        Row("api", f"/api/v1/{endpoint}/")
        for endpoint in (
            "instruments",
            "operative-paragraphs",
            "instrument-links",
            "paragraph-overlaps",
            "updates",
            "commitments",
            "funding/records",
            "funding/paragraphs",
            "partners",
            "status-history",
            "period-changes",
        )
    ]
    rows += [Row("api search", f"/api/v1/search/?q={urllib.parse.quote(query)}") for query in queries]
    rows += [
        Row("export", "/en/exports/instruments.csv"),
        Row("export", "/en/exports/commitments.csv"),
        Row("export", "/api/v1/instruments/export.csv"),
        Row("export", "/api/v1/period-changes/export.csv"),
    ]
    if instrument:
        rows.append(Row("export", f"/api/v1/instruments/{instrument.slug}/akn.xml"))  # its Akoma Ntoso text
    return rows


# -- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`restrack serve` in its own process group, on a free port, against the scratch database."""

    def __init__(self, scratch: Scratch, options):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": scratch.url,
            "RESTRACK_VAR_DIR": str(scratch.dir / "var"),
            "RESTRACK_STATIC_ROOT": str(scratch.dir / "static"),
            "RESTRACK_PAGE_CACHE": "on" if options.cache == "on" else "off",
            "RESTRACK_DATA_CACHE": "off" if options.cache == "cold" else "on",
            "RESTRACK_API_ANON_RATE": "off",  # measuring the API, not its rate limit
            "RESTRACK_LOG_LEVEL": "WARNING",
        }
        command = shutil.which("restrack", path=str(Path(sys.executable).parent)) or "restrack"
        self.log = open(scratch.dir / "server.log", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                command,
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(options.workers),
                "--threads",
                str(options.threads),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.expected_workers = options.workers
        self._wait_until_ready(scratch)

    def _wait_until_ready(self, scratch: Scratch, seconds: float = 600) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"restrack serve stopped (exit {self.process.returncode}); see {scratch.dir}/server.log"
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/")
                if conn.getresponse().status < 500 and len(self.workers()) >= self.expected_workers:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"restrack serve did not answer within {seconds:.0f} s; see {scratch.dir}/server.log")

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def cpu_seconds(self) -> float:
        """User and system CPU of the workers so far."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / CLOCK_TICKS

    def peak_rss_mb(self) -> list[float]:
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(int(match[1]) / 1024)
        return peaks

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# -- the load ----------------------------------------------------------------------------------


def get_kept_alive(conn, port: int, path: str, timeout: float):
    """GET `path` on `conn` (a new keep-alive connection when None): (the connection to use next,
    or None when the server closed it or it failed; the status, 0 for no answer)."""
    try:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = None
        return conn, response.status
    except (OSError, http.client.HTTPException):
        if conn is not None:
            conn.close()
        return None, 0


def load(port: int, paths: list[str], *, clients: int, requests: int | None, seconds: float, timeout: float) -> Load:
    """`clients` threads, each with its own keep-alive connection, GET the paths (in turn, from a
    random start) until `requests` answers in all or `seconds` have passed. Anything but 200 is
    an error."""
    result = Load()
    lock = threading.Lock()
    left = [requests if requests is not None else float("inf")]
    deadline = time.monotonic() + seconds

    def reader(number: int) -> None:
        conn = None
        turn = random.Random(number).randrange(len(paths))
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            conn, status = get_kept_alive(conn, port, path, timeout)
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status != 200:
                    result.errors += 1
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=reader, args=(number,), daemon=True) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - started
    return result


def fetch(port: int, path: str, timeout: float) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Content-Type", "")
    except (OSError, http.client.HTTPException) as error:
        return 0, str(error).encode(), ""
    finally:
        conn.close()


def write_static_copies(rows: list[Row], static_root: Path, port: int, timeout: float) -> None:
    """GET each row once (warming the server too) and put its answer, byte for byte, where the
    server serves static files: the same size, served by whitenoise in the same workers."""
    folder = static_root / "bench-scale"
    folder.mkdir(parents=True, exist_ok=True)
    for number, row in enumerate(rows):
        started = time.perf_counter()
        row.status, body, row.content_type = fetch(port, row.path, timeout)
        row.first_seconds = time.perf_counter() - started
        row.size = len(body)
        extension = next((name for name in ("csv", "json", "xml") if name in row.content_type.split(";")[0]), "html")
        name = f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', row.path.lower()).strip('-')[:60]}.{extension}"
        (folder / name).write_bytes(body)
        row.static_path = f"/static/bench-scale/{name}"
        print(f"  {row.status} {row.size / 1024:8.1f} KB {row.first_seconds:7.2f} s  {row.name}", flush=True)


def measure(rows: list[Row], server: Server, options) -> None:
    for row in rows:
        if row.status != 200:
            continue
        if row.first_seconds <= options.max_seconds:
            # Warm every worker: templates, translations, the database's pages, the cache. Asked
            # for at once, so that each worker takes some (one after another, one worker may take
            # them all and the other's first answers be measured). A row slower than
            # --max-seconds is measured as it is.
            load(
                server.port,
                [row.path],
                clients=options.workers * options.threads,
                requests=2 * options.workers * options.threads,
                seconds=options.max_seconds,
                timeout=options.timeout,
            )
        before = server.cpu_seconds()
        row.page = load(
            server.port,
            [row.path],
            clients=options.parallel,
            requests=options.requests,
            seconds=options.max_seconds,
            timeout=options.timeout,
        )
        row.cpu_ms = (server.cpu_seconds() - before) * 1000 / max(row.page.done, 1)
        fetch(server.port, row.static_path, options.timeout)
        row.static = load(
            server.port,
            [row.static_path],
            clients=options.parallel,
            requests=options.requests,
            seconds=options.max_seconds,
            timeout=options.timeout,
        )
        print(
            f"  {row.name:<48} p95 {fmt(row.page.percentile(0.95))} ms, {fmt(row.page.throughput)}/s; "
            f"static {fmt(row.static.throughput)}/s; CPU {fmt(row.cpu_ms)} ms/request",
            flush=True,
        )


# -- the table ---------------------------------------------------------------------------------


def fmt(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def judge(row: Row, options) -> tuple[str, str]:
    """The targets that apply to the row in this run, and whether they are met."""
    if row.status != 200:
        return "answers 200", f"no (status {row.status})"
    if row.page is None or not row.page.done:
        return "answers", "no"
    if row.page.errors:
        return "no errors", f"no ({row.page.errors} errors)"
    checks = []
    page = row.group in ("page", "search")
    if options.samples:
        # Warm pages near static speed is what the page cache is for; the CPU an answer costs when
        # it is rendered is measured with the cache off.
        if page and options.cache == "on":
            ratio = (row.page.throughput or 0) / (row.static.throughput or 1) if row.static else 0
            checks.append(("≥ 1/3 of static", ratio >= TARGET_RATIO))
        if page and options.cache != "on":
            checks.append((f"CPU ≤ {TARGET_CPU_MS} ms", row.cpu_ms is not None and row.cpu_ms <= TARGET_CPU_MS))
    else:
        p95 = row.page.percentile(0.95) or 0
        # The latency targets at scale are for rendered answers: judged with the page cache off.
        if options.cache != "on" and row.group in ("search", "api search"):
            checks.append((f"p95 ≤ {TARGET_SEARCH_P95_MS} ms", p95 <= TARGET_SEARCH_P95_MS))
        elif options.cache != "on" and row.group in ("page", "api"):
            checks.append((f"p95 ≤ {TARGET_P95_MS} ms", p95 <= TARGET_P95_MS))
        if page:
            checks.append((f"≤ {TARGET_PAGE_KB} KB", row.size / 1024 <= TARGET_PAGE_KB))
    if not checks:
        return "–", "–"
    target = ", ".join(name for name, _ok in checks)
    failed = [name for name, ok in checks if not ok]
    return target, "yes" if not failed else "no"


CACHE_MODES = {"on": "page cache on", "off": "page cache off, data cache on", "cold": "page and data caches off"}


def table(rows: list[Row], concurrent: Load | None, peaks: list[float], options, heading: str) -> str:
    lines = [
        heading,
        "",
        "| row | KB | p50 ms | p95 ms | req/s | static req/s | static p95 ms | ratio | server CPU ms/req | target | met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for row in rows:
        page, static = row.page or Load(), row.static or Load()
        ratio = page.throughput / static.throughput if page.throughput and static.throughput else None
        target, met = judge(row, options)
        lines.append(
            f"| {row.group}: `{row.name}` | {fmt(row.size / 1024, 1)} | {fmt(page.percentile(0.5))} | "
            f"{fmt(page.percentile(0.95))} | {fmt(page.throughput, 1)} | {fmt(static.throughput, 1)} | "
            f"{fmt(static.percentile(0.95))} | {fmt(ratio, 2)} | {fmt(row.cpu_ms, 1)} | {target} | {met} |"
        )
    if concurrent is not None:
        p95 = concurrent.percentile(0.95)
        if options.samples:
            target = f"no error, p95 < {TARGET_CONCURRENT_P95_MS} ms"
            met = "yes" if not concurrent.errors and p95 is not None and p95 < TARGET_CONCURRENT_P95_MS else "no"
        else:
            target, met = "–", "–"
        errors = ", ".join(
            f"{count} × {status or 'no answer'}" for status, count in concurrent.statuses.items() if status != 200
        )
        lines.append(
            f"| {options.concurrency} readers, {options.duration:.0f} s, every page "
            f"({concurrent.done:,} requests, {concurrent.errors} errors{': ' + errors if errors else ''}) | | "
            f"{fmt(concurrent.percentile(0.5))} | {fmt(p95)} | {fmt(concurrent.throughput, 1)} | | | | | {target} | {met} |"
        )
    if peaks:
        worst = max(peaks)
        target = f"< {TARGET_WORKER_MB} MB" if not options.samples else "–"
        met = ("yes" if worst < TARGET_WORKER_MB else "no") if not options.samples else "–"
        lines.append(
            f"| server memory: peak RSS per worker ({', '.join(f'{peak:.0f}' for peak in peaks)} MB) | | | | | | | | | "
            f"{target} | {met} |"
        )
    return "\n".join(lines) + "\n"


def describe_machine() -> str:
    cpu = ""
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match[1] if match else ""
    except OSError:
        pass
    load1, load5, _ = os.getloadavg()
    return f"{os.cpu_count()} CPUs ({cpu}), load average {load1:.1f} (1 min) / {load5:.1f} (5 min) at the end"


# -- the run -----------------------------------------------------------------------------------


def main(argv=None) -> None:
    options = parse_options(argv)
    scratch = Scratch(options)
    server = None
    try:
        start_django(scratch)
        build(options, scratch)
        from django.db import connection

        print(counts_line())
        if options.build_only:
            return
        rows = rows_to_measure()
        connection.close()
        static_root = scratch.dir / "static"
        gathered = ROOT / "staticfiles"
        if not static_root.exists() and (gathered / ".restrack-static-fingerprint").is_file():
            # The checkout's gathered files, linked rather than gathered again (serve checks that
            # they are current and gathers them if not).
            shutil.copytree(gathered, static_root, copy_function=os.link)

        print("first answers (their copies become the static files):", flush=True)
        server = Server(scratch, options)
        write_static_copies(rows, static_root, server.port, options.timeout)
        server.stop()

        print(f"measuring ({options.requests} requests per row, {options.parallel} at once, cache {options.cache}):")
        server = Server(scratch, options)
        measure(rows, server, options)
        pages = [row.path for row in rows if row.group in ("page", "search") and row.status == 200]
        concurrent = None
        if pages and options.concurrency and options.duration > 0:
            print(f"{options.concurrency} readers for {options.duration:.0f} s ...", flush=True)
            concurrent = load(
                server.port,
                pages,
                clients=options.concurrency,
                requests=None,
                seconds=options.duration,
                timeout=options.timeout,
            )
        peaks = server.peak_rss_mb()
        server.stop()
        server = None

        what = (
            "the two sample reports"
            if options.samples
            else f"synthetic: {options.instruments:,} instruments, {options.periods} periods, "
            f"{options.paragraphs_per_update} paragraphs per update"
        )
        database = "PostgreSQL" if scratch.admin_url else "SQLite"
        heading = (
            f"### {time.strftime('%Y-%m-%d')}: {what}; {database}; {CACHE_MODES[options.cache]}; "
            f"{options.workers} workers × {options.threads} threads\n\n"
            f"{describe_machine()}. {options.requests} requests per row ({options.parallel} at once, at most "
            f"{options.max_seconds:.0f} s), the same for its static file; ratio = page throughput / static "
            f"throughput."
        )
        text = table(rows, concurrent, peaks, options, heading)
        print()
        print(text)
        if options.output:
            options.output.write_text(text)
    finally:
        if server is not None:
            server.stop()
        scratch.remove()


if __name__ == "__main__":
    main()
