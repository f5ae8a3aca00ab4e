"""An instrument as Akoma Ntoso XML (AKN 3.0, AKN4UN naming): one expression per language, with
its work, expression and manifestation URIs, its symbol and title, its preambular paragraphs and
its operative paragraphs with their sub-paragraphs (eIds such as para_8__list_1__point_a).
restrack.reading.akn reads it back into the registry through the same import as a text.

The output depends only on what the registry holds (no generation time), so that exporting,
importing elsewhere and exporting again gives the same bytes."""

from __future__ import annotations

from lxml import etree
from modeltranslation.utils import build_localized_fieldname

from restrack.reading.akn import LANGUAGES, NAMESPACE, RESTRACK_NAMESPACE
from restrack.registry.models import Instrument, OperativeParagraph

NSMAP = {None: NAMESPACE, "restrack": RESTRACK_NAMESPACE}
UNKNOWN_DATE = "9999-01-01"  # AKN wants a date; the registry may not know the adoption date


def _element(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def work_uri(instrument: Instrument) -> str:
    return instrument.akn_work_uri


def expression_uri(instrument: Instrument, language: str) -> str:
    return f"{work_uri(instrument)}/{LANGUAGES[language]}@"


def instrument_akn(instrument: Instrument, language: str) -> bytes:
    """The instrument's `language` expression as AKN XML (UTF-8, with its declaration)."""
    code = LANGUAGES[language]
    adopted = instrument.adoption_date.isoformat() if instrument.adoption_date else UNKNOWN_DATE
    root = etree.Element(f"{{{NAMESPACE}}}akomaNtoso", nsmap=NSMAP)
    statement = _element(root, "statement", name=instrument.kind, contains="originalVersion")
    meta = _element(statement, "meta")
    identification = _element(meta, "identification", source="#restrack")
    author = f"#{instrument.body.code}"
    work = _element(identification, "FRBRWork")
    _element(work, "FRBRthis", value=f"{work_uri(instrument)}/!main")
    _element(work, "FRBRuri", value=work_uri(instrument))
    _element(work, "FRBRdate", date=adopted, name="adoption" if instrument.adoption_date else "unknown")
    _element(work, "FRBRauthor", href=author)
    _element(work, "FRBRcountry", value="un")
    _element(work, "FRBRnumber", value=instrument.number)
    _element(work, "FRBRname", value=instrument.kind)
    expression = _element(identification, "FRBRExpression")
    _element(expression, "FRBRthis", value=f"{expression_uri(instrument, language)}/!main")
    _element(expression, "FRBRuri", value=expression_uri(instrument, language))
    _element(expression, "FRBRdate", date=adopted, name="adoption" if instrument.adoption_date else "unknown")
    _element(expression, "FRBRauthor", href=author)
    _element(expression, "FRBRlanguage", language=code)
    manifestation = _element(identification, "FRBRManifestation")
    _element(manifestation, "FRBRthis", value=f"{expression_uri(instrument, language)}/!main.xml")
    _element(manifestation, "FRBRuri", value=f"{expression_uri(instrument, language)}.akn")
    _element(manifestation, "FRBRdate", date=adopted, name="adoption" if instrument.adoption_date else "unknown")
    _element(manifestation, "FRBRauthor", href="#restrack")
    references = _element(meta, "references", source="#restrack")
    _element(
        references,
        "TLCOrganization",
        eId=instrument.body.code,
        href=f"/akn/ontology/organizations/un/{instrument.body.code}",
        showAs=str(instrument.body),
    )
    _element(
        references, "TLCOrganization", eId="restrack", href="/akn/ontology/organizations/un/restrack", showAs="Restrack"
    )
    _session(meta, instrument, language)
    preface = _element(statement, "preface")
    if instrument.document_symbol:
        _element(_element(preface, "p", **{"class": "symbol"}), "docNumber", instrument.document_symbol)
    _element(_element(preface, "p", **{"class": "title"}), "docTitle", _in(instrument, "title", language))
    preamble_text = _in(instrument, "preamble", language)
    if preamble_text:
        preamble = _element(statement, "preamble")
        for n, text in enumerate(preamble_text.split("\n\n"), start=1):
            _element(preamble, "p", text, eId=f"preamble__p_{n}")
    body = _element(statement, "mainBody")
    paragraphs = list(instrument.operative_paragraphs.order_by("order"))
    children: dict[int | None, list[OperativeParagraph]] = {}
    for paragraph in paragraphs:
        children.setdefault(paragraph.parent_id, []).append(paragraph)
    for paragraph in children.get(None, []):
        _paragraph(body, "paragraph", paragraph, children, language)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _paragraph(parent, tag: str, paragraph: OperativeParagraph, children, language: str) -> None:
    parsed = paragraph.parsed_number
    num = f"{parsed.number}." if tag == "paragraph" else f"({parsed.roman or parsed.letter})"
    element = _element(parent, tag, eId=paragraph.akn_eid)
    _element(element, "num", num)
    below = children.get(paragraph.pk, [])
    _element(_element(element, "intro" if below else "content"), "p", _in(paragraph, "text", language))
    if below:
        points = _element(element, "list", eId=f"{paragraph.akn_eid}__list_1")
        for child in below:
            _paragraph(points, "point", child, children, language)


def _session(meta, instrument: Instrument, language: str) -> None:
    session = instrument.session
    proprietary = _element(meta, "proprietary", source="#restrack")
    attributes = {"year": str(session.year)}
    if session.number is not None:
        attributes["number"] = str(session.number)
    if session.start_date:
        attributes["start"] = session.start_date.isoformat()
    if session.end_date:
        attributes["end"] = session.end_date.isoformat()
    place = _in(session, "place", language) or session.place
    if place:
        attributes["place"] = place
    etree.SubElement(proprietary, f"{{{RESTRACK_NAMESPACE}}}session", attributes)


def _in(obj, field: str, language: str) -> str:
    return getattr(obj, build_localized_fieldname(field, language)) or ""
