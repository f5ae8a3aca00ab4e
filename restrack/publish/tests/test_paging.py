"""The paged, sortable tables' helper (restrack.publish.paging): one page of rows sorted in the
database, links that keep the filters, bad values ignored with a message."""

import pytest
from django.db.models import Case, F, IntegerField, When
from django.test import RequestFactory
from django.utils import translation

from restrack.publish.paging import MAX_PER_PAGE, Sort, paginate
from restrack.registry.models import Instrument

pytestmark = pytest.mark.django_db

SORTS = {
    "number": Sort("number", ("session__year", "-kind", "sequence")),
    "title": Sort("title", ("title_en",)),
    "status": Sort("status", ("status",)),
}


def page_of(query="", **options):
    request = RequestFactory().get(f"/en/?{query}")
    return paginate(request, Instrument.objects.all(), SORTS, **options)


def test_pages_cover_every_row_once():
    total = Instrument.objects.count()
    seen = []
    number = 1
    while True:
        page = page_of(f"per_page=5&page={number}&kind=resolution")
        seen += [instrument.pk for instrument in page.rows]
        assert page.total == total and len(page.rows) <= 5
        if not page.has_next:
            break
        assert "kind=resolution" in page.next_url and f"page={number + 1}" in page.next_url
        number += 1
    assert sorted(seen) == sorted(Instrument.objects.values_list("pk", flat=True))
    assert page.num_pages == -(-total // 5)


def test_sort_and_direction_in_the_database():
    ascending = page_of("sort=title&per_page=200").rows
    descending = page_of("sort=title&desc=1&per_page=200").rows
    assert [i.title_en for i in ascending] == sorted(i.title_en for i in ascending)
    assert [i.pk for i in descending] != [i.pk for i in ascending]
    assert [i.title_en for i in descending] == sorted((i.title_en for i in ascending), reverse=True)


def test_unknown_values_sort_last_in_both_directions():
    sorts = {"known": Sort("known", ("known",))}
    queryset = Instrument.objects.annotate(
        known=Case(When(kind="decision", then=F("sequence")), default=None, output_field=IntegerField())
    )
    decisions = Instrument.objects.filter(kind="decision").count()
    for query in ("", "desc=1"):
        rows = paginate(RequestFactory().get(f"/en/?{query}&per_page=200"), queryset, sorts).rows
        assert [row.known is None for row in rows] == [False] * decisions + [True] * (len(rows) - decisions)


def test_heading_links_flip_the_direction_and_go_back_to_page_one():
    page = page_of("sort=title&page=2&per_page=5&body=assembly")
    link = page.sort_link("title")
    assert link["current"] and link["aria_sort"] == "ascending"
    assert "desc=1" in link["url"] and "&page=" not in link["url"] and "body=assembly" in link["url"]
    other = page.sort_link("status")
    assert not other["current"] and "sort=status" in other["url"] and "desc" not in other["url"]
    assert "sort=" not in page.sort_link("number")["url"]  # the default sort needs no parameter
    with pytest.raises(KeyError, match="not one of this table's sorts"):
        page.sort_link("colour")


def test_bad_values_are_ignored_and_said():
    page = page_of("sort=colour&page=two&per_page=100000")
    assert page.sort == "number" and page.number == 1 and page.per_page == MAX_PER_PAGE
    messages = " ".join(message for _label, message in page.ignored)
    assert "colour" in messages and "two" in messages and str(MAX_PER_PAGE) in messages


def test_a_page_past_the_last_shows_the_last():
    page = page_of("per_page=5&page=999")
    assert page.number == page.num_pages and page.rows


def test_links_keep_chinese_parameters():
    with translation.override("zh-hans"):
        page = page_of("per_page=5&q=住房")
        assert page.next_url.startswith("?") and "q=%E4%BD%8F%E6%88%BF" in page.next_url


def test_two_tables_on_one_page_use_prefixes():
    request = RequestFactory().get("/en/?a-page=2&a-per_page=5&b-sort=title")
    first = paginate(request, Instrument.objects.all(), SORTS, prefix="a-")
    second = paginate(request, Instrument.objects.all(), SORTS, prefix="b-")
    assert first.number == 2 and second.number == 1 and second.sort == "title"
    assert "b-sort=title" in first.next_url and "a-page=3" in first.next_url


def test_the_page_is_two_queries_its_rows_read_when_first_iterated(django_assert_num_queries):
    with django_assert_num_queries(1):  # the count
        page = page_of("per_page=5")
    assert (page.start_index, page.end_index, page.shown) == (1, 5, 5) and page.is_partial
    with django_assert_num_queries(1):  # the rows, once
        assert len(list(page.rows)) == len(page.rows) == 5
    last = page_of(f"per_page=5&page={page.num_pages}")
    assert last.shown == len(list(last.rows)) == last.end_index - last.start_index + 1


def test_the_pager_and_a_sortable_heading_render_in_both_languages():
    from django.template.loader import render_to_string

    for language, word in (("en", "Next"), ("zh-hans", "")):
        with translation.override(language):
            page = page_of("per_page=5&page=2&sort=title&kind=resolution")
            html = render_to_string("publish/_pager.html", {"page": page})
            heading = render_to_string(
                "publish/_sort_header.html", {"page": page, "key": "title", "label": "Title", "css": "text-number"}
            )
        assert 'aria-current="page"><span class="page-link">2<' in html and word in html
        assert 'href="?per_page=5&amp;sort=title&amp;kind=resolution"' in html  # page 1: no page parameter
        assert 'aria-sort="ascending"' in heading and "desc=1" in heading and 'class="text-number"' in heading
