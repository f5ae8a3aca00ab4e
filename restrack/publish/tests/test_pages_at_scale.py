"""The dashboard, the period page, the comparison and the instrument page read a fixed number of
queries and write pages of the same size whatever the number of instruments, periods and
paragraphs: the database filters, sorts, pages and adds up (no timings here: see
benchmarks/bench_pages.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.publish.tests import scale_data

pytestmark = pytest.mark.django_db

MAX_PAGE_BYTES = 300_000


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), len(response.content), response.content.decode()


def pages(labels, instrument):
    first, last = labels[0], labels[-1]
    return [
        "/en/",
        "/en/?sort=gap&descending=on&funding=under_funded&per_page=10&page=2",
        "/en/?sort=overdue&per_page=30",
        "/zh-hans/?sort=gap_percent",
        f"/en/periods/{last}/",
        f"/en/periods/{last}/?sort=paragraphs&desc=1&reported=yes",
        f"/en/periods/compare/?from={first}&to={last}",
        f"/en/periods/compare/?from={first}&to={last}&change=status&per_page=10&page=2",
        "/en/periods/",
        "/en/mandates/",
        "/en/mandates/?reported=never&sort=last_reported&desc=1&per_page=10",
        instrument,
    ]


def test_queries_and_sizes_do_not_grow_with_instruments(client):
    small = scale_data.build(60, periods=2, paragraphs=2)
    before = {url: measure(client, url)[:2] for url in pages(small["periods"], small["instrument"])}
    scale_data.build(600, periods=2, paragraphs=2, seed=2)
    for url, (queries, size) in before.items():
        queries_after, size_after, html = measure(client, url)
        assert queries_after == queries, url
        assert size_after < size * 1.15 + 2_000 and size_after < MAX_PAGE_BYTES, url


def test_every_row_is_reachable_by_paging(client):
    scale_data.build(130, periods=1, paragraphs=1)
    seen, number = [], 1
    while True:
        html = client.get(f"/en/?kind=resolution&page={number}").content.decode()
        seen += re.findall(r'data-instrument="([^"]+)"', html)
        if f"page={number + 1}" not in html:
            break
        number += 1
    assert number == 3 and len(seen) == len(set(seen)) == 130 + 15  # the reference data's 15 resolutions


def test_a_busy_instrument_page_is_capped(client):
    data = scale_data.build(3, periods=4, paragraphs=40)
    queries, size, html = measure(client, data["instrument"])
    assert html.count('id="entry-') == 4 * 10 and "All 40 paragraphs of" in html
    label = data["periods"][-1]
    paged = client.get(f"{data['instrument']}?period={label}&per_page=15&page=3").content.decode()
    assert paged.count('id="entry-') == 10 and "Rows 31–40 of 40" in paged
    more = scale_data.build(3, periods=0, paragraphs=0, seed=3)  # more instruments, no more paragraphs
    assert measure(client, more["instrument"])[0] <= queries


def test_the_period_list_reads_the_same_queries_for_any_number_of_periods(client):
    scale_data.build(30, periods=2, paragraphs=1)
    queries, size, _html = measure(client, "/en/periods/")
    scale_data.build(30, periods=8, paragraphs=1, seed=2)
    queries_after, size_after, html = measure(client, "/en/periods/")
    assert queries_after == queries and html.count('<th scope="row"><a href="/en/periods/') == 8


def test_queries_do_not_grow_with_periods_and_paragraphs(client):
    """More periods, each with more paragraphs per update (and so more commitments): the pages
    read no more queries (the comparison skips the query naming new or silent instruments when
    there are none); their size grows only by the periods they list (the periods list, the
    period menus), not by the paragraphs."""
    small = scale_data.build(40, periods=2, paragraphs=1)
    urls = ["/en/", "/en/periods/", f"/en/periods/{small['periods'][-1]}/", "/en/periods/compare/"]
    before = {url: measure(client, url)[:2] for url in urls}
    scale_data.build(40, periods=6, paragraphs=6, seed=2)
    for url, (queries, size) in before.items():
        queries_after, size_after, _html = measure(client, url)
        assert queries_after <= queries, url
        assert size_after < size * 1.25 + 4_000 and size_after < MAX_PAGE_BYTES, url
