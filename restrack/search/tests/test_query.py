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
    # Its English and Chinese names both match: one partner, one hit.
    assert results.facets["partner"] == 1
    assert [hit.kind for hit in results.hits].count("partner") == 1


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


# -- English words in all their forms; one hit per object; titles in the reader's language --------


def _instruments_titled(*titles):
    """Instruments with these English titles (no Chinese one), indexed."""
    from restrack.registry.tests.factories import InstrumentFactory
    from restrack.search import index

    with writes_allowed():
        instruments = [InstrumentFactory(title_en=title, title_zh_hans="") for title in titles]
    index.reindex({"instrument": [instrument.pk for instrument in instruments]})
    return instruments


def test_english_words_are_found_in_every_form():
    houses, housed, housing, warehouse = _instruments_titled(
        "Houses for everyone", "A population housed in time", "Social housing policies", "Warehouse logistics"
    )
    for query in ("housing", "house", "houses", "HOUSED"):
        results = search(query, kinds={"instrument"}, limit=500)
        ids = {hit.object_id for hit in results.hits}
        assert {houses.pk, housed.pk, housing.pk} <= ids and warehouse.pk not in ids, query
    marked = {hit.object_id: hit.snippet_html for hit in search("housing", kinds={"instrument"}, limit=500).hits}
    assert marked[houses.pk] == "<mark>Houses</mark> for everyone"
    assert marked[housing.pk] == "Social <mark>housing</mark> policies"
    # Stemmed on both sides, so the other words of a phrase still have to be there.
    assert {hit.object_id for hit in search("housing policy", kinds={"instrument"}).hits} >= {housing.pk}
    assert houses.pk not in {hit.object_id for hit in search("housing policy", kinds={"instrument"}).hits}


def test_an_object_found_in_two_languages_is_one_hit():
    results = search("UNICEF", limit=500)
    keys = [(hit.kind, hit.object_id) for hit in results.hits]
    assert len(keys) == len(set(keys)) and results.total == len(keys)
    (partner,) = [hit for hit in results.hits if hit.kind == "partner"]
    shown_in = {
        language: next(hit for hit in search("UNICEF", display_language=language).hits if hit.kind == "partner")
        for language in ("en", "zh-hans")
    }
    assert shown_in["en"].language == "en" and shown_in["zh-hans"].language == "zh-hans"
    assert shown_in["en"].title == "United Nations Children's Fund (UNICEF)" or "(UNICEF)" in shown_in["en"].title
    assert partner.object_id == shown_in["zh-hans"].object_id


def test_titles_are_in_the_readers_language():
    english = search("人人享有适当住房", display_language="en", limit=500)
    by_kind = {}
    for hit in english.hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    assert by_kind["instrument"][0].title == "Resolution 2/7: Adequate housing for all"
    assert by_kind["instrument"][0].language == "zh-hans"  # the Chinese title is what matched
    paragraph = by_kind["paragraph"][0]
    entry = UpdateEntry.objects.get(pk=paragraph.object_id)
    assert re.fullmatch(r"Resolution 2/7, 20\d\d-H[12], paragraph \d+", paragraph.title)
    assert paragraph.title.endswith(f"paragraph {entry.source_paragraph or entry.position}")
    chinese = search("Adequate housing", display_language="zh-hans", kinds={"instrument"})
    assert chinese.hits[0].title == "第 2/7 号决议：人人享有适当住房" and chinese.hits[0].language == "en"
    # Without a reader's language, each hit keeps its own text's title, as before.
    assert search("人人享有适当住房", kinds={"instrument"}).hits[0].title.startswith("第 2/7 号决议")


def test_pages_of_hits_follow_each_other():
    everything = search("人居署", limit=60)
    pages = [search("人居署", limit=20, offset=offset).hits for offset in (0, 20, 40)]
    assert [hit for page in pages for hit in page] == everything.hits[:60]
    assert search("人居署", limit=20, offset=everything.total).hits == []
