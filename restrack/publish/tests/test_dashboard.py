"""The dashboard: totals, statuses, one row per instrument, filters and sorting in the URL."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def rows(html):
    return re.findall(r'data-instrument="([^"]+)"', html)


def test_the_root_sends_visitors_to_their_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")["Location"] == "/en/"


def test_sixteen_instruments_in_both_languages(client, samples):
    english = client.get("/en/").content.decode()
    assert len(rows(english)) == 16
    assert "Adequate housing for all" in english and rows(english)[5] == "decision 1/3"
    chinese = client.get("/zh-hans/").content.decode()
    assert '<html lang="zh-Hans"' in chinese
    assert "人人享有适当住房" in chinese and "Adequate housing for all" not in chinese


def test_latest_period_and_overdue_commitments(client, samples):
    html = client.get("/en/").content.decode()
    row_1_2 = html.split('data-instrument="resolution 1/2"')[1].split("</tr>")[0]
    assert "/en/periods/2024-H2/" in row_1_2
    assert 'badge text-bg-danger">1<' in row_1_2  # the 2020 commitment (February 2020) is overdue
    row_2_7 = html.split('data-instrument="resolution 2/7"')[1].split("</tr>")[0]
    assert 'badge text-bg-danger">3<' in row_2_7  # 2024-10-28, 2024-12-11 and 2025, all past
    row_decision = html.split('data-instrument="decision 1/3"')[1].split("</tr>")[0]
    assert "/en/periods/2020-H1/" in row_decision


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=decision", ["decision 1/3"]),
        (
            "session=1",
            ["resolution 1/1", "resolution 1/2", "resolution 1/3", "resolution 1/4", "resolution 1/5", "decision 1/3"],
        ),
        ("status=under_implementation&kind=decision", ["decision 1/3"]),  # derived from the 2020 report
        ("status=none&kind=decision", []),
        ("status=completed", []),
        ("body=executive-board", []),
    ],
)
def test_filters_are_in_the_url(client, samples, query, expected):
    html = client.get(f"/en/?{query}").content.decode()
    assert rows(html) == expected


def test_a_bad_filter_value_shows_everything_rather_than_failing(client, samples):
    response = client.get("/en/?kind=treaty")
    assert response.status_code == 200 and len(rows(response.content.decode())) == 16


def test_unknown_funding_is_not_reported_never_zero(client, samples):
    html = client.get("/en/").content.decode()
    assert 'data-total="requirements">' in html
    totals = html.split('data-total="requirements">')[1].split("</div>")[0]
    assert "not reported" in totals and "$0" not in totals


def test_totals_equal_the_published_figures_to_the_cent(client, published_funding):
    html = client.get("/en/").content.decode()
    # 1,858,000.55 + 500,000.00 required; 858,000.30 + 600,000.00 mobilized; the draft 2025-H1 is not public.
    assert 'title="$2,358,000.55">$2,358K' in html
    assert 'title="$1,458,000.30">$1,458K' in html
    assert 'title="$900,000.25">$900K' in html
    assert "999,999" not in html
    row_2_7 = html.split('data-instrument="resolution 2/7"')[1].split("</tr>")[0]
    # A surplus is shown as a surplus (styled apart), never as a negative gap.
    assert 'surplus <span title="$100,000.00">$100K</span>' in row_2_7 and 'class="surplus' in row_2_7
    assert "surplus 20 %" in row_2_7
    assert "-$" not in html and "$-" not in html
    assert "Funding figures as of" in html and 'href="/en/periods/2024-H2/">2024-H2</a>' in html
    assert 'data-total="surplus">net of <span title="$100,000.00">$100K</span> surplus on 1 instrument<' in html


def test_under_funded_filter_and_gap_sort(client, published_funding):
    assert rows(client.get("/en/?funding=under_funded").content.decode()) == ["resolution 2/6"]
    assert rows(client.get("/en/?funding=funded").content.decode()) == ["resolution 2/7"]
    ordered = rows(client.get("/en/?sort=gap&descending=on").content.decode())
    assert ordered[:2] == ["resolution 2/6", "resolution 2/7"] and len(ordered) == 16


def test_charts_have_their_data_and_a_table(client, published_funding):
    html = client.get("/en/").content.decode()
    assert 'data-chart="gap"' in html and 'id="gap-data"' in html and 'id="status-data"' in html
    assert "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    assert "Figures as a table" in html


def test_the_number_of_queries_does_not_grow_with_instruments(client, samples, django_assert_num_queries):
    from restrack.registry.tests.factories import InstrumentFactory

    client.get("/en/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get("/en/")
    InstrumentFactory.create_batch(10)
    with django_assert_num_queries(len(before)):
        response = client.get("/en/")
    assert len(rows(response.content.decode())) == 26


def record(reference, label, **amounts):
    from restrack.accounts.system_user import get_system_user
    from restrack.funding.actions import record_funding
    from restrack.registry.selectors import find_instrument
    from restrack.reporting.models import ReportingPeriod

    record_funding(
        find_instrument(reference),
        ReportingPeriod.objects.get(label=label),
        acting_user=get_system_user(),
        reason="Made-up test figures",
        **amounts,
    )


def test_funding_figures_are_a_snapshot_of_one_published_period(client, published_funding):
    record("resolution 2/6", "2020-H1", requirements_usd="1000000.00", mobilized_core_usd="250000.00")
    latest = client.get("/en/").content.decode()
    assert 'data-funding-period="2024-H2"' in latest and 'title="$2,358,000.55">' in latest
    options = re.findall(r'<option value="([^"]*)"', latest.split('name="period"')[1].split("</select>")[0])
    assert options == ["2024-H2", "2020-H1"]  # published periods with figures, newest first; no draft
    earlier = client.get("/en/?period=2020-H1").content.decode()
    assert 'data-funding-period="2020-H1"' in earlier
    assert 'data-total="requirements"><span title="$1,000,000.00">' in earlier
    row_2_7 = earlier.split('data-instrument="resolution 2/7"')[1].split("</tr>")[0]
    assert "not reported" in row_2_7  # no 2020-H1 figures: not its 2024-H2 ones
    assert rows(client.get("/en/?period=2020-H1&funding=under_funded").content.decode()) == ["resolution 2/6"]


def test_a_draft_or_unknown_period_is_refused_with_a_message(client, published_funding):
    html = client.get("/en/?period=2025-H1&kind=resolution").content.decode()
    assert "There are no published funding figures for 2025-H1; the latest published figures are shown instead." in html
    assert 'data-funding-period="2024-H2"' in html and "999,999" not in html
    assert len(rows(html)) == 15  # the other filters still apply


def test_gap_chart_shows_shortfalls_and_source_shares_have_a_chart(client, published_funding):
    import json

    html = client.get("/en/").content.decode()
    gap = json.loads(html.split('id="gap-data" type="application/json">')[1].split("</script>")[0])
    assert {item["name"]: (item["gap"], item["surplus"]) for item in gap} == {
        "Resolution 2/6": (1000000.25, 0.0),
        "Resolution 2/7": (0.0, 100000.0),
    }
    shares = json.loads(html.split('id="shares-data" type="application/json">')[1].split("</script>")[0])
    assert [(item["source"], item["value"]) for item in shares] == [
        ("core", 100000.1),
        ("earmarked", 758000.2),
        ("other", 600000.0),
    ]  # nothing reported from the window
    table = html.split('id="source-shares"')[1].split("</table>")[0]
    assert "$100,000.10" in table and "7 %" in table and "52 %" in table and "41 %" in table
    assert 'data-chart="shares"' in html


# Filters through InstrumentFilterSet, and the downloads ---------------------------------------


def downloads(html):
    """{format: address} of the page's download links."""
    return {fmt: href.replace("&amp;", "&") for href, fmt in re.findall(r'<a href="([^"]+)" data-export="(\w+)"', html)}


