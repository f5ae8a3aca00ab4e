"""GET /api/v1/updates/export.csv|xlsx|json: one row per paragraph of the updates the list gives
(same filters, same visibility), opened back and compared with the API's JSON; the real sample
report's Chinese paragraphs; text that looks like a formula."""

import pytest

from restrack.core.guard import writes_allowed
from restrack.core.tests.api_helpers import client_as, everything, read_csv, read_json, read_xlsx
from restrack.reporting.models import EntryFootnote, ReportingPeriod, UpdateEntry

pytestmark = pytest.mark.django_db

COLUMNS = [
    "period",
    "instrument",
    "instrument_slug",
    "instrument_title",
    "status",
    "workflow_state",
    "update_id",
    "paragraph_id",
    "position",
    "text",
    "text_language",
    "operative_paragraphs",
    "partners",
    "funding_constraint",
    "carried_over",
    "footnotes",
    "source_document",
    "source_paragraph",
]


@pytest.fixture
def people(shared_opened, shared_people):
    return shared_people


def api_paragraphs(client, query: str) -> list[tuple[dict, dict]]:
    """(update, paragraph) pairs as the API's list and details give them, in the list's order."""
    pairs = []
    for item in everything(client, f"/api/v1/updates/?{query}"):
        update = client.get(f"{item['url']}?{query}").json()
        pairs += [(update, entry) for entry in update["entries"]]
    return pairs


def test_one_row_per_paragraph_of_the_sample_reports_in_chinese(people):
    anonymous = client_as()
    query = "lang=zh-hans"
    pairs = api_paragraphs(anonymous, query)
    rows = read_json(anonymous.get(f"/api/v1/updates/export.json?{query}").getvalue())
    assert len(rows) == len(pairs) == UpdateEntry.objects.filter(update__workflow_state="published").count() >= 49
    assert [row["period"] for row in rows] == ["2024-H2"] * 48 + ["2020-H1"] * 14
    assert list(rows[0]) == COLUMNS
    for row, (update, entry) in zip(rows, pairs, strict=True):
        assert (row["update_id"], row["paragraph_id"], row["position"]) == (
            update["id"],
            entry["id"],
            entry["position"],
        )
        assert row["text"] == entry["text"] and row["text_language"] == "zh-hans"
        assert (row["period"], row["instrument"], row["instrument_slug"]) == (
            update["period"],
            update["instrument"],
            update["instrument_slug"],
        )
        assert row["status"] == (update["status"] or None) and row["workflow_state"] == "published"
        assert row["operative_paragraphs"] == ", ".join(entry["operative_paragraph_numbers"])
        assert row["partners"] == "; ".join(entry["partners"])
        assert (row["funding_constraint"], row["carried_over"]) == (entry["funding_constraint"], entry["carried_over"])
        assert row["source_document"] == entry["source_document"]
        assert row["source_paragraph"] == entry["source_paragraph"]
        assert row["footnotes"] == (" | ".join(f["text"] for f in entry["footnotes"]) or None)
    assert any(row["footnotes"] for row in rows) and any(row["partners"] for row in rows)
    assert any("(" in row["operative_paragraphs"] for row in rows)  # 4(a)
    assert rows[0]["instrument_title"] and not rows[0]["instrument_title"].isascii()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_csv_and_xlsx_hold_the_same_rows_as_json(people, export_format):
    anonymous = client_as()
    rows = read_json(anonymous.get("/api/v1/updates/export.json?lang=zh-hans").getvalue())
    response = anonymous.get(f"/api/v1/updates/export.{export_format}?lang=zh-hans")
    assert response.status_code == 200
    assert f'filename="restrack-updates.{export_format}"' in response["Content-Disposition"]
    opened = (read_csv if export_format == "csv" else read_xlsx)(response.getvalue())
    assert len(opened) == len(rows) == 62
    assert list(opened[0]) == COLUMNS
    for back, row in zip(opened, rows, strict=True):
        assert back["text"] == row["text"] and back["footnotes"] in (
            row["footnotes"],
            "" if row["footnotes"] is None else None,
        )
        assert str(back["paragraph_id"]) == str(row["paragraph_id"])
        assert str(back["source_paragraph"] or "") == str(row["source_paragraph"] or "")
        assert (back["period"], back["instrument"], back["partners"] or "") == (
            row["period"],
            row["instrument"],
            row["partners"],
        )


