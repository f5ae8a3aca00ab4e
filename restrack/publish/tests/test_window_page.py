"""The public page of the Urban Action Funding Window: what it is, its balance, what it received
(new contributions and transfers of project balances) and allocated, and its balance over time."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from restrack.core.guard import writes_allowed
from restrack.funding.actions import allocate_from_window, record_contribution
from restrack.funding.models import WindowAllocation, WindowContribution
from restrack.publish.tests.funding_samples import _shared_funding, sample_funding, total  # noqa: F401  (the fixtures)
from restrack.registry.selectors import find_instrument

pytestmark = pytest.mark.django_db


def page(client, url="/en/funding/window/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_window(client, sample_funding):
    with writes_allowed():
        WindowAllocation.objects.all().delete()
        WindowContribution.objects.all().delete()
    html = page(client)
    assert "Resolution 2/10" in html and "decision 2023/6" in html
    assert "$0.00" in total(html, "balance") and "$0.00" in total(html, "allocated")
    assert "No contributions recorded yet." in html and "No allocations made yet." in html
    assert 'data-chart="balance"' not in html


def test_what_the_window_is_and_holds(client, sample_funding):
    html = page(client)
    assert 'href="/en/resolutions/2/10/">Resolution 2/10</a> asked for the window' in html
    assert "decision 2023/6" in html and "transferred into it" in html
    assert total(html, "balance") == "$250,000.00"  # 650,000.00 received, 400,000.00 allocated
    assert total(html, "received-new") == "$516,400.00"
    assert total(html, "received-transfer") == "$133,600.00"
    assert total(html, "allocated") == "$400,000.00"


def test_contributions_and_allocations(client, sample_funding):
    html = page(client)
    contributions = html.split('id="contributions"')[1].split("</table>")[0]
    assert contributions.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") == 3
    assert "$650,000.00" in contributions.split("<tfoot>")[1]  # their total
    eur = contributions.split("Sample donor B (made-up)")[1].split("</tr>")[0]
    assert "2024-02-05" in contributions and "new contribution" in eur and "EUR 200,000.00" in eur
    assert "$216,400.00" in eur and "SAMPLE-DA-2024-002" in eur
    transfer = contributions.split("Sample donor C (made-up)")[1].split("</tr>")[0]
    assert "transfer of a project balance" in transfer and "SAMPLE-DA-2019-117" in transfer
    assert "Made-up sample data for demonstration; not UN-Habitat data." in contributions
    allocations = html.split('id="allocations"')[1].split("</table>")[0]
    assert re.findall(r'data-instrument="([^"]+)"', allocations) == [
        "resolution 2/6",
        "resolution 2/7",
        "resolution 2/3",
        "resolution 1/4",
    ]
    first = allocations.split('data-instrument="resolution 2/6"')[1].split("</tr>")[0]
    assert "2024-03-15" in first and 'href="/en/resolutions/2/6/"' in first and "$150,000.00" in first
    assert "Made-up sample data" in first


def test_balance_over_time_chart_and_table(client, sample_funding):
    html = page(client)
    chart = json.loads(html.split('id="balance-data" type="application/json">')[1].split("</script>")[0])
    assert [(point["day"], point["balance"]) for point in chart] == [
        ("2023-10-16", 300000.0),
        ("2024-02-05", 516400.0),
        ("2024-03-15", 366400.0),
        ("2024-04-10", 246400.0),
        ("2024-06-28", 380000.0),
        ("2024-08-01", 300000.0),
        ("2024-09-16", 250000.0),
        (timezone.localdate().isoformat(), 250000.0),
    ]  # the step line runs on to today, as on the working page
    assert 'data-chart="balance"' in html and "&quot;balance&quot;: &quot;Balance&quot;" in html
    ledger = html.split('id="ledger"')[1].split("</table>")[0]
    assert ledger.count("<tr>") == 8 and "$-" not in ledger and "-$" not in ledger


def test_the_balance_is_today_s(client, sample_funding):
    allocate_from_window(
        acting_user=sample_funding,
        instrument=find_instrument("resolution 2/9"),
        allocated_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
        amount_usd="50000.00",
        purpose="Promised for next year",
    )
    html = page(client)
    assert total(html, "balance") == "$250,000.00"  # a later allocation has not left the window yet
    assert total(html, "allocated") == "$450,000.00"


def test_the_number_of_queries_does_not_grow(client, sample_funding, django_assert_num_queries):
    page(client)
    with CaptureQueriesContext(connection) as before:
        page(client)
    record_contribution(
        acting_user=sample_funding,
        donor="Another made-up donor",
        received_on=date(2024, 10, 1),
        amount="10000.00",
        currency="USD",
    )
    for reference in ("resolution 2/1", "resolution 2/2", "resolution 2/5"):
        allocate_from_window(
            acting_user=sample_funding,
            instrument=find_instrument(reference),
            allocated_on=date(2024, 10, 2),
            amount_usd="1000.00",
        )
    with django_assert_num_queries(len(before)):
        html = page(client)
    assert html.split('id="allocations"')[1].split("</table>")[0].count("data-instrument=") == 7


def test_chinese_page(client, sample_funding):
    html = page(client, "/zh-hans/funding/window/")
    assert '<html lang="zh-Hans"' in html and 'href="/zh-hans/resolutions/2/6/"' in html
