"""The entry point of the readers: `read_document` reads a file from a path or from uploaded
bytes, checks its size before and after reading, decides by its content (and only failing that
by its extension) whether it is plain text, PDF or DOCX, refuses known but unsupported formats
with a clear `IngestError`, hands the bytes to the matching format reader, and returns a
`SourceDocument`."""

from __future__ import annotations

import hashlib
import io
import logging
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from restrack.reading.errors import IngestError
from restrack.reading.limits import SETTINGS, LimitExceeded, Limits, check_zip
from restrack.reading.readers._common import (
    MAX_FILE_BYTES,
    _damaged_docx,
    _megabytes,
    _unsupported,
)
from restrack.reading.readers.docx import _read_docx
from restrack.reading.readers.pdf import _read_pdf
from restrack.reading.readers.plain_text import _read_txt

logger = logging.getLogger(__name__)


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


def read_bytes(
    path: str | Path | None,
    *,
    data: bytes | None = None,
    file_name: str | None = None,
    limits: Limits | None = None,
) -> tuple[str, bytes]:
    """(the name used in messages, the bytes) of the file at `path` or of uploaded `data`, within
    the size limit and not empty: what every reader checks before looking at the content (and
    what an importer that reads another format, Akoma Ntoso XML, checks the same way)."""
    name = file_name or (PurePath(str(path)).name if path not in (None, "") else "") or "uploaded file"
    max_bytes = limits.report_bytes if limits is not None else MAX_FILE_BYTES
    if data is None:
        if path in (None, ""):
            raise IngestError(f"{name}: no file was given. Choose a .txt, .pdf or .docx file.")
        data = _read_path(Path(path), name, max_bytes)
    else:
        data = bytes(data)
        if len(data) > max_bytes:
            raise _too_large(name, len(data), max_bytes)
    if not data:
        raise IngestError(
            f"{name}: the file is empty (0 bytes). Check that you chose the right file, or export the report again."
        )
    return name, data


def read_document(
    path: str | Path | None,
    *,
    data: bytes | None = None,
    file_name: str | None = None,
    limits: Limits | None = None,
) -> SourceDocument:
    """Read a report from `path`, or from `data` (bytes of an upload; `path` is then only used
    for its name and may be None). `file_name` overrides the name used in the result and in
    error messages. `limits` bounds the file (restrack.reading.limits; the defaults when None).
    Raises IngestError for anything that cannot be read or goes beyond a limit."""
    name, data = read_bytes(path, data=data, file_name=file_name, limits=limits)
    limits = limits or Limits()
    digest = hashlib.sha256(data).hexdigest()
    extension = PurePath(name).suffix.lower()

    kind = _sniff(data, extension, name, limits)
    if kind == "pdf":
        lines, page_count = _read_pdf(data, name, limits)
        return SourceDocument(
            lines=lines, format="pdf", file_name=name, sha256=digest, footnotes=[], page_count=page_count, encoding=None
        )
    if kind == "docx":
        lines, footnotes = _read_docx(data, name)  # its ZIP package was checked by _sniff_zip
        return SourceDocument(
            lines=lines,
            format="docx",
            file_name=name,
            sha256=digest,
            footnotes=footnotes,
            page_count=None,
            encoding=None,
        )
    lines, encoding = _read_txt(data, name, extension)
    return SourceDocument(
        lines=lines, format="txt", file_name=name, sha256=digest, footnotes=[], page_count=None, encoding=encoding
    )


