"""How many gunicorn workers and threads `restrack serve` starts: from the flags, then the
environment, then the machine (its usable cores and memory). No Django: a function of its inputs,
so that it is tested on its own.

Why these numbers (docs/deploying.md#sizing; measured with benchmarks/bench_load.py):

- A worker is a process with its own interpreter; only one of its threads runs Python at a time,
  so the workers are what use the cores: one per usable core, and at least two (a slow request
  or a worker being replaced never leaves the site without one). Gunicorn's advice of two per core
  plus one is for workers answering one request each; Restrack's workers have threads for the
  waiting (the database, the disk cache, slow clients), and with 200 readers on two cores three
  or five workers answered fewer requests per second than two, at more memory.
- Threads let a worker wait on many requests at once: 16 per worker (an answer from the page
  cache costs about a millisecond of CPU; under load most of a request's time is waiting). On
  PostgreSQL every thread may keep a connection open (CONN_MAX_AGE), and the server's default
  max_connections is 100: the automatic size keeps workers x threads within TOTAL_THREADS, fewer
  threads each when there are more workers.
- Each worker holds the whole site in memory (about 200 MB at its peak with the samples): the
  workers are bounded so that they fit in half the memory available when the server starts.
- At most MAX_AUTO_WORKERS workers are chosen; a larger machine is sized by hand (with a
  connection pooler or a larger max_connections), or better, serves beside others.

SQLite needs no other number: readers run in parallel in WAL mode, and the few writers (staff
saving forms) wait for each other within the busy timeout.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

WORKERS_VARIABLE = "RESTRACK_SERVE_WORKERS"
THREADS_VARIABLE = "RESTRACK_SERVE_THREADS"
GUNICORN_WORKERS_VARIABLE = "WEB_CONCURRENCY"  # gunicorn's (and Heroku's) convention
MIN_AUTO_WORKERS = 2
MAX_AUTO_WORKERS = 8
MAX_THREADS = 16  # per worker, when not given
MIN_THREADS = 4
TOTAL_THREADS = 64  # workers x threads when threads are not given: within PostgreSQL's 100 connections
WORKER_MEMORY_MB = 250  # a worker's peak RSS with room to spare (benchmarks: 190 MB with the samples)
MEMORY_SHARE = 0.5  # of the memory available at start, what the workers may take


class SizingError(ValueError):
    """A worker or thread count that cannot be used, naming where it came from."""


@dataclass(frozen=True)
class Sizing:
    workers: int
    threads: int
    cores: int
    why: str  # where the numbers came from, in a few words
    chosen: bool = True  # whether either number was chosen here (rather than given)

    @property
    def line(self) -> str:
        """The one line `restrack serve` prints at start."""
        how = f"; {WORKERS_VARIABLE}, {THREADS_VARIABLE} or --workers, --threads to change" if self.chosen else ""
        return (
            f"{self.workers} {'worker' if self.workers == 1 else 'workers'} x {self.threads} "
            f"{'thread' if self.threads == 1 else 'threads'} ({self.why}{how})"
        )


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity (taskset, cpusets), lowered to a cgroup
    CPU quota when one is set (containers), at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_quota()
    if quota is not None:
        cores = min(cores, quota)
    return max(cores, 1)


def cgroup_cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """The CPUs a cgroup's quota allows (rounded up), or None without one (cgroup v2, then v1)."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
        return None
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return max(1, math.ceil(quota / period)) if quota > 0 and period > 0 else None


def available_memory_mb(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """MemAvailable in MB, or None where /proc/meminfo is not (macOS)."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def auto_workers(cores: int, memory_mb: int | None) -> tuple[int, str]:
    """Workers for the machine, and why: one per usable core, at least MIN_AUTO_WORKERS, at most
    MAX_AUTO_WORKERS and as many as fit in MEMORY_SHARE of the available memory."""
    workers = min(max(cores, MIN_AUTO_WORKERS), MAX_AUTO_WORKERS)
    why = f"{cores} usable {'core' if cores == 1 else 'cores'}"
    if cores > MAX_AUTO_WORKERS:
        why += f", at most {MAX_AUTO_WORKERS} workers chosen"
    if memory_mb is not None:
        fit = max(1, int(memory_mb * MEMORY_SHARE) // WORKER_MEMORY_MB)
        if fit < workers:
            workers = fit
            why += f", {memory_mb} MB of memory available"
    return workers, why


def auto_threads(workers: int) -> int:
    """Threads per worker: MAX_THREADS while workers x threads stays within TOTAL_THREADS, fewer
    (never under MIN_THREADS) beyond."""
    return min(MAX_THREADS, max(MIN_THREADS, TOTAL_THREADS // workers))


def _count(value, source: str) -> int:
    """A whole number of at least 1, or a SizingError naming its source."""
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise SizingError(f"{source} must be a whole number of at least 1, not {value!r}.")
        value = int(text)
    if value < 1:
        raise SizingError(f"{source} must be at least 1, not {value}.")
    return value


def choose(
    *,
    workers: int | None = None,
    threads: int | None = None,
    environ: Mapping[str, str] | None = None,
    cores: int | None = None,
    memory_mb: int | None = None,
) -> Sizing:
    """Workers and threads: each from its flag when given, else its environment variable
    (RESTRACK_SERVE_WORKERS, then gunicorn's WEB_CONCURRENCY; RESTRACK_SERVE_THREADS), else the
    machine. An empty variable counts as unset; anything else not a whole number >= 1 is refused.
    `cores` and `memory_mb` default to this machine's (memory only read when it matters)."""
    environ = os.environ if environ is None else environ
    if cores is None:
        cores = usable_cores()
    given = []
    if workers is not None:
        workers = _count(workers, "--workers")
        given.append("workers from --workers")
    else:
        for name in (WORKERS_VARIABLE, GUNICORN_WORKERS_VARIABLE):
            if environ.get(name, "").strip():
                workers = _count(environ[name], name)
                given.append(f"workers from {name}")
                break
    if workers is None:
        workers, machine = auto_workers(cores, available_memory_mb() if memory_mb is None else memory_mb)
    else:
        machine = f"{cores} usable {'core' if cores == 1 else 'cores'}"
    if threads is not None:
        threads = _count(threads, "--threads")
        given.append("threads from --threads")
    elif environ.get(THREADS_VARIABLE, "").strip():
        threads = _count(environ[THREADS_VARIABLE], THREADS_VARIABLE)
        given.append(f"threads from {THREADS_VARIABLE}")
    else:
        threads = auto_threads(workers)
    why = "; ".join([*given, machine])
    return Sizing(workers=workers, threads=threads, cores=cores, why=why, chosen=len(given) < 2)