def test_the_text_language_says_where_a_paragraph_fell_back(people):
    entry = UpdateEntry.objects.filter(update__period__label="2024-H2").order_by("pk").first()
    entry.text_en = "The strategic plan was extended to 2025."
    with writes_allowed():
        entry.save()
    rows = read_json(client_as().get("/api/v1/updates/export.json?period=2024-H2&lang=en").getvalue())
    languages = {row["paragraph_id"]: row["text_language"] for row in rows}
    assert languages.pop(entry.pk) == "en"
    assert set(languages.values()) == {"zh-hans"}  # no English: the Chinese, and the file says so
    assert next(row["text"] for row in rows if row["paragraph_id"] == entry.pk) == entry.text_en


def test_drafts_are_exported_to_those_who_may_see_them_only(people):
    assert read_json(client_as().get("/api/v1/updates/export.json?period=2025-H1").getvalue()) == []
    assert read_json(client_as(people["viewer"]).get("/api/v1/updates/export.json?period=2025-H1").getvalue()) == []
    rows = read_json(client_as(people["focal"]).get("/api/v1/updates/export.json?period=2025-H1").getvalue())
    assert rows and {row["workflow_state"] for row in rows} == {"draft"}
    assert len(rows) == UpdateEntry.objects.filter(update__period=ReportingPeriod.objects.get(label="2025-H1")).count()


def test_the_export_takes_the_lists_filters_and_ordering(people):
    anonymous = client_as()
    rows = read_json(anonymous.get("/api/v1/updates/export.json?instrument=resolution-1-5&ordering=period").getvalue())
    assert [row["period"] for row in rows] == ["2020-H1"] * 3 + ["2024-H2"] * 4
    assert {row["instrument_slug"] for row in rows} == {"resolution-1-5"}
    for query, field in [("period=2024-H3", "period"), ("instrument=treaty-1-1", "instrument"), ("state=x", "state")]:
        bad = anonymous.get(f"/api/v1/updates/export.csv?{query}")
        assert bad.status_code == 400 and bad.json()["detail"].startswith(field)
    assert anonymous.get("/api/v1/updates/export.pdf").status_code == 404


def test_a_paragraph_that_looks_like_a_formula_is_neutralised_in_spreadsheets(people):
    first, second = UpdateEntry.objects.filter(
        update__period__label="2024-H2", update__instrument__number="2/6"
    ).order_by("position")[:2]
    UpdateEntry.objects.filter(pk=first.pk).update(text_zh_hans='=HYPERLINK("http://evil.example","点击")')
    UpdateEntry.objects.filter(pk=second.pk).update(text_zh_hans="@SUM(A1:A9)")
    with writes_allowed():
        EntryFootnote.objects.create(entry=first, position=1, text_zh_hans="+1 见 HSP/EB.2024/4。")
    query = "?period=2024-H2&instrument=resolution-2-6&lang=zh-hans"
    anonymous = client_as()
    for reader, fmt in [(read_csv, "csv"), (read_xlsx, "xlsx")]:
        rows = reader(anonymous.get(f"/api/v1/updates/export.{fmt}{query}").getvalue())
        assert rows[0]["text"] == '\'=HYPERLINK("http://evil.example","点击")'
        assert rows[1]["text"] == "'@SUM(A1:A9)"
        assert rows[0]["footnotes"] == "'+1 见 HSP/EB.2024/4。"
    rows = read_json(anonymous.get(f"/api/v1/updates/export.json{query}").getvalue())
    assert (rows[0]["text"], rows[1]["text"]) == ('=HYPERLINK("http://evil.example","点击")', "@SUM(A1:A9)")
    assert rows[0]["footnotes"] == "+1 见 HSP/EB.2024/4。"


def test_the_export_takes_the_same_queries_however_many_paragraphs(people, django_assert_max_num_queries):
    client = client_as(people["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/updates/export.xlsx")
    assert response.status_code == 200
    assert len(read_xlsx(response.getvalue())) == UpdateEntry.objects.count()
