"""The `restrack` console command end to end, in subprocesses against a fresh SQLite file:
migrate loads the reference data, `serve` answers on HTTP with static files, hyphenated command
names work, and concurrent writers do not fail with "database is locked"."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

RESTRACK = str(Path(sys.executable).with_name("restrack"))


pytestmark = [pytest.mark.subprocess, pytest.mark.heavy]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'restrack.sqlite3'}",
        "RESTRACK_VAR_DIR": str(root / "var"),
        # Kept between runs of the suite: serve gathers the static files again only when they changed.
        "RESTRACK_STATIC_ROOT": str(Path(__file__).resolve().parents[3] / "var" / "test-static"),
    }
    env.pop("RESTRACK_TEST_DB_TEMPLATE", None)
    run(["migrate", "--no-input"], env)
    return root, env


def run(arguments, env, timeout=120):
    result = subprocess.run([RESTRACK, *arguments], env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_hyphenated_commands_forward_to_management_commands(site):
    _root, env = site
    assert "0 created, 0 completed" in run(["load-reference-data"], env)


def test_serve_answers_with_pages_api_and_static_files(site):
    root, env = site
    port = free_port()
    server = subprocess.Popen(
        [RESTRACK, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # A guard against a server that never answers, not a speed target (benchmarks/ has those):
        # serve gathers and compresses the static files first when they changed, API
        # documentation's bundles included.
        deadline = time.monotonic() + 90
        while True:
            try:
                status, html = get(base + "/en/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not answer within 90 s"
                time.sleep(0.2)
        assert status == 200 and html.count("data-instrument=") == 16
        status, api = get(base + "/api/v1/instruments/")
        assert status == 200 and '"count":16' in api
        stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert get(base + stylesheet)[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_an_unmigrated_database(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "RESTRACK_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [RESTRACK, "serve", "--no-collectstatic"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Run `restrack migrate` first" in result.stderr


WRITER = """
from restrack.accounts.system_user import get_system_user
from restrack.registry.actions import set_instrument_status
from restrack.registry.models import Instrument
user = get_system_user()
instruments = list(Instrument.objects.all())
for i in range(25):
    set_instrument_status(instruments[i % len(instruments)], ["under_implementation", "constrained"][i % 2], acting_user=user)
"""


def test_concurrent_writers_wait_for_each_other_instead_of_failing(site):
    root, env = site
    writers = [
        subprocess.Popen([RESTRACK, "shell", "-c", WRITER], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert all(writer.returncode == 0 for writer in writers), errors
    with sqlite3.connect(root / "restrack.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        changes = connection.execute(
            "SELECT count(*) FROM registry_historicalinstrument WHERE history_change_reason = 'Status changed'"
        ).fetchone()[0]
    assert changes == 100
