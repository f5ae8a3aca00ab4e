"""Constants and error-message helpers shared by the readers of the `restrack.reading.readers`
package: the file size limit, the page-break line, the list of supported formats, and the
functions that build the `IngestError` refusals common to several formats (unsupported format,
damaged DOCX, a size in megabytes). It imports no other
module of the package, so every reader can use it without an import cycle."""

from __future__ import annotations

from restrack.reading.errors import IngestError

MAX_FILE_BYTES = 50 * 1024 * 1024

PAGE_BREAK = "\f"
SUPPORTED = ".txt (UTF-8, UTF-16 or GB18030 text), .pdf (with a text layer) and .docx"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _unsupported(name: str, what: str, hint: str) -> IngestError:
    return IngestError(f"{name}: this is {what}, which cannot be imported. Supported formats: {SUPPORTED}. {hint}")


def _damaged_docx(name: str, detail: str) -> IngestError:
    return IngestError(
        f"{name}: the DOCX file is damaged or truncated: {detail}. Open it in Word or "
        "LibreOffice and save it again (Word offers to repair it), or upload it again."
    )
