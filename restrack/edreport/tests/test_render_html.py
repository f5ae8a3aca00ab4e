"""The HTML renderer: a standalone document that says what the report says, in UN order, with
working footnote links, every text escaped, and nothing loaded from outside."""

import re

import lxml.html
import pytest

from restrack.edreport.render.html import render_html
from restrack.edreport.tests.examples import example_report


@pytest.fixture(scope="module")
def zh_report():
    return example_report("zh")


@pytest.fixture(scope="module")
def en_report():
    return example_report("en")


@pytest.fixture(scope="module")
def zh_html(zh_report):
    return render_html(zh_report)


@pytest.fixture(scope="module")
def en_html(en_report):
    return render_html(en_report)


@pytest.fixture(scope="module")
def zh_doc(zh_html):
    return lxml.html.document_fromstring(zh_html)


@pytest.fixture(scope="module")
def en_doc(en_html):
    return lxml.html.document_fromstring(en_html)


def _select(element, selector: str) -> list:
    """The elements under `element` that a simple CSS selector picks ("p.para sup.fn-call a",
    "ol.footnote-list > li"): tags, one class each, descendant and child steps (lxml's own
    cssselect needs a package the project does not have)."""
    path, axis = ".", "//"
    for token in selector.replace(">", " > ").split():
        if token == ">":
            axis = "/"
            continue
        tag, _, css_class = token.partition(".")
        condition = f"[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]" if css_class else ""
        path += f"{axis}{tag or '*'}{condition}"
        axis = "//"
    return element.xpath(path)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _without_calls(element):
    """A copy of a paragraph without its footnote calls (what the text says)."""
    copy = lxml.html.fragment_fromstring(lxml.html.tostring(element, encoding="unicode"))
    for call in _select(copy, "sup.fn-call"):
        call.drop_tree()
    return copy


# -- the document ----------------------------------------------------------------------------


def test_a_standalone_html5_document_in_the_report_language(zh_html, zh_doc, en_doc, zh_report):
    assert zh_html.startswith("<!DOCTYPE html>")
    assert zh_doc.get("lang") == "zh-Hans"
    assert en_doc.get("lang") == "en"
    assert zh_doc.find(".//meta[@charset]").get("charset") == "utf-8"
    assert zh_doc.findtext(".//title") == zh_report.title
    assert "Noto Serif CJK SC" in zh_doc.findtext(".//style")


def test_nothing_is_loaded_from_outside(zh_doc, en_doc, en_report):
    footnote_urls = {url for footnote in en_report.footnotes() for url in footnote.urls}
    for doc in (zh_doc, en_doc):
        assert not doc.xpath("//script | //link | //iframe | //img | //object | //embed")
        assert not doc.xpath("//@src | //@srcset")
        style = doc.findtext(".//style")
        assert "url(" not in style and "@import" not in style
        for href in doc.xpath("//@href"):
            assert href.startswith("#") or href in footnote_urls, href
    assert footnote_urls <= set(en_doc.xpath("//a/@href"))


# -- masthead and headings -----------------------------------------------------------------------


def test_masthead_title_and_subtitle(zh_doc, zh_report):
    masthead = _select(zh_doc, "header.masthead")[0]
    text = _text(masthead)
    for line in (
        "联合国",
        "HSP/EB.2024/20",
        "联合国人类住区规划署执行局",
        "Distr.: General",
        "Chinese",
        "Original: English",
        "2024 年第二次会议",
        "2024 年 11 月 12 日至 14 日，内罗毕",
    ):
        assert line in text
    assert _text(_select(zh_doc, "h1")[0]) == zh_report.title
    assert _text(_select(zh_doc, "p.subtitle")[0]) == zh_report.subtitle


def test_the_agenda_asterisk_stands_where_the_masthead_says(zh_doc, en_doc):
    assert _text(_select(zh_doc, "p.agenda-item")[0]) == "临时议程*项目 6"
    assert _text(_select(en_doc, "p.agenda-item")[0]) == "Item 6 of the provisional agenda*"
    link = _select(zh_doc, "p.agenda-item sup.fn-call a")[0]
    assert link.get("href") == "#fn-agenda"
    note = zh_doc.get_element_by_id("fn-agenda")
    assert "HSP/EB.2024/14。" in _text(note)
    assert _select(note, "a.fn-back")[0].get("href") == f"#{link.get('id')}"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_headings_in_report_order(language, zh_doc, en_doc, zh_report, en_report):
    doc, report = (zh_doc, zh_report) if language == "zh" else (en_doc, en_report)
    assert [_text(h) for h in _select(doc, "h2")] == [c.heading for c in report.chapters] + [report.annex.heading]
    sections = [section for chapter in report.chapters for section in chapter.sections]
    headings = _select(doc, "h3.section-heading")
    assert [_text(h) for h in headings] == [section.heading for section in sections]
    # Each section's title is an element of its own right after its heading.
    assert [_text(h.getnext()) for h in headings] == [section.title for section in sections]
    assert all(h.getnext().get("class") == "section-title" for h in headings)


