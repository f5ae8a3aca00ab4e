"""DOCX reading with python-docx: checks the ZIP package (size when unpacked, checksums), then walks
the document body in order (paragraphs, table cells, content controls) with list numbers, tabs,
line and page breaks, leaving out hidden and deleted text, and writes each footnote reference as
``[^MARKER]``, collecting the footnotes' text in order of reference."""

from __future__ import annotations

import io
import logging
import zipfile
import zlib

from restrack.reading.errors import IngestError
from restrack.reading.readers._common import PAGE_BREAK, _damaged_docx
from restrack.reading.readers._wordml import (
    RT_FOOTNOTES,
    RT_SETTINGS,
    _on,
    _part_element,
    _related_part,
    _w,
    _wval,
)
from restrack.reading.readers.docx_numbering import _format_number, _Numbering
from restrack.reading.readers.plain_text import split_lines

logger = logging.getLogger(__name__)


def _read_docx(data: bytes, name: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The lines and footnotes of a DOCX whose ZIP package is within the limits (the caller,
    `source._sniff_zip`, checked its central directory with restrack.reading.limits.check_zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()
            if broken is not None:
                raise _damaged_docx(name, f"the part {broken} fails its checksum")
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, ...
        logger.info("%s: DOCX package unreadable: %r", name, exc)
        raise _damaged_docx(name, _what_is_broken(exc)) from None
    try:
        import docx
    except ImportError:  # pragma: no cover - a dependency of the project
        raise IngestError(
            f"{name}: cannot read DOCX files here because python-docx is not installed. "
            "Install the project's requirements, or supply the PDF/text version."
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines = reader.body_lines()
        footnotes = reader.footnotes()
    except IngestError:
        raise
    except ValueError as exc:
        logger.info("%s: python-docx refused it: %r", name, exc)
        if "not a Word file" in str(exc):  # e.g. a template (.dotx) or macro-enabled (.docm) file
            raise IngestError(
                f"{name}: this is not a plain Word document (it is a template or a macro-enabled "
                "document). Open it in Word and save it as 'Word Document (.docx)'."
            ) from None
        raise _damaged_docx(name, _what_is_broken(exc)) from None
    except Exception as exc:  # noqa: BLE001 - KeyError, lxml errors, PackageNotFoundError, ...
        logger.info("%s: python-docx could not read it: %r", name, exc)
        raise _damaged_docx(name, _what_is_broken(exc)) from None
    if not any(line.strip() for line in lines):
        raise IngestError(
            f"{name}: the file is empty: the DOCX document contains no text. Check that you chose the right file."
        )
    return lines, footnotes


def _what_is_broken(exc: BaseException) -> str:
    """What is wrong with the package, in words (the library's own text goes to the log)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if isinstance(exc, zipfile.BadZipFile):
        if "CRC" in str(exc):
            return "a part of it fails its checksum (it was corrupted on the way)"
        return "it is not a complete ZIP package (it was cut short or corrupted)"
    if isinstance(exc, (zlib.error, EOFError)):
        return "a part of it cannot be unpacked (it was cut short or corrupted)"
    if isinstance(exc, KeyError) or "PackageNotFoundError" in names:
        return "a part a Word document needs is missing"
    if "XMLSyntaxError" in names or "ParseError" in names:
        if "depth" in str(exc).lower():
            return "its XML nests elements more than 256 deep, which no Word document does"
        return "its XML is malformed"
    return "its contents are not those of a Word document"


class _DocxReader:
    """Walks a python-docx Document's XML (python-docx has no API for footnotes or list numbers)."""

    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)
        self.footnote_format = self._footnote_format()
        self.footnote_counter = 0
        self.referenced: list[tuple[str, str, bool]] = []  # (footnote id, marker, custom?) in order

    # -- body --------------------------------------------------------------------------------

    def body_lines(self) -> list[str]:
        lines: list[str] = self.first_page_header_lines()
        self._blocks(self.document.element.body, lines)
        return lines

    def first_page_header_lines(self) -> list[str]:
        """A first page with a header of its own (UN documents put the masthead there) starts the
        lines, then a blank line; the running headers of the other pages are left out."""
        sections = self.document.sections
        if not len(sections) or not sections[0].different_first_page_header_footer:
            return []
        header = sections[0].first_page_header
        if header.is_linked_to_previous:
            return []
        lines: list[str] = []
        self._blocks(header._element, lines)
        return [*lines, ""] if any(line.strip() for line in lines) else []

    def _blocks(self, container, lines: list[str], *, in_footnote: bool = False) -> None:
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                lines.extend(split_lines(self._paragraph(child, in_footnote=in_footnote)) or [""])
            elif tag == _w("tbl"):
                for row in child.iter(_w("tr")):
                    if self._nearest_table(row) is not child:
                        continue  # a row of a nested table: reached through its cell
                    for cell in row:
                        if cell.tag == _w("tc"):
                            self._blocks(cell, lines, in_footnote=in_footnote)
                        elif cell.tag in (_w("sdt"), _w("customXml")):
                            for inner in cell.iter(_w("tc")):
                                self._blocks(inner, lines, in_footnote=in_footnote)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self._blocks(content, lines, in_footnote=in_footnote)
            elif tag == _w("customXml"):
                self._blocks(child, lines, in_footnote=in_footnote)

    @staticmethod
    def _nearest_table(row):
        parent = row.getparent()
        while parent is not None and parent.tag != _w("tbl"):
            parent = parent.getparent()
        return parent

    def _paragraph(self, p, *, in_footnote: bool = False) -> str:
        out: list[str] = []
        ppr = p.find(_w("pPr"))
        if ppr is not None and _on(ppr.find(_w("pageBreakBefore"))):
            out.append(PAGE_BREAK)
        if not in_footnote:
            out.append(self.numbering.label(p))
        state = {"custom_mark": False}
        self._inline(p, out, state, in_footnote=in_footnote)
        if state["custom_mark"]:  # a custom-mark reference with no mark text after it
            out.append(self._cite(state.pop("footnote_id"), "*", custom=True))
        return "".join(out)

    def _inline(self, element, out: list[str], state: dict, *, in_footnote: bool) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == _w("r"):
                self._run(child, out, state, in_footnote=in_footnote)
            elif tag in (
                _w("hyperlink"),
                _w("ins"),
                _w("smartTag"),
                _w("customXml"),
                _w("fldSimple"),
                _w("dir"),
                _w("bdo"),
                _w("moveTo"),
            ):
                self._inline(child, out, state, in_footnote=in_footnote)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self._inline(content, out, state, in_footnote=in_footnote)
            # w:pPr, w:del, w:moveFrom, bookmarks, math, proofing marks: no text shown

    def _run(self, run, out: list[str], state: dict, *, in_footnote: bool) -> None:
        rpr = run.find(_w("rPr"))
        if rpr is not None and _on(rpr.find(_w("vanish"))):
            return  # hidden text
        for child in run:
            tag = child.tag
            if tag == _w("t"):
                text = child.text or ""
                if state["custom_mark"]:
                    state["custom_mark"] = False
                    mark = text.strip() or "*"
                    out.append(self._cite(state.pop("footnote_id"), mark, custom=True))
                    out.append(text[text.index(mark) + len(mark) :] if mark in text else "")
                else:
                    out.append(text)
            elif tag in (_w("tab"), _w("ptab")):
                out.append("\t")
            elif tag == _w("br"):
                out.append(PAGE_BREAK if _wval(child, "type") == "page" else "\n")
            elif tag == _w("cr"):
                out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("sym"):
                out.append(_symbol_char(child))
            elif tag == _w("footnoteReference") and not in_footnote:
                footnote_id = _wval(child, "id") or ""
                if _on_attr(child.get(_w("customMarkFollows"))):
                    state["custom_mark"] = True  # the mark is the text that follows
                    state["footnote_id"] = footnote_id
                else:
                    self.footnote_counter += 1
                    out.append(self._cite(footnote_id, self._format_footnote_number()))
            # w:footnoteRef (a footnote's own number), w:instrText (field codes), w:delText,
            # drawings and text boxes, w:lastRenderedPageBreak: nothing

    def _cite(self, footnote_id: str, marker: str, *, custom: bool = False) -> str:
        self.referenced.append((footnote_id, marker, custom))
        return f"[^{marker}]"

    # -- footnotes ---------------------------------------------------------------------------

    def _footnote_format(self) -> tuple[str, int]:
        """The footnote number format and start: the last section's, else the settings'."""
        fmt, start = "decimal", 1
        sources = []
        settings_part = _related_part(self.document, RT_SETTINGS)
        if settings_part is not None:
            sources.append(_part_element(settings_part).find(_w("footnotePr")))
        body = self.document.element.body
        sect = body.find(_w("sectPr"))
        if sect is not None:
            sources.append(sect.find(_w("footnotePr")))
        for footnote_pr in sources:
            if footnote_pr is None:
                continue
            fmt = _wval(footnote_pr.find(_w("numFmt"))) or fmt
            value = _wval(footnote_pr.find(_w("numStart")))
            if value and value.lstrip("-").isdigit():
                start = int(value)
        return fmt, start

    def _format_footnote_number(self) -> str:
        fmt, start = self.footnote_format
        number = start + self.footnote_counter - 1
        if fmt == "chicago":
            symbols = "*†‡§"
            return symbols[(number - 1) % 4] * ((number - 1) // 4 + 1)
        return _format_number(number, fmt) or str(number)

    def footnotes(self) -> list[tuple[str, str]]:
        if not self.referenced:
            return []
        part = _related_part(self.document, RT_FOOTNOTES)
        if part is None:
            return []
        root = _part_element(part)
        by_id = {}
        for footnote in root.iter(_w("footnote")):
            if _wval(footnote, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            by_id[_wval(footnote, "id")] = footnote
        result: list[tuple[str, str]] = []
        for footnote_id, marker, custom in self.referenced:
            footnote = by_id.get(footnote_id)
            if footnote is None:
                continue
            lines: list[str] = []
            self._blocks(footnote, lines, in_footnote=True)
            text = "\n".join(line.strip() for line in lines if line.strip() and line != PAGE_BREAK)
            while custom and text.startswith(marker):  # the custom mark, typed at the start
                text = text[len(marker) :].lstrip()
            result.append((marker, text))
        return result


def _on_attr(value: str | None) -> bool:
    return value is not None and value not in ("0", "false", "off")


def _symbol_char(sym) -> str:
    """w:sym: a character from a symbol font. Private-use codes (Symbol/Wingdings) are bullets."""
    code = _wval(sym, "char") or ""
    try:
        char = chr(int(code, 16))
    except ValueError:
        return ""
    if 0xF000 <= ord(char) <= 0xF0FF:
        return "•"
    return char
