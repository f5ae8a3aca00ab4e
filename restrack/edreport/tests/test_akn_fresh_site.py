"""Both sample reports move to another Restrack as Akoma Ntoso and come out the same: exported from
this site, imported with `restrack import-report` into a fresh site (migrated, nothing else) and
written there again with `restrack generate-report --format xml`, they are the same bytes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from restrack.edreport.compose import compose_report
from restrack.edreport.render import render
from restrack.reporting.models import ReportingPeriod

RESTRACK = str(Path(sys.executable).with_name("restrack"))
PERIODS = ("2024-H2", "2020-H1")

pytestmark = [pytest.mark.subprocess, pytest.mark.heavy, pytest.mark.django_db]


@pytest.fixture(scope="module")
def exported(_shared_samples, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exported")
    with django_db_blocker.unblock():
        for label in PERIODS:
            (folder / f"{label}.xml").write_bytes(
                render(compose_report(ReportingPeriod.objects.get(label=label), "zh"), "xml")
            )
    return folder


def run(arguments, env):
    result = subprocess.run([RESTRACK, *arguments], env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_sample_reports_come_out_of_a_fresh_site_as_they_went_in(exported, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "RESTRACK_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("RESTRACK_TEST_DB_TEMPLATE", None)
    run(["migrate", "--no-input"], env)
    for label in PERIODS:
        summary = run(["import-report", str(exported / f"{label}.xml")], env)
        assert f"Period {label}: created and published" in summary
    for label in PERIODS:
        again = tmp_path / f"{label}.again.xml"
        run(["generate-report", "--period", label, "--language", "zh", "--format", "xml", "--output", str(again)], env)
        assert again.read_bytes() == (exported / f"{label}.xml").read_bytes(), label
