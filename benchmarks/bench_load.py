"""Many readers at once: start `restrack serve` on the sample reports (or a kept data set), let N
readers read the public pages for T seconds, then the same N readers read static files of the
same sizes from the same server; once for each server setting, printed side by side.

Run:
    .venv/bin/python benchmarks/bench_load.py                      # auto-sized vs 2 workers x 16 threads
    .venv/bin/python benchmarks/bench_load.py --readers 200 --seconds 30 --servers auto,2x16,3x16
    .venv/bin/python benchmarks/bench_load.py --keep var/bench-load  # build the samples once, reuse them
    .venv/bin/python benchmarks/bench_load.py --database postgres://postgres@127.0.0.1:5432/postgres

The data set is the two sample reports (and the sample funding), imported into a throw-away SQLite
database in a temporary directory, or a throw-away PostgreSQL database with --database (as
bench_scale.py: its scratch directory, server, client and static copies are the ones used here).
`auto` is `restrack serve` with neither --workers nor --threads: the size it chooses for this
machine, printed with the result. Each reader has its own keep-alive connection and asks for the
next page as soon as the last one answered (no think time unless --think), so N readers are N
requests in the server at every moment: a harder load than N people reading.

The mix: the dashboard, periods list, the latest period, the comparison, funding pages, partners
and an instrument, in English and Chinese; one search in each language (searches are rendered for
each request, not cached); the API's instrument and update lists. Printed: p50/p95/p99 latency,
throughput and errors for the pages (and per group), for the static copies, and page ÷ static
(the pages' latencies divided by the static copies': above 1, pages are slower; and their
requests per second divided likewise: below 1, pages are slower), the server's CPU per request
and each worker's peak memory. The readers run on the server's machine and take some of its CPU.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402  (its scratch place, server, client and static copies)
from bench_scale import ROOT, Load, Row, Scratch, fmt  # noqa: E402

OLD_SETTING = "2x16"  # what `restrack serve` started before it sized itself (--workers 2 --threads 16)


def parse_options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200, help="readers at once (200)")
    parser.add_argument("--seconds", type=float, default=30, help="seconds each load runs (30), pages and static alike")
    parser.add_argument(
        "--servers",
        default=f"auto,{OLD_SETTING}",
        help=f"comma-separated server settings: auto (restrack serve's own choice) or WxT, e.g. 5x8 (auto,{OLD_SETTING})",
    )
    parser.add_argument("--think", type=float, default=0, help="seconds each reader waits between requests (0)")
    parser.add_argument("--warm-seconds", type=float, default=3, help="unmeasured load before each measurement (3)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a request counts as failed (120)")
    parser.add_argument("--cache", choices=("on", "off"), default="on", help="the page cache (RESTRACK_PAGE_CACHE)")
    parser.add_argument(
        "--database",
        help="postgres://user@host:port/db of a server to create a throw-away database on (default: SQLite)",
    )
    parser.add_argument("--keep", type=Path, help="build the samples into DIR and keep them; later runs reuse DIR")
    options = parser.parse_args(argv)
    if options.readers < 1:
        parser.error("--readers must be at least 1")
    if options.seconds <= 0:
        parser.error("--seconds must be more than 0")
    if options.think < 0:
        parser.error("--think cannot be negative")
    if options.database and not re.match(r"^postgres(ql)?://", options.database):
        parser.error("--database takes a postgres:// URL (SQLite is the default, in a temporary directory)")
    options.settings = []
    for item in options.servers.split(","):
        item = item.strip().lower()
        match = re.fullmatch(r"(\d+)x(\d+)", item)
        if item == "auto":
            options.settings.append(None)
        elif match and int(match[1]) >= 1 and int(match[2]) >= 1:
            options.settings.append((int(match[1]), int(match[2])))
        else:
            parser.error(f"--servers: {item!r} is neither auto nor WORKERSxTHREADS (such as 5x8)")
    # What bench_scale's scratch place and build read.
    options.samples = True
    return options


# -- the server --------------------------------------------------------------------------------


class Server(bench_scale.Server):
    """`restrack serve` as bench_scale starts it, with or without --workers/--threads; the line it
    prints about its size is kept."""

    SIZE_LINE = re.compile(r"(\d+) workers? x (\d+) threads?[^\n]*")

    def __init__(self, scratch: Scratch, setting: tuple[int, int] | None, cache: str):
        self.port = bench_scale.free_port()
        env = {
            **os.environ,
            "DATABASE_URL": scratch.url,
            "RESTRACK_VAR_DIR": str(scratch.dir / "var"),
            "RESTRACK_STATIC_ROOT": str(scratch.dir / "static"),
            "RESTRACK_PAGE_CACHE": cache,
            "RESTRACK_API_ANON_RATE": "off",  # the readers share one address; measuring, not limiting
            "RESTRACK_LOG_LEVEL": "WARNING",
        }
        for name in ("RESTRACK_SERVE_WORKERS", "RESTRACK_SERVE_THREADS", "WEB_CONCURRENCY"):
            env.pop(name, None)  # `auto` is the machine's choice, not this shell's
        command = shutil.which("restrack", path=str(Path(sys.executable).parent)) or "restrack"
        arguments = [command, "serve", "--port", str(self.port)]
        if setting:
            arguments += ["--workers", str(setting[0]), "--threads", str(setting[1])]
        # Migrations added to the checkout since the data was built (serve refuses otherwise).
        subprocess.run([command, "migrate", "--no-input", "-v0"], env=env, check=True)
        self.log_path = scratch.dir / "server.log"
        self.log_path.write_bytes(b"")
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            arguments, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.size_line = ""
        self.setting = setting or self._chosen_size()
        self.expected_workers = self.setting[0]
        self._wait_until_ready(scratch)

    def _chosen_size(self, seconds: float = 600) -> tuple[int, int]:
        """The workers and threads from the line serve prints before gunicorn starts."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            match = self.SIZE_LINE.search(self.log_path.read_text(errors="replace"))
            if match:
                self.size_line = match[0].strip()
                return int(match[1]), int(match[2])
            if self.process.poll() is not None:
                raise SystemExit(f"restrack serve stopped (exit {self.process.returncode}); see {self.log_path}")
            time.sleep(0.2)
        raise SystemExit(f"restrack serve printed no size within {seconds:.0f} s; see {self.log_path}")

    @property
    def name(self) -> str:
        workers, threads = self.setting
        return f"{'auto: ' if self.size_line else ''}{workers} x {threads}"


