"""A long report's PDF is laid out in parts (render_pdf's part_blocks) and joined: the result must
be the report laid out in one piece, page for page: the same text on the same pages, the running
header and page numbers running on, footnotes on the page of their call, the same outline,
metadata and language, and the same round trip through the import."""

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from restrack.edreport.content import Anchor, Footnote, Paragraph, Report, Section
from restrack.edreport.render.pdf import render_pdf
from restrack.edreport.tests.examples import example_report
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file
from restrack.reading.readers.pdf import PDF_X_TOLERANCE, PDF_Y_TOLERANCE

SYMBOL = "HSP/EB.2024/20"
PART_BLOCKS = 9  # blocks per part: the long example below runs to several parts

ZH_SENTENCES = [
    "人居署与地方政府合作，在 12 个城市推广了城市监测框架。",
    "执行局第 2023/6 号决定核可了该供资窗口的职权范围，并请执行主任报告进展情况。",
    "人居署开发了更多的知识产品，并与各国政府、区域组织和民间社会合作伙伴分享。",
]
EN_SENTENCES = [
    "UN-Habitat worked with local governments to extend the urban monitoring framework to 12 cities.",
    "Board decision 2023/6 approved the terms of reference of the funding window and asked for a report.",
    "UN-Habitat produced further knowledge products and shared them with governments and partners.",
]


def long_report(language: str) -> Report:
    """The example report with six more sections of varied paragraphs, a footnote after the first
    sentence of every third (of those with more than one)."""
    report = example_report(language)
    zh = language == "zh"
    sentences = ZH_SENTENCES if zh else EN_SENTENCES
    chapter = report.chapters[1]
    number = 3
    for index in range(6):
        section = Section(
            "CDEFGH"[index],
            f"第 2/{index + 1} 号决议" if zh else f"Resolution 2/{index + 1}",
            f"测试决议标题 {index + 1}" if zh else f"Test resolution title {index + 1}",
            reference=f"resolution 2/{index + 1}",
        )
        for length in range(1, 8):
            number += 1
            text = (
                "".join(sentences[(number + i) % 3] for i in range(length))
                if zh
                else " ".join(sentences[(number + i) % 3] for i in range(length))
            )
            anchors = []
            if number % 3 == 0 and length > 1:
                cut = len(sentences[number % 3])
                anchors = [Anchor(cut, Footnote(0, f"HSP/EB.2024/INF/{number}{'。' if zh else '.'}"))]
            section.paragraphs.append(Paragraph(number, text, anchors))
        chapter.sections.append(section)
    for footnote_number, footnote in enumerate(report.footnotes(), start=1):
        footnote.number = footnote_number
    return report


def _page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text(x_tolerance=PDF_X_TOLERANCE, y_tolerance=PDF_Y_TOLERANCE) for page in document.pages]


def _words(pdf: bytes) -> list[list[tuple]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            [(round(w["x0"], 1), round(w["top"], 1), w["text"]) for w in page.extract_words()]
            for page in document.pages
        ]


def _outline(reader: PdfReader) -> list:
    def walk(items):
        return [
            walk(item) if isinstance(item, list) else (item.title, reader.get_destination_page_number(item))
            for item in items
        ]

    return walk(reader.outline)


@pytest.fixture(scope="module", params=["zh", "en"])
def rendered(request):
    report = long_report(request.param)
    return report, render_pdf(report, part_blocks=1000), render_pdf(report, part_blocks=PART_BLOCKS)


def test_the_parts_make_the_report_laid_out_in_one_piece(rendered):
    report, whole, parted = rendered
    texts = _page_texts(parted)
    assert len(texts) >= 4  # several parts, each of more than one page
    assert texts == _page_texts(whole)
    assert _words(parted) == _words(whole)  # where each word stands, too
    for number, text in enumerate(texts[1:], start=2):
        assert text.split("\n")[0] == f"{SYMBOL} {number}"


def test_the_parts_keep_the_outline_metadata_and_language(rendered):
    _report, whole, parted = rendered
    one, joined = PdfReader(io.BytesIO(whole)), PdfReader(io.BytesIO(parted))
    assert joined.metadata == one.metadata
    assert joined.trailer["/Root"]["/Lang"] == one.trailer["/Root"]["/Lang"]
    assert _outline(joined) == _outline(one)
    assert len(_outline(joined)) >= 1


def test_footnotes_stay_on_the_page_of_their_call_across_parts(rendered):
    report, _whole, parted = rendered
    pages = _page_texts(parted)
    squeezed = [re.sub(r"\s+", "", page) for page in pages]
    for paragraph in report.paragraphs():
        for text, footnote in paragraph.pieces():
            if footnote is None:
                continue
            start = f"\n{footnote.number} {footnote.text[:15]}"
            page = next(index for index, p in enumerate(pages) if start in p)
            body = squeezed[page][: squeezed[page].index(re.sub(r"\s+", "", start))]
            assert re.sub(r"\s+", "", text)[-5:] + str(footnote.number) in body, footnote


def test_the_joined_report_reads_back_through_the_import(rendered):
    """The import finds every paragraph and the masthead across the parts' seams. (Its reading of
    each paragraph's text and footnotes is that of the report laid out in one piece, which the
    first test shows the parts are, and is checked on the 2024 report in test_render_pdf.)"""
    report, _whole, parted = rendered
    parsed = parse_file(None, data=parted, file_name="report.pdf", gazetteer=reference_gazetteer())
    assert [p.number for p in parsed.paragraphs] == [p.number for p in report.paragraphs()]
    assert [p.section.heading for p in parsed.paragraphs][-1] == report.chapters[-1].sections[-1].heading
    assert (parsed.symbol, parsed.agenda_symbol) == (SYMBOL, "HSP/EB.2024/14")
