"""The funding page's per-instrument tables are walks down an index of the period's records
(FundingRecord's stored figures and report order), never a sort of every record of the period:
checked on the query plan (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN)."""

import pytest
from django.db import connection

from restrack.funding.actions import rebuild_funding_summary
from restrack.publish import funding_selectors as funding
from restrack.publish.tests.test_funding_scale import _SESSIONS, add_figures, add_instruments, add_periods

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    _SESSIONS.clear()
    periods = add_periods(["2020-H1", "2020-H2"])
    add_figures(add_instruments(40), periods)
    rebuild_funding_summary()
    return funding.period_records(periods[1]).select_related("instrument")


def plan(queryset) -> str:
    return queryset.explain()


TABLES = {
    "ranking by gap": lambda records: funding.under_funded(records).order_by(
        *funding.RANKING_BY_GAP["gap"].order_by(True), *funding.RECORD_TIEBREAK
    ),
    "ranking by gap %": lambda records: funding.under_funded(records, by_percent=True).order_by(
        *funding.RANKING_BY_GAP_PERCENT["gap_percent"].order_by(True), *funding.RECORD_TIEBREAK
    ),
    "figures in report order": lambda records: records.order_by(
        *funding.LINE_SORTS["number"].order_by(False), *funding.RECORD_TIEBREAK
    ),
}
INDEXES = {
    "ranking by gap": "funding_record_period_gap",
    "ranking by gap %": "funding_record_period_gap_pct",
    "figures in report order": "funding_record_period_order",
}


@pytest.mark.parametrize("table", list(TABLES))
def test_each_table_walks_its_index(records, table):
    explained = plan(TABLES[table](records)[:50])
    assert INDEXES[table] in explained, explained
    if connection.vendor == "sqlite":
        # At most the tie-break (report order within equal figures) is sorted, a page at a time.
        assert "USE TEMP B-TREE FOR ORDER BY" not in explained, explained
