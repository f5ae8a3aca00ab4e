"""PDF reading with pdfplumber: the text of each page, extracted with the x and y tolerances the
reports need, with a page-break line between pages and each line normalised (no spaces between
two CJK characters, "•" for symbol-font bullets); encrypted, damaged and scanned PDFs, and PDFs
whose text is mostly ``(cid:NN)`` codes (see `cid_garbage_ratio`), are refused."""

from __future__ import annotations

import io
import logging
import re

from restrack.reading.errors import IngestError
from restrack.reading.limits import RATIO_FROM_BYTES, SETTINGS, Deadline, LimitExceeded, Limits, megabytes
from restrack.reading.readers import bidi
from restrack.reading.readers._common import PAGE_BREAK

logger = logging.getLogger(__name__)

# pdfplumber tolerances, in PDF points (1/72 inch). See the docstring of restrack.reading.readers.
PDF_X_TOLERANCE = 1.5
PDF_Y_TOLERANCE = 4
# A PDF with fewer characters of text than this per page on average is a scan (with at most a
# stamped symbol or page number on its pages).
MIN_PDF_CHARS_PER_PAGE = 10
# A PDF is refused when more than this share of its non-space characters are (cid:NN) codes.
CID_GARBAGE_THRESHOLD = 0.20


CID_RE = re.compile(r"\(cid:\d+\)")
_CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_SPACE_BETWEEN_CJK_RE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
# A bullet drawn from a symbol font (Symbol, Wingdings) comes out as a private-use character.
_SYMBOL_BULLET_RE = re.compile(r"^(\s*)[\uf000-\uf0ff](?=\s)")


# Control characters a damaged or odd PDF's text layer can hold (NUL among them, which no report
# means and PostgreSQL cannot store); the tab and the page break are kept.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalise_pdf_line(line: str) -> str:
    """What a PDF line needs after pdfplumber: no control characters, no spaces between two CJK
    characters (they come from letter spacing, not from the text), and "•" for a symbol-font
    bullet that starts it."""
    line = _SPACE_BETWEEN_CJK_RE.sub("", _CONTROL_RE.sub("", line))
    return _SYMBOL_BULLET_RE.sub(r"\1•", line)


def cid_garbage_ratio(text: str) -> float:
    """The share of the non-space characters of `text` that belong to ``(cid:NN)`` tokens, which
    pdfminer writes for glyphs whose font has no Unicode mapping."""
    total = sum(1 for char in text if not char.isspace())
    if not total:
        return 0.0
    garbage = sum(len(match) for match in CID_RE.findall(text))
    return garbage / total


