"""The instruments export: GET /api/v1/instruments/export.<csv|xlsx|json> and the dashboard's
downloads /<lang>/exports/instruments.<csv|xlsx|json> write the same table (one row per
instrument, funding figures of one published period), read back here and compared with the API."""

import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from restrack.publish.exports import INSTRUMENT_COLUMNS
from restrack.registry.tests.api_helpers import anonymous, signed_in

pytestmark = pytest.mark.django_db


def read(response, export_format):
    assert response.status_code == 200, response.content[:300]
    if export_format == "csv":
        return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    if export_format == "xlsx":
        sheet = load_workbook(io.BytesIO(response.getvalue())).active
        header, *rows = list(sheet.iter_rows(values_only=True))
        return [dict(zip(header, row, strict=True)) for row in rows]
    return json.loads(response.getvalue())


def api_items(client, query=""):
    return client.get(f"/api/v1/instruments/?limit=1000&lang=en&{query}").json()["results"]


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_api_export_has_the_api_s_rows(published_funding, export_format, who):
    client = anonymous() if who == "anonymous" else signed_in()
    response = client.get(f"/api/v1/instruments/export.{export_format}?session=2&lang=en")
    assert response["Content-Disposition"].endswith(f'restrack-instruments-2024-H2.{export_format}"')
    rows = read(response, export_format)
    assert list(rows[0]) == INSTRUMENT_COLUMNS
    items = api_items(client, "session=2")
    assert [row["slug"] for row in rows] == [item["slug"] for item in items]
    for row, item in zip(rows, items, strict=True):
        assert row["reference"] == item["reference"] and row["title"] == item["title"]
        assert row["body"] == item["body"] and str(row["session"]) == item["session"]["code"]
        assert (row["latest_reported_period"] or None) == item["latest_reported_period"]
        assert row["tracker_url"] == item["tracker_url"]
    figures = {row["reference"]: row for row in rows}
    two_six = figures["resolution 2/6"]
    assert two_six["funding_period"] == "2024-H2"
    assert Decimal(str(two_six["requirements_usd"])) == Decimal("1858000.55")
    assert Decimal(str(two_six["mobilized_usd"])) == Decimal("858000.30")
    assert Decimal(str(two_six["gap_usd"])) == Decimal("1000000.25")
    assert Decimal(str(figures["resolution 2/7"]["gap_usd"])) == 0  # a surplus is no gap
    assert figures["resolution 2/1"]["requirements_usd"] in ("", None)  # not reported, never 0
    if export_format == "json":
        assert two_six["requirements_usd"] == "1858000.55" and two_six["is_active"] is True
        assert two_six["gap_percent"] == 54 and two_six["overdue_commitments"] == 0


def test_api_export_period_and_language(published_funding):
    client = anonymous()
    rows = read(
        client.get("/api/v1/instruments/export.json?period=2024-h2&lang=zh-hans&kind=resolution&session=1"), "json"
    )
    assert rows[0]["title"] == api_items(client, "kind=resolution&session=1&lang=zh-hans")[0]["title"] != ""
    assert rows[0]["tracker_url"].endswith("/zh-hans/resolutions/1/1/")
    refused = client.get("/api/v1/instruments/export.json?period=2025-H1")  # a draft period: not public
    assert refused.status_code == 400 and "2025-H1" in refused.json()["detail"]
    assert client.get("/api/v1/instruments/export.csv?status=nonsense").status_code == 400


def test_export_is_documented_with_its_period(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/instruments/export.{export_format}"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"period", "kind", "body", "session", "status", "is_active", "export_format", "lang"} <= names
    assert operation["summary"].startswith("Export: one row per instrument")


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_web_download_equals_the_api_export(client, published_funding, export_format):
    web = read(
        client.get(f"/en/exports/instruments.{export_format}?body=assembly&status=constrained&period=2024-H2"),
        export_format,
    )
    api = read(
        anonymous().get(
            f"/api/v1/instruments/export.{export_format}?body=assembly&status=constrained&period=2024-H2&lang=en"
        ),
        export_format,
    )
    # The statuses derived from the 2024 report's text: five resolutions constrained by funding.
    assert web == api and len(web) == 5


def test_web_download_in_chinese_and_bad_filters(client, published_funding):
    rows = read(client.get("/zh-hans/exports/instruments.json?kind=decision"), "json")
    assert [row["reference"] for row in rows] == ["decision 1/3"]
    assert rows[0]["title"] == "向人居署新治理结构过渡的安排" and rows[0]["funding_period"] == "2024-H2"
    refused = client.get("/en/exports/instruments.csv?session=nine")
    assert refused.status_code == 400 and "session" in refused.content.decode()


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_a_title_that_looks_like_a_formula_is_neutralised(published_funding, export_format):
    from restrack.registry.tests.factories import InstrumentFactory

    instrument = InstrumentFactory(title_en='=HYPERLINK("http://evil.example","click")')
    for url in (
        f"/api/v1/instruments/export.{export_format}?lang=en&session={instrument.session.code}",
        f"/en/exports/instruments.{export_format}?session={instrument.session.code}",
    ):
        client = anonymous()
        (row,) = read(client.get(url), export_format)
        expected = instrument.title_en if export_format == "json" else "'" + instrument.title_en
        assert row["title"] == expected
