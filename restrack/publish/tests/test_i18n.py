"""Languages: the interface in English and Chinese, links that keep the page, marked fallbacks,
and the machinery for the other UN languages including right-to-left Arabic."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_interface_is_translated_into_chinese(client, samples):
    html = client.get("/zh-hans/").content.decode()
    for text in ("资源需求", "已调集资源", "资金缺口", "第 1/2 号决议", "报告期", "伙伴"):
        assert text in html, text
    assert "Resource requirements" not in html


def test_the_language_switcher_keeps_the_page_and_query(client, samples):
    html = client.get("/en/resolutions/2/6/").content.decode()
    assert 'hreflang="zh-Hans" href="/zh-hans/resolutions/2/6/"' in html
    html = client.get("/zh-hans/?kind=decision").content.decode()
    assert 'hreflang="en" href="/en/?kind=decision"' in html


def test_arabic_pages_are_right_to_left_with_the_rtl_stylesheet(client, samples):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "bootstrap.min.css" not in html


def test_a_period_label_in_the_arabic_breadcrumb_runs_left_to_right(client, samples):
    """Unisolated in a right-to-left line, "2024-H2" showed as "H2-2024" (the screenshots)."""
    html = client.get("/ar/periods/2024-H2/").content.decode()
    assert 'aria-current="page"><bdi dir="ltr">2024-H2</bdi></li>' in html


def test_the_window_s_balance_date_runs_left_to_right_in_arabic(client, samples):
    """Unisolated, 2026-12-04 read "-12-2026" over "04" on a phone (the walk's screenshots)."""
    from django.utils import timezone

    html = client.get("/ar/funding/window/").content.decode()
    assert f'<bdi dir="ltr">{timezone.localdate():%Y-%m-%d}</bdi>' in html


def test_a_chinese_introduction_on_an_arabic_page_runs_left_to_right(client, samples):
    """Laid out right to left, its last line read "。是，大多数决议..." (the full stop first)."""
    html = client.get("/ar/periods/2024-H2/").content.decode()
    assert '<section class="mb-3" lang="zh-Hans" dir="ltr"><p>本报告' in html
    html = client.get("/zh-hans/periods/2024-H2/").content.decode()
    assert '<section class="mb-3"><p>本报告' in html


def test_content_missing_in_a_language_falls_back_with_a_mark(client, samples):
    html = client.get("/fr/resolutions/2/7/").content.decode()
    assert '<span lang="en" dir="ltr" class="fallback">Adequate housing for all</span>' in html