def _read_path(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file ({path}). Check the path.") from None
    except OSError as exc:
        raise IngestError(
            f"{name}: cannot open the file ({exc.strerror or exc}). Check the path and that you may read it."
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(f"{name}: this is a folder, not a file. Choose the report file inside it.")
    if info.st_size > max_bytes:  # before reading anything
        raise _too_large(name, info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise IngestError(
            f"{name}: cannot read the file ({exc.strerror or exc}). Check the path and that you may read it."
        ) from None
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    return data


def _too_large(name: str, size: int, limit: int) -> IngestError:
    return IngestError(
        f"{name}: the file is {_megabytes(size)} ({size:,} bytes), over the limit of "
        f"{limit / (1024 * 1024):g} MB ({limit:,} bytes). Supply the text or DOCX version of the "
        "report, or a PDF saved without large images; or ask the administrator to raise the limit "
        f"({SETTINGS['report_mb']})."
    )


def refused_over_limit(name: str, error: LimitExceeded) -> IngestError:
    """The refusal of a file beyond one of the limits: what, the limit, and the two ways out."""
    return IngestError(
        f"{name}: {error.message}. Supply a smaller version of the report (the DOCX without "
        "embedded objects, a PDF without large images, or the text), or ask the administrator to "
        "raise the limit if the file is genuine."
    )


# ------------------------------------------------------------------------------------------------
# What is it?

_MAGIC_UNSUPPORTED = [
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Microsoft Office file (Word 97–2003 .doc or similar)",
        "Open it in Word or LibreOffice and save it as .docx.",
    ),
    (b"{\\rtf", "an RTF document", "Open it in Word or LibreOffice and save it as .docx."),
    (
        b"\x89PNG\r\n\x1a\n",
        "a PNG image",
        "Run OCR on it and save a PDF with a text layer, or supply the DOCX/text version.",
    ),
    (
        b"\xff\xd8\xff",
        "a JPEG image",
        "Run OCR on it and save a PDF with a text layer, or supply the DOCX/text version.",
    ),
    (b"GIF87a", "a GIF image", "Supply the PDF, DOCX or text version of the report."),
    (b"GIF89a", "a GIF image", "Supply the PDF, DOCX or text version of the report."),
    (b"II*\x00", "a TIFF image", "Run OCR on it and save a PDF with a text layer, or supply the DOCX/text version."),
    (b"MM\x00*", "a TIFF image", "Run OCR on it and save a PDF with a text layer, or supply the DOCX/text version."),
    (b"\x1f\x8b", "a gzip archive", "Unpack it and import the report inside."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Unpack it and import the report inside."),
    (b"Rar!\x1a\x07", "a RAR archive", "Unpack it and import the report inside."),
]


def _sniff(data: bytes, extension: str, name: str, limits: Limits) -> str:
    """ "pdf", "docx" or "txt" (the text reader refuses what is not text); raises IngestError for
    formats that are known but not supported."""
    if data.startswith(b"%PDF-") or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        return "pdf"  # the PDF standard lets readers accept some junk before the header
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _sniff_zip(data, extension, name, limits)
    for magic, what, hint in _MAGIC_UNSUPPORTED:
        if data.startswith(magic):
            raise _unsupported(name, what, hint)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _unsupported(name, "a WebP image", "Supply the PDF, DOCX or text version of the report.")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or extension in (".htm", ".html", ".xhtml"):
        raise _unsupported(name, "a web page (HTML)", "Save the report as .docx or as UTF-8 text.")
    return "txt"


def _sniff_zip(data: bytes, extension: str, name: str, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            what = "DOCX file" if extension == ".docx" or b"word/" in data[:65536] else "ZIP archive"
            check_zip(archive, limits, what=what, unpacked="report_unpacked_mb")  # before inflating anything
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except LimitExceeded as error:
        raise refused_over_limit(name, error) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        KeyError,
        NotImplementedError,
    ) as exc:
        logger.info("%s: not a readable ZIP package: %r", name, exc)
        if extension == ".docx" or b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536]:
            raise _damaged_docx(name, "it is not a complete ZIP package (it was cut short or corrupted)") from None
        raise _unsupported(name, "a damaged ZIP archive", "Supply the report itself as .txt, .pdf or .docx.") from None
    if "word/document.xml" in names or ("[Content_Types].xml" in names and any(n.startswith("word/") for n in names)):
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
