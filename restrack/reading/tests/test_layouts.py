"""The layout corpus (tests/layouts/, made-up documents): every document, in every format it is
made in, parses to the structure it was written to have. The summary test prints paragraph
recall and precision over the whole corpus; both must be 100 %."""

from __future__ import annotations

import pytest

from restrack.reading.parser import parse_report
from restrack.reading.readers import read_document
from restrack.reading.tests.layouts.build import docx_bytes
from restrack.reading.tests.layouts.corpus import CORPUS, Doc
from restrack.reading.tests.seeds import gazetteer
from restrack.reading.text import squeeze_spaces

CASES = [(doc, fmt) for doc in CORPUS for fmt in doc.formats]


def read(doc: Doc, fmt: str, request):
    if fmt == "txt":
        return read_document(doc.text_path)
    if fmt == "docx":
        return read_document(None, data=docx_bytes(doc), file_name=f"{doc.name}.docx")
    return read_document(request.getfixturevalue("corpus_pdfs")[doc.name])


def found(report) -> list[tuple[int, str, str]]:
    return [(p.number, p.section.reference or p.section.kind, squeeze_spaces(p.text)) for p in report.paragraphs]


def scores(expected: list, got: list) -> tuple[int, int, int]:
    """(expected, found, matched): a paragraph matches when number, section and text are right."""
    remaining = list(expected)
    matched = 0
    for paragraph in got:
        if paragraph in remaining:
            remaining.remove(paragraph)
            matched += 1
    return len(expected), len(got), matched


@pytest.mark.parametrize(("doc", "fmt"), CASES, ids=[f"{doc.layout}-{doc.name}-{fmt}" for doc, fmt in CASES])
def test_layout_parses_to_its_structure(doc, fmt, request):
    report = parse_report(read(doc, fmt, request), gazetteer=gazetteer())
    assert found(report) == doc.expected
    assert report.language == doc.language
    assert report.symbol == doc.symbol
    assert report.agenda_symbol == doc.agenda_symbol
    assert report.title == doc.title
    assert report.meeting.agenda_title == doc.agenda_title
    op_refs = {p.number: [(r["instrument"], r["paragraph"]) for r in p.facts.op_refs] for p in report.paragraphs}
    assert {number: op_refs[number] for number in doc.op_refs} == doc.op_refs
    citations = [(p.number, f.marker) for p in report.paragraphs for f in p.footnotes]
    assert citations == doc.citations
    if doc.footnotes:
        texts = {f.marker: f.text for p in report.paragraphs for f in p.footnotes}
        assert texts == {str(n): text for n, text in doc.footnotes.items()}


def test_corpus_recall_and_precision(request, capsys):
    totals = [0, 0, 0]
    rows = []
    for doc, fmt in CASES:
        try:
            got = found(parse_report(read(doc, fmt, request), gazetteer=gazetteer()))
        except Exception as exc:  # noqa: BLE001 - a refused document found nothing
            got = []
            rows.append(f"  {doc.name}.{fmt}: refused: {str(exc)[:80]}")
        expected, found_count, matched = scores(doc.expected, got)
        totals = [totals[0] + expected, totals[1] + found_count, totals[2] + matched]
        if matched != expected or matched != found_count:
            rows.append(f"  {doc.name}.{fmt}: {matched}/{expected} expected found, {found_count} found")
    expected, found_count, matched = totals
    recall, precision = matched / expected, (matched / found_count if found_count else 0.0)
    with capsys.disabled():
        print(
            f"\nlayout corpus: {len(CASES)} files, {expected} paragraphs; "
            f"recall {recall:.1%}, precision {precision:.1%}",
            *rows,
            sep="\n",
        )
    assert (recall, precision) == (1.0, 1.0)
