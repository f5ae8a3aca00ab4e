"""The reader of an Executive Director's report exported as Akoma Ntoso XML
(restrack.edreport.render.akn) into the ParsedReport the text, PDF and DOCX readers give, so that
`restrack import-report`, the upload page and their jobs import it as they import the report's
text. Touches no database.

What the printed report says in words is read from the elements that hold it: the symbol from
`<docNumber>`, the title from `<docTitle>`, each instrument from its section's (or chapter's)
`restrack:instrument`, paragraphs from `<paragraph eId="para_N">`, footnotes from the
`<authorialNote>`s where their markers stand. The Board session, the agenda and the report's date
come from `<proprietary>`. A file that is not such a report is refused, saying what it is.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from lxml import etree

from restrack.reading.akn import LANGUAGES, NAMESPACE, READER_LANGUAGES, RESTRACK_NAMESPACE
from restrack.reading.errors import IngestError
from restrack.reading.extract import ExtractionContext
from restrack.reading.gazetteer import Gazetteer
from restrack.reading.limits import Limits
from restrack.reading.parser import find_symbols, find_urls, paragraph_facts, year_of_symbol
from restrack.reading.report import Footnote, Meeting, Paragraph, ParsedReport, Section

REPORT_LANGUAGES = ("zh", "en")  # the languages reports are imported in (restrack.ingest.importer)
PARAGRAPH_EID_RE = re.compile(r"^para_(?P<number>[1-9]\d{0,4})$")
INSTRUMENT_RE = re.compile(r"^(?P<kind>resolution|decision) (?P<prefix>\d{1,4})/(?P<sequence>\d{1,3})$")
SKIPPED_CLASS = "missingTranslation"  # a note that the text is another language's: not the text


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _restrack(name: str) -> str:
    return f"{{{RESTRACK_NAMESPACE}}}{name}"


def is_report(data: bytes) -> bool:
    """Whether AKN bytes hold a report (`<doc name="report">`) rather than an instrument."""
    return b'<doc name="report"' in data[:4000] or b"<doc name='report'" in data[:4000]


def parse_report_akn(
    data: bytes,
    file_name: str,
    *,
    language: str | None = None,
    symbol: str | None = None,
    gazetteer: Gazetteer | None = None,
    limits: Limits | None = None,
) -> ParsedReport:
    """A report's AKN expression read into a ParsedReport; IngestError naming what is wrong (and
    where) for anything else."""
    doc = _report_doc(_parse(data, file_name, limits or Limits()), file_name)
    found_language = _language(doc, file_name)
    if language and language != found_language:
        raise IngestError(
            f"{file_name}: the file says its language is {found_language!r}, not {language!r}; "
            "leave the language out, or give the file of that language."
        )
    reader = _Reader(file_name, found_language, gazetteer or Gazetteer([]))
    stated = doc.find(f"{_tag('meta')}/{_tag('proprietary')}/{_restrack('report')}")
    stated = dict(stated.attrib) if stated is not None else {}
    _check_stated(stated, file_name)
    meeting = _meeting(doc, stated, file_name)
    report_symbol = symbol or _text(doc.find(f"{_tag('preface')}//{_tag('docNumber')}")) or None
    report_year = meeting.year or year_of_symbol(report_symbol)
    paragraphs = reader.paragraphs(_find(doc, "mainBody", file_name), report_year)
    if not paragraphs:
        raise IngestError(
            f'{file_name}: the report has no <paragraph eId="para_1"> in its <mainBody>; export it again.'
        )
    return ParsedReport(
        symbol=report_symbol,
        agenda_symbol=stated.get("agendaSymbol") or None,
        language=found_language,
        title=_text(doc.find(f"{_tag('preface')}//{_tag('docTitle')}")) or None,
        meeting=meeting,
        paragraphs=paragraphs,
        footnotes=[footnote for paragraph in paragraphs for footnote in paragraph.footnotes],
        source={
            "file_name": file_name,
            "format": "akn",
            "sha256": hashlib.sha256(data).hexdigest(),
            "lines": data.count(b"\n") + 1,
        },
        issued=stated.get("issued") or None,
        original_language=stated.get("original") or None,
    )


def _parse(data: bytes, file_name: str, limits: Limits):
    # No DTD, no entities, no network: an XML file cannot make the reader fetch or expand anything.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        raise IngestError(f"{file_name}: not well-formed XML ({error}). Export the Akoma Ntoso file again.") from None
    if tree.docinfo.doctype:
        raise IngestError(f"{file_name}: the XML declares a document type (DTD); Akoma Ntoso files have none.")
    root = tree.getroot()
    deepest = max((len(list(element.iterancestors())) for element in root.iter()), default=0)
    if deepest > limits.xml_depth:
        raise IngestError(
            f"{file_name}: elements are nested {deepest} deep, beyond the limit of {limits.xml_depth} "
            "(RESTRACK_IMPORT_MAX_XML_DEPTH); a report nests a few levels only."
        )
    return root


def _report_doc(root, file_name: str):
    doc = root.find(_tag("doc")) if root.tag == _tag("akomaNtoso") else None
    if doc is not None and doc.get("name") == "report":
        return doc
    if root.tag != _tag("akomaNtoso"):
        found = f"<{etree.QName(root).localname}>"
    elif root.find(_tag("statement")) is not None:
        raise IngestError(
            f"{file_name}: this Akoma Ntoso file holds a resolution or decision, not a report. "
            "Import it with `restrack import-resolution` (or Work › Texts › Import)."
        )
    else:
        found = "an Akoma Ntoso document of another kind"
    raise IngestError(
        f"{file_name}: this XML holds {found}, not an Executive Director's report in Akoma Ntoso "
        '(<akomaNtoso><doc name="report">).'
    )


def _language(doc, file_name: str) -> str:
    expression = _find(doc, "meta/identification/FRBRExpression/FRBRlanguage", file_name)
    code = expression.get("language", "")
    language = READER_LANGUAGES.get(code)
    if language not in REPORT_LANGUAGES:
        raise IngestError(
            f"{file_name}: the report's language is {code!r}; reports are imported in Chinese (zho) and English (eng)."
        )
    return language


def _check_stated(stated: dict, file_name: str) -> None:
    """The report's own facts (restrack:report) are a date and a language code, or absent."""
    _iso_date(stated.get("issued"), "restrack:report issued", file_name)
    original = stated.get("original")
    if original and original not in LANGUAGES:
        raise IngestError(
            f"{file_name}: restrack:report original={original!r} is not a language of the site; "
            f"use one of {', '.join(LANGUAGES)}."
        )


