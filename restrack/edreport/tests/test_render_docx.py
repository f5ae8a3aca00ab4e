"""The DOCX renderer: read the bytes back with python-docx (and the footnotes part with lxml), and
with the project's own report parser, which must find the same report in it."""

import io
import shutil
import zipfile

import docx
import pytest
from django.core.exceptions import ImproperlyConfigured
from docx.shared import Pt
from lxml import etree

from restrack.edreport.content import Anchor, Footnote, Paragraph
from restrack.edreport.render import docx as r
from restrack.edreport.render.docx import render_docx
from restrack.edreport.render.make_docx_template import build_template
from restrack.edreport.tests.examples import example_report
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _run_text(run) -> str:
    return "".join(
        "\t" if child.tag == _w("tab") else child.text or "" for child in run if child.tag in (_w("t"), _w("tab"))
    )


def _body(document) -> list[tuple[str, str]]:
    """(style name, text) of the paragraphs outside tables, in order."""
    return [(p.style.name, p.text) for p in document.paragraphs]


@pytest.fixture(scope="module")
def zh_docx() -> bytes:
    return render_docx(example_report("zh"))


@pytest.fixture(scope="module")
def en_docx() -> bytes:
    return render_docx(example_report("en"))


# -- layout ------------------------------------------------------------------------------------


def test_paragraphs_in_order_with_the_template_styles(zh_docx):
    report = example_report("zh")
    intro, implementation = report.chapters
    a, b = implementation.sections
    assert _body(_open(zh_docx)) == [
        (r.SESSION, "2024 年第二次会议"),
        (r.SESSION_DETAILS, "2024 年 11 月 12 日至 14 日，内罗毕"),
        (r.SESSION_DETAILS, "临时议程*项目 6"),
        (r.AGENDA_TITLE, "执行主任介绍人居大会通过的所有决议的执行情况"),
        (r.TITLE, report.title),
        (r.SUBTITLE, "执行主任的报告"),
        (r.CHAPTER, "一、导言"),
        (r.PARAGRAPH, "1.\t" + intro.paragraphs[0].text),
        (r.CHAPTER, "二、" + implementation.title),
        (r.SECTION, "A.\t第 2/6 号决议"),
        (r.SECTION_TITLE, "可持续发展目标本地化"),
        (r.PARAGRAPH, "2.\t" + a.paragraphs[0].text),
        (r.SECTION, "B.\t第 2/10 号决议"),
        (r.SECTION_TITLE, b.title),
        (r.PARAGRAPH, "3.\t人居署开发了更多的知识产品。"),
        (r.ANNEX_HEADING, "附件"),
        (r.ANNEX_TITLE, "截至 2024 年 12 月 31 日各项决议的供资情况"),
        (r.ANNEX_UNIT, "（美元）"),
        (r.ANNEX_NOTE, "数据为 2024-H2 期间公布的数据。"),
    ]


def test_english_headings_hang_their_numerals(en_docx):
    body = _body(_open(en_docx))
    assert (r.CHAPTER, "I.\tIntroduction") in body
    assert (r.SECTION, "A.\tResolution 2/6") in body
    assert (r.SESSION_DETAILS, "Item 6 of the provisional agenda*") in body


def test_masthead_table(zh_docx, en_docx):
    table = _open(zh_docx).tables[0]
    assert table.style.name == r.MASTHEAD_TABLE
    assert [(p.style.name, p.text) for p in table.cell(0, 0).paragraphs] == [(r.MASTHEAD, "联合国")]
    assert [(p.style.name, p.text) for p in table.cell(0, 1).paragraphs] == [(r.MASTHEAD_SYMBOL, "HSP/EB.2024/20")]
    assert [p.text for p in table.cell(1, 0).paragraphs] == ["联合国人类住区规划署执行局"]
    assert [(p.style.name, p.text) for p in table.cell(1, 1).paragraphs] == [
        (r.DISTRIBUTION, "Distr.: General"),
        (r.DISTRIBUTION, "2024 年 10 月 3 日"),
        (r.DISTRIBUTION, "Chinese"),
        (r.DISTRIBUTION, "Original: English"),
    ]
    # The original has no language line.
    english = _open(en_docx).tables[0]
    assert [p.text for p in english.cell(1, 1).paragraphs] == ["Distr.: General", "3 October 2024", "Original: English"]


