"""Makes `report-template.docx`, the Word template of the Executive Director's report:

    python -m restrack.edreport.render.make_docx_template [output.docx]

The template holds the page setup (A4, UN-like margins), the fonts (Times New Roman for Latin
text; SimSun for Chinese, with Noto Serif CJK SC named as its alternative in the font table, for
Word where SimSun is not installed; LibreOffice ignores that and falls back to an installed CJK
font by itself),
the named styles that `docx.py` uses (see its style constants) and an empty footnotes part. The
secretariat may restyle it in Word (fonts, sizes, indents, spacing, rules) and point the setting
RESTRACK_REPORT_DOCX_TEMPLATE at the result; the style names must stay.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX, WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT, WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from restrack.edreport.render import docx as names
from restrack.edreport.render.docx import DEFAULT_TEMPLATE, footnotes_part, related_story_part

LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "SimSun"
EAST_ASIAN_FALLBACK = "Noto Serif CJK SC"  # installed where SimSun is not (Linux servers, LibreOffice)
BODY_SIZE = Pt(10)

PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = Cm(2.5), Cm(2.5), Cm(2.0)
HEADER_DISTANCE = Cm(1.25)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
# UN indents: headings and text start 1.27 cm in; a paragraph's number hangs 0.63 cm before its text.
INDENT = Cm(1.27)
NUMBER_INDENT = Cm(1.9)

RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
RT_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"

# The built-in styles kept from python-docx's blank document: the defaults every document has.
KEPT_STYLE_IDS = (
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Header",
    "HeaderChar",
    "Footer",
    "FooterChar",
)

RIGHT, JUSTIFY = WD_PARAGRAPH_ALIGNMENT.RIGHT, WD_PARAGRAPH_ALIGNMENT.JUSTIFY


@dataclass
class Look:
    """A paragraph or character style's formatting (None: inherited from Normal)."""

    size: float | None = None  # points
    bold: bool | None = None
    italic: bool | None = None
    align: WD_PARAGRAPH_ALIGNMENT | None = None
    left: int | None = None  # EMU
    right: int | None = None
    first_line: int | None = None  # negative: hanging
    before: float | None = None  # points
    after: float | None = None
    keep_with_next: bool = False
    right_tab: int | None = None
    rule_below: int | None = None  # border width, eighths of a point
    superscript: bool = False
    highlight: WD_COLOR_INDEX | None = None
    color: str | None = None
    underline: bool = False


