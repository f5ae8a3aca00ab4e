"""The PDF renderer: UN page layout (masthead, running headers, footnotes at the bottom of the
page that cites them), embedded fonts that read back as text, and the round trip through the
project's own PDF import, which must find the same report again."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from pdfminer.pdftypes import resolve1

from restrack.edreport.content import Anchor, Chapter, Footnote, Paragraph, Report, Section
from restrack.edreport.render.pdf import render_pdf
from restrack.edreport.tests.examples import example_report
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file
from restrack.reading.gazetteer import Gazetteer
from restrack.reading.readers.pdf import PDF_X_TOLERANCE, PDF_Y_TOLERANCE

SYMBOL, AGENDA_SYMBOL = "HSP/EB.2024/20", "HSP/EB.2024/14"
SAMPLE_2024 = Path(settings.BASE_DIR) / "samples" / "reports" / "zh-HSP-EB.2024-20.txt"
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"
CJK_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {language: example_report(language) for language in ("zh", "en")}


@pytest.fixture(scope="module")
def pdfs(reports) -> dict[str, bytes]:
    return {language: render_pdf(report) for language, report in reports.items()}


@pytest.fixture(scope="module")
def pages(pdfs) -> dict[str, list[str]]:
    """Each example's text, page by page, extracted as the import does."""
    return {language: _page_texts(pdf) for language, pdf in pdfs.items()}


def _page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text(x_tolerance=PDF_X_TOLERANCE, y_tolerance=PDF_Y_TOLERANCE) for page in document.pages]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _no_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_first_page_has_the_masthead_and_the_title_and_no_running_header(language, reports, pages):
    report, first = reports[language], pages[language][0]
    masthead = report.masthead
    lines = first.split("\n")
    assert lines[0] == f"{masthead.organization} {SYMBOL}"
    # (The body's lines sit beside the distribution column's, so its words come interleaved.)
    for text in (masthead.distribution, masthead.original, masthead.session, masthead.session_dates, report.subtitle):
        assert _no_spaces(text) in _no_spaces(first)
    assert _squeeze(report.title) in _squeeze(first.replace("\n", " " if language == "en" else ""))
    assert any(line.startswith(masthead.agenda_item[: masthead.agenda_marker_position] + "*") for line in lines)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_later_pages_start_with_the_symbol_and_the_page_number(language, pages):
    later = pages[language][1:]
    assert later, "the example should run to a second page (its annex starts one)"
    for number, text in enumerate(later, start=2):
        assert text.split("\n")[0] == f"{SYMBOL} {number}"


def test_without_a_symbol_the_running_header_has_the_page_number_only(gazetteer):
    pdf = render_pdf(example_report("en", symbol=None))
    first, second = _page_texts(pdf)
    assert first.split("\n")[0] == "United Nations"
    assert second.split("\n")[0] == "2"
    assert _parse(pdf, gazetteer).symbol is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_paragraph_starts_a_line_with_its_number(language, reports, pages):
    lines = [line for text in pages[language] for line in text.split("\n")]
    starts = [int(match[1]) for line in lines if (match := re.match(r"^(\d{1,3})\. \S", line))]
    assert starts == [paragraph.number for paragraph in reports[language].paragraphs()]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_footnotes_are_at_the_bottom_of_the_page_that_cites_them(language, reports, pages):
    assert _assert_footnotes_on_the_page_of_their_call(reports[language], pages[language]) == 2


def _assert_footnotes_on_the_page_of_their_call(report: Report, pages: list[str]) -> int:
    """Each footnote starts a line of its own, marker first, on the page whose text has its call
    (its number right after the text it annotates). Returns how many were checked."""
    checked = 0
    for paragraph in report.paragraphs():
        for text, footnote in paragraph.pieces():
            if footnote is None:
                continue
            start = f"\n{footnote.number} {footnote.text[:15]}"  # long ones run on to a second line
            page = next(p for p in pages if start in p)
            body = page[: page.index(start)]
            assert _no_spaces(text)[-5:] + str(footnote.number) in _no_spaces(body), footnote
            checked += 1
    return checked


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_agenda_footnote_keeps_its_asterisk_and_the_numbers_their_order(language, reports, pages):
    report = reports[language]
    first = pages[language][0].split("\n")
    asterisk = f"* {report.masthead.agenda_footnote}"
    notes = first[first.index(asterisk) :]
    assert notes == [asterisk] + [f"{f.number} {f.text}" for f in report.footnotes()]


# -- fonts, text and metadata ---------------------------------------------------------------------


def _fonts(pdf: bytes) -> dict[str, bool]:
    """The fonts the pages use: name → whether the PDF embeds the font program."""
    fonts = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for reference in resolve1(page.page_obj.resources.get("Font", {})).values():
                font = resolve1(reference)
                descendant = resolve1(resolve1(font["DescendantFonts"])[0]) if "DescendantFonts" in font else font
                descriptor = resolve1(descendant.get("FontDescriptor", {}))
                fonts[font["BaseFont"].name] = any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))
    return fonts


@pytest.mark.parametrize("language", ["zh", "en"])
def test_fonts_are_embedded_subsets(language, pdfs):
    fonts = _fonts(pdfs[language])
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"^[A-Z]{6}\+", name) for name in fonts), fonts  # subset prefix
    if language == "zh":
        assert any("Noto-Serif-CJK-SC" in name for name in fonts)


def test_chinese_text_comes_from_a_cjk_font_and_reads_back_whole(pdfs, pages):
    with pdfplumber.open(io.BytesIO(pdfs["zh"])) as document:
        chars = [char for page in document.pages for char in page.chars]
    assert all("CJK" in char["fontname"] for char in chars if CJK_RE.match(char["text"]))
    for language in ("zh", "en"):
        text = "".join(pages[language])
        assert "\ufffd" not in text and "(cid:" not in text