def _iso_date(value: str | None, what: str, file_name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise IngestError(f"{file_name}: {what}={value!r} is not a date; write it as YYYY-MM-DD.") from None


def _meeting(doc, stated, file_name: str) -> Meeting:
    found = doc.find(f"{_tag('meta')}/{_tag('proprietary')}/{_restrack('meeting')}")
    attributes = found.attrib if found is not None else {}
    for name in ("start", "end"):
        _iso_date(attributes.get(name), f"restrack:meeting {name}", file_name)
    preface = doc.find(_tag("preface"))
    agenda_title = preface.find(f"{_tag('p')}[@class='agendaItemTitle']") if preface is not None else None
    return Meeting(
        body=attributes.get("body") or None,
        year=_number(attributes.get("year")),
        session=_number(attributes.get("session")),
        start=attributes.get("start") or None,
        end=attributes.get("end") or None,
        place=attributes.get("place") or None,
        agenda_item=stated.get("agendaItem") or None,
        agenda_title=_text(agenda_title) or None,
    )


class _Reader:
    """The chapters in order: each paragraph with the section it is in and its footnotes."""

    def __init__(self, file_name: str, language: str, gazetteer: Gazetteer):
        self.file_name = file_name
        self.language = language
        self.gazetteer = gazetteer
        self.seen_instrument = False

    def paragraphs(self, body, report_year: int | None) -> list[Paragraph]:
        found: list[Paragraph] = []
        for chapter in body.findall(_tag("chapter")):
            heading = _heading(chapter)
            if chapter.get(_restrack("instrument")):
                self._take(chapter, self._instrument(chapter, heading, chapter=True), found, report_year)
                continue
            own = Section("intro", heading=heading) if chapter.get("class") == "introduction" else None
            if own is None:  # a chapter of its own (the closing one), or a session's: its heading
                title = _text(chapter.find(_tag("heading"))) or None
                own = Section("other", title=title, heading=heading)
            self._take(chapter, own, found, report_year)
            for section in chapter.findall(_tag("section")):
                self._take(section, self._instrument(section, _heading(section), chapter=False), found, report_year)
        return found

    def _instrument(self, element, heading: str, *, chapter: bool) -> Section:
        reference = element.get(_restrack("instrument"), "")
        match = INSTRUMENT_RE.match(reference)
        if not match:
            raise IngestError(
                f"{self.file_name}, line {element.sourceline}: restrack:instrument={reference!r} does not name an "
                "instrument; write it as resolution 2/6 or decision 1/3."
            )
        prefix = match["prefix"]
        if chapter:
            span = element.find(f"{_tag('heading')}/{_tag('span')}[@class='title']")
            title = _text(span)
        else:
            title = _text(_first_plain(element, "subheading"))
        return Section(
            match["kind"],
            number=f"{int(prefix)}/{int(match['sequence'])}",
            session=int(prefix) if len(prefix) <= 2 else None,
            title=title or None,
            heading=heading,
            chapter=chapter,
        )

    def _take(self, container, section: Section, found: list[Paragraph], report_year: int | None) -> None:
        for element in container.findall(_tag("paragraph")):
            match = PARAGRAPH_EID_RE.match(element.get("eId", ""))
            if not match:
                raise IngestError(
                    f"{self.file_name}, line {element.sourceline}: a <paragraph> has eId {element.get('eId')!r}; "
                    "report paragraphs are para_1, para_2, … numbered through the report."
                )
            number = int(match["number"])
            expected = found[-1].number + 1 if found else 1
            if number != expected:
                raise IngestError(
                    f"{self.file_name}, line {element.sourceline}: paragraph {number} follows "
                    f"{expected - 1 if found else 'nothing'}; paragraphs are numbered 1, 2, 3 … through the report."
                )
            text, footnotes = self._content(element)
            context = ExtractionContext(
                language=self.language,
                instrument=section.reference,
                report_year=report_year,
                gazetteer=self.gazetteer,
            )
            found.append(
                Paragraph(number, section, text, element.sourceline, paragraph_facts(text, context), footnotes)
            )

    def _content(self, paragraph) -> tuple[str, list[Footnote]]:
        """The paragraph's text, its `<p>`s one line each, and its footnotes with where their
        markers stand in that text."""
        lines: list[str] = []
        footnotes: list[Footnote] = []
        offset = 0
        content = paragraph.find(_tag("content"))
        for p in content.findall(_tag("p")) if content is not None else []:
            if p.get("class") == SKIPPED_CLASS:
                continue
            line = p.text or ""
            for note in p.findall(_tag("authorialNote")):
                note_text = "\n".join(_text(inner) for inner in note.findall(_tag("p")))
                footnotes.append(
                    Footnote(
                        marker=note.get("marker", ""),
                        text=note_text,
                        urls=find_urls(note_text),
                        symbols=find_symbols(note_text),
                        line=note.sourceline,
                        anchor=offset + len(line),
                    )
                )
                line += note.tail or ""
            lines.append(line)
            offset += len(line) + 1  # the line break
        return "\n".join(lines), footnotes


def _first_plain(element, tag: str):
    """The first `tag` child that is not a missing-translation note."""
    return next((child for child in element.findall(_tag(tag)) if child.get("class") != SKIPPED_CLASS), None)


def _heading(element) -> str:
    """The heading as printed: "一、导言", "I. Introduction", "A. 第 1/1 号决议"."""
    numeral, heading = _text(element.find(_tag("num"))), _text(element.find(_tag("heading")))
    return f"{numeral} {heading}" if numeral.endswith(".") else f"{numeral}{heading}"


def _find(element, path: str, file_name: str):
    found = element.find("/".join(_tag(part) for part in path.split("/")))
    if found is None:
        raise IngestError(f"{file_name}: the Akoma Ntoso file has no <{path.split('/')[-1]}>; export it again.")
    return found


def _text(element) -> str:
    """An element's text, footnotes left out, whitespace as written (XML indentation aside)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag != _tag("authorialNote"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
