"""How `restrack serve` sizes itself (restrack.core.serve_sizing): flags over environment over the
machine, the machine's cores and memory within bounds, and refusals that name their source."""

import pytest

from restrack.core import serve_sizing
from restrack.core.serve_sizing import SizingError, choose

pytestmark = pytest.mark.unit

PLENTY = 64_000  # MB: memory that bounds nothing


@pytest.mark.parametrize(
    ("cores", "workers", "threads"),
    [(1, 2, 16), (2, 2, 16), (3, 3, 16), (4, 4, 16), (5, 5, 12), (6, 6, 10), (8, 8, 8), (64, 8, 8)],
)
def test_a_worker_per_core_within_the_bounds_and_threads_within_the_total(cores, workers, threads):
    sizing = choose(environ={}, cores=cores, memory_mb=PLENTY)
    assert (sizing.workers, sizing.threads) == (workers, threads)
    assert sizing.workers * sizing.threads <= serve_sizing.TOTAL_THREADS
    assert sizing.line.startswith(f"{workers} workers x {threads} threads ({cores} usable core")
    assert sizing.line.endswith("; RESTRACK_SERVE_WORKERS, RESTRACK_SERVE_THREADS or --workers, --threads to change)")


def test_the_bound_is_said_when_it_applies():
    assert "at most 8 workers chosen" in choose(environ={}, cores=16, memory_mb=PLENTY).line
    assert "at most" not in choose(environ={}, cores=2, memory_mb=PLENTY).line


def test_workers_fit_in_half_the_available_memory():
    # 1,000 MB: half is 500, two workers of 250.
    sizing = choose(environ={}, cores=4, memory_mb=1_000)
    assert sizing.workers == 2
    assert "4 usable cores, 1000 MB of memory available" in sizing.line
    assert choose(environ={}, cores=4, memory_mb=100).workers == 1  # never none


def test_unknown_memory_bounds_nothing():
    assert choose(environ={}, cores=2, memory_mb=None).workers >= 1


def test_environment_variables_over_the_machine():
    environ = {"RESTRACK_SERVE_WORKERS": "3", "RESTRACK_SERVE_THREADS": "12"}
    sizing = choose(environ=environ, cores=8, memory_mb=PLENTY)
    assert (sizing.workers, sizing.threads) == (3, 12)
    # Both given: nothing to say about changing them.
    assert (
        sizing.line
        == "3 workers x 12 threads (workers from RESTRACK_SERVE_WORKERS; threads from RESTRACK_SERVE_THREADS; 8 usable cores)"
    )


def test_threads_follow_given_workers():
    assert choose(environ={"RESTRACK_SERVE_WORKERS": "16"}, cores=2, memory_mb=PLENTY).threads == 4
    assert choose(workers=1, environ={}, cores=2, memory_mb=PLENTY).threads == 16
    sizing = choose(environ={"RESTRACK_SERVE_THREADS": "2"}, cores=2, memory_mb=PLENTY)
    assert (sizing.workers, sizing.threads) == (2, 2)
    assert sizing.line.endswith(
        "(threads from RESTRACK_SERVE_THREADS; 2 usable cores; RESTRACK_SERVE_WORKERS, RESTRACK_SERVE_THREADS or --workers, --threads to change)"
    )


def test_web_concurrency_when_restrack_serve_workers_is_unset():
    assert choose(environ={"WEB_CONCURRENCY": "6"}, cores=2, memory_mb=PLENTY).workers == 6
    both = {"WEB_CONCURRENCY": "6", "RESTRACK_SERVE_WORKERS": "4"}
    assert choose(environ=both, cores=2, memory_mb=PLENTY).workers == 4


def test_flags_over_the_environment():
    environ = {"RESTRACK_SERVE_WORKERS": "3", "RESTRACK_SERVE_THREADS": "12", "WEB_CONCURRENCY": "6"}
    sizing = choose(workers=1, threads=2, environ=environ, cores=8, memory_mb=PLENTY)
    assert (sizing.workers, sizing.threads) == (1, 2)
    assert sizing.line == "1 worker x 2 threads (workers from --workers; threads from --threads; 8 usable cores)"


def test_given_workers_are_not_bounded_by_the_machine():
    # Whoever sets the number knows the machine (a pooler, a larger max_connections).
    assert choose(workers=40, environ={}, cores=2, memory_mb=100).workers == 40


def test_empty_variables_count_as_unset():
    environ = {"RESTRACK_SERVE_WORKERS": "", "RESTRACK_SERVE_THREADS": " "}
    assert choose(environ=environ, cores=1, memory_mb=PLENTY) == choose(environ={}, cores=1, memory_mb=PLENTY)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"environ": {"RESTRACK_SERVE_WORKERS": "four"}},
            "RESTRACK_SERVE_WORKERS must be a whole number of at least 1, not 'four'.",
        ),
        ({"environ": {"RESTRACK_SERVE_WORKERS": "0"}}, "RESTRACK_SERVE_WORKERS must be at least 1, not 0."),
        ({"environ": {"WEB_CONCURRENCY": "-2"}}, "WEB_CONCURRENCY must be a whole number of at least 1, not '-2'."),
        (
            {"environ": {"RESTRACK_SERVE_THREADS": "2.5"}},
            "RESTRACK_SERVE_THREADS must be a whole number of at least 1, not '2.5'.",
        ),
        ({"workers": 0, "environ": {}}, "--workers must be at least 1, not 0."),
        ({"threads": -1, "environ": {}}, "--threads must be at least 1, not -1."),
    ],
)
def test_bad_counts_are_refused_naming_their_source(kwargs, message):
    with pytest.raises(SizingError) as refused:
        choose(cores=2, memory_mb=PLENTY, **kwargs)
    assert str(refused.value) == message


def test_usable_cores_follow_the_affinity_and_a_cgroup_quota(monkeypatch, tmp_path):
    monkeypatch.setattr(serve_sizing.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(serve_sizing, "cgroup_cpu_quota", lambda: None)
    assert serve_sizing.usable_cores() == 4
    monkeypatch.setattr(serve_sizing, "cgroup_cpu_quota", lambda: 2)
    assert serve_sizing.usable_cores() == 2


def test_cgroup_quota_v2_and_v1(tmp_path):
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert serve_sizing.cgroup_cpu_quota(tmp_path) == 2  # 1.5 CPUs, rounded up
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert serve_sizing.cgroup_cpu_quota(tmp_path) is None
    (tmp_path / "cpu.max").unlink()
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert serve_sizing.cgroup_cpu_quota(tmp_path) == 3
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert serve_sizing.cgroup_cpu_quota(tmp_path) is None


def test_available_memory_from_meminfo(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24684544 kB\nMemAvailable:    2048000 kB\n")
    assert serve_sizing.available_memory_mb(meminfo) == 2000
    assert serve_sizing.available_memory_mb(tmp_path / "missing") is None