def test_lines_that_are_unknown_are_left_out():
    report = example_report("en", annex=False, symbol=None)
    report.masthead.session_dates = None
    report.masthead.agenda_item_title = None
    document = _open(render_docx(report))
    styles = [style for style, _text in _body(document)]
    assert r.AGENDA_TITLE not in styles and r.ANNEX_HEADING not in styles
    assert styles[:3] == [r.SESSION, r.SESSION_DETAILS, r.TITLE]
    assert document.tables[0].cell(0, 1).paragraphs[0].text == ""
    assert len(document.tables) == 1


def test_annex_table_figures_and_bold_total(en_docx):
    document = _open(en_docx)
    table = document.tables[1]
    assert table.style.name == r.ANNEX_TABLE
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Resolution", "Resource requirements", "Resources mobilized", "Funding gap", "Gap (%)"],
        ["Resolution 2/6\nLocalizing the SDGs", "1,858,000", "600,000", "1,258,000", "68%"],
        ["Resolution 2/10\nEquitable financing", "500,000", "550,000", "surplus 50,000", "surplus 10%"],
        ["Total", "2,358,000", "1,150,000", "1,208,000", "51%"],
    ]
    total = table.rows[-1].cells
    assert [total[0].paragraphs[0].style.name, total[1].paragraphs[0].style.name] == [
        r.TABLE_TOTAL,
        r.TABLE_TOTAL_NUMBER,
    ]
    assert table.rows[1].cells[2].paragraphs[0].style.name == r.TABLE_NUMBER
    heading = next(p for p in document.paragraphs if p.style.name == r.ANNEX_HEADING)
    assert heading.paragraph_format.page_break_before is True


def test_missing_notes_are_printed_before_the_text_highlighted():
    report = example_report("zh", annex=False)
    report.chapters[0].paragraphs[0].missing_note = "仅有英文本"
    report.chapters[0].paragraphs[0].text = "The present report ..."
    report.chapters[1].sections[1].title_missing_note = "仅有英文本"
    body = _open(render_docx(report)).paragraphs
    paragraph = next(p for p in body if p.text.startswith("1.\t"))
    assert paragraph.text == "1.\t[仅有英文本] The present report ..."
    assert [(run.text, run.style.name) for run in paragraph.runs if run.style.name == r.MISSING_NOTE] == [
        ("[仅有英文本] ", r.MISSING_NOTE)
    ]
    title = next(p for p in body if p.style.name == r.SECTION_TITLE and "公平筹资" in p.text)
    assert title.runs[0].text == "[仅有英文本] " and title.runs[0].style.name == r.MISSING_NOTE


# -- footnotes ---------------------------------------------------------------------------------


def test_footnotes_part_holds_the_notes_in_order(zh_docx):
    notes = _part(zh_docx, "word/footnotes.xml").findall("w:footnote", NS)
    assert [(n.get(_w("id")), n.get(_w("type"))) for n in notes] == [
        ("-1", "separator"),
        ("0", "continuationSeparator"),
        ("1", None),
        ("2", None),
        ("3", None),
    ]
    texts = ["".join(n.itertext()) for n in notes[2:]]
    assert texts == [
        "* HSP/EB.2024/14。",
        " HSP/EB.2023/23。",
        " 可查阅 https://urbanpolicyplatform.org/download/url-7th-newsletter/。",
    ]
    # The numbered notes print Word's number (w:footnoteRef); the agenda note its own mark.
    assert [len(n.findall(".//w:footnoteRef", NS)) for n in notes[2:]] == [0, 1, 1]
    assert {p.find("w:pPr/w:pStyle", NS).get(_w("val")) for n in notes[2:] for p in n.findall("w:p", NS)} == {
        "UNFootnoteText"
    }