# -- paragraphs and footnotes ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_paragraphs_are_numbered_with_their_text(language, zh_doc, en_doc, zh_report, en_report):
    doc, report = (zh_doc, zh_report) if language == "zh" else (en_doc, en_report)
    expected = list(report.paragraphs())
    found = _select(doc, "p.para")
    assert [p.get("id") for p in found] == [f"para-{p.number}" for p in expected]
    assert [_select(p, "span.para-number")[0].text for p in found] == [f"{p.number}." for p in expected]
    assert [_text(_without_calls(p)) for p in found] == [f"{p.number}. {p.text}" for p in expected]


def test_footnote_calls_follow_the_text_they_annotate(zh_doc):
    paragraph = zh_doc.get_element_by_id("para-2")
    html = lxml.html.tostring(paragraph, encoding="unicode", with_tail=False)
    # The call comes right after the text before its anchor: no space in between.
    assert re.search(r"框架。<sup class=\"fn-call\"><a href=\"#fn-1\" id=\"fn-call-1\">1</a></sup>执行局", html)
    assert html.endswith('职权范围。<sup class="fn-call"><a href="#fn-2" id="fn-call-2">2</a></sup></p>')


@pytest.mark.parametrize("language", ["zh", "en"])
def test_footnote_calls_and_footnotes_link_both_ways(language, zh_doc, en_doc, zh_report, en_report):
    doc, report = (zh_doc, zh_report) if language == "zh" else (en_doc, en_report)
    calls = _select(doc, "p.para sup.fn-call a")
    assert [call.text for call in calls] == [str(f.number) for f in report.footnotes()]
    for call in calls:
        note = doc.get_element_by_id(call.get("href")[1:])
        assert note.tag == "li" and note.get("value") == call.text
        assert _select(note, "a.fn-back")[0].get("href") == f"#{call.get('id')}"
    items = _select(doc, "ol.footnote-list > li")
    assert [_text(li).removesuffix(" ↩") for li in items] == [f.text for f in report.footnotes()]
    # The footnote list comes after the text (and the annex), at the end of the document.
    assert _select(doc, "section.footnotes")[0].getprevious().get("class") == "annex"


def test_urls_in_footnotes_are_links(en_doc, en_report):
    url = en_report.footnotes()[1].urls[0]
    link = _select(en_doc.get_element_by_id("fn-2"), "a.url")[0]
    assert link.get("href") == url and link.text_content() == url


# -- escaping and missing texts ---------------------------------------------------------------------


def test_every_text_is_escaped():
    report = example_report("en")
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    paragraph = next(report.paragraphs())
    paragraph.text = hostile
    report.title = "Title <i>with</i> tags & more"
    report.masthead.agenda_footnote = "<img src=x onerror=alert(1)>"
    report.chapters[1].sections[0].title = '"quoted" <u>title</u>'
    html = render_html(report)
    doc = lxml.html.document_fromstring(html)
    assert "<script>alert" not in html and "<b>bold" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert _text(_without_calls(doc.get_element_by_id("para-1"))) == f"1. {hostile}"
    assert doc.findtext(".//title") == report.title
    assert not doc.xpath("//script | //img | //i | //u")


def test_a_missing_text_is_marked_before_it():
    report = example_report("zh")
    paragraph = list(report.paragraphs())[2]
    paragraph.missing_note = "无中文文本，以下为英文"
    paragraph.text = "UN-Habitat developed more knowledge products."
    report.chapters[1].sections[1].title_missing_note = "无中文标题"
    doc = lxml.html.document_fromstring(render_html(report))
    found = doc.get_element_by_id("para-3")
    mark = _select(found, "mark.missing")[0]
    assert mark.text == "[无中文文本，以下为英文]"
    assert _text(found) == "3. [无中文文本，以下为英文] UN-Habitat developed more knowledge products."
    title_mark = _select(doc, "p.section-title mark.missing")
    assert [m.text for m in title_mark] == ["[无中文标题]"]


# -- annex -------------------------------------------------------------------------------------------


