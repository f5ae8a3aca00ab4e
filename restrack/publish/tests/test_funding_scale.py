"""The funding page, the window page and the partner pages read a fixed number of queries and
send pages of a bounded size, whatever the number of instruments, periods, window movements and
paragraphs: the database adds up and pages (no timings here: benchmarks/ measures them)."""

import itertools
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.core.guard import writes_allowed
from restrack.funding.actions import rebuild_funding_summary
from restrack.funding.figures import FundingFigures, summarize
from restrack.funding.models import FundingRecord, FundingWindow, WindowAllocation, WindowContribution
from restrack.funding.window import URBAN_ACTION_FUNDING_WINDOW
from restrack.publish import partner_counts
from restrack.registry.models import Instrument, Partner
from restrack.registry.tests.factories import AssemblySessionFactory, PartnerFactory
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.models import ProgressUpdate, UpdateEntry
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

SMALL = "per_page=4&gap_per_page=4&pct_per_page=4&s_per_page=4&trend_per_page=4"
_sequence = itertools.count(1)


def add_instruments(count: int) -> list[Instrument]:
    """`count` more instruments, spread over the same three sessions."""
    sessions = [AssemblySessionFactory(number=90 + n, year=2090 + n) for n in range(3)] if not _SESSIONS else _SESSIONS
    _SESSIONS[:] = sessions
    with writes_allowed():
        instruments = []
        for n in range(count):
            session, sequence = sessions[n % 3], next(_sequence)
            instruments.append(
                Instrument(
                    kind="resolution",
                    body=session.body,
                    session=session,
                    number=f"{session.number}/{sequence}",
                    sequence=sequence,
                    title_en=f"Made-up instrument {sequence}",
                    title_zh_hans=f"虚构决议 {sequence}",
                )
            )
        return Instrument.objects.bulk_create(instruments)


_SESSIONS: list = []


def add_periods(labels):
    return [ReportingPeriodFactory(label=label, state=PeriodState.PUBLISHED) for label in labels]


def add_figures(instruments, periods):
    """Figures of every kind: gaps, a surplus, unknown gaps, a note on some."""
    with writes_allowed():
        FundingRecord.objects.bulk_create(
            FundingRecord(
                instrument=instrument,
                period=period,
                requirements_usd=None if n % 7 == 0 else Decimal(100_000 + 1_001 * n) + Decimal("0.25"),
                mobilized_core_usd=Decimal(40_000 + 997 * n) + Decimal("0.10"),
                mobilized_earmarked_usd=None if n % 3 else Decimal("60000.05"),
                mobilized_other_usd=Decimal("150000.00") if n % 11 == 0 else None,
                note="Made-up figures" if n % 5 == 0 else "",
            )
            for period in periods
            for n, instrument in enumerate(instruments)
        )
    rebuild_funding_summary()  # a bulk load sends no signals


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def rows_of(html, table_id):
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-instrument="([^"]+)"', table)


FUNDING_TABS = ("funding/", "funding/under-funded/", "funding/instruments/", "funding/trend/")


def test_the_funding_pages_queries_and_size_do_not_grow(client):
    _SESSIONS.clear()
    periods = add_periods(["2020-H1", "2020-H2"])
    add_figures(add_instruments(12), periods)
    urls = [f"/en/{tab}?{SMALL}" for tab in FUNDING_TABS]
    for url in urls:
        get(client, url)  # warm caches
    first = {url: get(client, url) for url in urls}
    assert len(rows_of(first[urls[1]][0], "ranking-gap")) == 4 and len(rows_of(first[urls[2]][0], "lines")) == 4
    add_figures(add_instruments(60), periods)
    more_periods = add_periods(["2021-H1", "2021-H2", "2022-H1"])
    add_figures(Instrument.objects.filter(funding_records__isnull=False).distinct(), more_periods)
    bigger = {url: get(client, url) for url in urls}
    assert {url: queries for url, (_html, queries) in bigger.items()} == {
        url: queries for url, (_html, queries) in first.items()
    }
    assert len(rows_of(bigger[urls[1]][0], "ranking-gap")) == 4 and len(rows_of(bigger[urls[3]][0], "trend")) == 4
    add_figures(add_instruments(120), periods + more_periods)
    for url in urls:
        biggest, most_queries = get(client, url)
        assert most_queries == first[url][1], url
        assert len(biggest) <= len(bigger[url][0]) * 1.02, url  # more instruments: the same page (digits aside)


def test_the_funding_page_adds_up_every_record_and_pages_through_them(client):
    _SESSIONS.clear()
    (period,) = add_periods(["2020-H1"])
    instruments = add_instruments(30)
    add_figures(instruments, [period])
    html, _queries = get(client, f"/en/funding/?{SMALL}")
    expected = summarize(FundingFigures.from_record(r) for r in FundingRecord.objects.all())
    assert f'title="${expected.requirements:,.2f}"' in html.split('data-total="requirements">')[1][:80]
    assert f'title="${expected.mobilized:,.2f}"' in html.split('data-total="mobilized">')[1][:80]
    # Paging through the ranking reaches every under-funded instrument once, largest gap first.
    seen, ranks = [], []
    for number in range(1, 10):
        page, _queries = get(client, f"/en/funding/under-funded/?{SMALL}&gap_page={number}")
        table = page.split('id="ranking-gap"')[1].split("</table>")[0]
        seen += re.findall(r'data-instrument="([^"]+)"', table)
        ranks += [int(rank) for rank in re.findall(r'<td class="text-number">(\d+)</td>', table)]
        if f"gap_page={number + 1}" not in page:
            break
    assert len(seen) == len(set(seen)) == expected.under_funded
    assert ranks == list(range(1, expected.under_funded + 1))