def test_footnote_references_stand_at_their_anchors(zh_docx):
    document = _part(zh_docx, "word/document.xml")
    references = document.findall(".//w:footnoteReference", NS)
    assert [(ref.get(_w("id")), ref.get(_w("customMarkFollows"))) for ref in references] == [
        ("1", "1"),
        ("2", None),
        ("3", None),
    ]
    # The agenda item's asterisk: the reference, then a run holding the mark, after "议程".
    agenda = references[0].getparent().getparent()
    assert "".join(agenda.itertext()) == "临时议程*项目 6"
    mark_run = references[0].getparent().getnext()
    assert mark_run.findtext("w:t", namespaces=NS) == "*"
    # Paragraph 2: note 1 after its first sentence, note 2 at its end.
    paragraph = references[1].getparent().getparent()
    pieces = []
    for run in paragraph.findall("w:r", NS):
        reference = run.find("w:footnoteReference", NS)
        pieces.append(f"[{reference.get(_w('id'))}]" if reference is not None else _run_text(run))
    assert "".join(pieces) == (
        "2.\t根据第 2/6 号决议第 4 (a)段，又有 8 个城市采用了城市监测框架。[2]"
        "执行局第 2023/6 号决定核可了该供资窗口的职权范围。[3]"
    )


def test_footnotes_part_is_declared_as_word_expects(zh_docx):
    content_types = _part(zh_docx, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in content_types}
    assert overrides["/word/footnotes.xml"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    )
    rels = _part(zh_docx, "word/_rels/document.xml.rels")
    assert any(rel.get("Type").endswith("/footnotes") and rel.get("Target") == "footnotes.xml" for rel in rels)
    footnote_pr = _part(zh_docx, "word/settings.xml").find("w:footnotePr", NS)
    assert [n.get(_w("id")) for n in footnote_pr.findall("w:footnote", NS)] == ["-1", "0"]


def test_urls_in_footnotes_are_links(en_docx):
    link = _part(en_docx, "word/footnotes.xml").find(".//w:hyperlink", NS)
    assert "".join(link.itertext()) == "https://urbanpolicyplatform.org/download/url-7th-newsletter/"
    rels = _part(en_docx, "word/_rels/footnotes.xml.rels")
    targets = {rel.get("Id"): (rel.get("Target"), rel.get("TargetMode")) for rel in rels}
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert targets[rid] == ("https://urbanpolicyplatform.org/download/url-7th-newsletter/", "External")


def test_footnotes_must_be_numbered_as_word_numbers_them():
    report = example_report("en", annex=False)
    paragraph = report.chapters[0].paragraphs[0]
    paragraph.anchors = [Anchor(10, Footnote(3, "Out of order."))]
    with pytest.raises(ValueError, match="Footnote 3 would show as 1"):
        render_docx(report)


# -- running header ----------------------------------------------------------------------------


def test_running_header_after_the_first_page(zh_docx):
    section = _open(zh_docx).sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    header = section.header.paragraphs[0]
    assert header.style.name == r.HEADER
    assert header.text.startswith("HSP/EB.2024/20\t")
    xml = etree.tostring(section.header.part.element, encoding="unicode")
    assert "<w:instrText" in xml and " PAGE " in xml and 'w:fldCharType="begin"' in xml


def test_page_setup_comes_from_the_template(zh_docx):
    section = _open(zh_docx).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


# -- round trip through the project's report parser ---------------------------------------------


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _expected_paragraphs(report) -> list[tuple]:
    rows = []
    for chapter in report.chapters:
        for paragraph in chapter.paragraphs:
            rows.append((paragraph.number, chapter.heading, None, _squeeze(paragraph.text), _notes(paragraph)))
        for section in chapter.sections:
            for paragraph in section.paragraphs:
                rows.append(
                    (paragraph.number, section.heading, section.title, _squeeze(paragraph.text), _notes(paragraph))
                )
    return rows


def _notes(paragraph: Paragraph) -> list[tuple[str, str]]:
    return [(str(anchor.footnote.number), anchor.footnote.text) for anchor in paragraph.anchors]


def _parsed_paragraphs(parsed) -> list[tuple]:
    return [
        (
            p.number,
            p.section.heading,
            p.section.title if p.section.number else None,
            _squeeze(p.text),
            [(f.marker, f.text) for f in p.footnotes],
        )
        for p in parsed.paragraphs
    ]


