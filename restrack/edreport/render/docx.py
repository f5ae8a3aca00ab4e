"""The Executive Director's report as a Word document (DOCX), in UN layout, on a template the
secretariat can restyle.

Every paragraph, run and table here takes a *named style* of the template
(`report-template.docx`, made by `make_docx_template.py`; the Django setting
`RESTRACK_REPORT_DOCX_TEMPLATE` names another file): fonts, sizes, indents, spacing and rules
all live in the template, so restyling it restyles every report. The only properties set here
directly are structural: the annex starts on a new page, the first page has no running header,
column widths.

Paragraph numbers are literal text ("12." and a tab), not Word list numbering, so they read back
exactly as composed. python-docx has no footnote API: the footnotes are WordprocessingML elements
appended to the template's `word/footnotes.xml` part; the agenda footnote has Word's custom mark
"*", the others Word's automatic numbers, which run 1, 2, 3 in order of reference and so match
`Footnote.number`.

The output reads back through `restrack.ingest.pipeline.parse_file` as the same paragraphs,
sections, footnotes, symbol and title (see tests/test_render_docx.py).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import docx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from restrack.edreport.content import Annex, AnnexRow, Chapter, Footnote, Paragraph, Report, Section

DEFAULT_TEMPLATE = Path(__file__).with_name("report-template.docx")
TEMPLATE_SETTING = "RESTRACK_REPORT_DOCX_TEMPLATE"

# -- the template's style names (make_docx_template.py defines them) -------------------------

# Paragraph styles
MASTHEAD = "UN Masthead"  # "United Nations" / "联合国"
MASTHEAD_SYMBOL = "UN Masthead Symbol"  # the report's symbol, top right
MASTHEAD_BODY = "UN Masthead Body"  # "Executive Board of the ..."
DISTRIBUTION = "UN Distribution"  # "Distr.: General", date, language, "Original: English"
SESSION = "UN Session"  # "Second session of 2024"
SESSION_DETAILS = "UN Session Details"  # dates and place; "Item 6 of the provisional agenda*"
AGENDA_TITLE = "UN Agenda Title"
TITLE = "UN Title"
SUBTITLE = "UN Subtitle"  # "Report of the Executive Director"
CHAPTER = "UN Chapter"  # HCh: "I. Introduction"
SECTION = "UN Section"  # H1: "A. Resolution 1/1"
SECTION_TITLE = "UN Section Title"  # the instrument's title, on the line after
PARAGRAPH = "UN Paragraph"  # SingleTxt: "12." tab text, justified, hanging number
FOOTNOTE_TEXT = "UN Footnote Text"
HEADER = "UN Header"  # symbol on the left, page number at a right tab stop
ANNEX_HEADING = "UN Annex Heading"
ANNEX_TITLE = "UN Annex Title"
ANNEX_UNIT = "UN Annex Unit"  # "(United States dollars)"
ANNEX_NOTE = "UN Annex Note"
TABLE_HEADING = "UN Table Heading"
TABLE_HEADING_NUMBER = "UN Table Heading Number"
TABLE_TEXT = "UN Table Text"
TABLE_NUMBER = "UN Table Number"
TABLE_TOTAL = "UN Table Total"
TABLE_TOTAL_NUMBER = "UN Table Total Number"
# Character styles
FOOTNOTE_REFERENCE = "UN Footnote Reference"
MISSING_NOTE = "UN Missing Note"  # "[Text in English only] " before a borrowed text
HYPERLINK = "UN Hyperlink"
# Table styles
MASTHEAD_TABLE = "UN Masthead Table"
ANNEX_TABLE = "UN Annex Table"

PARAGRAPH_STYLES = (
    MASTHEAD,
    MASTHEAD_SYMBOL,
    MASTHEAD_BODY,
    DISTRIBUTION,
    SESSION,
    SESSION_DETAILS,
    AGENDA_TITLE,
    TITLE,
    SUBTITLE,
    CHAPTER,
    SECTION,
    SECTION_TITLE,
    PARAGRAPH,
    FOOTNOTE_TEXT,
    HEADER,
    ANNEX_HEADING,
    ANNEX_TITLE,
    ANNEX_UNIT,
    ANNEX_NOTE,
    TABLE_HEADING,
    TABLE_HEADING_NUMBER,
    TABLE_TEXT,
    TABLE_NUMBER,
    TABLE_TOTAL,
    TABLE_TOTAL_NUMBER,
)
CHARACTER_STYLES = (FOOTNOTE_REFERENCE, MISSING_NOTE, HYPERLINK)
TABLE_STYLES = (MASTHEAD_TABLE, ANNEX_TABLE)

# Shares of the text width: the masthead's two columns, the annex table's first column (the
# instrument and its title; the four figures share the rest).
MASTHEAD_COLUMNS = (0.6, 0.4)
ANNEX_FIRST_COLUMN = 0.4

# -- WordprocessingML names, resolved once -------------------------------------------------

W_P, W_PPR, W_PSTYLE, W_R, W_RPR, W_RSTYLE = (qn(f"w:{name}") for name in ("p", "pPr", "pStyle", "r", "rPr", "rStyle"))
W_T, W_TAB, W_BR, W_VAL, W_ID = (qn(f"w:{name}") for name in ("t", "tab", "br", "val", "id"))
W_FOOTNOTE, W_FOOTNOTE_REF, W_HYPERLINK = qn("w:footnote"), qn("w:footnoteRef"), qn("w:hyperlink")
W_PAGE_BREAK_BEFORE, R_ID, XML_SPACE = qn("w:pageBreakBefore"), qn("r:id"), qn("xml:space")
_RUN_SPECIALS = re.compile(r"(\t|\n|\r)")

# -- the footnotes part ----------------------------------------------------------------------

# Word's own separators: the rule above the footnotes, and the one where they continue on the
# next page. Word numbers them -1 and 0 and lists them in the settings' w:footnotePr.
FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
SEPARATOR_TYPES = ("separator", "continuationSeparator", "continuationNotice")
# What may follow w:footnotePr in w:settings (schema order), so it is inserted where Word puts it.
SETTINGS_AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def footnotes_part(document) -> StoryPart:
    """The document's footnotes part, as XML that python-docx saves back; added (with Word's
    separators and settings) when the document has none."""
    part = related_story_part(document.part, RT.FOOTNOTES)
    if part is None:
        part = StoryPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(FOOTNOTES_XML), document.part.package
        )
        document.part.relate_to(part, RT.FOOTNOTES)
    _footnote_settings(document)
    return part


def related_story_part(source, reltype: str) -> StoryPart | None:
    """The part `source` relates to by `reltype`. python-docx loads parts it has no class for
    (footnotes among them) as bytes: such a part is replaced by a StoryPart holding the same XML
    and relationships, so it can be edited as XML, resolve style names, and be saved back."""
    for rId, rel in list(source.rels.items()):
        if rel.reltype != reltype or rel.is_external:
            continue
        part = rel.target_part
        if isinstance(part, StoryPart):
            return part
        story = StoryPart.load(part.partname, part.content_type, part.blob, part.package)
        for inner in part.rels.values():
            story.load_rel(
                inner.reltype,
                inner.target_ref if inner.is_external else inner.target_part,
                inner.rId,
                inner.is_external,
            )
        source.drop_rel(rId)
        source.relate_to(story, reltype)
        return story
    return None


def _footnote_settings(document) -> None:
    settings_element = document.settings.element
    if settings_element.find(qn("w:footnotePr")) is not None:
        return
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings_element.insert_element_before(footnote_pr, *SETTINGS_AFTER_FOOTNOTE_PR)


class _Xml:
    """WordprocessingML paragraphs and runs made directly with lxml, as python-docx makes them
    (`add_paragraph(text, style)`, `add_run(text, style)`), but at the cost of building the
    elements only: python-docx resolves a style name by scanning every style of the template and
    re-reads the body's children for each paragraph it adds, which grows with the report. The
    template's style ids are read once here."""

    def __init__(self, document):
        self.style_ids: dict[str, str | None] = {}
        for name in (*PARAGRAPH_STYLES, *CHARACTER_STYLES):
            style = document.styles[name]
            # python-docx writes no w:pStyle / w:rStyle for the template's default style.
            self.style_ids[name] = None if style.element.default else style.style_id

    def p(self, style: str | None = None, text: str | None = None, *, parent=None):
        """A paragraph in `style`, with `text` as one run (python-docx's add_paragraph)."""
        p = OxmlElement("w:p") if parent is None else etree.SubElement(parent, W_P)
        self.set_style(p, style)
        if text:
            self.run(p, text)
        return p

    def set_style(self, p, style: str | None) -> None:
        style_id = self.style_ids[style] if style else None
        if style_id is not None:
            ppr = p.find(W_PPR)
            if ppr is None:
                ppr = etree.Element(W_PPR)
                p.insert(0, ppr)
            etree.SubElement(ppr, W_PSTYLE).set(W_VAL, style_id)

    def run(self, parent, text: str = "", style: str | None = None):
        """A run of `text` (tabs and line breaks as Word's elements) in the character `style`."""
        r = etree.SubElement(parent, W_R)
        style_id = self.style_ids[style] if style else None
        if style_id is not None:
            etree.SubElement(etree.SubElement(r, W_RPR), W_RSTYLE).set(W_VAL, style_id)
        if text:
            _append_text(r, text)
        return r