def test_the_dashboard_filters_as_the_api_does(client, samples):
    from rest_framework.test import APIClient

    for query in ("session=2&kind=resolution", "status=not_reported&body=assembly", "session=1&status=none"):
        api = [
            item["reference"] for item in APIClient().get(f"/api/v1/instruments/?limit=100&{query}").json()["results"]
        ]
        assert rows(client.get(f"/en/?{query}").content.decode()) == api


def test_a_value_the_filterset_refuses_is_ignored_and_named(client, samples):
    html = client.get("/en/?body=council&kind=decision&session=9").content.decode()
    assert rows(html) == ["decision 1/3"]  # kind still applies
    warning = html.split('class="alert alert-warning"')[1].split("</div>\n")[0]
    assert "Body" in warning and "council" in warning and "Session" in warning
    assert "Kind" not in warning


def test_download_links_carry_the_filters_and_the_period(client, published_funding):
    html = client.get("/en/?kind=resolution&session=2&funding=under_funded&sort=gap&body=council").content.decode()
    links = downloads(html)
    assert set(links) == {"csv", "xlsx", "json"}
    assert links["csv"].startswith("/en/exports/instruments.csv?")
    for name in ("kind=resolution", "session=2", "period=2024-H2"):
        assert name in links["json"]
    assert "body=" not in links["json"] and "funding" not in links["json"]  # refused and dashboard-only
    assert "Download the instruments shown" in html
    exported = json.loads(client.get(links["json"]).getvalue())  # streamed
    assert [row["reference"] for row in exported] == [f"resolution 2/{n}" for n in range(1, 11)]
    assert {row["funding_period"] for row in exported} == {"2024-H2"}


def test_download_links_in_chinese(client, samples):
    links = downloads(client.get("/zh-hans/?status=none").content.decode())
    assert links["xlsx"].startswith("/zh-hans/exports/instruments.xlsx?") and "status=none" in links["xlsx"]