def _parse(data: bytes):
    # The reference gazetteer (a JSON file), not the database's: the round trip needs no database.
    return parse_file(None, data=data, file_name="report.docx", gazetteer=reference_gazetteer())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_report_parser_reads_the_report_back(language):
    report = example_report(language, annex=False)
    parsed = _parse(render_docx(report))
    assert _parsed_paragraphs(parsed) == _expected_paragraphs(report)
    assert parsed.symbol == "HSP/EB.2024/20"
    assert parsed.agenda_symbol == "HSP/EB.2024/14"
    assert parsed.title == report.title
    assert parsed.language == language
    assert [(f.marker, f.text) for f in parsed.footnotes] == [(str(f.number), f.text) for f in report.footnotes()]
    assert (parsed.meeting.year, parsed.meeting.session, parsed.meeting.agenda_item) == (2024, 2, "6")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_report_parser_stops_at_the_annex_and_reads_the_agenda_items_title(language):
    report = example_report(language, annex=True)
    parsed = _parse(render_docx(report))
    assert _parsed_paragraphs(parsed) == _expected_paragraphs(report)
    assert parsed.meeting.agenda_title == report.masthead.agenda_item_title


# -- the template ------------------------------------------------------------------------------


def test_a_restyled_template_restyles_the_report(settings, tmp_path):
    template = tmp_path / "restyled.docx"
    shutil.copy(r.DEFAULT_TEMPLATE, template)
    restyled = docx.Document(str(template))
    restyled.styles[r.PARAGRAPH].font.size = Pt(14)
    restyled.save(str(template))
    settings.RESTRACK_REPORT_DOCX_TEMPLATE = str(template)

    document = _open(render_docx(example_report("en", annex=False)))
    assert document.styles[r.PARAGRAPH].font.size == Pt(14)
    assert any(p.style.name == r.PARAGRAPH for p in document.paragraphs)
    # The shipped template is untouched: its paragraphs take Normal's 10 pt.
    assert docx.Document(str(r.DEFAULT_TEMPLATE)).styles[r.PARAGRAPH].font.size is None


def test_a_template_without_a_style_is_refused(settings, tmp_path):
    template = tmp_path / "renamed.docx"
    shutil.copy(r.DEFAULT_TEMPLATE, template)
    renamed = docx.Document(str(template))
    renamed.styles[r.SECTION_TITLE].name = "Instrument title"
    renamed.save(str(template))
    settings.RESTRACK_REPORT_DOCX_TEMPLATE = str(template)
    with pytest.raises(ImproperlyConfigured, match="lacks the styles UN Section Title"):
        render_docx(example_report("en"))


def test_a_missing_template_is_refused(settings, tmp_path):
    settings.RESTRACK_REPORT_DOCX_TEMPLATE = str(tmp_path / "nowhere.docx")
    with pytest.raises(ImproperlyConfigured, match="RESTRACK_REPORT_DOCX_TEMPLATE"):
        render_docx(example_report("en"))


def test_the_template_script_defines_every_style_and_the_fonts(tmp_path):
    path = tmp_path / "template.docx"
    build_template().save(str(path))
    document = r.open_template(path)  # refuses a template without the renderer's styles
    fonts = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert (fonts.get(_w("ascii")), fonts.get(_w("hAnsi")), fonts.get(_w("eastAsia"))) == (
        "Times New Roman",
        "Times New Roman",
        "SimSun",
    )
    assert r.open_template(r.DEFAULT_TEMPLATE) is not None  # the shipped file too


def test_a_document_without_footnotes_part_gets_one():
    document = docx.Document()
    part = r.footnotes_part(document)
    assert [n.get(_w("type")) for n in part.element.findall("w:footnote", NS)] == ["separator", "continuationSeparator"]
    assert document.settings.element.find("w:footnotePr", NS) is not None
    assert r.footnotes_part(document) is part


def test_fifty_paragraphs_render_in_order():
    """(How long it takes is measured by benchmarks/bench_report.py --scale.)"""
    report = example_report("zh")
    section = report.chapters[1].sections[1]
    number, note = 3, 2
    for _ in range(47):
        number, note = number + 1, note + 1
        text = "人居署开发了更多的知识产品，并与各国政府合作。" * 8
        anchors = [Anchor(len(text), Footnote(note, f"HSP/EB.2023/{note}。"))]
        section.paragraphs.append(Paragraph(number, text, anchors))
    data = render_docx(report)
    assert _body(_open(data))[-5] == (r.PARAGRAPH, f"50.\t{text}")