def _append_text(r, text: str) -> None:
    """`text` into run `r` as python-docx's Run.text writes it: w:t pieces, w:tab for a tab,
    w:br for a line break (xml:space="preserve" where a piece has outer spaces)."""
    for piece in _RUN_SPECIALS.split(text):
        if not piece:
            continue
        if piece == "\t":
            etree.SubElement(r, W_TAB)
        elif piece in ("\n", "\r"):
            etree.SubElement(r, W_BR)
        else:
            t = etree.SubElement(r, W_T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(XML_SPACE, "preserve")


class _Footnotes:
    """Writes footnotes into the footnotes part and their references into the text."""

    def __init__(self, document, xml: _Xml):
        self.xml = xml
        self.part = footnotes_part(document)
        kept_ids = [0]
        for note in list(self.part.element.iterchildren(qn("w:footnote"))):
            if note.get(qn("w:type")) in SEPARATOR_TYPES:
                kept_ids.append(int(note.get(qn("w:id"), "0")))
            else:
                self.part.element.remove(note)  # a template's sample footnote
        # Word numbers its separators -1 and 0, older versions 0 and 1: new ids come after them.
        self.next_id = max(kept_ids) + 1
        self.automatic = 0  # the number Word shows on the last automatic footnote
        self.links: dict[str, str] = {}  # URL -> the footnotes part's relationship id

    def cite(self, p, footnote: Footnote) -> None:
        """An automatically numbered footnote: Word numbers them in order of reference."""
        self.automatic += 1
        if footnote.number != self.automatic:
            raise ValueError(
                f"Footnote {footnote.number} would show as {self.automatic} in Word, which numbers footnotes "
                "1, 2, 3 ... in order of reference: the report's footnotes must be numbered that way."
            )
        note_id = self._note(footnote.text, footnote.urls, mark=None)
        self.xml.run(p, style=FOOTNOTE_REFERENCE).append(_footnote_reference(note_id))

    def cite_with_mark(self, p, mark: str, text: str) -> None:
        """A footnote with a custom mark (Word's "Custom mark"): the mark is the text that follows
        the reference, and the footnote takes no number."""
        note_id = self._note(text, [], mark=mark)
        self.xml.run(p, style=FOOTNOTE_REFERENCE).append(_footnote_reference(note_id, custom=True))
        self.xml.run(p, mark, style=FOOTNOTE_REFERENCE)

    def _note(self, text: str, urls: list[str], *, mark: str | None) -> str:
        note_id = str(self.next_id)
        self.next_id += 1
        note = etree.SubElement(self.part.element, W_FOOTNOTE)
        note.set(W_ID, note_id)
        p = self.xml.p(FOOTNOTE_TEXT, parent=note)
        own_mark = self.xml.run(p, mark or "", style=FOOTNOTE_REFERENCE)
        if mark is None:
            etree.SubElement(own_mark, W_FOOTNOTE_REF)  # Word prints the note's number here
        self.xml.run(p, " ")
        self._text_with_links(p, text, urls)
        return note_id

    def _text_with_links(self, p, text: str, urls: list[str]) -> None:
        """The text, with each of `urls` found in it made a hyperlink (related from the footnotes part)."""
        position = 0
        for url in urls:
            at = text.find(url, position)
            if at < 0:
                continue
            if at > position:
                self.xml.run(p, text[position:at])
            if url not in self.links:
                self.links[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
            link = etree.SubElement(p, W_HYPERLINK)
            link.set(R_ID, self.links[url])
            self.xml.run(link, url, style=HYPERLINK)
            position = at + len(url)
        if position < len(text):
            self.xml.run(p, text[position:])


def _footnote_reference(note_id: str, *, custom: bool = False):
    attributes = {qn("w:id"): note_id}
    if custom:
        attributes[qn("w:customMarkFollows")] = "1"
    return OxmlElement("w:footnoteReference", attributes)


# -- the template ----------------------------------------------------------------------------


def template_path() -> Path:
    configured = getattr(settings, TEMPLATE_SETTING, None)
    return Path(configured) if configured else DEFAULT_TEMPLATE


def open_template(path: Path | None = None):
    """The template as a python-docx Document, checked for the styles the renderer uses."""
    path = path or template_path()
    try:
        document = docx.Document(str(path))
    except Exception as error:  # noqa: BLE001 - missing file, not a ZIP, not a Word document
        raise ImproperlyConfigured(
            f"Cannot open the DOCX report template {path} ({error}). Check the setting {TEMPLATE_SETTING}, or "
            "regenerate the shipped one with `python -m restrack.edreport.render.make_docx_template`."
        ) from None
    missing = [name for name in (*PARAGRAPH_STYLES, *CHARACTER_STYLES, *TABLE_STYLES) if name not in document.styles]
    if missing:
        raise ImproperlyConfigured(
            f"The DOCX report template {path} lacks the styles {', '.join(missing)}. Restyle these styles "
            "rather than renaming or deleting them."
        )
    return document


# -- the report ------------------------------------------------------------------------------


def render_docx(report: Report) -> bytes:
    document = open_template()
    _DocxWriter(document, report).write()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _DocxWriter:
    """Writes the report into the template's body. Paragraphs are made with `_Xml` and put
    before the body's section properties (w:sectPr, which stays last), in order."""

    def __init__(self, document, report: Report):
        self.document = document
        self.report = report
        self.xml = _Xml(document)
        self.footnotes = _Footnotes(document, self.xml)
        section = document.sections[0]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.body = document.element.body

    def write(self) -> None:
        # The template gives styles and page setup; any sample text in it is not the report's.
        self.body.clear_content()
        self.end = self.body.sectPr  # new content goes before it (None: at the end)
        self._properties()
        self._masthead()
        self._title_block()
        for chapter in self.report.chapters:
            self._chapter(chapter)
        if self.report.not_covered:
            self._line(self.report.not_covered_heading, SECTION)
            for item in self.report.not_covered:
                self._line(item.line, ANNEX_NOTE)
        if self.report.annex:
            self._annex(self.report.annex)
        self._running_header()

    def _add(self, element):
        if self.end is None:
            self.body.append(element)
        else:
            self.end.addprevious(element)
        return element

    def _properties(self) -> None:
        properties = self.document.core_properties
        properties.title = self.report.title
        properties.subject = self.report.subtitle
        properties.identifier = self.report.masthead.symbol or ""
        properties.language = self.report.content_language
        properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
        properties.last_modified_by = "Restrack"
        properties.revision = 1

    def _line(self, text: str | None, style: str):
        """A paragraph of plain text; nothing when the text is unknown."""
        return self._add(self.xml.p(style, text)) if text else None

    # -- first page --------------------------------------------------------------------------

    def _masthead(self) -> None:
        """UN masthead as a two-column table: organization | symbol, then body | distribution."""
        masthead = self.report.masthead
        cells = self._table(2, MASTHEAD_TABLE, [int(self.text_width * share) for share in MASTHEAD_COLUMNS])
        self._fill(cells[0][0], [masthead.organization], MASTHEAD)
        self._fill(cells[0][1], [masthead.symbol], MASTHEAD_SYMBOL)
        self._fill(cells[1][0], [masthead.body], MASTHEAD_BODY)
        self._fill(
            cells[1][1],
            [masthead.distribution, masthead.date, masthead.language_name, masthead.original],
            DISTRIBUTION,
        )

    def _title_block(self) -> None:
        masthead = self.report.masthead
        self._line(masthead.session, SESSION)
        self._line(masthead.session_dates, SESSION_DETAILS)
        self._agenda_item()
        self._line(masthead.agenda_item_title, AGENDA_TITLE)
        self._line(self.report.title, TITLE)
        self._line(self.report.subtitle, SUBTITLE)

    def _agenda_item(self) -> None:
        """ "Item 6 of the provisional agenda*", the asterisk a custom-mark footnote to the agenda."""
        masthead = self.report.masthead
        if not masthead.agenda_item:
            return
        p = self._add(self.xml.p(SESSION_DETAILS))
        at = masthead.agenda_marker_position
        if at is None:
            self.xml.run(p, masthead.agenda_item)
            return
        self.xml.run(p, masthead.agenda_item[:at])
        self.footnotes.cite_with_mark(p, "*", masthead.agenda_footnote)
        if masthead.agenda_item[at:]:
            self.xml.run(p, masthead.agenda_item[at:])

    # -- body --------------------------------------------------------------------------------

    def _chapter(self, chapter: Chapter) -> None:
        self._line(_hanging(chapter.heading), CHAPTER)
        for paragraph in chapter.paragraphs:
            self._paragraph(paragraph)
        for section in chapter.sections:
            self._section(section)

    def _section(self, section: Section) -> None:
        self._line(_hanging(section.heading), SECTION)
        title = self._add(self.xml.p(SECTION_TITLE))
        if section.title_missing_note:
            self.xml.run(title, f"[{section.title_missing_note}] ", style=MISSING_NOTE)
        self.xml.run(title, section.title)
        for paragraph in section.paragraphs:
            self._paragraph(paragraph)

    def _paragraph(self, paragraph: Paragraph) -> None:
        out = self._add(self.xml.p(PARAGRAPH))
        self.xml.run(out, f"{paragraph.number}.\t")
        if paragraph.missing_note:
            self.xml.run(out, f"[{paragraph.missing_note}] ", style=MISSING_NOTE)
        for text, footnote in paragraph.pieces():
            if text:
                self.xml.run(out, text)
            if footnote is not None:
                self.footnotes.cite(out, footnote)

    # -- annex -------------------------------------------------------------------------------

    def _annex(self, annex: Annex) -> None:
        heading = self._add(self.xml.p(ANNEX_HEADING, annex.heading))
        ppr = heading.find(W_PPR)
        if ppr is None:
            ppr = etree.Element(W_PPR)
            heading.insert(0, ppr)
        etree.SubElement(ppr, W_PAGE_BREAK_BEFORE)  # after w:pStyle, as the schema orders them
        self._line(annex.title, ANNEX_TITLE)
        self._line(annex.unit_note, ANNEX_UNIT)
        first = int(self.text_width * ANNEX_FIRST_COLUMN)
        others = (self.text_width - first) // max(1, len(annex.columns) - 1)
        rows = self._table(len(annex.rows) + 2, ANNEX_TABLE, [first] + [others] * (len(annex.columns) - 1))
        self._fill(rows[0][0], annex.columns[:1], TABLE_HEADING)
        for cell, heading_text in zip(rows[0][1:], annex.columns[1:]):
            self._fill(cell, [heading_text], TABLE_HEADING_NUMBER)
        for cells, values in zip(rows[1:-1], annex.rows):
            self._annex_row(cells, values, TABLE_TEXT, TABLE_NUMBER)
        self._annex_row(rows[-1], annex.total, TABLE_TOTAL, TABLE_TOTAL_NUMBER)
        for note in annex.notes:
            self._line(note, ANNEX_NOTE)

    def _annex_row(self, cells, row: AnnexRow, text_style: str, number_style: str) -> None:
        report = self.report
        self._fill(cells[0], [row.name, row.title], text_style)
        figures = report.annex_figures(row)
        for cell, figure in zip(cells[1:], figures):
            self._fill(cell, [figure], number_style)

    def _table(self, rows: int, style: str, widths: list[int]) -> list[list]:
        """A table as python-docx makes it (style, grid, cell widths), put in the body; returns
        its cells (w:tc elements) row by row."""
        table = self.document.add_table(rows=rows, cols=len(widths), style=style)
        tbl = table._tbl
        self._add(tbl)  # add_table put it at the body's end, before w:sectPr: the same place
        for column, width in zip(tbl.tblGrid.gridCol_lst, widths):
            column.w = width
        cells = [list(tr.tc_lst) for tr in tbl.tr_lst]
        for row in cells:
            for tc, width in zip(row, widths):
                tc.width = width
        return cells

    def _fill(self, tc, lines: list[str | None], style: str) -> None:
        """A table cell's paragraphs, one per known line, in `style` (an empty one when none is)."""
        lines = [line for line in lines if line]
        first = tc.find(W_P)
        self.xml.set_style(first, style)
        if lines:
            self.xml.run(first, lines[0])
        for line in lines[1:]:
            self.xml.p(style, line, parent=tc)

    # -- running header ----------------------------------------------------------------------

    def _running_header(self) -> None:
        """Pages after the first: the symbol on the left, the page number on the right. The
        first page has the masthead and no running header (Word's "different first page")."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        _fresh(section.first_page_header)
        header = _fresh(section.header)
        paragraph = header.paragraphs[0]
        paragraph.style = HEADER
        if self.report.header_symbol:
            paragraph.add_run(self.report.header_symbol)
        paragraph.add_run("\t")
        _page_field(paragraph)


def _hanging(heading: str) -> str:
    """ "I. Introduction" → "I.<tab>Introduction": the UN hangs a heading's numeral in the margin
    with the text at the indent. "一、导言" has no space after its numeral and stays as it is."""
    numeral, space, rest = heading.partition(" ")
    return f"{numeral}\t{rest}" if space and numeral.endswith(".") else heading


def _fresh(header):
    """The header, emptied: the template's own header part (if any) is dropped for a new one."""
    header.is_linked_to_previous = True
    header.is_linked_to_previous = False
    return header


def _page_field(paragraph: WordParagraph) -> None:
    """A PAGE field, as Word writes it: begin, instruction, separate, current result, end."""
    paragraph.add_run().element.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = " PAGE "
    paragraph.add_run().element.append(instruction)
    paragraph.add_run().element.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    paragraph.add_run("2")  # shown until the field is updated; Word and LibreOffice update it
    paragraph.add_run().element.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
