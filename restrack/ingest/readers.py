"""From a file (or uploaded bytes) to lines of text: the first step of every import.

`read_document` accepts plain text, PDF and DOCX. What a file *is* is decided by its content —
PDF magic `%PDF-`, a ZIP package holding `word/document.xml` for DOCX — and only when the content
says nothing by the file name's extension: a `.txt` that is really a PDF is read as a PDF.

What comes back (`SourceDocument.lines`) is one string per line, without line-end characters.
A page break is a line of its own holding a single form feed, ``"\\f"``, so the parser can find
page headers and footers.

* **TXT**: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (which covers GBK and
  GB2312), tried in that order with strict decoders; the result must look like text (almost no
  control, private-use or unassigned characters). ``\\r\\n`` and ``\\r`` end lines like ``\\n``; a
  form feed becomes its own ``"\\f"`` line. Lines are otherwise kept as they are (trailing spaces
  included). ``page_count`` is None.
* **PDF**: pdfplumber, page by page, ``extract_text(x_tolerance=1.5, y_tolerance=4)``, with a
  ``"\\f"`` line between pages. 1.5 pt splits words of Latin text set without space glyphs but
  still keeps the letter-spacing of justified CJK lines inside one word; a y tolerance of 4 pt keeps
  a raised footnote marker on its line (``作用。1 人居署``) and lines of text from different fonts
  (SimSun and Times) together, far below any line pitch. Spaces that the gap rule still puts
  *between two CJK characters* (distributed headings such as ``执 行 主 任``, wide justification)
  are removed: Chinese text has no spaces there. Refused: encrypted PDFs that need a password,
  damaged PDFs, PDFs without a text layer (scans), and PDFs whose text is mostly ``(cid:NN)``
  codes (see `cid_garbage_ratio`, threshold `CID_GARBAGE_THRESHOLD`). A few ``(cid:NN)`` under the
  threshold are left in the lines.
* **DOCX**: the body in document order: paragraphs, then the paragraphs of each table cell row by
  row (nested tables too), content controls opened. Headers, footers, text boxes, comments,
  deleted (tracked) and hidden text are left out. Word's automatic list numbers ("1.", "(a)",
  "一、") are rendered in front of the paragraph text as Word shows them, followed by a tab (or a
  space, or nothing, per the level's suffix); a tab in the text is ``"\\t"``; a line break
  (``w:br``) starts a new line; a page break (``w:br w:type="page"``, "page break before") is a
  ``"\\f"`` line. Word's own soft page breaks are not reported. ``page_count`` is None.

  **Footnotes.** A footnote reference in the body is written as ``[^MARKER]`` where the marker
  stands, e.g. ``作用。[^1]人居署``, so the parser can tell a marker from a number in the text.
  The marker is what Word displays: automatic footnotes are numbered 1, 2, 3 … in order of
  reference (in the number format and start that the document sets, e.g. ``i``, ``ii``); a footnote
  with a *custom mark* (Word's "Custom mark", as UN documents use for the ``*`` agenda footnote)
  keeps its mark, ``[^*]``, and does not take a number. ``SourceDocument.footnotes`` lists
  ``(marker, text)`` in order of reference; the text is the footnote's paragraphs joined by
  ``"\\n"``, without its own leading mark. TXT and PDF files have footnotes in their lines, so for
  them the list is empty.

Every refusal is an `IngestError` whose message starts with the file name and says what to do.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from restrack.ingest.errors import IngestError

MAX_FILE_BYTES = 50 * 1024 * 1024
# A DOCX is a ZIP: refuse one that unpacks to more than this (a "zip bomb" or a giant file).
MAX_DOCX_UNPACKED_BYTES = 10 * MAX_FILE_BYTES

PAGE_BREAK = "\f"
SUPPORTED = ".txt (UTF-8, UTF-16 or GB18030 text), .pdf (with a text layer) and .docx"

# pdfplumber tolerances, in PDF points (1/72 inch). See the module docstring.
PDF_X_TOLERANCE = 1.5
PDF_Y_TOLERANCE = 4
# A PDF with fewer characters of text than this per page on average is a scan (with at most a
# stamped symbol or page number on its pages).
MIN_PDF_CHARS_PER_PAGE = 10
# A PDF is refused when more than this share of its non-space characters are (cid:NN) codes.
CID_GARBAGE_THRESHOLD = 0.20
# A decoded text is refused when more than this share of its characters are control,
# private-use, surrogate or unassigned characters, or U+FFFD.
MAX_BAD_CHAR_SHARE = 0.01

TXT_EXTENSIONS = {".txt", ".text", ".md", ".csv", ".tsv", ".asc", ""}


@dataclass
class SourceDocument:
    """A file turned into lines of text, with what the parser needs to know about it."""

    lines: list[str]  # one entry per line, no line ends; a page break is the line "\f"
    format: str  # "txt", "pdf" or "docx"
    file_name: str
    sha256: str  # of the file's bytes
    footnotes: list[tuple[str, str]] = field(default_factory=list)  # DOCX only: (marker, text)
    page_count: int | None = None  # PDF only
    encoding: str | None = None  # TXT only: "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030"


# ------------------------------------------------------------------------------------------------
# Entry point


def read_document(path: str | Path | None, *, data: bytes | None = None,
                  file_name: str | None = None) -> SourceDocument:
    """Read a report from `path`, or from `data` (bytes of an upload; `path` is then only used
    for its name and may be None). `file_name` overrides the name used in the result and in
    error messages. Raises IngestError for anything that cannot be read."""
    name = file_name or (PurePath(str(path)).name if path not in (None, "") else "") or "uploaded file"
    if data is None:
        if path in (None, ""):
            raise IngestError(f"{name}: no file was given. Choose a .txt, .pdf or .docx file.")
        data = _read_path(Path(path), name)
    else:
        data = bytes(data)
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(name, len(data))
    if not data:
        raise IngestError(f"{name}: the file is empty (0 bytes). Check that you chose the right "
                          "file, or export the report again.")
    digest = hashlib.sha256(data).hexdigest()
    extension = PurePath(name).suffix.lower()

    kind = _sniff(data, extension, name)
    if kind == "pdf":
        lines, page_count = _read_pdf(data, name)
        return SourceDocument(lines=lines, format="pdf", file_name=name, sha256=digest,
                              footnotes=[], page_count=page_count, encoding=None)
    if kind == "docx":
        lines, footnotes = _read_docx(data, name)
        return SourceDocument(lines=lines, format="docx", file_name=name, sha256=digest,
                              footnotes=footnotes, page_count=None, encoding=None)
    lines, encoding = _read_txt(data, name, extension)
    return SourceDocument(lines=lines, format="txt", file_name=name, sha256=digest,
                          footnotes=[], page_count=None, encoding=encoding)


def _read_path(path: Path, name: str) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file ({path}). Check the path.") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot open the file ({exc.strerror or exc}). Check the path "
                          "and that you may read it.") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(f"{name}: this is a folder, not a file. Choose the report file inside it.")
    if info.st_size > MAX_FILE_BYTES:  # before reading anything
        raise _too_large(name, info.st_size)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise IngestError(f"{name}: cannot read the file ({exc.strerror or exc}). Check the path "
                          "and that you may read it.") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(name, len(data))
    return data


def _too_large(name: str, size: int) -> IngestError:
    limit = MAX_FILE_BYTES
    return IngestError(
        f"{name}: the file is {_megabytes(size)} ({size:,} bytes), over the limit of "
        f"{limit / (1024 * 1024):g} MB ({limit:,} bytes). Supply the text or DOCX version of the "
        "report, or a PDF saved without large images."
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# ------------------------------------------------------------------------------------------------
# What is it?

_MAGIC_UNSUPPORTED = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (Word 97–2003 .doc or similar)",
     "Open it in Word or LibreOffice and save it as .docx."),
    (b"{\\rtf", "an RTF document", "Open it in Word or LibreOffice and save it as .docx."),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "Run OCR on it and save a PDF with a text layer, or supply "
     "the DOCX/text version."),
    (b"\xff\xd8\xff", "a JPEG image", "Run OCR on it and save a PDF with a text layer, or supply the "
     "DOCX/text version."),
    (b"GIF87a", "a GIF image", "Supply the PDF, DOCX or text version of the report."),
    (b"GIF89a", "a GIF image", "Supply the PDF, DOCX or text version of the report."),
    (b"II*\x00", "a TIFF image", "Run OCR on it and save a PDF with a text layer, or supply the "
     "DOCX/text version."),
    (b"MM\x00*", "a TIFF image", "Run OCR on it and save a PDF with a text layer, or supply the "
     "DOCX/text version."),
    (b"\x1f\x8b", "a gzip archive", "Unpack it and import the report inside."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Unpack it and import the report inside."),
    (b"Rar!\x1a\x07", "a RAR archive", "Unpack it and import the report inside."),
]


def _sniff(data: bytes, extension: str, name: str) -> str:
    """"pdf", "docx" or "txt" (the text reader refuses what is not text); raises IngestError for
    formats that are known but not supported."""
    if data.startswith(b"%PDF-") or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        return "pdf"  # the PDF standard lets readers accept some junk before the header
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _sniff_zip(data, extension, name)
    for magic, what, hint in _MAGIC_UNSUPPORTED:
        if data.startswith(magic):
            raise _unsupported(name, what, hint)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _unsupported(name, "a WebP image", "Supply the PDF, DOCX or text version of the report.")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or extension in (".htm", ".html", ".xhtml"):
        raise _unsupported(name, "a web page (HTML)", "Save the report as .docx or as UTF-8 text.")
    return "txt"


def _sniff_zip(data: bytes, extension: str, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError,
            NotImplementedError) as exc:
        if extension == ".docx" or b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536]:
            raise _damaged_docx(name, f"it is not a complete ZIP package ({_describe(exc)})") from None
        raise _unsupported(name, "a damaged ZIP archive", "Supply the report itself as .txt, .pdf or .docx.") from None
    if "word/document.xml" in names or (
            "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)):
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise _unsupported(name, "an OpenDocument text file (.odt)", "Save it as .docx in LibreOffice or Word.")
    if "xl/workbook.xml" in names:
        raise _unsupported(name, "an Excel workbook", "Supply the report as .docx, .pdf or .txt.")
    if "ppt/presentation.xml" in names:
        raise _unsupported(name, "a PowerPoint presentation", "Supply the report as .docx, .pdf or .txt.")
    if extension == ".docx":
        raise _damaged_docx(name, "its ZIP package has no word/document.xml")
    raise _unsupported(name, "a ZIP archive", "Unpack it and import the report inside.")


def _unsupported(name: str, what: str, hint: str) -> IngestError:
    return IngestError(f"{name}: this is {what}, which cannot be imported. Supported formats: "
                       f"{SUPPORTED}. {hint}")


def _damaged_docx(name: str, detail: str) -> IngestError:
    return IngestError(f"{name}: the DOCX file is damaged or truncated: {detail}. Open it in Word or "
                       "LibreOffice and save it again (Word offers to repair it), or upload it again.")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, IngestError):
        return str(exc)
    text = str(exc).strip()
    if len(text) > 200:
        text = text[:200] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ------------------------------------------------------------------------------------------------
# Text


class _NotText(ValueError):
    """Why bytes could not be decoded as text."""


def split_lines(text: str) -> list[str]:
    """Text to lines: \\r\\n, \\r and \\n end a line (a final line end adds no empty line); a form
    feed becomes a line "\\f" of its own. Other characters are kept as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    lines: list[str] = []
    for line in text.split("\n"):
        if PAGE_BREAK not in line:
            lines.append(line)
            continue
        parts = line.split(PAGE_BREAK)
        for index, part in enumerate(parts):
            if index:
                lines.append(PAGE_BREAK)
            if part:
                lines.append(part)
    return lines


