"""Akoma Ntoso (AKN 3.0, AKN4UN naming) for resolutions and decisions: the vocabulary both sides
share, and the reader of an instrument's AKN XML into a ParsedResolution (what the text readers
give), so that `restrack import-resolution`, the upload page and the API import AKN as they import
text, PDF and DOCX. The writer is restrack.registry.akn. Touches no database.

A document is one expression: one instrument in one language (`eng`, `zho`, …). Operative
paragraphs are `<paragraph eId="para_8">`, their sub-paragraphs `<point eId="para_8__list_1__point_a">`
in a `<list>`; the numbers are read from the eIds. The session that adopted the instrument, which
AKN has no element for, travels in `<proprietary>` so that an instrument of a session the registry
does not know can be imported elsewhere.
"""

from __future__ import annotations

import re
from datetime import date

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from restrack.reading.errors import IngestError
from restrack.reading.resolution import ParsedParagraph, ParsedResolution
from restrack.reading.resolution_front import SessionFront

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
RESTRACK_NAMESPACE = "https://restrack.unhabitat.example/ns/akn"
# The site's language codes and AKN's (ISO 639-2/B, as AKN4UN writes them).
LANGUAGES = {"en": "eng", "zh-hans": "zho", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara"}
# The reader's language codes (restrack.reading.resolution) by AKN's.
READER_LANGUAGES = {"eng": "en", "zho": "zh", "fra": "fr", "spa": "es", "rus": "ru", "ara": "ar"}
# The registry's bodies by their AKN author reference, and their symbol prefixes.
BODY_PREFIXES = {"assembly": "HSP/HA", "executive-board": "HSP/EB"}
EID_PART_RE = re.compile(r"__point_(?P<label>[a-z]+)")
TOP_EID_RE = re.compile(r"^para_(?P<number>\d{1,3})$")


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def looks_like_akn(data: bytes) -> bool:
    head = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") and b"akomaNtoso" in head or head.startswith(b"<akomaNtoso")


def parse_instrument(data: bytes, file_name: str) -> ParsedResolution:
    """An instrument's AKN expression read into a ParsedResolution; IngestError naming what is
    wrong for anything else."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise IngestError(f"{file_name}: not well-formed XML ({error}). Export the Akoma Ntoso file again.") from None
    statement = next((child for child in root if child.tag in (_tag("statement"), _tag("act"))), None)
    if root.tag != _tag("akomaNtoso") or statement is None:
        found = "an Akoma Ntoso document of another kind" if root.tag == _tag("akomaNtoso") else f"<{_local(root.tag)}>"
        raise IngestError(
            f"{file_name}: this XML holds {found}, not a resolution or decision in Akoma Ntoso "
            '(<akomaNtoso><statement name="resolution">). Import reports with `restrack import-report`.'
        )
    kind = statement.get("name", "resolution")
    if kind not in ("resolution", "decision"):
        raise IngestError(f"{file_name}: the statement is a {kind!r}; only resolutions and decisions are imported.")
    work = _find(statement, "meta/identification/FRBRWork", file_name)
    expression = _find(statement, "meta/identification/FRBRExpression", file_name)
    number = _attribute(work, "FRBRnumber", "value", file_name)
    language = _attribute(expression, "FRBRlanguage", "language", file_name)
    if language not in READER_LANGUAGES:
        raise IngestError(f"{file_name}: language {language!r} is not one of {', '.join(READER_LANGUAGES)}.")
    author = (
        work.find(_tag("FRBRauthor")).get("href", "") if work.find(_tag("FRBRauthor")) is not None else ""
    ).lstrip("#")
    adopted = work.find(_tag("FRBRdate"))
    symbol = statement.find(f"{_tag('preface')}//{_tag('docNumber')}")
    title = statement.find(f"{_tag('preface')}//{_tag('docTitle')}")
    return ParsedResolution(
        file_name=file_name,
        format="akn",
        language=READER_LANGUAGES[language],
        kind=kind,
        number=number,
        title=_text(title),
        symbol=_text(symbol) or None,
        symbol_prefix=BODY_PREFIXES.get(author),
        adoption_date=_date(adopted.get("date") if adopted is not None and adopted.get("name") == "adoption" else None),
        session=_session(statement),
        preamble=[_text(p) for p in statement.findall(f"{_tag('preamble')}/{_tag('p')}")],
        paragraphs=_paragraphs(statement, file_name),
    )


def _paragraphs(statement, file_name: str) -> list[ParsedParagraph]:
    body = statement.find(_tag("mainBody"))
    if body is None:
        raise IngestError(f"{file_name}: the statement has no <mainBody> with its operative paragraphs.")
    found: list[ParsedParagraph] = []
    for paragraph in body.findall(_tag("paragraph")):
        match = TOP_EID_RE.match(paragraph.get("eId", ""))
        if not match:
            raise IngestError(
                f"{file_name}: a <paragraph> has eId {paragraph.get('eId')!r}; AKN4UN writes para_1, para_2, …"
            )
        _walk(paragraph, match["number"], found)
    return found


def _walk(element, number: str, found: list[ParsedParagraph]) -> None:
    """`element` (a paragraph or point) and its points, in document order."""
    text_holder = (
        element.find(_tag("content")) if element.find(_tag("content")) is not None else element.find(_tag("intro"))
    )
    found.append(ParsedParagraph(number, _text(text_holder.find(_tag("p"))) if text_holder is not None else ""))
    for list_ in element.findall(_tag("list")):
        for point in list_.findall(_tag("point")):
            labels = EID_PART_RE.findall(point.get("eId", ""))
            label = labels[-1] if labels else ""
            _walk(point, f"{number}({label})", found)


def _session(statement) -> SessionFront:
    stated = statement.find(f"{_tag('meta')}/{_tag('proprietary')}/{{{RESTRACK_NAMESPACE}}}session")
    if stated is None:
        return SessionFront()
    number = stated.get("number")
    return SessionFront(
        number=int(number) if number and number.isdigit() else None,
        start=_date(stated.get("start")),
        end=_date(stated.get("end")),
        place=stated.get("place") or None,
    )


def _find(element, path: str, file_name: str):
    found = element.find("/".join(_tag(part) for part in path.split("/")))
    if found is None:
        raise IngestError(f"{file_name}: the Akoma Ntoso file has no <{path.split('/')[-1]}>; export it again.")
    return found


def _attribute(element, child: str, name: str, file_name: str) -> str:
    found = element.find(_tag(child))
    if found is None or not found.get(name):
        raise IngestError(f"{file_name}: the Akoma Ntoso file gives no <{child} {name}=…>; export it again.")
    return found.get(name)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
