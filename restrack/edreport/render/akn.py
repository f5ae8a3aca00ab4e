"""The Executive Director's report as Akoma Ntoso XML (AKN 3.0, AKN4UN naming): one expression per
language, written from the same composed `Report` as the DOCX, PDF and HTML versions.

The masthead is the `<preface>` (symbol as `<docNumber>`, title as `<docTitle>`, the agenda item
with its asterisk footnote); each chapter a `<chapter>`, each instrument's lettered section a
`<section>` (or, in the 2020 layout, the chapter itself) carrying the instrument it reports on in
`restrack:instrument`; paragraphs `<paragraph eId="para_12">`, numbered through the report, their
footnotes `<authorialNote>`s where the marker stands. What AKN has no element for (the Board
session, the agenda's symbol, the layout, the original language) travels in `<proprietary>`.
restrack.reading.report_akn reads it back into the same ParsedReport as the report's text.

The output depends only on what the report says (no generation time; a date only where one is
recorded), so that exporting, importing elsewhere and exporting again gives the same bytes."""

from __future__ import annotations

from lxml import etree

from restrack.edreport.content import Chapter, Facts, Paragraph, Report, Section
from restrack.reading.akn import LANGUAGES, NAMESPACE, RESTRACK_NAMESPACE

NSMAP = {None: NAMESPACE, "restrack": RESTRACK_NAMESPACE}
UNKNOWN_DATE = "9999-01-01"  # AKN wants a date; a report may have no recorded date nor Board session
AUTHOR = "executive-director"
BOARD = "executive-board"


