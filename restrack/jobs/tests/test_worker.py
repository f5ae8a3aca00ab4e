"""Jobs on a real broker: the site (`restrack serve`) and a worker (`restrack worker`) run as
processes against RabbitMQ (or Redis) and a fresh SQLite file that both read, as in production.
A report asked for on the report page waits in the queue until a worker runs, which takes it,
writes the file and records it; the page then offers the file.

Skipped, saying why, when the broker does not answer. Each run uses a queue of its own, so that
runs of the suite side by side (or another installation's workers) never take each other's jobs."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.subprocess, pytest.mark.heavy]

RESTRACK = str(Path(sys.executable).with_name("restrack"))
BROKERS = {
    "rabbitmq": os.environ.get("RESTRACK_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
    "redis": os.environ.get("RESTRACK_TEST_REDIS_BROKER_URL", "redis://127.0.0.1:6379/15"),
}
PASSWORD = "a-long-test-password-for-the-worker"


def broker_answers(url: str) -> str | None:
    """None when the broker answers; else why not."""
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
    except Exception as error:  # noqa: BLE001 - any failure means: no broker to test with
        return f"{type(error).__name__}: {error}"
    return None


def run(arguments, env, timeout=300, stdin=None):
    result = subprocess.run(
        [RESTRACK, *arguments], env=env, capture_output=True, text=True, timeout=timeout, input=stdin
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite file with the sample reports and a coordinator who can sign in."""
    root = tmp_path_factory.mktemp("jobs-site")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'restrack.sqlite3'}",
        "RESTRACK_VAR_DIR": str(root / "var"),
        "RESTRACK_STATIC_ROOT": str(Path(__file__).resolve().parents[3] / "var" / "test-static"),
    }
    for name in ("RESTRACK_TEST_DB_TEMPLATE", "RESTRACK_BROKER_URL", "RESTRACK_CACHE_URL"):
        env.pop(name, None)
    run(["migrate", "--no-input"], env)
    run(["load-samples"], env)
    # The password on standard input, as a script gives it: one process rather than a shell after.
    run(
        ["create-user", "coordinator", "--role", "coordinator", "--email", "c@example.org", "--password-stdin"],
        env,
        stdin=PASSWORD + "\n",
    )
    return root, env


class Browser:
    """Just enough of a browser: cookies, the CSRF token when the page set one, where a post comes
    from (Origin, Sec-Fetch-Site, as browsers send them), redirects followed."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.headers, response.read()

    def post(self, path, fields=None):
        token = next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), None)
        data = urllib.parse.urlencode({**({"csrfmiddlewaretoken": token} if token else {}), **(fields or {})})
        headers = {"Referer": self.base + path, "Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        request = urllib.request.Request(self.base + path, data=data.encode(), headers=headers)
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def sign_in(self, username, password):
        self.get("/en/accounts/login/")
        url, _html = self.post("/en/accounts/login/", {"username": username, "password": password})
        assert "/accounts/login/" not in url, "could not sign in"


def wait_for(check, what, seconds, process=None):
    """A guard against a process that never answers, not a speed target (benchmarks/ has those)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process ended:\n{process.stdout.read()[-3000:]}")
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.3)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.mark.parametrize("broker", ["rabbitmq", "redis"])
def test_a_report_job_waits_in_the_queue_until_a_worker_writes_the_file(site, broker):
    url = BROKERS[broker]
    why = broker_answers(url)
    if why:
        pytest.skip(f"The {broker} broker at {url} does not answer ({why}); start it to test jobs on a real broker.")
    root, env = site
    queue = f"restrack-test-{uuid.uuid4().hex[:12]}"
    env = {**env, "RESTRACK_BROKER_URL": url, "RESTRACK_JOB_QUEUE": queue}
    port = free_port()
    server = subprocess.Popen(
        [RESTRACK, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = None
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: browser.get("/en/")[0], "the server answering", 120, server)
        browser.sign_in("coordinator", PASSWORD)

        # Asked for with no worker running: the job waits in the queue, and its page says so.
        job_url, page = browser.post("/en/work/periods/2024-H2/report.docx?language=zh&symbol=HSP/EB.2024/20")
        job_id = int(re.search(r"/work/jobs/(\d+)/$", job_url).group(1))
        assert 'data-job-state="queued"' in page and "hx-get=" in page
        time.sleep(1)
        assert 'data-job-state="queued"' in browser.get(f"/en/work/jobs/{job_id}/progress/")[2].decode()

        worker = subprocess.Popen(
            [RESTRACK, "worker", "--loglevel", "INFO"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def done():
            area = browser.get(f"/en/work/jobs/{job_id}/progress/")[2].decode()
            assert 'data-job-state="failed"' not in area, area
            return 'data-job-state="done"' in area and area

        area = wait_for(done, "the worker writing the report", 180, worker)
        assert f'href="/en/work/jobs/{job_id}/file"' in area and "HSP-EB.2024-20-zh.docx" in area
        _url, headers, content = browser.get(f"/en/work/jobs/{job_id}/file")
        assert content[:2] == b"PK" and 'filename="HSP-EB.2024-20-zh.docx"' in headers["Content-Disposition"]

        with sqlite3.connect(root / "restrack.sqlite3") as connection:
            state, created, started, finished, who, ran_on = (
                connection.execute(
                    "SELECT state, created, started, finished, worker, result_size FROM jobs_job WHERE id = ?",
                    (job_id,),
                ).fetchone()[:4]
                + connection.execute(
                    "SELECT u.username, j.worker FROM jobs_job j JOIN auth_user u ON u.id = j.requested_by_id WHERE j.id = ?",
                    (job_id,),
                ).fetchone()
            )
        # queued (created), then running (started, by a worker), then done (finished).
        assert state == "done" and created <= started <= finished
        assert who == "coordinator" and ran_on == socket.gethostname()
    finally:
        for process in (worker, server):
            if process is not None:
                stop(process)
        _delete_queue(url, queue)


def _delete_queue(url, queue):
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as connection:
            connection.default_channel.queue_delete(queue)
    except Exception:  # noqa: BLE001, S110 - tidying the broker; a queue left behind holds nothing
        pass
