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

from restrack.reading.errors import IngestError
from restrack.reading.readers._common import MAX_FILE_BYTES
from restrack.reading.readers.pdf import CID_GARBAGE_THRESHOLD, cid_garbage_ratio, normalise_pdf_line
from restrack.reading.readers.plain_text import decode_text, split_lines
from restrack.reading.readers.source import SourceDocument, read_bytes, read_document

__all__ = [
    "CID_GARBAGE_THRESHOLD",
    "MAX_FILE_BYTES",
    "IngestError",
    "SourceDocument",
    "cid_garbage_ratio",
    "decode_text",
    "normalise_pdf_line",
    "read_bytes",
    "read_document",
    "split_lines",
]
