"""The tracker's downloads of progress updates (one row per paragraph) and commitments, and their
links on the instrument and period pages: published data only, whoever is signed in, the same
rows as the API's exports for an anonymous caller, text in the page's language."""

import pytest
from rest_framework.test import APIClient

from restrack.accounts.tests.factories import UserFactory
from restrack.core.tests.api_helpers import read_csv, read_json, read_xlsx
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import UpdateEntry
from restrack.reporting.tests.factories import (
    CommitmentFactory,
    ProgressUpdateFactory,
    ReportingPeriodFactory,
    UpdateEntryFactory,
)


@pytest.fixture
def draft(samples):
    """A 2025-H1 draft of resolution 2/6 with a paragraph, and a commitment promised in it."""
    update = ProgressUpdateFactory(period=ReportingPeriodFactory(label="2025-H1"), workflow_state=WorkflowState.DRAFT)
    entry = UpdateEntryFactory(update=update, text_en="A draft paragraph, not yet public.")
    CommitmentFactory(description_en="A draft's promise.", promised_in=entry)
    return update


def test_the_web_download_holds_the_rows_of_the_apis_public_export(draft, client):
    for fmt, reader in [("json", read_json), ("csv", read_csv), ("xlsx", read_xlsx)]:
        web = client.get(f"/zh-hans/exports/updates.{fmt}")
        api = APIClient().get(f"/api/v1/updates/export.{fmt}?lang=zh-hans")
        assert web.status_code == api.status_code == 200
        assert reader(web.getvalue()) == reader(api.getvalue())
        assert web["Content-Disposition"] == api["Content-Disposition"]
    rows = read_json(client.get("/zh-hans/exports/updates.json").getvalue())
    assert len(rows) == UpdateEntry.objects.filter(update__workflow_state="published").count() >= 49
    assert {row["text_language"] for row in rows} == {"zh-hans"}
    assert draft.pk not in {row["update_id"] for row in rows}


def test_a_signed_in_coordinator_downloads_published_paragraphs_only(draft, client):
    client.force_login(UserFactory(role="coordinator"))
    rows = read_json(client.get("/en/exports/updates.json?period=2025-H1").getvalue())
    assert rows == []
    commitments = read_json(client.get("/en/exports/commitments.json?instrument=resolution-2-6").getvalue())
    assert "A draft's promise." not in {row["description"] for row in commitments}


def test_the_filters_of_the_page(draft, client):
    rows = read_json(client.get("/en/exports/updates.json?period=2024-h2&instrument=resolution-1-5").getvalue())
    assert len(rows) == 4 and {(row["period"], row["instrument"]) for row in rows} == {("2024-H2", "resolution 1/5")}
    bad = client.get("/en/exports/updates.csv?period=2024-H3")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("text/plain")
    assert "period" in bad.content.decode() and "2024-H3" in bad.content.decode()
    assert client.get("/en/exports/updates.pdf").status_code == 404


def test_commitments_download(draft, client):
    web = read_json(client.get("/en/exports/commitments.json").getvalue())
    api = read_json(APIClient().get("/api/v1/commitments/export.json?lang=en").getvalue())
    assert web == api and len(web) == 13
    overdue = read_csv(client.get("/en/exports/commitments.csv?overdue=true").getvalue())
    assert {row["overdue"] for row in overdue} == {"True"}
    assert client.get("/en/exports/commitments.csv?overdue=maybe").status_code == 400


def _links(page, kind: str) -> list[str]:
    html = page.content.decode()
    return [
        part.split('"', 1)[0].replace("&amp;", "&")
        for part in html.split('href="')[1:]
        if part.startswith(f"/{page.wsgi_request.LANGUAGE_CODE}/exports/{kind}.")
    ]


def test_the_instrument_page_links_its_paragraphs_and_commitments(draft, client):
    page = client.get("/zh-hans/resolutions/2/3/")
    assert page.status_code == 200
    updates = _links(page, "updates")
    assert updates == [f"/zh-hans/exports/updates.{fmt}?instrument=resolution-2-3" for fmt in ("csv", "xlsx", "json")]
    commitments = _links(page, "commitments")
    assert commitments == [
        f"/zh-hans/exports/commitments.{fmt}?instrument=resolution-2-3" for fmt in ("csv", "xlsx", "json")
    ]
    rows = read_json(client.get(updates[2]).getvalue())
    assert rows and {row["instrument"] for row in rows} == {"resolution 2/3"}
    assert {row["instrument"] for row in read_json(client.get(commitments[2]).getvalue())} == {"resolution 2/3"}
    assert read_csv(client.get(updates[0]).getvalue())[0]["text"] == rows[0]["text"]


def test_the_period_page_links_its_paragraphs(draft, client):
    page = client.get("/en/periods/2020-H1/")
    links = _links(page, "updates")
    assert links == [f"/en/exports/updates.{fmt}?period=2020-H1" for fmt in ("csv", "xlsx", "json")]
    rows = read_xlsx(client.get(links[1]).getvalue())
    assert len(rows) == 14 and {row["period"] for row in rows} == {"2020-H1"}
    assert "CSV" in page.content.decode() and "XLSX" in page.content.decode()