def _element(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", {k: str(v) for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def _restrack(name: str) -> str:
    return f"{{{RESTRACK_NAMESPACE}}}{name}"


def work_uri(report: Report) -> str:
    """/akn/un/doc/report/executive-director/<date>/<symbol with dashes, or report-<period>>."""
    facts = report.facts
    number = facts.symbol.replace("/", "-") if facts.symbol else f"report-{report.period}"
    return f"/akn/un/doc/report/{AUTHOR}/{_work_date(facts)[0]}/{number}"


def _work_date(facts: Facts) -> tuple[str, str]:
    """(date, what it is): the recorded date, else the Board session's first day."""
    if facts.issued:
        return facts.issued.isoformat(), "issued"
    if facts.board_start:
        return facts.board_start.isoformat(), "session"
    return UNKNOWN_DATE, "unknown"


def render_akn(report: Report) -> bytes:
    """The report as AKN XML (UTF-8, with its declaration)."""
    root = etree.Element(f"{{{NAMESPACE}}}akomaNtoso", nsmap=NSMAP)
    doc = _element(root, "doc", name="report", contains="originalVersion")
    _meta(doc, report)
    _preface(doc, report)
    body = _element(doc, "mainBody")
    for index, chapter in enumerate(report.chapters, start=1):
        _chapter(body, index, chapter)
    if report.not_covered:
        left_out = _element(body, "hcontainer", name="notCovered", eId="hcontainer_1")
        _element(left_out, "heading", report.not_covered_heading)
        listing = _element(left_out, "content")
        for item in report.not_covered:
            _element(listing, "p", item.line)
    if report.annex is not None:
        _annex(doc, report)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _annex(doc, report: Report) -> None:
    """The funding annex as a table, figures as printed (whole dollars, a surplus in words)."""
    annex = report.annex
    attachment = _element(_element(doc, "attachments"), "attachment", eId="att_1")
    inner = _element(attachment, "doc", name="annex")
    _identification(_element(inner, "meta"), report, component="annex_1", name="annex")
    preface = _element(inner, "preface")
    _element(preface, "p", annex.heading, **{"class": "heading"})
    _element(_element(preface, "p", **{"class": "title"}), "docTitle", annex.title)
    _element(preface, "p", annex.unit_note, **{"class": "unit"})
    body = _element(inner, "mainBody")
    table = _element(body, "table", eId="att_1__table_1")
    row = _element(table, "tr")
    for column in annex.columns:
        _element(_element(row, "th"), "p", column)
    for line in [*annex.rows, annex.total]:
        row = _element(table, "tr", **{"class": "total" if line is annex.total else ""})
        name = f"{line.name}: {line.title}" if line.title else line.name
        for cell in [name, *report.annex_figures(line)]:
            _element(_element(row, "td"), "p", cell)
    for note in annex.notes:
        _element(body, "p", note, **{"class": "note"})


def _meta(doc, report: Report) -> None:
    facts = report.facts
    meta = _element(doc, "meta")
    _identification(meta, report, component="main", name="report")
    references = _element(meta, "references", source="#restrack")
    board = report.masthead.body or "Executive Board"
    _element(references, "TLCOrganization", eId=BOARD, href=f"/akn/ontology/organizations/un/{BOARD}", showAs=board)
    _element(references, "TLCRole", eId=AUTHOR, href=f"/akn/ontology/roles/un/{AUTHOR}", showAs="Executive Director")
    _element(
        references, "TLCOrganization", eId="restrack", href="/akn/ontology/organizations/un/restrack", showAs="Restrack"
    )
    proprietary = _element(meta, "proprietary", source="#restrack")
    etree.SubElement(
        proprietary,
        _restrack("report"),
        _present(
            period=report.period,
            layout=facts.layout,
            original=facts.original_language,
            issued=facts.issued.isoformat() if facts.issued else "",
            agendaItem=facts.agenda_item,
            agendaSymbol=facts.agenda_symbol,
        ),
    )
    etree.SubElement(
        proprietary,
        _restrack("meeting"),
        _present(
            body=BOARD if facts.board_year else "",
            year=facts.board_year,
            session=facts.board_session,
            start=facts.board_start.isoformat() if facts.board_start else "",
            end=facts.board_end.isoformat() if facts.board_end else "",
            place=facts.board_place,
        ),
    )


def _identification(meta, report: Report, *, component: str, name: str) -> None:
    """The work, expression and manifestation of the report (component "main") or of its annex."""
    code = LANGUAGES[report.content_language]
    work, (when, what) = work_uri(report), _work_date(report.facts)
    expression = f"{work}/{code}@"
    identification = _element(meta, "identification", source="#restrack")
    for tag, this, uri, author in (
        ("FRBRWork", f"{work}/!{component}", work, f"#{AUTHOR}"),
        ("FRBRExpression", f"{expression}/!{component}", expression, f"#{AUTHOR}"),
        ("FRBRManifestation", f"{expression}/!{component}.xml", f"{expression}.akn", "#restrack"),
    ):
        frbr = _element(identification, tag)
        _element(frbr, "FRBRthis", value=this)
        _element(frbr, "FRBRuri", value=uri)
        _element(frbr, "FRBRdate", date=when, name=what)
        _element(frbr, "FRBRauthor", href=author)
        if tag == "FRBRWork":
            _element(frbr, "FRBRcountry", value="un")
            _element(frbr, "FRBRnumber", value=report.facts.symbol or report.period)
            _element(frbr, "FRBRname", value=name)
        if tag == "FRBRExpression":
            _element(frbr, "FRBRlanguage", language=code)


def _present(**attributes) -> dict[str, str]:
    return {name: str(value) for name, value in attributes.items() if value not in (None, "")}


def _preface(doc, report: Report) -> None:
    masthead, facts = report.masthead, report.facts
    preface = _element(doc, "preface")
    _element(preface, "p", masthead.organization, **{"class": "organization"})
    _element(preface, "p", masthead.body, **{"class": "body"})
    if masthead.symbol:
        _element(_element(preface, "p", **{"class": "symbol"}), "docNumber", masthead.symbol)
    _element(preface, "p", masthead.distribution, **{"class": "distribution"})
    if facts.issued:  # else the masthead's date is the day it was written: not part of the document
        _element(_element(preface, "p", **{"class": "date"}), "docDate", masthead.date, date=facts.issued.isoformat())
    if masthead.language_name:
        _element(preface, "p", masthead.language_name, **{"class": "language"})
    _element(preface, "p", masthead.original, **{"class": "original"})
    if masthead.session:
        _element(preface, "p", masthead.session, **{"class": "session"})
    if masthead.session_dates:
        _element(preface, "p", masthead.session_dates, **{"class": "sessionDates"})
    if masthead.agenda_item:
        line = _element(preface, "p", **{"class": "agendaItem"})
        at = masthead.agenda_marker_position
        if at is None:
            line.text = masthead.agenda_item
        else:
            line.text = masthead.agenda_item[:at]
            note = _element(line, "authorialNote", marker="*", eId="preface__authorialNote_1", placement="bottom")
            _element(note, "p", masthead.agenda_footnote)
            note.tail = masthead.agenda_item[at:]
    if masthead.agenda_item_title:
        _element(preface, "p", masthead.agenda_item_title, **{"class": "agendaItemTitle"})
    _element(_element(preface, "p", **{"class": "title"}), "docTitle", report.title)
    _element(preface, "p", report.subtitle, **{"class": "subtitle"})


def _chapter(body, index: int, chapter: Chapter) -> None:
    eid = f"chp_{index}"
    element = _element(body, "chapter", eId=eid, **{"class": chapter.role})
    if chapter.instrument is not None:
        element.set(_restrack("instrument"), chapter.instrument.reference)
    _element(element, "num", chapter.numeral)
    heading = _element(element, "heading", chapter.title)
    instrument = chapter.instrument
    title = instrument.title if instrument is not None else ""
    at = chapter.title.find(title) if title else -1
    if at >= 0:  # the 2020 layout prints the instrument's title inside the chapter's heading
        heading.text = chapter.title[:at]
        _element(heading, "span", title, **{"class": "title"}).tail = chapter.title[at + len(title) :]
    if instrument is not None and instrument.title_missing_note:
        _element(element, "subheading", instrument.title_missing_note, **{"class": "missingTranslation"})
    for paragraph in chapter.paragraphs:
        _paragraph(element, paragraph)
    for section in chapter.sections:
        _section(element, eid, section)


def _section(chapter, chapter_eid: str, section: Section) -> None:
    element = _element(
        chapter, "section", eId=f"{chapter_eid}__sec_{section.letter.lower()}", **{"class": "instrument"}
    )
    element.set(_restrack("instrument"), section.reference)
    _element(element, "num", f"{section.letter}.")
    _element(element, "heading", section.name)
    if section.title_missing_note:
        _element(
            element, "subheading", f"{section.title_missing_note} {section.title}", **{"class": "missingTranslation"}
        )
    else:
        _element(element, "subheading", section.title)
    for paragraph in section.paragraphs:
        _paragraph(element, paragraph)


def _paragraph(parent, paragraph: Paragraph) -> None:
    """The paragraph's lines as `<p>`s (the 2020 report sets a list out line by line), each
    footnote an `<authorialNote>` where its marker stands."""
    eid = f"para_{paragraph.number}"
    element = _element(parent, "paragraph", eId=eid)
    _element(element, "num", f"{paragraph.number}.")
    content = _element(element, "content")
    if paragraph.missing_note:
        _element(content, "p", paragraph.missing_note, **{"class": "missingTranslation"})
    anchors = list(paragraph.anchors)
    start = 0
    for line in paragraph.text.split("\n"):
        end = start + len(line)
        p = _element(content, "p")
        last, cursor = None, start
        while anchors and anchors[0].offset <= end:
            anchor = anchors.pop(0)
            _append_text(p, last, paragraph.text[cursor : anchor.offset])
            last = _element(
                p,
                "authorialNote",
                marker=str(anchor.footnote.number),
                eId=f"{eid}__authorialNote_{anchor.footnote.number}",
                placement="bottom",
            )
            _element(last, "p", anchor.footnote.text)
            cursor = anchor.offset
        _append_text(p, last, paragraph.text[cursor:end])
        start = end + 1  # past the line break


def _append_text(p, last, text: str) -> None:
    """`text` after `last` (the latest note in `p`), or as `p`'s first text."""
    if not text:
        return
    if last is None:
        p.text = (p.text or "") + text
    else:
        last.tail = (last.tail or "") + text