def _check_compression(page, limits: Limits, number: int) -> None:
    """Refuse a page whose content streams inflate beyond the compression ratio a ZIP part may have
    (Limits.zip_ratio), before pdfminer inflates them whole: a few hundred kilobytes of a PDF can
    hold a stream of gigabytes. Each stream is inflated a piece at a time, and no further than the
    ratio allows."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    contents = resolve1(page.attrs.get("Contents"))
    for stream in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream) or stream.rawdata is None or stream.decipher:
            continue  # an encrypted stream is inflated once deciphered, by pdfminer
        filters = stream.get_filters()
        if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
            continue
        most = max(RATIO_FROM_BYTES, len(stream.rawdata) * limits.zip_ratio)
        inflater, pending, inflated = zlib.decompressobj(), stream.rawdata, 0
        try:
            while pending and inflated <= most:
                inflated += len(inflater.decompress(pending, 2**20))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # damaged: pdfminer says so in its own way
        if inflated > most:
            raise LimitExceeded(
                "zip_ratio",
                f"the content of page {number} of the PDF is compressed more than {limits.zip_ratio:,} times "
                f"({megabytes(len(stream.rawdata))} unpacking to more than {megabytes(most)}), over the limit of "
                f"{limits.zip_ratio:,} ({SETTINGS['zip_ratio']}); such a file is made to exhaust the memory of "
                "whoever opens it",
                found=f"{inflated / max(len(stream.rawdata), 1):,.0f}",
                limit=limits.zip_ratio,
                member=f"page {number}",
            )


def _read_pdf(data: bytes, name: str, limits: Limits | None = None) -> tuple[list[str], int]:
    limits = limits or Limits()
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the project
        raise IngestError(
            f"{name}: cannot read PDF files here because pdfplumber is not installed. "
            "Install the project's requirements, or supply the DOCX/text version."
        ) from None
    pages: list[str] = []
    visual = True  # pdfminer gives right-to-left lines in visual order; PDFium in logical order
    try:
        with pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
            if len(pdf.pages) > limits.pdf_pages:
                raise LimitExceeded(
                    "pdf_pages",
                    f"the PDF has {len(pdf.pages):,} pages, over the limit of {limits.pdf_pages:,} "
                    f"({SETTINGS['pdf_pages']})",
                    found=len(pdf.pages),
                    limit=limits.pdf_pages,
                )
            deadline = Deadline(limits)
            for page in pdf.pages:
                deadline.check(f"{len(pages):,} pages")
                _check_compression(page.page_obj, limits, len(pages) + 1)
                bidi.prepare_chars(page.chars)
                text = page.extract_text(x_tolerance=PDF_X_TOLERANCE, y_tolerance=PDF_Y_TOLERANCE) or ""
                pages.append(text)
                page.close()  # drop the page's cached objects: long reports stay small in memory
    except IngestError:
        raise
    except LimitExceeded as error:
        raise IngestError(
            f"{name}: {error.message}. Supply the DOCX/text version of the report, or ask the "
            "administrator to raise the limit if the file is genuine."
        ) from None
    except Exception as exc:  # pdfminer raises many kinds (PSException, PDFSyntaxError, ...)
        cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        logger.info("%s: pdfplumber could not read it: %r", name, cause)
        if _is_encryption_error(cause):
            raise IngestError(
                f"{name}: the PDF is encrypted and needs a password to be read. "
                "Remove the protection (open it with the password and save or print it to a new PDF) "
                "or supply the DOCX/text version."
            ) from None
        raise IngestError(
            f"{name}: the PDF is damaged or cannot be read ({_what_is_broken(cause)}). Download or "
            "export it again, or supply the DOCX/text version."
        ) from None
    if not pages:
        raise IngestError(
            f"{name}: the PDF has no pages. Download or export it again, or supply the DOCX/text version."
        )
    characters = sum(1 for text in pages for char in text if not char.isspace())
    if characters < MIN_PDF_CHARS_PER_PAGE * len(pages) or cid_garbage_ratio("".join(pages)) > CID_GARBAGE_THRESHOLD:
        # pdfminer found no text, or only glyph codes: another reader may decode the fonts.
        other = _read_with_pdfium(data)
        if other is not None:
            pages = other
            characters = sum(1 for text in pages for char in text if not char.isspace())
    if characters < MIN_PDF_CHARS_PER_PAGE * len(pages):
        found = f" (only {characters} characters of text on {len(pages)} pages)" if characters else ""
        raise IngestError(
            f"{name}: the PDF has no text layer — it is a scanned image; run OCR first (e.g. ocrmypdf, "
            f"or Acrobat's 'Recognize text') or supply the DOCX/text version.{found}"
        )
    ratio = cid_garbage_ratio("".join(pages))
    if ratio > CID_GARBAGE_THRESHOLD:
        raise IngestError(
            f"{name}: the PDF's fonts carry no Unicode mapping, so its text comes out as (cid:NN) "
            f"codes ({ratio:.0%} of the text). Supply the DOCX/text version, or make the PDF again from "
            "the original document (or run OCR on it)."
        )
    lines: list[str] = []
    for index, text in enumerate(pages):
        if index:
            lines.append(PAGE_BREAK)
        if text:
            lines.extend(
                normalise_pdf_line(bidi.visual_to_logical(line) if visual else line) for line in text.split("\n")
            )
    return lines, len(pages)


def _read_with_pdfium(data: bytes) -> list[str] | None:
    """The pages' text as pypdfium2 (PDFium, the reader of Chrome) extracts it, when it reads as
    text (see `looks_like_text`); None when it does not, or pypdfium2 is missing or fails."""
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - optional: pdfplumber alone reads most PDFs
        return None
    pages: list[str] = []
    try:
        document = pypdfium2.PdfDocument(data)
        try:
            for page in document:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                page.close()
                pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - a damaged PDF: pdfplumber's refusal stands
        return None
    text = "".join(pages)
    total = sum(1 for char in text if not char.isspace())
    if total < MIN_PDF_CHARS_PER_PAGE * max(len(pages), 1) or not looks_like_text(text):
        return None
    return pages


# Characters of the scripts and punctuation reports are written in. A font without a Unicode
# map makes PDF readers output its glyph numbers as characters scattered over unrelated scripts.
_TEXT_CHAR_RE = re.compile(
    rf"[\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff\u2000-\u206f\u20a0-\u20cf"
    rf"\u2100-\u218f\ufb50-\ufdff\ufe70-\ufeff{_CJK}]"
)
TEXT_CHAR_SHARE = 0.95


def looks_like_text(text: str) -> bool:
    """At least TEXT_CHAR_SHARE of the non-space characters belong to the scripts and punctuation
    of reports (Latin, Greek, Cyrillic, Arabic, CJK), and none is a (cid:NN) code."""
    characters = [char for char in text if not char.isspace()]
    if not characters or CID_RE.search(text):
        return False
    good = sum(1 for char in characters if _TEXT_CHAR_RE.match(char))
    return good / len(characters) >= TEXT_CHAR_SHARE


def _what_is_broken(exc: BaseException) -> str:
    """What is wrong with the PDF, in words (the library's own text goes to the log)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"PSEOF", "EOFError"} or "eof" in str(exc).lower():
        return "it ends too early: it was cut short"
    if names & {"PDFNoValidXRef", "PDFSyntaxError", "PSSyntaxError", "PSTypeError"}:
        return "its structure is broken"
    if "error" in str(exc).lower() and "decompress" in str(exc).lower():
        return "a part of it cannot be unpacked"
    return "its contents are not those of a PDF"


def _is_encryption_error(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}) or (
        "password" in str(exc).lower() or "encrypt" in str(exc).lower()
    )