def test_annex_table(en_doc, en_report):
    annex = en_report.annex
    table = _select(en_doc, "section.annex table")[0]
    assert _text(_select(table, "caption")[0]) == f"{annex.title} {annex.unit_note}"
    headers = _select(table, "thead th")
    assert [_text(th) for th in headers] == annex.columns
    assert {th.get("scope") for th in headers} == {"col"}
    rows = _select(table, "tbody tr")
    assert [_text(_select(row, "th")[0]) for row in rows] == [
        "Resolution 2/6 Localizing the SDGs",
        "Resolution 2/10 Equitable financing",
    ]
    assert all(_select(row, "th")[0].get("scope") == "row" for row in rows)
    assert [[td.text for td in _select(row, "td.num")] for row in rows] == [
        ["1,858,000", "600,000", "1,258,000", "68%"],
        ["500,000", "550,000", "surplus 50,000", "surplus 10%"],  # a surplus in words, never a negative gap
    ]
    total = _select(table, "tfoot tr.total")[0]
    assert [_text(cell) for cell in total] == ["Total", "2,358,000", "1,150,000", "1,208,000", "51%"]
    assert [_text(p) for p in _select(en_doc, "p.annex-note")] == annex.notes
    style = en_doc.findtext(".//style")
    assert re.search(r"\.annex-table \.num \{ text-align: right;", style)
    assert re.search(r"\.annex-table tr\.total th, \.annex-table tr\.total td \{[^}]*font-weight: bold", style)


def test_without_annex_or_symbol():
    doc = lxml.html.document_fromstring(render_html(example_report("en", annex=False, symbol=None)))
    assert not _select(doc, "section.annex") and not _select(doc, "table")
    assert not _select(doc, "header.masthead .symbol")
    assert _select(doc, "header.masthead")[0].get("data-symbol") is None
    assert _text(_select(doc, ".masthead-top")[0]) == "United Nations"


# -- the print variant ---------------------------------------------------------------------------------


def test_print_variant_keeps_footnotes_where_they_are_cited():
    report = example_report("zh")
    doc = lxml.html.document_fromstring(render_html(report, for_print=True))
    assert not _select(doc, "section.footnotes") and not _select(doc, "sup.fn-call")
    notes = _select(doc, "span.footnote")
    assert [n.get("data-mark") for n in notes] == ["*", "1", "2"]
    assert [_text(n) for n in notes] == ["HSP/EB.2024/14。"] + [f.text for f in report.footnotes()]
    assert notes[0].getparent().getparent().get("class") == "agenda-item"
    assert _select(doc.get_element_by_id("para-2"), "span.footnote") == notes[1:]
    style = doc.findtext(".//style")
    assert "@page" in style and "float: footnote" in style and "attr(data-mark)" in style


def test_print_variant_keeps_numbers_with_the_words_before_them():
    """No line may start with a number (it would read back as a paragraph or a footnote), and no
    line may break where the text read back would gain or lose a space."""
    report = example_report("en", annex=False)
    next(report.paragraphs()).text = "See paragraph 8. Work in 2020–2023 (HSP/EB.2024/4) continues."
    html = render_html(report, for_print=True)
    assert 'See paragraph\u00a08. Work in\u00a0<span class="nobr">2020–2023</span>' in html
    assert '(<span class="nobr">HSP/EB.2024/4</span>)' in html  # a symbol is never split over two lines
    report = example_report("zh", annex=False)
    next(report.paragraphs()).text = "本报告概述了在 2019年和 2023年通过的决议。2024 年，修订了模板。"
    zh = render_html(report, for_print=True)
    assert "在\u00a02019年和\u00a02023年" in zh
    assert '决议<span class="nobr">。2</span>024\u00a0年' in zh


def test_print_variant_keeps_a_gap_between_a_call_and_a_number_after_it():
    """ "情况。1 2023 年" reads back as footnote 1 and the year; "情况。12023 年" would not."""
    report = example_report("zh", annex=False)
    paragraph = list(report.paragraphs())[1]
    paragraph.text = paragraph.text.replace("执行局", "2023 年执行局")
    paragraph.anchors[1].offset = len(paragraph.text)  # still at the end
    doc = lxml.html.document_fromstring(render_html(report, for_print=True))
    first, second = _select(doc.get_element_by_id("para-2"), "span.footnote")
    assert first.get("class") == "footnote fn-spaced" and second.get("class") == "footnote"
    assert ".footnote.fn-spaced::footnote-call { margin-right: 3pt; }" in doc.findtext(".//style")