# -- the load ----------------------------------------------------------------------------------


def load(port: int, paths: list[str], options, seconds: float) -> dict[str, Load]:
    """bench_scale.load's readers (each its own keep-alive connection, the paths in turn from a
    random start, anything but 200 an error), with think time, and the answers kept per path."""
    results = {path: Load() for path in paths}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def reader(number: int) -> None:
        conn = None
        turn = random.Random(number).randrange(len(paths))
        while time.monotonic() < deadline:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            conn, status = bench_scale.get_kept_alive(conn, port, path, options.timeout)
            elapsed = time.perf_counter() - started
            with lock:
                result = results[path]
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.errors += status != 200
            if options.think:
                time.sleep(options.think)
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    readers = [threading.Thread(target=reader, args=(number,), daemon=True) for number in range(options.readers)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    elapsed = time.perf_counter() - started
    for result in results.values():
        result.elapsed = elapsed
    return results


def merged(results: dict[str, Load], paths=None) -> Load:
    whole = Load()
    for path, result in results.items():
        if paths is not None and path not in paths:
            continue
        whole.latencies += result.latencies
        whole.errors += result.errors
        whole.elapsed = max(whole.elapsed, result.elapsed)
        for status, count in result.statuses.items():
            whole.statuses[status] = whole.statuses.get(status, 0) + count
    return whole


# -- the run -----------------------------------------------------------------------------------


def rows_for_the_mix() -> list[Row]:
    """bench_scale's rows narrowed to the readers' mix: every public page in both languages, one
    search per language, two of the API's lists."""
    rows = bench_scale.rows_to_measure()
    chosen = [row for row in rows if row.group == "page"]
    chosen += [row for row in rows if row.path in ("/en/search/?q=housing", "/zh-hans/search/?q=%E4%BD%8F%E6%88%BF")]
    chosen += [row for row in rows if row.path in ("/api/v1/instruments/", "/api/v1/updates/")]
    return chosen


@dataclass
class Measured:
    name: str
    pages: dict[str, Load]
    static: dict[str, Load]
    cpu_seconds: float
    peaks_mb: list[float]


def measure(server: Server, rows: list[Row], options) -> Measured:
    pages = [row.path for row in rows]
    statics = [row.static_path for row in rows]
    print(f"  {server.name}: warming, then {options.readers} readers for {options.seconds:.0f} s ...", flush=True)
    if options.warm_seconds:
        load(server.port, pages + statics, options, options.warm_seconds)
    before = server.cpu_seconds()
    page_results = load(server.port, pages, options, options.seconds)
    cpu = server.cpu_seconds() - before
    print("  ... and the static copies", flush=True)
    static_results = load(server.port, statics, options, options.seconds)
    return Measured(server.name, page_results, static_results, cpu, server.peak_rss_mb())


def summary_rows(measured: Measured, rows: list[Row]) -> list[tuple[str, Load]]:
    groups = [("every page", None)]
    for group in ("page", "search", "api"):
        paths = {row.path for row in rows if row.group == group}
        if paths:
            groups.append((f"  {group}s" if group != "search" else "  searches", paths))
    return [(label, merged(measured.pages, paths)) for label, paths in groups]


def table(results: list[Measured], rows: list[Row], options) -> str:
    lines = [
        f"{options.readers} readers, {options.seconds:.0f} s each, think time {options.think:g} s, "
        f"page cache {options.cache}; {bench_scale.describe_machine()}; the client runs on the same machine.",
        "",
        "| server | what | requests | errors | p50 ms | p95 ms | p99 ms | req/s | server CPU ms/req |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        for label, whole in summary_rows(result, rows):
            cpu = fmt(result.cpu_seconds * 1000 / whole.done, 1) if label == "every page" and whole.done else ""
            lines.append(row_line(result.name, label, whole, cpu))
        static = merged(result.static)
        lines.append(row_line(result.name, "static copies", static, ""))
        pages = merged(result.pages)
        ratio = lambda a, b: fmt(a / b, 2) if a and b else "–"  # noqa: E731
        lines.append(
            f"| {result.name} | page ÷ static | | | {ratio(pages.percentile(0.5), static.percentile(0.5))} | "
            f"{ratio(pages.percentile(0.95), static.percentile(0.95))} | "
            f"{ratio(pages.percentile(0.99), static.percentile(0.99))} | "
            f"{ratio(pages.throughput, static.throughput)} | |"
        )
        if result.peaks_mb:
            lines.append(
                f"| {result.name} | peak RSS per worker, MB | | | | | | | {', '.join(f'{p:.0f}' for p in result.peaks_mb)} |"
            )
    return "\n".join(lines) + "\n"


def row_line(name: str, label: str, load_: Load, cpu: str) -> str:
    errors = str(load_.errors)
    if load_.errors:
        errors += " (" + ", ".join(f"{n} × {s or 'no answer'}" for s, n in load_.statuses.items() if s != 200) + ")"
    return (
        f"| {name} | {label} | {load_.done:,} | {errors} | {fmt(load_.percentile(0.5))} | "
        f"{fmt(load_.percentile(0.95))} | {fmt(load_.percentile(0.99))} | {fmt(load_.throughput, 1)} | {cpu} |"
    )


def main(argv=None) -> None:
    options = parse_options(argv)
    scratch = Scratch(options)
    server = None
    try:
        bench_scale.start_django(scratch)
        bench_scale.build(options, scratch)
        from django.db import connection

        rows = rows_for_the_mix()
        connection.close()
        static_root = scratch.dir / "static"
        gathered = ROOT / "staticfiles"
        if not static_root.exists() and (gathered / ".restrack-static-fingerprint").is_file():
            shutil.copytree(gathered, static_root, copy_function=os.link)

        print("first answers (their copies become the static files):", flush=True)
        server = Server(scratch, (1, 4), options.cache)
        bench_scale.write_static_copies(rows, static_root, server.port, options.timeout)
        server.stop()
        rows = [row for row in rows if row.status == 200]

        results = []
        for setting in options.settings:
            server = Server(scratch, setting, options.cache)
            if server.size_line:
                print(f"  restrack serve: {server.size_line}")
            results.append(measure(server, rows, options))
            server.stop()
            server = None
            print(table(results[-1:], rows, options), flush=True)  # each as it comes; all at the end
        print()
        print(table(results, rows, options))
    finally:
        if server is not None:
            server.stop()
        scratch.remove()


if __name__ == "__main__":
    main()
