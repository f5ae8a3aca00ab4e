"""The search page: Chinese and English, highlighted matches, filters, a constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def results(client, query, **params):
    response = client.get("/en/search/", {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.findall(r'<li class="mb-3" data-kind="([^"]+)">\s*<div><a href="([^"]+)"', html)


def test_a_two_character_chinese_query_finds_the_slum_paragraphs(client, samples):
    html, hits = results(client, "贫民")
    assert any(url.startswith("/en/resolutions/2/2/") for _kind, url in hits)
    assert "<mark>贫民</mark>" in html


def test_hotspot_signal_lights_find_resolution_2_4(client, samples):
    _html, hits = results(client, "热点信号灯")
    assert len(hits) >= 4 and all(url.startswith("/en/resolutions/2/4/") for _kind, url in hits)


def test_an_english_acronym_finds_the_chinese_short_name(client, samples):
    html, hits = results(client, "UNICEF", kind="paragraph")
    assert "<mark>儿基会</mark>" in html
    urls = {url.split("#")[0] for _kind, url in hits}
    assert {"/en/resolutions/1/2/", "/en/resolutions/2/2/"} <= urls


def test_english_titles_and_filters(client, samples):
    _html, hits = results(client, "adequate housing", kind="instrument")
    assert hits and hits[0][1] == "/en/resolutions/2/7/"


def test_period_and_language_filters(client, samples):
    _html, hits = results(client, "UNICEF", kind="paragraph", period="2020-H1")
    assert hits and all(url.startswith("/en/resolutions/1/2/") for _kind, url in hits)
    _html, hits = results(client, "贫民", language="en")
    assert hits == []
    assert client.get("/en/search/", {"q": "贫民", "period": "1999-H9"}).status_code == 200


def test_empty_and_odd_queries_do_not_fail(client, samples):
    for query in ("", "   ", '"', "(NEAR*", "-'"):
        assert client.get("/en/search/", {"q": query}).status_code == 200


def test_queries_do_not_grow_with_hits(client, samples, django_assert_num_queries, django_capture_on_commit_callbacks):
    from restrack.registry.models import Instrument
    from restrack.reporting.tests.factories import UpdateEntryFactory

    with CaptureQueriesContext(connection) as baseline:
        _html, before = results(client, "热点信号灯")
    update = Instrument.objects.get(kind="resolution", number="2/4").updates.get()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            UpdateEntryFactory(
                update=update, position=100 + n, text_en="", text_zh_hans=f"第 {n} 个关于热点信号灯的新段落。"
            )
    with django_assert_num_queries(len(baseline)):
        _html, after = results(client, "热点信号灯")
    assert len(after) == len(before) + 10


def test_a_capped_count_says_at_least(client, samples, monkeypatch):
    """Counts stop at the engine's cap on very common words; the page then says "at least"."""
    from restrack.search import engines

    monkeypatch.setattr(engines.current(), "count_cap", 3)
    html, hits = results(client, "人居署", kind="paragraph")
    assert "At least 3 results for “人居署”" in html and hits
    html = client.get("/zh-hans/search/", {"q": "人居署", "kind": "paragraph"}).content.decode()
    assert "至少找到 3 条与“人居署”相关的结果" in html
