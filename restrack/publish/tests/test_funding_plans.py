"""The funding page's per-instrument tables are walks down an index of the period's records
(FundingRecord's stored figures and report order), never a sort of every record of the period:
checked on the query plan (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN)."""

import re

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
    if connection.vendor == "postgresql":
        # PostgreSQL weighs costs: with the test's few rows a scan and a sort are cheaper, so they
        # are ruled out here to see that the index gives the order (at scale it is chosen).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    explained = plan(TABLES[table](records)[:50])
    assert INDEXES[table] in explained, explained
    # At most the tie-break (report order within equal figures) is sorted, a page at a time.
    if connection.vendor == "sqlite":
        assert "USE TEMP B-TREE FOR ORDER BY" not in explained, explained
    else:
        assert not re.search(r"^\s*(->\s+)?Sort\s+\(", explained, re.MULTILINE), explained  # a Sort node
