"""The DOCX and PDF versions of the resolution corpus, made at test time (nothing binary is
committed): DOCX with python-docx from each document's structure (corpus.py), PDF from that DOCX
with LibreOffice, all the documents in one `soffice` run (it takes seconds to start).

The DOCX is laid out as the United Nations prints resolutions: masthead and title block as
paragraphs (the number and title line in bold), the address line, preambular paragraphs whose
first words are italic, operative paragraphs "1.<tab>Decides ..." with the operative verb in
italics and sub-paragraphs indented under them, then the annex. The page header of every page
but the first holds the symbol and the page number (a PAGE field); the first-page footer holds
the job number and the bar code. Footnotes are real Word footnotes (the helpers of
tests/fixtures/make_fixtures.py). In the document with `auto_numbering`, the labels of the
operative paragraphs are Word's automatic numbering (numbering.xml: "%1." decimal, "(%2)"
lowerLetter, "(%3)" lowerRoman) and are not in the paragraphs' text."""

from __future__ import annotations

import io
import re
from pathlib import Path

from restrack.reading.tests.layouts.build import docx_to_pdf, make_fixtures, soffice
from restrack.reading.tests.resolutions.corpus import Doc, lead

__all__ = ["docx_bytes", "make_pdfs", "soffice"]

# The line "2/6. Title" (Arabic: "2/10 - Title"), in bold.
_TITLE_LINE = re.compile(r"^\d+/\d+(?:\.| -) ")
_INDENT_CM = 1.0  # per level of sub-paragraphs


def _fill(paragraph, text: str) -> None:
    """Runs of `text` in `paragraph`: its first words italic (when they are a known lead), `{fn:N}`
    as Word footnote references, `{pagebreak}` as page breaks."""
    from docx.enum.text import WD_BREAK

    first = lead(text)
    if first:
        paragraph.add_run(first).italic = True
        text = text[len(first) :]
    for piece in re.split(r"(\{fn:\d+\}|\{pagebreak\})", text):
        if piece.startswith("{fn:"):
            make_fixtures.add_footnote_reference(paragraph, int(piece[4:-1]))
        elif piece == "{pagebreak}":
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        elif piece:
            paragraph.add_run(piece)


def _page_number_field(paragraph) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple>'))


_LEVELS = (("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)"))


def _add_numbering(document) -> int:
    """A multilevel list in numbering.xml ("1.", "(a)", "(i)"); returns its w:numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract_id = max((int(n) for n in numbering.xpath("./w:abstractNum/@w:abstractNumId")), default=-1) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{567 * (level + 1)}" w:hanging="567"/></w:pPr></w:lvl>'
        for level, (fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    nums = numbering.xpath("./w:num")
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(abstract_id).numId


def _number(paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


_BIDI_SUCCESSORS = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing")
_BIDI_SUCCESSORS += ("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment")
_BIDI_SUCCESSORS += ("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr")
_RTL_SUCCESSORS = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _right_to_left(paragraphs) -> None:
    """Paragraphs right-to-left (w:bidi) and their runs right-to-left text (w:rtl), as Arabic
    documents are written."""
    from docx.oxml import OxmlElement

    for paragraph in paragraphs:
        paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_BIDI_SUCCESSORS)
        for run in paragraph._p.xpath("./w:r"):
            run.get_or_add_rPr().insert_element_before(OxmlElement("w:rtl"), *_RTL_SUCCESSORS)


def _short_job_number(job_number: str) -> str:
    """ "GE.23-11234 (E)" -> "23-11234", as later pages print it."""
    return re.sub(r"^GE\.|\s*\(\w\)$", "", job_number)


def docx_bytes(doc: Doc) -> bytes:
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.core_properties.author = "Restrack resolution corpus (made-up text)"
    document.core_properties.title = "Made-up test document"
    section = document.sections[0]
    section.different_first_page_header_footer = True
    if doc.page_header:
        section.header.paragraphs[0].add_run(doc.page_header)
        _page_number_field(section.header.add_paragraph())
    if doc.job_number:
        footer = section.first_page_footer
        footer.paragraphs[0].add_run(doc.job_number)
        footer.add_paragraph().add_run(doc.barcode or "")
        section.footer.paragraphs[0].add_run(_short_job_number(doc.job_number))

    for line in doc.front:
        paragraph = document.add_paragraph()
        if _TITLE_LINE.match(line):
            paragraph.add_run(line).bold = True
        else:
            _fill(paragraph, line)
    if doc.address:
        document.add_paragraph().add_run(doc.address)
    for text in doc.preamble_source:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(_INDENT_CM)
        paragraph.paragraph_format.space_after = Pt(6)
        _fill(paragraph, text)
    num_id = _add_numbering(document) if doc.auto_numbering else None
    for depth, it in doc.items():
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(6)
        if num_id is not None:
            _number(paragraph, num_id, depth)
        else:
            paragraph.paragraph_format.left_indent = Cm(_INDENT_CM * (depth + 1))
            paragraph.paragraph_format.first_line_indent = Cm(-_INDENT_CM)
            paragraph.add_run(f"{it.label}\t")
        _fill(paragraph, it.text)
    for index, line in enumerate(doc.annex):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = index < 2  # "Annex" and the annex's title
    if doc.notes:
        make_fixtures.add_footnotes_part(document, {n: (None, text) for n, text in sorted(doc.notes.items())})
    if doc.right_to_left:
        _right_to_left(document.paragraphs)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdfs(docs: list[Doc], folder: Path) -> dict[str, Path]:
    """Write each document's DOCX into `folder` and convert them all to PDF with LibreOffice in one run."""
    return docx_to_pdf({doc.name: docx_bytes(doc) for doc in docs}, folder)
