"""Searching the two sample reports, the registry and the partners, on either database."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from restrack.core.guard import writes_allowed
from restrack.registry.models import Instrument
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, UpdateEntry
from restrack.search.highlight import Needle, compile_needles, snippet
from restrack.search.query import search

pytestmark = pytest.mark.usefixtures("indexed")


def report_paragraphs(results, kind="paragraph"):
    """{(instrument number, report paragraph number)} of the paragraph hits."""
    ids = [hit.object_id for hit in results.hits if hit.kind == kind]
    entries = UpdateEntry.objects.filter(pk__in=ids).select_related("update__instrument")
    return {(entry.update.instrument.number, entry.source_paragraph) for entry in entries}


def instrument_numbers(results):
    ids = [hit.object_id for hit in results.hits if hit.kind == "instrument"]
    return set(Instrument.objects.filter(pk__in=ids).values_list("number", flat=True))


# -- what must hold ------------------------------------------------------------------------------


def test_a_word_inside_a_longer_word():
    results = search("贫民")
    assert {("2/2", 22), ("2/2", 23)} <= report_paragraphs(results)
    assert "2/2" in instrument_numbers(results)  # 到 2030 年加快改造非正规住区和贫民窟


def test_a_tool_name():
    results = search("热点信号灯")
    assert report_paragraphs(results) == {("2/4", 27), ("2/4", 29), ("2/4", 30), ("2/4", 31)}


def test_a_partner_code_finds_its_chinese_names():
    results = search("UNICEF")
    expected = {
        (entry.update.instrument.number, entry.source_paragraph)
        for entry in UpdateEntry.objects.select_related("update__instrument")
        if "儿基会" in entry.text_zh_hans or "联合国儿童基金会" in entry.text_zh_hans
    }
    assert len(expected) >= 3
    assert report_paragraphs(results) == expected
    assert "UNICEF" in results.phrases and "儿基会" in results.phrases
    assert results.facets["partner"] == 2  # its English and Chinese names


def test_an_english_title():
    results = search("Adequate housing")
    assert instrument_numbers(results) == {"2/7"}
    assert results.hits[0].snippet_html == "<mark>Adequate housing</mark> for all"
    assert results.hits[0].language == "en"


def test_a_chinese_title_finds_the_instrument_and_its_paragraphs():
    results = search("人人享有适当住房")
    assert instrument_numbers(results) == {"2/7"}
    assert {("2/7", 38), ("2/7", 39)} <= report_paragraphs(results)
    assert results.hits[0].kind == "instrument"  # the title itself ranks first


@pytest.mark.parametrize("query", ["", "   ", "\u3000\n\t", None])
def test_an_empty_query_finds_nothing_without_asking_the_database(query, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search(query)
    assert results.total == 0 and results.hits == [] and not results


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "(",
        ")",
        "NEAR",
        "-",
        "'",
        "NEAR(贫民 儿童)",
        '"unbalanced',
        "贫民*",
        "-贫民",
        "a OR",
        "AND",
        "NOT x",
        "tokens:贫民",
        "^贫民",
        "{贫民}",
        "'; DROP TABLE search_searchentry; --",
        "%",
        "_",
        "\\",
        "贫民 & | ! :*",
        "\x00",
        '儿基会"',
        "x" * 1000,
    ],
)
def test_query_syntax_never_raises(query):
    results = search(query)
    assert results.total >= 0


def test_query_syntax_characters_are_only_text():
    assert search('"贫民" AND (NEAR)').total == search("贫民 NEAR").total


# -- short queries -------------------------------------------------------------------------------


def test_a_single_character_is_found_as_a_substring():
    results = search("窟")
    assert {("2/2", 22), ("2/2", 23)} <= report_paragraphs(results)
    assert all("窟" in re.sub("<[^>]+>", "", hit.snippet_html) for hit in results.hits)


def test_a_word_jieba_did_not_cut_out_is_found_as_a_substring():
    results = search("民窟")  # not a word: no token holds it
    assert {("2/2", 22), ("2/2", 23)} <= report_paragraphs(results)
    assert "贫<mark>民窟</mark>" in results.hits[0].snippet_html


def test_full_text_matches_rank_before_substring_matches():
    results = search("UNICEF", kinds={"paragraph"})
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_part_of_an_english_word_falls_back_to_substrings():
    assert "2/7" in instrument_numbers(search("hous"))


# -- filters and facets --------------------------------------------------------------------------


def test_kinds_filter_hits_but_not_facets():
    everything = search("贫民")
    instruments = search("贫民", kinds={"instrument"})
    assert {hit.kind for hit in instruments.hits} == {"instrument"}
    assert instruments.total == everything.facets["instrument"]
    assert instruments.facets == everything.facets
    assert everything.total == sum(everything.facets.values())


def test_language_filter():
    assert search("贫民", language="en").total == 0
    assert search("Adequate housing", language="zh-hans").total == 0
    assert search("贫民", language="zh").total == search("贫民").total


def test_instrument_and_period_filters():
    resolution_1_2 = Instrument.objects.get(kind="resolution", number="1/2")
    results = search("UNICEF", instrument_id=resolution_1_2.pk)
    assert report_paragraphs(results) == {("1/2", 2), ("1/2", 5)}
    assert {hit.instrument_id for hit in results.hits} == {resolution_1_2.pk}
    in_2024 = search("UNICEF", period_label="2024-h2")
    assert report_paragraphs(in_2024) == {("2/2", 22)}
    assert {hit.period_label for hit in in_2024.hits} == {"2024-H2"}


def test_unknown_filters_are_refused():
    with pytest.raises(ValueError, match="Unknown language"):
        search("贫民", language="xx")
    with pytest.raises(ValueError, match="Unknown kind"):
        search("贫民", kinds={"resolution"})
    with pytest.raises(ValueError, match="2024-H5"):
        search("贫民", period_label="2024-H5")


def test_limit():
    results = search("人居署", limit=3)
    assert len(results.hits) == 3 and results.total > 3
    assert search("人居署", limit=0).hits == []


def test_the_number_of_queries_does_not_grow_with_the_hits(django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as one:
        search("人居署", limit=1)
    with django_assert_max_num_queries(5):
        many = search("人居署", limit=500)  # UN-Habitat: expanded to its names, in most paragraphs
    assert len(many.hits) > 40
    with CaptureQueriesContext(connection) as all_:
        search("人居署", limit=500)
    assert len(all_.captured_queries) == len(one.captured_queries)


# -- only public content -------------------------------------------------------------------------


def test_paragraphs_of_unpublished_updates_are_never_found(django_capture_on_commit_callbacks):
    update = ProgressUpdate.objects.get(instrument__number="2/4", period__label="2024-H2")
    # Changed behind the index's back (no signals): the query itself still checks.
    ProgressUpdate.objects.filter(pk=update.pk).update(workflow_state=WorkflowState.DRAFT)
    assert report_paragraphs(search("热点信号灯")) == set()
    # Changed properly: the rows go too, and come back on publishing.
    update.workflow_state = WorkflowState.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True), writes_allowed():
        update.save()
    assert not search("热点信号灯").facets["paragraph"]
    update.workflow_state = WorkflowState.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True), writes_allowed():
        update.save()
    assert len(report_paragraphs(search("热点信号灯"))) == 4


# -- hits ----------------------------------------------------------------------------------------


def test_hits_carry_what_a_result_list_shows():
    hit = next(hit for hit in search("热点信号灯").hits if hit.object_id)
    entry = UpdateEntry.objects.select_related("update__instrument").get(pk=hit.object_id)
    assert hit.instrument_id == entry.update.instrument_id
    assert hit.period_label == "2024-H2" and hit.language == "zh-hans"
    assert hit.title == f"第 2/4 号决议，2024-H2，第 {entry.source_paragraph} 段"
    assert hit.url_hint == f"resolutions/2/4/#entry-{entry.pk}"
    with translation.override("zh-hans"):
        assert hit.url == f"/zh-hans/resolutions/2/4/#entry-{entry.pk}"


def test_snippets_are_short_and_marked():
    for hit in search("人人享有适当住房").hits:
        text = re.sub("<[^>]+>", "", hit.snippet_html)
        assert len(text) <= 82 and "<mark>" in hit.snippet_html
    long_hit = next(hit for hit in search("热点信号灯").hits if hit.snippet_html.startswith("…"))
    assert "<mark>热点信号灯</mark>" in long_hit.snippet_html


def test_snippets_escape_the_text():
    pattern = compile_needles([Needle("unicef", whole_word=True)])
    assert snippet('<b>"ＵＮＩＣＥＦ"</b> & UNICEF\'s', pattern) == (
        "&lt;b&gt;&quot;<mark>ＵＮＩＣＥＦ</mark>&quot;&lt;/b&gt; &amp; <mark>UNICEF</mark>&#x27;s"
    )
    assert snippet("<i>no match</i>", pattern) == "&lt;i&gt;no match&lt;/i&gt;"


def test_whole_words_are_marked_whole():
    pattern = compile_needles([Needle("un", whole_word=True)])
    assert snippet("UN funding, UNICEF and 与UN合作", pattern) == (
        "<mark>UN</mark> funding, UNICEF and 与<mark>UN</mark>合作"
    )
