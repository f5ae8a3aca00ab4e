"""The resolution reader on the made-up corpus of resolution and decision texts
(restrack.reading.tests.resolutions: every layout in text and DOCX, the PDFs in the subprocess tier),
which was written apart from the reader: what each document must give, and what each refusal says."""

import re

import pytest

from restrack.reading.errors import IngestError
from restrack.reading.readers import read_document
from restrack.reading.resolution import parse_resolution
from restrack.reading.tests.resolutions.build import docx_bytes, make_pdfs, soffice
from restrack.reading.tests.resolutions.corpus import REFUSALS, RESOLUTIONS
from restrack.reading.text import CJK_CHAR


def check(parsed, doc, same=lambda text: text):
    assert (parsed.kind, parsed.number) == (doc.kind, doc.number)
    assert same(parsed.title) == same(doc.title)
    assert parsed.symbol == doc.symbol
    assert parsed.adoption_date == doc.adoption_date
    assert parsed.language == doc.language
    assert [same(text) for text in parsed.preamble] == [same(text) for text in doc.preamble]
    assert [(p.number, same(p.text)) for p in parsed.paragraphs] == [(n, same(t)) for n, t in doc.paragraphs]


def without_spaces_next_to_chinese(text: str) -> str:
    """A PDF holds glyphs and their positions, not spaces: where Chinese meets digits ("2019年"
    or "2019 年", both written in UN Chinese texts) the reader infers a space from the gap the
    typesetter left, so the PDF's text is compared without those spaces."""
    return re.sub(rf"\s+(?=[{CJK_CHAR}])|(?<=[{CJK_CHAR}])\s+", "", text)


def read(doc, fmt, pdfs=None):
    if fmt == "txt":
        return parse_resolution(read_document(doc.text_path))
    if fmt == "docx":
        return parse_resolution(read_document(None, data=docx_bytes(doc), file_name=f"{doc.name}.docx"))
    return parse_resolution(read_document(pdfs[doc.name]))


@pytest.mark.parametrize("doc", RESOLUTIONS, ids=lambda doc: doc.name)
def test_text_layouts(doc):
    check(read(doc, "txt"), doc)


@pytest.mark.parametrize("doc", [d for d in RESOLUTIONS if "docx" in d.formats], ids=lambda doc: doc.name)
def test_docx_layouts(doc):
    check(read(doc, "docx"), doc)


@pytest.mark.parametrize("doc", REFUSALS, ids=lambda doc: doc.name)
@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_refusals_say_what_the_document_looks_like(doc, fmt):
    if fmt not in doc.formats:
        pytest.skip(f"{doc.name} has no {fmt}")
    with pytest.raises(IngestError, match=doc.refusal):
        read(doc, fmt)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if not soffice():
        pytest.skip("LibreOffice (soffice) is not installed: the PDF layouts cannot be made")
    return make_pdfs([d for d in RESOLUTIONS if "pdf" in d.formats], tmp_path_factory.mktemp("resolution-pdfs"))


@pytest.mark.subprocess
@pytest.mark.parametrize("doc", [d for d in RESOLUTIONS if "pdf" in d.formats], ids=lambda doc: doc.name)
def test_pdf_layouts(doc, pdfs):
    check(read(doc, "pdf", pdfs), doc, same=without_spaces_next_to_chinese)
