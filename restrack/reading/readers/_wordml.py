"""Small WordprocessingML (OOXML) helpers shared by the DOCX reader and the list-numbering code:
the ``w:`` namespace and relationship types, qualified tag and attribute look-up, on/off
properties, and finding and parsing a document's related parts (numbering, styles, settings,
footnotes)."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
RT_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _wval(element, attribute: str = "val") -> str | None:
    return None if element is None else element.get(_w(attribute))


def _on(element) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and _wval(element) not in ("0", "false", "off")


def _part_element(part):
    """The XML root of an OPC part, whether python-docx parsed it (XmlPart) or not (Part)."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(part.blob, parser=parser)


def _related_part(document, reltype: str):
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None