PARAGRAPH_LOOKS = {
    names.MASTHEAD: Look(size=14, after=2),
    names.MASTHEAD_SYMBOL: Look(size=16, align=RIGHT, after=2),
    names.MASTHEAD_BODY: Look(size=16, bold=True, before=6, after=6),
    names.DISTRIBUTION: Look(align=RIGHT),
    names.SESSION: Look(bold=True, before=12),
    names.SESSION_DETAILS: Look(),
    names.AGENDA_TITLE: Look(bold=True, right=Cm(5)),
    names.TITLE: Look(size=17, bold=True, left=INDENT, right=INDENT, before=24, after=12, keep_with_next=True),
    names.SUBTITLE: Look(size=12, bold=True, left=INDENT, right=INDENT, after=24, keep_with_next=True),
    names.CHAPTER: Look(
        size=13, bold=True, left=INDENT, first_line=-INDENT, right=INDENT, before=12, after=6, keep_with_next=True
    ),
    names.SECTION: Look(bold=True, left=INDENT, first_line=-INDENT, right=INDENT, before=12, keep_with_next=True),
    names.SECTION_TITLE: Look(bold=True, left=INDENT, right=INDENT, after=6, keep_with_next=True),
    names.PARAGRAPH: Look(
        align=JUSTIFY, left=NUMBER_INDENT, first_line=-(NUMBER_INDENT - INDENT), right=INDENT, after=6
    ),
    names.FOOTNOTE_TEXT: Look(size=9, left=INDENT, right=INDENT, after=2),
    names.HEADER: Look(size=9, bold=True, after=12, right_tab=TEXT_WIDTH, rule_below=4),
    names.ANNEX_HEADING: Look(size=13, bold=True, left=INDENT, after=12, keep_with_next=True),
    names.ANNEX_TITLE: Look(size=13, bold=True, left=INDENT, right=INDENT, after=12, keep_with_next=True),
    names.ANNEX_UNIT: Look(left=INDENT, after=6, keep_with_next=True),
    names.ANNEX_NOTE: Look(size=9, left=INDENT, right=INDENT, before=6),
    names.TABLE_HEADING: Look(size=9, italic=True, before=2, after=2),
    names.TABLE_HEADING_NUMBER: Look(size=9, italic=True, align=RIGHT, before=2, after=2),
    names.TABLE_TEXT: Look(size=9, before=2, after=2),
    names.TABLE_NUMBER: Look(size=9, align=RIGHT, before=2, after=2),
    names.TABLE_TOTAL: Look(size=9, bold=True, before=2, after=2),
    names.TABLE_TOTAL_NUMBER: Look(size=9, bold=True, align=RIGHT, before=2, after=2),
}
CHARACTER_LOOKS = {
    names.FOOTNOTE_REFERENCE: Look(superscript=True),
    names.MISSING_NOTE: Look(bold=True, highlight=WD_COLOR_INDEX.YELLOW),
    names.HYPERLINK: Look(color="0563C1", underline=True),
}
# Table styles: UN rules (w:sz in eighths of a point). The masthead has a heavy rule under its
# first row and a light one under the block; the annex table has rules above, under its heading
# row and (heavier) at its foot.
MASTHEAD_TABLE_PR = (
    '<w:tblPr><w:tblBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:insideH w:val="single" w:sz="12" w:space="0" w:color="auto"/></w:tblBorders>'
    '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
)
ANNEX_TABLE_PR = (
    '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:bottom w:val="single" w:sz="12" w:space="0" w:color="auto"/></w:tblBorders>'
    '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
)
ANNEX_TABLE_FIRST_ROW = (
    '<w:tblStylePr w:type="firstRow"><w:tcPr><w:tcBorders>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tcBorders></w:tcPr></w:tblStylePr>'
)


def build_template():
    document = docx.Document()
    _drop_stale_parts(document)
    _drop_unused_styles(document)
    _page_setup(document.sections[0])
    _fonts(document)
    for name, look in PARAGRAPH_LOOKS.items():
        _style(document, name, WD_STYLE_TYPE.PARAGRAPH, look)
    for name, look in CHARACTER_LOOKS.items():
        _style(document, name, WD_STYLE_TYPE.CHARACTER, look)
    _table_style(document, names.MASTHEAD_TABLE, MASTHEAD_TABLE_PR)
    _table_style(document, names.ANNEX_TABLE, ANNEX_TABLE_PR + ANNEX_TABLE_FIRST_ROW)
    footnotes_part(document)
    document.element.body.clear_content()
    properties = document.core_properties
    properties.author = "UN-Habitat"
    properties.title = "Report of the Executive Director (template)"
    properties.comments = "Made by restrack.edreport.render.make_docx_template. Restyle, do not rename, the UN styles."
    return document


def _drop_stale_parts(document) -> None:
    """python-docx's blank document carries Word 2010's stylesWithEffects (a copy of the styles
    that would not have ours), list definitions for list styles that are dropped (the report's
    numbers are text), and a thumbnail of its own first page."""
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype in (RT_STYLES_WITH_EFFECTS, RT.NUMBERING):
            document.part.drop_rel(rId)
    package_rels = document.part.package.rels
    for rId, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rId)


