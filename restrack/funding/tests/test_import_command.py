"""`restrack import-funding FILE [--dry-run] [--reason] [--as]`: what it prints, what it writes, and
its exit status on a bad file (the problems on stderr)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from restrack.accounts.system_user import get_system_user
from restrack.accounts.tests.factories import UserFactory
from restrack.cli import main
from restrack.funding.actions import record_funding
from restrack.funding.models import FundingRecord
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "instrument,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,mobilized_window_usd,"
    "mobilized_other_usd,note"
)


@pytest.fixture
def period():
    return ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)


@pytest.fixture
def figures(tmp_path, period):
    record_funding(
        find_instrument("resolution 2/7"),
        period,
        requirements_usd="500000",
        note="Budget",
        acting_user=get_system_user(),
        reason="Made-up test figures",
    )
    path = tmp_path / "figures.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "resolution 2/6,2024-H2,1858000.00,100000.10,,,,",
                "resolution 2/7,2024-H2,600000,,,,,Budget",
                "resolution 2/8,2024-H2,1500000,,,,,",
            ]
        )
        + "\n"
    )
    return path


def run(*args):
    out = io.StringIO()
    call_command("import_funding", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_every_change_and_writes_nothing(figures):
    output = run(figures, "--dry-run")
    assert "row 2: new       resolution 2/6, 2024-H2:" in output
    assert "      requirements_usd: 1,858,000.00" in output
    assert "row 3: changed   resolution 2/7, 2024-H2:" in output
    assert "      requirements_usd: 500,000.00 → 600,000.00" in output
    assert "warning: 2024-H2 is published; its public figures change." in output
    assert output.rstrip().endswith(
        "figures.csv: 3 rows for 2024-H2: 2 new, 1 changed, 0 unchanged. Dry run: nothing written."
    )
    assert FundingRecord.objects.count() == 1


def test_a_real_run_writes_as_the_system_account_and_a_second_run_changes_nothing(figures):
    assert run(figures).rstrip().endswith("2 new, 1 changed, 0 unchanged. Written.")
    assert FundingRecord.objects.count() == 3
    latest = FundingRecord.history.order_by("-history_id").first()
    assert latest.history_user == get_system_user()
    assert latest.history_change_reason == "Imported from figures.csv"
    history = FundingRecord.history.count()
    second = run(figures)
    assert "row 2: unchanged resolution 2/6, 2024-H2" in second
    assert second.rstrip().endswith("0 new, 0 changed, 3 unchanged. Written.")
    assert FundingRecord.history.count() == history


def test_reason_and_acting_user_can_be_given(figures):
    officer = UserFactory(username="fatima", role="finance_officer")
    run(figures, "--as", "fatima", "--reason", "Certified statements")
    latest = FundingRecord.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (officer, "Certified statements")


def test_acting_users_without_the_funding_role_are_refused(figures):
    UserFactory(username="vera", role="viewer")
    with pytest.raises(CommandError, match="vera may not change funding figures"):
        run(figures, "--as", "vera")
    with pytest.raises(CommandError, match="No user 'nobody'"):
        run(figures, "--as", "nobody")
    assert FundingRecord.objects.count() == 1


def test_a_bad_file_lists_every_problem_and_writes_nothing(tmp_path, period):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER, "resolution 2/6,2024-H2,abc,,,,,", "resolution 2/99,2024-H2,1,,,,,"]))
    with pytest.raises(CommandError) as caught:
        run(path)
    assert str(caught.value) == (
        "bad.csv: 2 problems; nothing written.\n"
        "  row 2, requirements_usd (column C): 'abc' is not an amount in USD.\n"
        "  row 3, instrument (column A): There is no resolution 2/99 in Restrack; check the number."
    )
    assert not FundingRecord.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nothing.csv: No such file or directory"):
        run(tmp_path / "nothing.csv")


def test_exit_status_and_stderr_from_the_command_line(tmp_path, period, capsys, monkeypatch):
    # run_from_argv closes every database connection when a command ends, as a process about to
    # exit would; on PostgreSQL that would end the test's transaction, so it is kept open here.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nresolution 2/6,2024-H3,1,,,,,\n")
    with pytest.raises(SystemExit) as exited:
        main(["restrack", "import-funding", str(bad), "--skip-checks"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "row 2, period (column B): '2024-H3' is not a reporting period" in captured.err
    assert captured.out == ""

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\nresolution 2/6,2024-H2,1,,,,,\n")
    main(["restrack", "import-funding", str(good), "--skip-checks"])  # no SystemExit: status 0
    assert "1 new, 0 changed, 0 unchanged. Written." in capsys.readouterr().out
