"""The DOCX and PDF versions of the layout corpus, made at test time (nothing binary is committed):
DOCX with python-docx from each document's structure, PDF from that DOCX with LibreOffice, all
the documents in one `soffice` run (it takes seconds to start)."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
from pathlib import Path

from restrack.reading.tests.layouts.corpus import Doc, Para

_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_spec = importlib.util.spec_from_file_location("make_fixtures", _FIXTURES / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)

# Where the masthead ends in the front lines (the first-page header holds it in the DOCX).
_MASTHEAD_END = re.compile(r"^Original:")


def _fill(paragraph, text: str) -> None:
    from docx.enum.text import WD_BREAK

    for piece in re.split(r"(\{fn:\d+(?::[^}]+)?\}|\{pagebreak\})", text):
        if piece.startswith("{fn:"):
            fields = piece[4:-1].split(":", 1)
            make_fixtures.add_footnote_reference(paragraph, int(fields[0]), fields[1] if len(fields) > 1 else None)
        elif piece == "{pagebreak}":
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        elif piece:
            paragraph.add_run(piece)


def _right_to_left(document) -> None:
    """Every paragraph of `document` right-to-left (`w:bidi`) and its runs right-to-left text
    (`w:rtl`), as Arabic reports are written: the paragraph number stands at the right, and a PDF
    made from it holds each line in visual order, as a real Arabic PDF does."""
    from docx.oxml import OxmlElement

    for paragraph in document.paragraphs:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def docx_bytes(doc: Doc) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "Restrack layout corpus (made-up text)"
    section = document.sections[0]
    front = list(doc.front)
    footnotes = {number: (None, text) for number, text in doc.footnotes.items()}
    if doc.agenda_symbol and not any(line.startswith("* ") for line in front):
        # The agenda footnote as a line under the agenda item: LibreOffice misnumbers a Word
        # footnote with a custom mark, and the DOCX reader's custom marks have their own tests.
        at = next(i for i, line in enumerate(front) if line.endswith("agenda*")) + 1
        front.insert(at, f"* {doc.agenda_symbol}.")
    footers = [section.footer]
    if doc.header_masthead:
        end = next(i for i, line in enumerate(front) if _MASTHEAD_END.match(line)) + 1
        start = next(i for i, line in enumerate(front) if line.startswith("United Nations"))
        section.different_first_page_header_footer = True
        header = section.first_page_header
        for index, line in enumerate(front[start:end]):
            (header.paragraphs[0] if index == 0 else header.add_paragraph()).add_run(line)
        front = front[:start] + front[end:]
        footers.append(section.first_page_footer)
    section.header.paragraphs[0].add_run(doc.symbol or "")
    for footer in footers:
        footer.paragraphs[0].add_run(doc.job_number)
        footer.add_paragraph().add_run(doc.barcode)
    for line in front:
        _fill(document.add_paragraph(), line)
    for item in doc.body:
        if isinstance(item, Para):
            paragraph = document.add_paragraph()
            _fill(paragraph, f"{item.number}.\t{item.text}")
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(item).bold = True
        paragraph.paragraph_format.space_after = Pt(6)
    if footnotes:
        make_fixtures.add_footnotes_part(document, dict(sorted(footnotes.items())))
    if doc.right_to_left:
        _right_to_left(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_pdfs(docs: list[Doc], folder: Path) -> dict[str, Path]:
    """Write each document's DOCX into `folder` and convert them all to PDF with LibreOffice."""
    return docx_to_pdf({doc.name: docx_bytes(doc) for doc in docs}, folder)


def docx_to_pdf(documents: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Write each DOCX (name: bytes) into `folder` and convert them all to PDF in one LibreOffice
    run (it takes seconds to start); the PDFs' paths by name."""
    paths = []
    for name, data in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    profile = folder / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: folder / f"{name}.pdf" for name in documents}
