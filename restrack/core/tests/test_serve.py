"""`restrack serve` sizes itself: started in a subprocess on a free port against a fresh SQLite file,
it prints the workers and threads it chose and why on one line, starts that many workers and
answers; a count it cannot use is refused before anything starts."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from restrack.core import serve_sizing

RESTRACK = str(Path(sys.executable).with_name("restrack"))
SIZE_LINE = re.compile(r"^(\d+) workers? x (\d+) threads? \((.*)\)$", re.MULTILINE)

pytestmark = pytest.mark.subprocess


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'restrack.sqlite3'}",
        "RESTRACK_VAR_DIR": str(root / "var"),
        "RESTRACK_STATIC_ROOT": str(root / "static"),  # not gathered (--no-collectstatic): the API answers without
    }
    for name in ("RESTRACK_TEST_DB_TEMPLATE", "RESTRACK_SERVE_WORKERS", "RESTRACK_SERVE_THREADS", "WEB_CONCURRENCY"):
        env.pop(name, None)
    result = subprocess.run([RESTRACK, "migrate", "--no-input"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env, *arguments):
    """Start serve, wait until it answers /api/ (a guard of 90 s, not a speed target); return the
    size line, the number of workers gunicorn booted, and the answer's status."""
    port = free_port()
    server = subprocess.Popen(
        [RESTRACK, "serve", "--port", str(port), "--no-collectstatic", *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=5) as response:
                    status = response.status
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not answer within 90 s"
                time.sleep(0.2)
        time.sleep(1)  # the other workers' boot lines
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    lines = SIZE_LINE.findall(output)
    assert len(lines) == 1, output  # printed once, not again by each forked worker
    booted = len(re.findall(r"Booting worker with pid", output))
    return lines[0], booted, status


def test_serve_sizes_itself_from_the_machine_and_says_so(site):
    (workers, threads, why), booted, status = serve(site)
    assert status == 200
    cores = serve_sizing.usable_cores()
    assert int(workers) == booted
    assert 1 <= int(workers) <= max(cores, serve_sizing.MIN_AUTO_WORKERS)
    assert int(threads) == serve_sizing.auto_threads(int(workers))
    assert why.startswith(f"{cores} usable core")
    assert why.endswith("RESTRACK_SERVE_WORKERS, RESTRACK_SERVE_THREADS or --workers, --threads to change")


def test_serve_takes_its_size_from_the_environment_and_flags(site):
    env = {**site, "RESTRACK_SERVE_WORKERS": "1", "RESTRACK_SERVE_THREADS": "3", "WEB_CONCURRENCY": "4"}
    (workers, threads, why), booted, status = serve(env)
    assert (workers, threads, booted, status) == ("1", "3", 1, 200)
    assert why.startswith("workers from RESTRACK_SERVE_WORKERS; threads from RESTRACK_SERVE_THREADS;")
    (workers, threads, why), booted, status = serve(env, "--workers", "2", "--threads", "2")
    assert (workers, threads, booted, status) == ("2", "2", 2, 200)
    assert why.startswith("workers from --workers; threads from --threads;")


def test_serve_refuses_a_count_it_cannot_use(tmp_path):
    env = {**os.environ, "RESTRACK_SERVE_WORKERS": "many", "RESTRACK_VAR_DIR": str(tmp_path)}
    result = subprocess.run([RESTRACK, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "RESTRACK_SERVE_WORKERS must be a whole number of at least 1, not 'many'." in result.stderr
