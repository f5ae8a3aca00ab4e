"""The public funding analysis: one published period's totals, sources and under-funded
instruments ranked, the trend across published periods, and links to the exports."""

import html as html_module
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.core.guard import writes_allowed
from restrack.funding.actions import record_funding
from restrack.funding.models import FundingRecord
from restrack.publish.tests.funding_samples import (  # noqa: F401  (the fixtures)
    _shared_funding,
    cells,
    exact,
    instruments_in,
    row_of,
    sample_funding,
    total,
)
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db

TREND = "/en/funding/trend/"
# The trend last: the query-count test reads its page after the loop.
TABS = ("/en/funding/", "/en/funding/under-funded/", "/en/funding/instruments/", "/en/funding/mandates/", TREND)


def page(client, url="/en/funding/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_nothing_published_yet(client, sample_funding):
    with writes_allowed():
        FundingRecord.objects.exclude(period__label="2025-H1").delete()
    html = page(client)
    assert "No funding figures have been published yet." in html
    assert 'id="trend"' not in html


def test_only_published_periods_are_shown_or_offered(client, sample_funding):
    html = page(client)
    assert "Funding figures as of 2024-H2" in html  # the latest published period with figures
    options = re.findall(r'<option value="([^"]*)"', html.split('name="period"')[1].split("</select>")[0])
    assert options == ["2024-H2", "2020-H1"]
    assert "999,999" not in html and "Draft figures nobody may see yet" not in html
    draft = page(client, "/en/funding/?period=2025-H1")
    assert "There are no published funding figures for 2025-H1" in draft
    assert "Funding figures as of 2024-H2" in draft and "999,999" not in draft


def test_a_period_can_be_chosen(client, sample_funding):
    html = page(client, "/en/funding/?period=2020-H1")
    assert "Funding figures as of 2020-H1" in html
    assert 'data-total="requirements"><span title="$6,370,000.00">' in html  # the six instruments of 2020-H1
    ranking = page(client, "/en/funding/under-funded/?period=2020-H1")
    assert "Funding figures as of 2020-H1" in ranking
    assert instruments_in(ranking, "ranking-gap")[0] == "resolution 1/1"


def test_totals_and_source_shares_reconcile_to_the_cent(client, sample_funding):
    html = page(client)
    mobilized, gaps = Decimal(0), Decimal(0)
    for cells_of_row in _trend_cells(page(client, TREND), "2024-H2").values():
        if exact(cells_of_row["mobilized"]) is not None:
            mobilized += exact(cells_of_row["mobilized"])
        if exact(cells_of_row["gap"]) is not None:
            gaps += exact(cells_of_row["gap"])
    assert exact(total(html, "mobilized")) == mobilized == Decimal("15540551.15")
    assert exact(total(html, "gap")) == gaps == Decimal("7767448.85")
    sources = html.split('id="sources"')[1].split("</table>")[0]
    amounts = [
        Decimal(a.replace(",", "")) for a in re.findall(r'<td class="text-number">\$([\d,]+\.\d\d)</td>', sources)
    ]
    assert sum(amounts[:-1]) == amounts[-1] == mobilized  # the four sources, then their total
    assert re.findall(r"(\d+) %</td>", sources) == ["25", "64", "3", "9"]


def test_the_donut_labels_its_slices_with_the_table_s_shares(client, sample_funding):
    """Issue 17, item 9: the chart drew its own percentages (rounded to add up to 100: 2 % for the
    window where the table says 3 %); it now shows the shares the table shows, computed once."""
    html = page(client)
    sources = html.split('id="sources"')[1].split("</table>")[0]
    table = re.findall(r'<tr data-source="(\w+)">.*?(\d+ %)</td></tr>', sources)
    chart = json.loads(html.split('id="shares-data" type="application/json">')[1].split("</script>")[0])
    assert [(item["source"], item["label"]) for item in chart] == table
    assert dict(table)["window"] == "3 %"


def _trend_cells(html, period):
    table = html.split('id="trend"')[1].split("</table>")[0]
    found = {}
    for instrument in re.findall(r'data-instrument="([^"]+)"', table):
        row = row_of(table, instrument)
        found[instrument] = {
            figure: next(c for c in cells(row) if f'data-period="{period}" data-figure="{figure}"' in c)
            for figure in ("mobilized", "gap")
            if f'data-period="{period}"' in row
        }
    return {instrument: value for instrument, value in found.items() if value}


def test_under_funded_ranked_by_gap_and_by_gap_percent(client, sample_funding):
    html = page(client, "/en/funding/under-funded/")
    by_gap = instruments_in(html, "ranking-gap")
    assert by_gap == [
        "resolution 2/2",
        "resolution 2/9",
        "resolution 2/7",
        "resolution 2/6",
        "resolution 2/5",
        "resolution 1/5",
        "resolution 1/3",
        "resolution 2/10",
        "resolution 1/1",
        "resolution 2/1",  # both $300,000.00: report order
        "resolution 1/2",
        "resolution 1/4",
    ]  # both $200,000.00
    by_percent = instruments_in(html, "ranking-gap-percent")
    assert by_percent[:3] == ["resolution 2/9", "resolution 2/10", "resolution 2/2"]
    assert sorted(by_percent) == sorted(by_gap)
    # Only gaps above zero: not the surplus (2/8), not the fully funded (2/3, decision 1/3), not the unknown (2/4).
    assert not {"resolution 2/8", "resolution 2/3", "decision 1/3", "resolution 2/4"} & set(by_gap)
    first = row_of(html, "resolution 2/2", within="ranking-gap")
    assert exact(cells(first)[4]) == Decimal("1684500.00") and "53 %" in cells(first)[5]


def test_a_surplus_is_shown_as_a_surplus(client, sample_funding):
    html = page(client)
    gap_2_8 = _trend_cells(page(client, TREND), "2024-H2")["resolution 2/8"]["gap"]
    assert 'class="surplus' in gap_2_8 and "surplus" in gap_2_8 and 'title="$100,000.00">$100K' in gap_2_8
    assert "-$" not in html and "$-" not in html
    assert "net of" in total(html, "gap") or "net of" in html.split('data-total="surplus">')[1].split("</div>")[0]
    assert 'data-total="surplus">net of <span title="$100,000.00">$100K</span> surplus on 1 instrument<' in html
    assert "The gap leaves out 1 instrument whose requirements or resources mobilized were not reported." in html


def test_trend_per_instrument_and_per_period(client, sample_funding):
    html = page(client, TREND)
    trend = _trend_cells(html, "2020-H1")
    assert set(trend) == {
        "resolution 1/1",
        "resolution 1/2",
        "resolution 1/3",
        "resolution 1/4",
        "resolution 1/5",
        "decision 1/3",
    }
    assert exact(trend["resolution 1/1"]["mobilized"]) == Decimal("975000.00")
    assert exact(trend["resolution 1/1"]["gap"]) == Decimal("1425000.00")
    later = _trend_cells(html, "2024-H2")
    assert exact(later["resolution 1/1"]["gap"]) == Decimal("300000.00") and len(later) == 16
    row_2_1 = row_of(html, "resolution 2/1", within="trend")
    assert cells(row_2_1)[0].count("—") == 1  # no 2020-H1 figures: a dash, not zero
    totals = page(client).split('id="trend-totals"')[1].split("</table>")[0]
    assert re.findall(r'data-period="([^"]+)"', totals) == ["2020-H1", "2024-H2"]
    assert 'title="$6,370,000.00"' in totals and 'title="$24,408,000.00"' in totals


def test_charts_have_their_data_and_tables(client, sample_funding):
    html = page(client)
    shares = json.loads(html.split('id="shares-data" type="application/json">')[1].split("</script>")[0])
    assert [item["source"] for item in shares] == ["core", "earmarked", "window", "other"]
    assert shares[2]["value"] == 400000.0
    trend = json.loads(html.split('id="trend-data" type="application/json">')[1].split("</script>")[0])
    assert [point["name"] for point in trend] == ["2020-H1", "2024-H2"]
    assert trend[1]["gap"] == 7767448.85 and trend[1]["requirements"] == 24408000.0
    assert 'data-chart="shares"' in html and 'data-chart="funding_trend"' in html
    assert 'id="sources"' in html and 'id="trend-totals"' in html  # the same figures as tables
    assert "vendor/echarts/echarts.min.js" in html


def test_notes_and_export_links(client, sample_funding):
    html = page(client)
    assert "Made-up sample figures for demonstration; not UN-Habitat data." in html
    assert 'href="/en/funding/export.csv?period=2024-H2"' in html and 'href="/en/funding/export.xlsx"' in html
    assert 'href="/en/funding/ranking.xlsx?period=2024-H2"' in html
    assert 'href="/en/funding/window/"' in html


def test_chinese_titles(client, sample_funding):
    for url in ("/zh-hans/funding/instruments/", "/zh-hans/funding/under-funded/"):
        html = page(client, url)
        assert "人人享有适当住房" in html and "Adequate housing for all" not in html


def test_the_number_of_queries_does_not_grow_with_instruments(client, sample_funding, django_assert_num_queries):
    from restrack.registry.tests.factories import InstrumentFactory

    before = {}
    for url in TABS:
        page(client, url)
        with CaptureQueriesContext(connection) as queries:
            page(client, url)
        before[url] = len(queries)
    period = ReportingPeriod.objects.get(label="2024-H2")
    for instrument in InstrumentFactory.create_batch(5):
        record_funding(
            instrument,
            period,
            requirements_usd="1000.00",
            mobilized_core_usd="10.00",
            acting_user=sample_funding,
            reason="More instruments",
        )
    for url in TABS:
        with django_assert_num_queries(before[url]):
            html = page(client, url)
    assert len(instruments_in(html, "trend")) == 21
    assert len(instruments_in(page(client, "/en/funding/under-funded/"), "ranking-gap")) == 17


def test_the_tabs_keep_the_filters_and_say_which_one_is_shown(client, sample_funding):
    """One page per tab: each marks itself as the current one, and the others' links keep the
    period and the filters but not its sorts and pages."""
    query = "?period=2020-H1&body=assembly&sort=gap&desc=1&page=2&s_page=1"
    for url in TABS:
        html = page(client, url + query)
        nav = html.split('id="funding-tabs"')[1].split("</ul>")[0]
        links = dict(re.findall(r'href="([^"]+)"[^>]*data-tab="(\w+)"', nav))
        assert sorted(links.values()) == ["instruments", "mandates", "overview", "trend", "under_funded"]
        for address in links:
            assert html_module.unescape(address).endswith("?period=2020-H1&body=assembly"), address
        current = re.findall(r'href="([^"?]+)[^"]*" aria-current="page"', nav)
        assert current == [url]
        assert "Funding figures as of 2020-H1" in html and "data-filtered" in html
    zh = page(client, "/zh-hans/funding/under-funded/")
    assert 'href="/zh-hans/funding/trend/"' in zh and "<title>决议的资金情况 · 资金不足 · Restrack</title>" in zh
    assert ">概览</a>" in zh and ">按决议/决定分列的趋势</a>" in zh


# The dashboard and the instrument page with the same figures ---------------------------------


def test_dashboard_totals_equal_its_rows_to_the_cent(client, sample_funding):
    html = page(client, "/en/")
    sums = {"requirements": Decimal(0), "mobilized": Decimal(0), "gap": Decimal(0)}
    for instrument in re.findall(r'<tr data-instrument="([^"]+)"', html):
        requirements, mobilized, gap = cells(row_of(html, instrument))[2:5]
        for name, cell in (("requirements", requirements), ("mobilized", mobilized), ("gap", gap)):
            sums[name] += exact(cell) or 0
    assert sums == {
        "requirements": Decimal("24408000.00"),
        "mobilized": Decimal("15540551.15"),
        "gap": Decimal("7767448.85"),
    }
    for name, amount in sums.items():
        assert exact(total(html, name)) == amount
    assert "33 %" in total(html, "gap-percent")
    assert "Made-up sample figures for demonstration; not UN-Habitat data." in html
    assert "999,999" not in html


def test_instrument_page_funding_trend_by_source(client, sample_funding):
    html = page(client, "/en/resolutions/1/4/")
    table = html.split('id="funding"')[1].split("</table>")[0]
    assert re.findall(r'<tr data-period="([^"]+)"', table) == ["2020-H1", "2024-H2"]  # the draft 2025-H1 is not public
    later = table.split('data-period="2024-H2"')[1].split("</tr>")[0]
    by_source = {
        source: exact(later.split(f'data-source="{source}">')[1]) for source in ("core", "earmarked", "window", "other")
    }
    assert by_source == {
        "core": Decimal("160000.00"),
        "earmarked": Decimal("260000.00"),
        "window": Decimal("50000.00"),
        "other": Decimal("30000.00"),
    }
    assert (
        'data-source="window"><span class="text-body-secondary">not reported' in table.split('data-period="2020-H1"')[1]
    )
    chart = json.loads(html.split('id="funding-data" type="application/json">')[1].split("</script>")[0])
    assert chart == [
        {
            "name": "2020-H1",
            "requirements": 640000.0,
            "core": 80000.0,
            "earmarked": 96400.0,
            "window": None,
            "other": None,
        },
        {
            "name": "2024-H2",
            "requirements": 700000.0,
            "core": 160000.0,
            "earmarked": 260000.0,
            "window": 50000.0,
            "other": 30000.0,
        },
    ]
    assert 'data-chart="instrument_funding"' in html and html.index('data-chart="instrument_funding"') < html.index(
        'id="funding"'
    )
    assert "Made-up sample figures for demonstration; not UN-Habitat data." in html


def test_instrument_page_shows_a_surplus_and_never_a_draft(client, sample_funding):
    surplus = page(client, "/en/resolutions/2/8/")
    row = surplus.split('id="funding"')[1].split('data-period="2024-H2"')[1].split("</tr>")[0]
    assert 'surplus <span title="$100,000.00">$100K</span>' in row and "surplus 7 %" in row
    draft = page(client, "/en/resolutions/2/7/")
    assert "999,999" not in draft and "Draft figures nobody may see yet" not in draft


def test_period_pages_show_a_surplus_as_a_surplus(client, sample_funding):
    for url in ("/en/periods/2024-H2/", "/en/periods/compare/?from=2020-H1&to=2024-H2"):
        html = page(client, url)
        assert 'surplus <span title="$100,000.00">$100K</span>' in html
        assert "-$" not in html and "$-" not in html and "999,999" not in html
