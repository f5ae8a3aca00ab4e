"""The ingest commands: parse-report prints without touching the database; import-report stores
and summarises; load-samples imports the samples once."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from restrack.reading.tests.seeds import REPORT_2020, REPORT_2024
from restrack.registry.models import Document


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_parse_report_prints_json_with_the_documented_fields():
    # No django_db mark: pytest-django fails any database access, so this proves none happens.
    output = run("parse_report", str(REPORT_2024), "--format", "json")
    data = json.loads(output)
    assert set(data) >= {"symbol", "agenda_symbol", "language", "title", "meeting", "paragraphs", "warnings"}
    assert set(data["meeting"]) >= {"body", "year", "session", "start", "end", "place", "agenda_item"}
    paragraph = data["paragraphs"][35]
    assert set(paragraph) >= {
        "number",
        "section",
        "text",
        "op_refs",
        "instrument_refs",
        "board_decisions",
        "symbols",
        "urls",
        "dates",
        "amounts",
        "entities",
        "commitments",
        "funding_constraint",
        "footnotes",
    }
    assert paragraph["section"] == {
        "kind": "resolution",
        "number": "2/6",
        "session": 2,
        "title": "可持续发展目标本地化",
        "heading": "F. 第 2/6 号决议",
        "chapter": False,
    }
    assert paragraph["op_refs"][0] | {"text": None} == {
        "instrument": "resolution 2/6",
        "paragraph": "4(a)",
        "text": None,
    }
    assert "可持续发展目标" in output  # readable Chinese, not \\u escapes


def test_parse_report_text_output_and_options():
    output = run("parse_report", str(REPORT_2020), "--symbol", "hsp/eb.2020/2")
    assert output.startswith("Symbol: HSP/EB.2020/2    agenda: HSP/EB.2020/1    language: zh")
    assert " 15. [decision 1/3]" in output


@pytest.mark.django_db
def test_import_report_summarises_and_is_idempotent():
    output = run("import_report", str(REPORT_2024), str(REPORT_2020))
    assert "Period 2024-H2: created" in output and "Updates created: 15" in output
    assert "Entries created: 48" in output and "Period 2020-H1: created" in output
    again = run("import_report", str(REPORT_2024))
    assert "Nothing changed" in again
    assert Document.objects.count() == 2


@pytest.mark.django_db
def test_import_report_dry_run():
    output = run("import_report", str(REPORT_2024), "--dry-run")
    assert "[dry run: nothing written]" in output and "(these changes would be written)" in output
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_import_report_attributes_changes_to_a_named_user(user):
    from restrack.accounts.tests.factories import UserFactory

    with pytest.raises(CommandError, match=f"{user.username} may not import progress reports"):
        run("import_report", str(REPORT_2020), "--user", user.username)
    coordinator = UserFactory(role="coordinator")
    run("import_report", str(REPORT_2020), "--user", coordinator.username)
    assert Document.objects.get().history.first().history_user == coordinator
    with pytest.raises(CommandError, match="No user 'nobody'"):
        run("import_report", str(REPORT_2020), "--user", "nobody")


@pytest.mark.django_db
def test_import_report_refuses_a_bad_period():
    with pytest.raises(CommandError, match="'2024-H5' is not a reporting period"):
        run("import_report", str(REPORT_2020), "--period", "2024-H5")


@pytest.mark.django_db
def test_load_samples_imports_once():
    first = run("load_samples")
    assert first.count("Updates created") == 2
    assert "funding-sample.csv: 22 rows for 2020-H1, 2024-H2: 22 new" in first
    assert "window: 3 contributions and 4 allocations recorded" in first
    again = run("load_samples")
    assert again.count("already imported") == 2
    assert "funding figures: already present" in again and "window: already has entries" in again