def _drop_unused_styles(document) -> None:
    """python-docx's blank document defines some 160 styles (headings, lists, dozens of coloured
    table styles). The report uses none of them: without them the secretariat sees only the UN
    styles, and python-docx, which scans every style each time it looks one up by name, renders
    several times faster."""
    for style in list(document.styles.element.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEPT_STYLE_IDS:
            document.styles.element.remove(style)


def _page_setup(section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.header_distance = section.footer_distance = HEADER_DISTANCE


def _fonts(document) -> None:
    """Word picks the font per script: Latin text from w:ascii/w:hAnsi, Chinese from w:eastAsia.
    Both are set on the document defaults and on Normal, with explicit names (theme fonts would
    win over them), and the font table names the East Asian font's alternative."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in (defaults, document.styles["Normal"].element.get_or_add_rPr()):
        _set_fonts(rpr)
        _set_size(rpr)
        _set_languages(rpr)
    spacing = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing.remove(spacing.find(qn("w:spacing")))  # python-docx's blank has 10 pt after and 1.15 lines
    theme_languages = document.settings.element.find(qn("w:themeFontLang"))
    if theme_languages is not None:
        theme_languages.set(qn("w:eastAsia"), "zh-CN")
    _font_table(document)


def _set_fonts(rpr) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute, font in (
        ("ascii", LATIN_FONT),
        ("hAnsi", LATIN_FONT),
        ("cs", LATIN_FONT),
        ("eastAsia", EAST_ASIAN_FONT),
    ):
        fonts.set(qn(f"w:{attribute}"), font)


def _set_size(rpr) -> None:
    rpr.get_or_add_sz().val = BODY_SIZE
    complex_size = rpr.find(qn("w:szCs"))  # the size of complex-script (Arabic, Hebrew) text
    if complex_size is None:
        complex_size = OxmlElement("w:szCs")
        rpr.find(qn("w:sz")).addnext(complex_size)
    complex_size.set(qn("w:val"), str(round(BODY_SIZE.pt * 2)))


def _set_languages(rpr) -> None:
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(language)
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def _font_table(document) -> None:
    part = related_story_part(document.part, RT_FONT_TABLE)
    if part is None:
        return
    table = part.element
    for font in table.findall(qn("w:font")):
        if font.get(qn("w:name")) in (EAST_ASIAN_FONT, EAST_ASIAN_FALLBACK):
            table.remove(font)
    table.append(
        parse_xml(
            f'<w:font {nsdecls("w")} w:name="{EAST_ASIAN_FONT}"><w:altName w:val="{EAST_ASIAN_FALLBACK}"/>'
            '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/>'
            '<w:pitch w:val="variable"/></w:font>'
        )
    )
    table.append(
        parse_xml(
            f'<w:font {nsdecls("w")} w:name="{EAST_ASIAN_FALLBACK}"><w:charset w:val="86"/><w:family w:val="roman"/>'
            '<w:pitch w:val="variable"/></w:font>'
        )
    )


def _style(document, name: str, kind: WD_STYLE_TYPE, look: Look) -> None:
    style = document.styles.add_style(name, kind)
    style.quick_style = True  # shown in Word's style gallery, for the secretariat to find
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = document.styles["Normal"]
        style.next_paragraph_style = style
        _paragraph_look(style, look)
    else:
        style.base_style = document.styles["Default Paragraph Font"]
    font = style.font
    if look.size is not None:
        font.size = Pt(look.size)
    font.bold = look.bold
    font.italic = look.italic
    if look.superscript:
        font.superscript = True
    if look.highlight is not None:
        font.highlight_color = look.highlight
    if look.color:
        font.color.rgb = RGBColor.from_string(look.color)
    if look.underline:
        font.underline = WD_UNDERLINE.SINGLE


def _paragraph_look(style, look: Look) -> None:
    fmt = style.paragraph_format
    fmt.alignment = look.align
    fmt.left_indent, fmt.right_indent, fmt.first_line_indent = look.left, look.right, look.first_line
    fmt.space_before = Pt(look.before) if look.before is not None else Pt(0)
    fmt.space_after = Pt(look.after) if look.after is not None else Pt(0)
    if look.keep_with_next:
        fmt.keep_with_next = True
    if look.right_tab is not None:
        fmt.tab_stops.add_tab_stop(look.right_tab, WD_TAB_ALIGNMENT.RIGHT)
    if look.rule_below:
        border = parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{look.rule_below}" w:space="1" '
            'w:color="auto"/></w:pBdr>'
        )
        style.element.get_or_add_pPr().insert_element_before(
            border,
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
        )


def _table_style(document, name: str, properties_xml: str) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    style.quick_style = True
    wrapper = parse_xml(f"<w:style {nsdecls('w')}>{properties_xml}</w:style>")
    for child in list(wrapper):
        style.element.append(child)


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    target = Path(arguments[0]) if arguments else DEFAULT_TEMPLATE
    build_template().save(str(target))
    print(f"Wrote {target}")


if __name__ == "__main__":
    main()
