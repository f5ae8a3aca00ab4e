"""Following by e-mail as in production: `restrack serve` and `restrack worker` processes on
RabbitMQ, mail written to var/mail/ (RESTRACK_EMAIL=file). A visitor asks, the worker mails the
link, the visitor confirms; a period published from another process makes the worker write the
digest; the mail program's one-click POST stops it. Skipped, saying why, without the broker."""

import re
import sqlite3
import subprocess
import urllib.request
import uuid

import pytest

from restrack.jobs.tests.test_worker import (  # noqa: F401 (site is a fixture)
    BROKERS,
    RESTRACK,
    Browser,
    _delete_queue,
    broker_answers,
    free_port,
    run,
    site,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.subprocess, pytest.mark.heavy]
PUBLISH = """
from restrack.core.guard import writes_allowed
from restrack.reporting.tests.factories import ReportingPeriodFactory, ProgressUpdateFactory, UpdateEntryFactory
from restrack.reporting.actions import publish_period
from restrack.reporting.choices import PeriodState
from django.contrib.auth import get_user_model
with writes_allowed():
    period = ReportingPeriodFactory(label="2031-H1", state=PeriodState.OPEN)
    UpdateEntryFactory(update=ProgressUpdateFactory(period=period))
publish_period(period, acting_user=get_user_model().objects.get(username="coordinator"))
"""


def mail_saying(folder, words: str) -> str | None:
    for path in sorted(folder.glob("*.log")) if folder.exists() else ():
        for message in path.read_text(encoding="utf-8", errors="replace").split("-" * 79):
            if words in message:
                return message
    return None


def test_asking_confirming_a_digest_from_the_worker_and_stopping(site):
    url = BROKERS["rabbitmq"]
    why = broker_answers(url)
    if why:
        pytest.skip(f"RabbitMQ at {url} does not answer ({why}); start it to test following on a real broker.")
    root, env = site
    queue = f"restrack-test-{uuid.uuid4().hex[:12]}"
    env = {**env, "RESTRACK_BROKER_URL": url, "RESTRACK_JOB_QUEUE": queue, "RESTRACK_EMAIL": "file"}
    mailbox = root / "var" / "mail"
    port = free_port()
    processes = []
    try:
        for arguments in (["serve", "--port", str(port), "--workers", "1"], ["worker", "--loglevel", "INFO"]):
            processes.append(
                subprocess.Popen(
                    [RESTRACK, *arguments], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
                )
            )
        server, worker = processes
        base = f"http://127.0.0.1:{port}"
        browser = Browser(base)
        wait_for(lambda: browser.get("/en/follow/?instrument=resolution-2-6")[0], "the server answering", 120, server)
        sent_url, page = browser.post("/en/follow/?instrument=resolution-2-6", {"email": "reader@example.org"})
        assert sent_url.endswith("/en/follow/sent/") and "reader@example.org" not in page

        message = wait_for(lambda: mail_saying(mailbox, "/follow/confirm/"), "the worker mailing the link", 120, worker)
        confirm = re.search(r"http://\S+/en/follow/confirm/\S+/", message).group(0)
        browser.get(confirm[len(base) :])
        _url, page = browser.post(confirm[len(base) :])
        assert "You follow Resolution 2/6" in page

        run(["shell", "-c", PUBLISH], env)
        digest = wait_for(
            lambda: mail_saying(mailbox, "what changed on Resolution 2/6 in 2031-H1"), "the digest", 120, worker
        )
        assert "/en/resolutions/2/6/?period=2031-H1#update-2031-H1" in digest
        stop_link = re.search(r"List-Unsubscribe: *\n? *<(\S+)>", digest).group(1)
        assert stop_link.startswith(base), (stop_link, base, digest)
        request = urllib.request.Request(stop_link, data=b"List-Unsubscribe=One-Click", method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
        with sqlite3.connect(root / "restrack.sqlite3") as connection:
            assert connection.execute("SELECT COUNT(*) FROM follow_subscription").fetchone() == (0,)
    finally:
        for process in reversed(processes):
            stop(process)
        _delete_queue(url, queue)