def test_funding_filters_narrow_the_page_and_a_bad_value_says_so(client):
    _SESSIONS.clear()
    (period,) = add_periods(["2020-H1"])
    add_figures(add_instruments(9), [period])
    under, _queries = get(client, "/en/funding/instruments/?band=funded")
    funded = FundingRecord.objects.filter(
        instrument__in=[
            r.instrument_id for r in FundingRecord.objects.all() if r.gap_usd is not None and r.gap_usd <= 0
        ]
    ).count()
    assert len(rows_of(under, "lines")) == funded and "data-filtered" in under
    session = _SESSIONS[0]
    one_session, _queries = get(client, f"/en/funding/instruments/?session={session.number}")
    assert len(rows_of(one_session, "lines")) == 3
    wrong, _queries = get(client, "/en/funding/instruments/?session=999&band=nonsense")
    assert "There is no session 999." in wrong and "“Funding” ignored" in wrong
    assert len(rows_of(wrong, "lines")) == 9


def add_window_books(window, start: date, count: int):
    with writes_allowed():
        WindowContribution.objects.bulk_create(
            WindowContribution(
                window=window,
                donor=f"Made-up donor {n}",
                received_on=start + timedelta(days=n),
                amount=Decimal("1000.10"),
                amount_usd=Decimal("1000.10"),
            )
            for n in range(count)
        )
        instrument = Instrument.objects.get(kind="resolution", number="2/6")
        WindowAllocation.objects.bulk_create(
            WindowAllocation(
                window=window, instrument=instrument, allocated_on=start + timedelta(days=n), amount_usd="500.05"
            )
            for n in range(count)
        )


def test_the_window_page_s_queries_and_size_do_not_grow_and_balances_run_on(client):
    window = FundingWindow.objects.get(code=URBAN_ACTION_FUNDING_WINDOW)
    add_window_books(window, date(2020, 1, 1), 12)
    url = "/en/funding/window/?l_per_page=5&c_per_page=5&a_per_page=5"
    get(client, url)
    html, queries = get(client, url)
    add_window_books(window, date(2021, 1, 1), 60)
    bigger, more_queries = get(client, url)
    assert more_queries == queries
    add_window_books(window, date(2022, 1, 1), 120)
    biggest, most_queries = get(client, url)
    assert most_queries == queries
    chart = biggest.split('id="balance-data"')[1].split("</script>")[0]
    without_chart = len(biggest) - len(chart)
    assert without_chart <= (len(bigger) - len(bigger.split('id="balance-data"')[1].split("</script>")[0])) * 1.02
    # The ledger's third page runs on from the second: 5 days of +1000.10 then -500.05 before it,
    # then the 6th day's contribution.
    third, _queries = get(client, url + "&l_page=3")
    ledger = third.split('id="ledger"')[1].split("</table>")[0]
    balances = re.findall(r'<td class="text-number">\$([\d,.]+)</td></tr>', ledger)
    assert balances[0] == "3,500.35"  # after the 11th line
    assert total_text(third, "balance") == f"${(1000.10 - 500.05) * 192:,.2f}"


def total_text(html, name):
    return html.split(f'data-total="{name}">', 1)[1].split("</div>", 1)[0]


def add_mentions(partner, instruments, period, per_instrument: int):
    with writes_allowed():
        updates = ProgressUpdate.objects.bulk_create(
            ProgressUpdate(instrument=instrument, period=period, workflow_state=WorkflowState.PUBLISHED)
            for instrument in instruments
        )
        entries = UpdateEntry.objects.bulk_create(
            UpdateEntry(update=update, position=n + 1, text_en=f"Worked with the partner ({n}).")
            for update in updates
            for n in range(per_instrument)
        )
        UpdateEntry.partners.through.objects.bulk_create(
            UpdateEntry.partners.through(updateentry=entry, partner=partner) for entry in entries
        )
    partner_counts.rebuild()  # a bulk load sends no signals


def test_partner_pages_queries_and_size_do_not_grow(client):
    _SESSIONS.clear()
    partner = PartnerFactory(code="MADEUP")
    PartnerFactory.create_batch(8)
    (period,) = add_periods(["2020-H1"])
    add_mentions(partner, add_instruments(3), period, 4)
    get(client, "/en/partners/MADEUP/?per_page=5")
    html, queries = get(client, "/en/partners/MADEUP/?per_page=5")
    listing, list_queries = get(client, "/en/partners/?per_page=5")
    assert html.count("<li>") == 5 and 'data-mentions="12"' in html
    (later,) = add_periods(["2020-H2"])
    add_mentions(partner, add_instruments(30), later, 5)
    PartnerFactory.create_batch(30)
    bigger, more_queries = get(client, "/en/partners/MADEUP/?per_page=5")
    assert more_queries == queries and bigger.count("<li>") == 5 and 'data-mentions="162"' in bigger
    assert len(bigger) <= len(html) * 1.05
    longer_list, more_list_queries = get(client, "/en/partners/?per_page=5")
    assert more_list_queries == list_queries
    assert len(re.findall(r'href="/en/partners/[^/"]+/"', longer_list)) == 5
    assert 'href="/en/partners/MADEUP/"' in longer_list  # the most mentioned first
    assert Partner.objects.filter(is_self=False).count() > 5
