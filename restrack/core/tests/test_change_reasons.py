"""The field history keeps a reason of at most 100 characters (django-simple-history's column): a
longer one is cut with an ellipsis, so a save never fails on it. Found by the reliability suite: a
report whose title (or file name) was long failed its import with a 500 on PostgreSQL, which
refuses a value longer than its column, while SQLite stored it."""

import pytest
from django.core.management import call_command

from restrack.core.recording import REASON_LENGTH, change_reason
from restrack.reading.tests.seeds import FIXTURES
from restrack.reporting.models import UpdateEntry


@pytest.mark.unit
def test_a_long_reason_is_cut_with_an_ellipsis():
    assert change_reason("Imported from HSP/EB.2024/20") == "Imported from HSP/EB.2024/20"
    assert change_reason("") is None and change_reason(None) is None
    cut = change_reason("Imported from " + "x" * 300)
    assert len(cut) == REASON_LENGTH and cut.endswith("x…")


@pytest.mark.django_db
def test_a_report_with_a_long_title_and_no_symbol_is_imported(tmp_path):
    """The history's reason names the document: its symbol, or else its title."""
    title = "Implementation of all resolutions adopted by the United Nations Habitat Assembly"
    text = (FIXTURES / "english-report.txt").read_text(encoding="utf-8").replace("HSP/EB.2024/20", "")
    text = text.replace(f"{title}\n\nReport", f"{title}, {title} and {title}\n\nReport")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    call_command("import_report", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    reasons = {record.history_change_reason for record in UpdateEntry.history.all()}
    assert reasons and all(len(reason) <= REASON_LENGTH for reason in reasons)
    assert any(reason.endswith("…") for reason in reasons)
