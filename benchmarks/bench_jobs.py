"""What moving the report off the request buys: how long the report page takes to answer when
asked for a file, with no broker (the file is written while the request waits) and with one (the
request only records the job and sends it), and how long a worker then takes from the request to
the file being ready (queue, start, compose, render, store).

Run: .venv/bin/python benchmarks/bench_jobs.py [--repeat N] [--formats docx,pdf]
                                               [--broker amqp://guest:guest@127.0.0.1:5672//]

Runs against a throw-away SQLite database with the sample reports (the 2024-H2 report, 49
paragraphs), a queue of its own and one `restrack worker` process. Prints the median and worst
wall-clock seconds of each case.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

RESTRACK = str(Path(sys.executable).with_name("restrack"))
PERIOD = "2024-H2"


def restrack(arguments, env, stdin=None):
    result = subprocess.run([RESTRACK, *arguments], env=env, capture_output=True, text=True, input=stdin)
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout


MEASURE = r"""
import statistics, sys, time
from django.test import Client
from django.contrib.auth import get_user_model
from restrack.jobs.models import Job

repeat, formats, wait = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3] == "wait"
client = Client()
client.force_login(get_user_model().objects.get(username="bench-coordinator"))
for report_format in formats:
    answers, ready = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.post(f"/en/work/periods/PERIOD/report.{report_format}?language=zh")
        answers.append(time.perf_counter() - start)
        job = Job.objects.latest("pk")
        while wait and job.active:
            time.sleep(0.02)
            job = Job.objects.get(pk=job.pk)
        assert job.state == "done", job.error
        ready.append(time.perf_counter() - start)
    print(f"ROW\t{report_format}\t{statistics.median(answers):.3f}\t{max(answers):.3f}\t{statistics.median(ready):.3f}\t{max(ready):.3f}")
""".replace("PERIOD", PERIOD)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--broker", default="amqp://guest:guest@127.0.0.1:5672//")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{root / 'bench.sqlite3'}",
            "RESTRACK_VAR_DIR": str(root / "var"),
            "RESTRACK_ALLOWED_HOSTS": "testserver",
            "RESTRACK_LOG_LEVEL": "WARNING",
        }
        for name in ("RESTRACK_BROKER_URL", "RESTRACK_TEST_DB_TEMPLATE"):
            env.pop(name, None)
        print("Setting up a database with the sample reports ...", file=sys.stderr)
        restrack(["migrate", "--no-input"], env)
        restrack(["load-samples"], env)
        restrack(["create-user", "bench-coordinator", "--role", "coordinator"], env)
        header = "case\tformat\tanswer median s\tanswer worst s\tfile ready median s\tfile ready worst s"
        rows = [header]
        out = restrack(
            [
                "shell",
                "-c",
                MEASURE.replace("sys.argv[1]", str(options.repeat))
                .replace("sys.argv[2]", repr(options.formats))
                .replace("sys.argv[3]", "'now'"),
            ],
            env,
        )
        rows += [f"no broker (in the request)\t{line[4:]}" for line in out.splitlines() if line.startswith("ROW\t")]
        queued_env = {
            **env,
            "RESTRACK_BROKER_URL": options.broker,
            "RESTRACK_JOB_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        }
        worker = subprocess.Popen(
            [RESTRACK, "worker", "--loglevel", "WARNING"],
            env=queued_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(8)  # the worker connects and is ready
            out = restrack(
                [
                    "shell",
                    "-c",
                    MEASURE.replace("sys.argv[1]", str(options.repeat))
                    .replace("sys.argv[2]", repr(options.formats))
                    .replace("sys.argv[3]", "'wait'"),
                ],
                queued_env,
            )
            rows += [f"broker + 1 worker\t{line[4:]}" for line in out.splitlines() if line.startswith("ROW\t")]
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        print("\n".join(rows))


if __name__ == "__main__":
    main()