def _read_txt(data: bytes, name: str, extension: str) -> tuple[list[str], str]:
    try:
        text, encoding = decode_text(data)
    except _NotText as exc:
        reason = str(exc)
        if extension == ".pdf":
            raise IngestError(
                f"{name}: the file is named .pdf but is not a PDF (it does not start with %PDF-) and "
                f"is not text either ({reason}). It is damaged or not a PDF: download or export it "
                "again, or supply the DOCX/text version.") from None
        if extension == ".docx":
            raise _damaged_docx(name, "it is not a ZIP package") from None
        if extension not in TXT_EXTENSIONS:
            raise _unsupported(name, f"not a text, PDF or DOCX file ({reason})",
                               "Save the report as .docx, .pdf or UTF-8 text.") from None
        raise IngestError(
            f"{name}: the file is not text in UTF-8, UTF-16 or GB18030 ({reason}). If it is a text "
            "report, open it in a text editor and save it as UTF-8 text (e.g. Notepad: Save as → "
            "Encoding: UTF-8); otherwise supply the report as .pdf or .docx.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise IngestError(f"{name}: the file is empty (it contains only white space). Check that you "
                          "chose the right file, or export the report again.")
    return split_lines(text), encoding


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report text: UTF-8 (BOM or not), UTF-16 with BOM, GB18030, strictly and in that
    order, and check that the result is plausible text. Returns (text, codec name); raises
    _NotText with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _NotText(f"it starts with a UTF-8 byte-order mark but byte {exc.start} is not "
                           "valid UTF-8") from None
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        try:
            text = data[2:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise _NotText(f"it starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                           f"({exc.reason} at byte {exc.start + 2})") from None
    else:
        if b"\x00" in data:
            if _looks_like_bomless_utf16(data):
                raise _NotText("it looks like UTF-16 without a byte-order mark")
            raise _NotText("it contains NUL bytes, so it is binary data")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("gb18030")
                encoding = "gb18030"
            except UnicodeDecodeError:
                guess = _guess_encoding(data)
                raise _NotText(f"byte {utf8_error.start} is neither valid UTF-8 nor GB18030"
                               + (f"; it may be {guess}" if guess else "")) from None
            if _looks_like_misread_single_byte(text):
                guess = _guess_encoding(data) or _WESTERN
                raise _NotText(f"it looks like text in {guess}, which is not supported")
    bad = _bad_char_share(text)
    if bad > MAX_BAD_CHAR_SHARE:
        if encoding == "gb18030":
            guess = _guess_encoding(data)
            if guess:
                raise _NotText(f"it is neither UTF-8 nor GB18030; it may be {guess}")
        raise _NotText(f"decoded as {encoding}, {bad:.0%} of its characters are control or "
                       "unassigned characters, so it is binary data")
    return text, encoding


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """NUL bytes nearly all on one side of each byte pair (the high byte of ASCII characters),
    and the bytes decode as UTF-16 into plausible text."""
    sample = data[: 1 << 16]
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd == 0 or max(even, odd) < 0.9 * (even + odd):
        return False
    try:
        text = sample.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return _bad_char_share(text) <= MAX_BAD_CHAR_SHARE


def _bad_char_share(text: str) -> float:
    if not text:
        return 0.0
    allowed_controls = "\t\n\r\f\v\x1a"  # \x1a: DOS end-of-file mark
    bad = 0
    for char in text:
        if char in allowed_controls:
            continue
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            bad += 1
    return bad / len(text)


def _looks_like_misread_single_byte(text: str) -> bool:
    """GB18030 decodes most Windows-1252/Latin-1 text without error (an accented letter or a
    curly quote and the ASCII letter after it make a valid double-byte character), giving text
    with rare Chinese characters scattered between ASCII letters. Real GB text has its Chinese
    characters mostly in GB2312 and in runs."""
    non_ascii = [i for i, char in enumerate(text) if ord(char) > 0x7F]
    if not non_ascii:
        return False
    in_gb2312 = 0
    for i in non_ascii:
        try:
            text[i].encode("gb2312")
            in_gb2312 += 1
        except UnicodeEncodeError:
            pass
    positions = set(non_ascii)
    isolated = sum(1 for i in non_ascii if i - 1 not in positions and i + 1 not in positions)
    return in_gb2312 / len(non_ascii) < 0.5 and isolated / len(non_ascii) > 0.5


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, only to make an error message more helpful."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
    except Exception:  # a guess is optional  # noqa: BLE001
        return None
    if best is None:
        return None
    # Only name encodings one meets in practice; on little text the detector guesses wildly.
    return _LIKELY_ENCODINGS.get(best.encoding)


_WESTERN = "an 8-bit encoding such as Windows-1252 or Latin-1"
_LIKELY_ENCODINGS = {
    "cp1252": _WESTERN,
    "latin_1": _WESTERN,
    "iso8859_15": _WESTERN,
    "cp1250": _WESTERN,  # English text in Windows-1252 is often detected as its neighbours
    "iso8859_2": _WESTERN,
    "cp1254": _WESTERN,
    "cp1257": _WESTERN,
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1256": "Windows-1256 (Arabic)",
    "mac_roman": "Mac Roman",
    "big5": "Big5 (Traditional Chinese)",
    "cp950": "Big5 (Traditional Chinese)",
    "big5hkscs": "Big5-HKSCS (Traditional Chinese)",
    "shift_jis": "Shift JIS (Japanese)",
    "cp932": "Shift JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp949": "EUC-KR (Korean)",
    "utf_32": "UTF-32",
}


# ------------------------------------------------------------------------------------------------
# PDF

CID_RE = re.compile(r"\(cid:\d+\)")
_CJK = (r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
        r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f")
_SPACE_BETWEEN_CJK_RE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
# A bullet drawn from a symbol font (Symbol, Wingdings) comes out as a private-use character.
_SYMBOL_BULLET_RE = re.compile(r"^(\s*)[\uf000-\uf0ff](?=\s)")


def normalise_pdf_line(line: str) -> str:
    """What a PDF line needs after pdfplumber: no spaces between two CJK characters (they come
    from letter spacing, not from the text), and "•" for a symbol-font bullet that starts it."""
    line = _SPACE_BETWEEN_CJK_RE.sub("", line)
    return _SYMBOL_BULLET_RE.sub(r"\1•", line)


def cid_garbage_ratio(text: str) -> float:
    """The share of the non-space characters of `text` that belong to ``(cid:NN)`` tokens, which
    pdfminer writes for glyphs whose font has no Unicode mapping."""
    total = sum(1 for char in text if not char.isspace())
    if not total:
        return 0.0
    garbage = sum(len(match) for match in CID_RE.findall(text))
    return garbage / total


def _read_pdf(data: bytes, name: str) -> tuple[list[str], int]:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the project
        raise IngestError(f"{name}: cannot read PDF files here because pdfplumber is not installed. "
                          "Install the project's requirements, or supply the DOCX/text version.") from None
    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
            for page in pdf.pages:
                text = page.extract_text(x_tolerance=PDF_X_TOLERANCE, y_tolerance=PDF_Y_TOLERANCE) or ""
                pages.append(text)
                page.close()  # drop the page's cached objects: long reports stay small in memory
    except IngestError:
        raise
    except Exception as exc:  # pdfminer raises many kinds (PSException, PDFSyntaxError, ...)
        cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        if _is_encryption_error(cause):
            raise IngestError(
                f"{name}: the PDF is encrypted and needs a password to be read ({_describe(cause)}). "
                "Remove the protection (open it with the password and save or print it to a new PDF) "
                "or supply the DOCX/text version.") from None
        raise IngestError(
            f"{name}: the PDF is damaged or cannot be read ({_describe(cause)}). Download or export "
            "it again, or supply the DOCX/text version.") from None
    if not pages:
        raise IngestError(f"{name}: the PDF has no pages. Download or export it again, or supply the "
                          "DOCX/text version.")
    characters = sum(1 for text in pages for char in text if not char.isspace())
    if characters < MIN_PDF_CHARS_PER_PAGE * len(pages):
        found = f" (only {characters} characters of text on {len(pages)} pages)" if characters else ""
        raise IngestError(
            f"{name}: the PDF has no text layer — it is a scanned image; run OCR first (e.g. ocrmypdf, "
            f"or Acrobat's 'Recognize text') or supply the DOCX/text version.{found}")
    ratio = cid_garbage_ratio("".join(pages))
    if ratio > CID_GARBAGE_THRESHOLD:
        raise IngestError(
            f"{name}: the PDF's fonts carry no Unicode mapping, so its text comes out as (cid:NN) "
            f"codes ({ratio:.0%} of the text). Supply the DOCX/text version, or make the PDF again from "
            "the original document (or run OCR on it).")
    lines: list[str] = []
    for index, text in enumerate(pages):
        if index:
            lines.append(PAGE_BREAK)
        if text:
            lines.extend(normalise_pdf_line(line) for line in text.split("\n"))
    return lines, len(pages)


def _is_encryption_error(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}) or (
        "password" in str(exc).lower() or "encrypt" in str(exc).lower())


# ------------------------------------------------------------------------------------------------
# DOCX

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


def _read_docx(data: bytes, name: str) -> tuple[list[str], list[tuple[str, str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_DOCX_UNPACKED_BYTES:
                raise IngestError(
                    f"{name}: the DOCX file unpacks to {_megabytes(unpacked)}, over the limit of "
                    f"{_megabytes(MAX_DOCX_UNPACKED_BYTES)}. Remove large embedded objects and save it "
                    "again, or supply the PDF/text version.")
            broken = archive.testzip()
            if broken is not None:
                raise _damaged_docx(name, f"the part {broken} fails its checksum")
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, ...
        raise _damaged_docx(name, _describe(exc)) from None
    try:
        import docx
    except ImportError:  # pragma: no cover - a dependency of the project
        raise IngestError(f"{name}: cannot read DOCX files here because python-docx is not installed. "
                          "Install the project's requirements, or supply the PDF/text version.") from None
    try:
        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines = reader.body_lines()
        footnotes = reader.footnotes()
    except IngestError:
        raise
    except ValueError as exc:
        if "not a Word file" in str(exc):  # e.g. a template (.dotx) or macro-enabled (.docm) file
            raise IngestError(
                f"{name}: this is not a plain Word document ({_describe(exc)}). Open it in Word and "
                "save it as 'Word Document (.docx)'.") from None
        raise _damaged_docx(name, _describe(exc)) from None
    except Exception as exc:  # noqa: BLE001 - KeyError, lxml errors, PackageNotFoundError, ...
        raise _damaged_docx(name, _describe(exc)) from None
    if not any(line.strip() for line in lines):
        raise IngestError(f"{name}: the file is empty: the DOCX document contains no text. Check that "
                          "you chose the right file.")
    return lines, footnotes


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
        lines: list[str] = []
        self._blocks(self.document.element.body, lines)
        return lines

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
            elif tag in (_w("hyperlink"), _w("ins"), _w("smartTag"), _w("customXml"), _w("fldSimple"),
                         _w("dir"), _w("bdo"), _w("moveTo")):
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
                    out.append(text[text.index(mark) + len(mark):] if mark in text else "")
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
                text = text[len(marker):].lstrip()
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


# -- list numbering --------------------------------------------------------------------------


class _Numbering:
    """Word's automatic paragraph numbering (numbering.xml), as far as text needs it: counters
    per list (w:num) and level, restart of deeper levels, start values and overrides, the common
    number formats and the level text ("%1.", "(%2)", "%1、")."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # numId -> ilvl -> level definition
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        # Lists (w:num) sharing an abstract definition continue one another's numbering in Word,
        # unless one restarts with a start override.
        self.counter_key: dict[str, str] = {}
        part = _related_part(document, RT_NUMBERING)
        if part is None:
            return
        root = _part_element(part)
        abstract: dict[str, dict[int, dict]] = {}
        for node in root.findall(_w("abstractNum")):
            abstract[_wval(node, "abstractNumId")] = {
                level["ilvl"]: level for level in (self._level(lvl) for lvl in node.findall(_w("lvl")))
            }
        for num in root.findall(_w("num")):
            num_id = _wval(num, "numId")
            abstract_id = _wval(num.find(_w("abstractNumId")))
            levels = {k: dict(v) for k, v in abstract.get(abstract_id, {}).items()}
            overrides = num.findall(_w("lvlOverride"))
            self.counter_key[num_id] = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
            for override in overrides:
                ilvl = _int(_wval(override, "ilvl"), 0)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl, ilvl)
                start = _wval(override.find(_w("startOverride")))
                if start is not None:
                    levels.setdefault(ilvl, self._level(None, ilvl))["start"] = _int(start, 1)
            self.levels[num_id] = levels
        styles = _related_part(document, RT_STYLES)
        if styles is not None:
            self._read_styles(_part_element(styles))

    @staticmethod
    def _level(lvl, ilvl: int | None = None) -> dict:
        if lvl is None:
            return {"ilvl": ilvl or 0, "fmt": "decimal", "text": f"%{(ilvl or 0) + 1}.", "start": 1,
                    "suffix": "\t", "legal": False}
        suffix = {"space": " ", "nothing": ""}.get(_wval(lvl.find(_w("suff"))), "\t")
        text_node = lvl.find(_w("lvlText"))
        return {
            "ilvl": _int(_wval(lvl, "ilvl"), ilvl or 0),
            "fmt": _wval(lvl.find(_w("numFmt"))) or "decimal",
            "text": _wval(text_node) if text_node is not None else None,
            "start": _int(_wval(lvl.find(_w("start"))), 1),
            "suffix": suffix,
            "legal": _on(lvl.find(_w("isLgl"))),
        }

    def _read_styles(self, root) -> None:
        raw: dict[str, tuple[str | None, int | None, str | None]] = {}
        for style in root.findall(_w("style")):
            if _wval(style, "type") != "paragraph":
                continue
            numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            num_id = _wval(numpr.find(_w("numId"))) if numpr is not None else None
            ilvl = _wval(numpr.find(_w("ilvl"))) if numpr is not None else None
            raw[_wval(style, "styleId")] = (num_id, _int(ilvl, None) if ilvl else None,
                                            _wval(style.find(_w("basedOn"))))
        for style_id in raw:  # resolve basedOn chains
            seen, current, num_id, ilvl = set(), style_id, None, None
            while current in raw and current not in seen:
                seen.add(current)
                style_num, style_ilvl, based_on = raw[current]
                num_id = num_id if num_id is not None else style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
                current = based_on
            if num_id is not None:
                self.style_numpr[style_id] = (num_id, ilvl)

    def label(self, p) -> str:
        """The number Word shows in front of paragraph `p` (advancing the counters), or ""."""
        if not self.levels:
            return ""
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return ""
        num_id, ilvl = None, None
        numpr = ppr.find(_w("numPr"))
        if numpr is not None:
            num_id = _wval(numpr.find(_w("numId")))
            value = _wval(numpr.find(_w("ilvl")))
            ilvl = _int(value, 0) if value is not None else None
        style_id = _wval(ppr.find(_w("pStyle")))
        if style_id in self.style_numpr:
            style_num, style_ilvl = self.style_numpr[style_id]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id in (None, "0") or num_id not in self.levels:
            return ""
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        level = levels.get(ilvl) or self._level(None, ilvl)
        counters = self.counters.setdefault(self.counter_key.get(num_id, num_id), {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level["start"]
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level["fmt"] == "none":
            text = level["text"] or ""
        elif level["fmt"] == "bullet":
            text = level["text"] or "•"
            text = "".join("•" if 0xE000 <= ord(c) <= 0xF8FF else c for c in text) or "•"
        else:
            text = level["text"] if level["text"] is not None else f"%{ilvl + 1}."

            def number(match: re.Match) -> str:
                which = int(match.group(1)) - 1
                definition = levels.get(which) or self._level(None, which)
                value = counters.get(which, definition["start"])
                fmt = "decimal" if level["legal"] and which != ilvl else definition["fmt"]
                return _format_number(value, fmt)

            text = re.sub(r"%([1-9])", number, text)
        return text + level["suffix"] if text else ""


def _int(value: str | None, default):
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _CHINESE_DIGITS[n]
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if (unit == "十" and digit == 1 and not out) else _CHINESE_DIGITS[digit]) + unit
        elif out and n:
            out += "" if out.endswith("〇") else "〇"
    if n:
        out += _CHINESE_DIGITS[n]
    return out.replace("〇", "零")


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        if n <= 0:
            return str(n)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: y, z, aa, bb, ...
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "taiwaneseCounting", "japaneseCounting", "chineseLegalSimplified"):
        return _chinese_number(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n)) if n >= 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


__all__ = [
    "CID_GARBAGE_THRESHOLD",
    "MAX_FILE_BYTES",
    "IngestError",
    "SourceDocument",
    "cid_garbage_ratio",
    "decode_text",
    "normalise_pdf_line",
    "read_document",
    "split_lines",
]

