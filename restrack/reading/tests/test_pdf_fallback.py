"""Layout 9 of issue 18: when pdfminer (through pdfplumber) gives no text or only (cid:NN) glyph
codes, the PDF is read again with PDFium (pypdfium2) before it is refused; scans, and PDFs whose
fonts no reader can map, are still refused with the advice to run OCR or supply another format."""

from __future__ import annotations

from pathlib import Path

import pdfplumber.page
import pytest

from restrack.reading.errors import IngestError
from restrack.reading.parser import parse_report
from restrack.reading.readers import read_document
from restrack.reading.readers.pdf import looks_like_text
from restrack.reading.tests.layouts.corpus import CORPUS
from restrack.reading.tests.seeds import gazetteer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def pdfminer_gives_glyph_codes(monkeypatch):
    """pdfminer decoding every glyph as (cid:NN), as it does for fonts whose Unicode map it cannot
    read: a real PDF whose fonts only PDFium decodes could not be made with the tools at hand, so
    pdfminer's side of it is simulated; PDFium then reads the real file."""

    def glyph_codes(page, **options):
        return " ".join(f"(cid:{n})" for n in range(40))

    monkeypatch.setattr(pdfplumber.page.Page, "extract_text", glyph_codes)


def test_a_pdf_pdfminer_cannot_decode_is_read_with_pdfium(pdfminer_gives_glyph_codes):
    source = read_document(FIXTURES / "english-report.pdf")
    assert source.format == "pdf" and source.page_count == 2
    report = parse_report(source, gazetteer=gazetteer())
    assert report.symbol == "HSP/EB.2024/20"
    assert [p.section.reference for p in report.paragraphs][1:] == ["resolution 1/1", "resolution 1/2"]
    assert all("(cid:" not in p.text for p in report.paragraphs)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("scanned.pdf", "it is a scanned image; run OCR first"),
        ("cid-garbage.pdf", "its text comes out as (cid:NN) codes"),
    ],
)
def test_what_no_reader_can_decode_is_still_refused(fixture, message):
    with pytest.raises(IngestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_document(FIXTURES / fixture)


def test_text_of_glyph_numbers_does_not_look_like_text():
    assert looks_like_text("Progress in the implementation 联合国人居署 Доклад القرار 2/6")
    assert not looks_like_text("॒ईभࣣࢾ࢙ࡴࡏࠪࠅߠ\u07bbޖݱ\u074cܧ܂\u06ddڸړٮىؤ\u05ffךֵ\u0590ԡՆի")
    assert not looks_like_text("(cid:12)(cid:13) text")
    assert not looks_like_text("")


# Not the right-to-left documents: PDFium writes an Arabic line half reordered (its letters in
# written order, the sentence's full stop and the paragraph number swapped, a lam-alef ligature's
# two letters reversed), and PDFium is only the fallback for fonts pdfminer cannot decode.
# docs/importing.md says so.
@pytest.mark.parametrize(
    "doc", [doc for doc in CORPUS if "pdf" in doc.formats and not doc.right_to_left], ids=lambda doc: doc.name
)
def test_the_layout_corpus_read_with_pdfium_parses_the_same(doc, corpus_pdfs, pdfminer_gives_glyph_codes):
    report = parse_report(read_document(corpus_pdfs[doc.name]), gazetteer=gazetteer())
    assert [(p.number, p.section.reference or p.section.kind, p.text) for p in report.paragraphs] == doc.expected
    assert (report.symbol, report.title) == (doc.symbol, doc.title)
