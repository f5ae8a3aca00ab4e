"""The resolution corpus checks itself, without the resolution reader: its text files hold the
texts it expects, in order; its DOCX files build and python-docx opens them again with the
expected paragraphs; its PDFs (LibreOffice, skipped when soffice is absent) hold the first
operative paragraph and the footnotes. The reader's own tests use the corpus (corpus.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from restrack.reading.tests.resolutions.build import docx_bytes, make_pdfs, soffice
from restrack.reading.tests.resolutions.corpus import (
    DOCS,
    EN_LONG_LIST,
    MADE_UP,
    REFUSALS,
    RESOLUTIONS,
    Doc,
)

SAMPLES = Path(__file__).resolve().parents[4] / "samples" / "resolutions"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
REGISTRY_NUMBER = re.compile(r"^\d+(?:\([a-z]\)(?:\((?:x{0,3})(?:ix|iv|v?i{0,3})\))?)?$")

TXT = [doc for doc in DOCS if "txt" in doc.formats]
DOCX = [doc for doc in DOCS if "docx" in doc.formats]
PDF = [doc for doc in DOCS if "pdf" in doc.formats]


def ids(docs: list[Doc]) -> list[str]:
    return [doc.name for doc in docs]


def tokens(text: str) -> list[str]:
    """Words of `text` with hyphens and soft hyphens dropped (so "implemen-\\ntation" and
    "UN-\\nHabitat" compare equal to "implementation" and "UN-Habitat"), letters and digits apart
    (a footnote marker glued to a word is a token of its own), one token per Chinese character (a
    Chinese line may break between any two)."""
    text = text.replace("\u00ad", "").replace("-\n", "").replace("-", "")
    return re.findall(rf"[{CJK}]|[^\W\d_{CJK}]+|\d+", text)


def squeezed(text: str, language: str) -> str:
    text = re.sub(r"-\n(?=[a-zà-ÿа-я])", "", text)  # hyphenation before a lower-case letter
    return re.sub(r"\s+", "" if language == "zh" else " ", text)


def first_words(text: str, language: str) -> str:
    return text[:8] if language == "zh" else " ".join(text.split()[:3])


def expected_in_order(doc: Doc) -> list[tuple[str, str]]:
    return [
        *([("title", doc.title)] if doc.title else []),
        *(("preamble", text) for text in doc.preamble),
        *((f"paragraph {number}", text) for number, text in doc.paragraphs),
    ]


# -- the structure ----------------------------------------------------------------------------


def test_names_languages_and_formats():
    assert len({doc.name for doc in DOCS}) == len(DOCS)
    assert {doc.language for doc in RESOLUTIONS} == {"en", "zh", "fr", "es", "ru", "ar"}
    assert all(set(doc.formats) <= {"txt", "docx", "pdf"} and "txt" in doc.formats for doc in DOCS)
    assert sum(doc.auto_numbering for doc in DOCS) == 1


@pytest.mark.parametrize("doc", DOCS, ids=ids(DOCS))
def test_expected_values_are_well_formed(doc):
    assert doc.front[0] == MADE_UP
    if doc.refusal:
        assert (doc.kind, doc.number, doc.title, doc.preamble, doc.paragraphs) == (None, None, None, [], [])
        return
    assert doc.kind in ("resolution", "decision")
    assert re.fullmatch(r"\d+/\d+", doc.number)
    assert doc.adoption_date is not None
    assert doc.symbol is None or doc.symbol.endswith(f"/Res.{doc.number.split('/')[1]}")
    numbers = [number for number, _ in doc.paragraphs]
    assert len(set(numbers)) == len(numbers)
    assert all(REGISTRY_NUMBER.match(number) for number in numbers), numbers
    top = [int(number) for number in numbers if number.isdigit()]
    assert top == list(range(1, len(top) + 1))
    for text in [*doc.preamble, *(text for _, text in doc.paragraphs), doc.title]:
        assert text == text.strip() and "  " not in text and "\n" not in text and "{" not in text
        assert "\u00ad" not in text
    comma = {"zh": "，", "ar": "،"}.get(doc.language, ",")
    assert all(text.endswith(comma) for text in doc.preamble)
    assert doc.paragraphs[-1][1].endswith("。" if doc.language == "zh" else ".")
    cited = sorted({int(n) for text in doc.preamble_source for n in re.findall(r"\{fn:(\d+)\}", text)})
    assert cited == sorted(doc.notes)
    assert all(marker.isdigit() for marker in doc.footnotes)


def test_the_long_list_has_the_letter_i_and_the_roman_i():
    numbers = [number for number, _ in EN_LONG_LIST.paragraphs]
    assert numbers[numbers.index("1(h)") + 1] == "1(i)"  # the letter i, after (h)
    assert "1(k)" in numbers
    assert numbers[numbers.index("2(a)") + 1 : numbers.index("2(a)") + 4] == ["2(a)(i)", "2(a)(ii)", "2(b)"]


# -- text files -------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", TXT, ids=ids(TXT))
def test_text_file_exists_and_is_marked_made_up(doc):
    text = doc.text_path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MADE_UP
    if doc.symbol:
        assert doc.symbol in text


@pytest.mark.parametrize("doc", [doc for doc in TXT if not doc.refusal], ids=ids([d for d in TXT if not d.refusal]))
def test_text_file_holds_every_expected_text_in_order(doc):
    text = doc.text_path.read_text(encoding="utf-8")
    words = tokens(text)
    at = 0
    for where, expected in expected_in_order(doc):
        for word in tokens(expected):
            try:
                at = words.index(word, at) + 1
            except ValueError:
                pytest.fail(f"{doc.name}: {where}: {word!r} not found in order in the text file")
    flat = squeezed(text, doc.language)
    for number, expected in doc.paragraphs:
        assert squeezed(first_words(expected, doc.language), doc.language) in flat, number
    for marker, note in doc.footnotes.items():
        assert f"\n{marker} {note}\n" in text


# -- DOCX -------------------------------------------------------------------------------------


def _docx_paragraphs(doc: Doc) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(docx_bytes(doc)))
    return [re.sub(r"\s+", " ", p.text.replace("\u00ad", "")).strip() for p in document.paragraphs]


@pytest.mark.parametrize("doc", DOCX, ids=ids(DOCX))
def test_docx_builds_and_reopens_with_the_expected_paragraphs(doc):
    paragraphs = _docx_paragraphs(doc)
    assert paragraphs[0] == MADE_UP
    if doc.refusal:
        return
    labelled = [
        text if doc.auto_numbering else f"{it.label} {text}"
        for (depth, it), (_, text) in zip(doc.items(), doc.paragraphs)
    ]
    wanted = [doc.address, *doc.preamble, *labelled]
    start = paragraphs.index(doc.address)
    assert paragraphs[start : start + len(wanted)] == wanted


def test_auto_numbered_docx_has_numbering_and_no_literal_labels():
    import docx

    doc = next(doc for doc in DOCS if doc.auto_numbering)
    document = docx.Document(io.BytesIO(docx_bytes(doc)))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [int(p._p.pPr.numPr.ilvl.val) for p in numbered] == [depth for depth, _ in doc.items()]
    assert not any(re.match(r"^(\d+\.|\([a-z]+\))\s", p.text) for p in numbered)
    numbering = document.part.numbering_part.element.xml
    for fmt, text in (("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")):
        assert f'w:val="{fmt}"' in numbering and f'w:val="{text}"' in numbering


@pytest.mark.parametrize("doc", [doc for doc in DOCX if doc.notes], ids=ids([d for d in DOCX if d.notes]))
def test_docx_has_its_footnotes(doc):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx_bytes(doc))) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert all(note in footnotes for note in doc.notes.values())
    assert body.count("w:footnoteReference") == len(doc.notes)


# -- PDF (LibreOffice) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the corpus PDFs are made with it")
    return make_pdfs(PDF, tmp_path_factory.mktemp("resolutions"))


@pytest.mark.subprocess
@pytest.mark.parametrize("doc", PDF, ids=ids(PDF))
def test_pdf_holds_the_first_operative_paragraph_and_the_footnotes(doc, pdfs):
    import pdfplumber

    with pdfplumber.open(pdfs[doc.name]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    if doc.right_to_left:  # lines in visual order: reversed, they read in logical order
        text += "\n" + "\n".join(line[::-1] for line in text.splitlines())
    flat = squeezed(text, doc.language)
    assert squeezed(first_words(doc.paragraphs[0][1], doc.language), doc.language) in flat
    for note in doc.notes.values():
        assert squeezed(note, doc.language) in flat


# -- the samples for users (samples/resolutions) ----------------------------------------------


def test_the_sample_resolutions_are_marked_fictional_and_parallel():
    english = (SAMPLES / "example-resolution-en.txt").read_text(encoding="utf-8")
    chinese = (SAMPLES / "example-resolution-zh.txt").read_text(encoding="utf-8")
    assert (SAMPLES / "README.md").is_file()
    for text in (english, chinese):
        assert "not a real United Nations text" in text.splitlines()[0]
        assert "HSP/HA.9/Res.1" in text and "9/1." in text
        assert "2/7" in text
    labels = [re.findall(r"^(\d+\.|\([a-z]+\))\s", text, re.MULTILINE) for text in (english, chinese)]
    assert labels[0] == labels[1]
    assert [label for label in labels[0] if label[0].isdigit()] == [f"{n}." for n in range(1, 8)]
    assert "report to the UN-Habitat Assembly at its tenth session" in re.sub(r"\s+", " ", english)


@pytest.mark.parametrize("doc", REFUSALS, ids=ids(REFUSALS))
def test_refusals_say_what_to_expect(doc):
    assert doc.refusal and doc.refusal.isalpha()