@pytest.mark.parametrize("language, lang", [("zh", "zh-Hans"), ("en", "en")])
def test_metadata(language, lang, reports, pdfs):
    with pdfplumber.open(io.BytesIO(pdfs[language])) as document:
        assert document.metadata["Title"] == reports[language].title
        assert document.metadata["Keywords"] == SYMBOL
        assert resolve1(document.doc.catalog["Lang"]).decode() == lang


@pytest.mark.subprocess
def test_first_page_as_png(pdfs, tmp_path):
    """Saved for people to look at: var/test-artifacts/report-zh-page1.png."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    source = tmp_path / "report-zh.pdf"
    source.write_bytes(pdfs["zh"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "report-zh-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(target)],
        check=True,
        timeout=30,
    )
    png = target.with_suffix(".png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


# -- the round trip through the import ------------------------------------------------------------


def _expected(report: Report) -> list[tuple]:
    """What the import should read: per paragraph its number, text, section heading and title,
    and footnotes (marker, text, where the marker stands)."""
    rows = []
    for chapter in report.chapters:
        for paragraph in chapter.paragraphs:
            rows.append(_row(paragraph, chapter.heading, None))
        for section in chapter.sections:
            rows.extend(_row(paragraph, section.heading, section.title) for paragraph in section.paragraphs)
    return rows


def _row(paragraph: Paragraph, heading: str, title: str | None) -> tuple:
    notes = [(str(a.footnote.number), a.footnote.text, a.offset) for a in paragraph.anchors]
    return paragraph.number, paragraph.text, heading, title, notes


def _read_back(parsed) -> list[tuple]:
    return [
        (
            p.number,
            _squeeze(p.text),
            _squeeze(p.section.heading),
            p.section.title,
            [(f.marker, f.text, f.anchor) for f in p.footnotes],
        )
        for p in parsed.paragraphs
    ]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The partners of the reference file: given to the import so that it needs no database
    (setting one up would take longer than all these tests)."""
    return reference_gazetteer()


def _parse(pdf: bytes, gazetteer: Gazetteer):
    return parse_file(None, data=pdf, file_name="report.pdf", gazetteer=gazetteer)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_round_trip_through_the_import(language, reports, pdfs, gazetteer):
    parsed = _parse(pdfs[language], gazetteer)
    assert _read_back(parsed) == _expected(reports[language])  # the annex ends the last paragraph
    assert parsed.symbol == SYMBOL
    assert parsed.agenda_symbol == AGENDA_SYMBOL
    assert parsed.language == language
    assert not parsed.warnings


@pytest.mark.parametrize("language", ["zh", "en"])
def test_round_trip_keeps_the_title(language, reports, pdfs, gazetteer):
    assert _parse(pdfs[language], gazetteer).title == reports[language].title


def _report_from(parsed, language: str) -> Report:
    """A report with the paragraphs, sections and footnotes of an imported one, under the
    example's masthead: chapter 一 for the introduction, then one chapter per Assembly session."""
    report = example_report(language, annex=False)
    report.chapters = []
    for paragraph in parsed.paragraphs:
        source = paragraph.section
        anchors = [Anchor(f.anchor, Footnote(int(f.marker), f.text, f.urls)) for f in paragraph.footnotes]
        content = Paragraph(paragraph.number, paragraph.text, anchors)
        if source.kind == "intro":
            report.chapters.append(Chapter("一、", "导言", [content]))
            continue
        numeral = "一二三四"[len(report.chapters)] + "、"
        title = f"联合国人居大会第 {source.session} 届会议通过的各项决议的执行情况"
        if report.chapters[-1].title != title:
            report.chapters.append(Chapter(numeral, title))
        sections = report.chapters[-1].sections
        if not sections or sections[-1].reference != source.reference:
            letter, _, name = source.heading.partition(". ")
            sections.append(Section(letter, name, source.title, reference=source.reference))
        sections[-1].paragraphs.append(content)
    return report


def _with_a_footnote_every(report: Report, step: int) -> Report:
    """More footnotes (a symbol after the first sentence of every `step`-th paragraph without
    one), all renumbered in the order they are cited, as reports number them."""
    for paragraph in report.paragraphs():
        if paragraph.number % step == 0 and not paragraph.anchors:
            cut = paragraph.text.find("。") + 1 or len(paragraph.text)
            paragraph.anchors = [Anchor(cut, Footnote(0, f"HSP/EB.2024/INF/{paragraph.number}。"))]
    for number, footnote in enumerate(report.footnotes(), start=1):
        footnote.number = number
    return report


def test_round_trip_of_a_real_report_with_many_footnotes(gazetteer):
    """HSP/EB.2024/20 (49 paragraphs, 15 sections), imported, given a footnote in every third
    paragraph besides its own three, rendered and imported again. So many footnotes make
    WeasyPrint push some to the page after their call, which render_pdf corrects. (How long it
    takes is measured by benchmarks/bench_report.py.)"""
    report = _with_a_footnote_every(_report_from(parse_file(SAMPLE_2024, gazetteer=gazetteer), "zh"), 3)
    assert len(list(report.paragraphs())) == 49 and len(report.footnotes()) == 19
    pdf = render_pdf(report)
    _assert_footnotes_on_the_page_of_their_call(report, _page_texts(pdf))
    parsed = _parse(pdf, gazetteer)
    assert _read_back(parsed) == _expected(report)
    assert not parsed.warnings
