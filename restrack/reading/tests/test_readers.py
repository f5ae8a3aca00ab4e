"""restrack.reading.readers: from a file to lines, and clear refusals. No database.

The PDF and DOCX fixtures are made by fixtures/make_fixtures.py (committed outputs)."""

from __future__ import annotations

import codecs
import hashlib
import importlib.util
import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from restrack.reading import readers
from restrack.reading.errors import IngestError
from restrack.reading.readers import (
    CID_GARBAGE_THRESHOLD,
    MAX_FILE_BYTES,
    SourceDocument,
    cid_garbage_ratio,
    normalise_pdf_line,
    read_document,
    split_lines,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "reports"
SAMPLE_2020 = SAMPLES / "zh-HSP-EB.2020-first-session-implementation.txt"
SAMPLE_2024 = SAMPLES / "zh-HSP-EB.2024-20.txt"

_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)


def refused(*fragments: str, path=None, data: bytes | None = None, file_name: str | None = None) -> str:
    """Reading must raise IngestError naming the file and containing each fragment."""
    with pytest.raises(IngestError) as caught:
        read_document(path, data=data, file_name=file_name)
    message = str(caught.value)
    name = file_name or Path(path).name
    assert message.startswith(f"{name}: "), message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sample_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


# ------------------------------------------------------------------------------------------------
# TXT


def test_utf8_sample_reads_line_for_line():
    source = read_document(SAMPLE_2020)
    assert isinstance(source, SourceDocument)
    assert source.format == "txt"
    assert source.encoding == "utf-8"
    assert source.file_name == SAMPLE_2020.name
    assert source.sha256 == hashlib.sha256(SAMPLE_2020.read_bytes()).hexdigest()
    assert source.lines == sample_lines(SAMPLE_2020)
    assert source.footnotes == [] and source.page_count is None
    assert "临时议程*项目 6" in source.lines


@pytest.mark.parametrize(
    "encode, encoding",
    [
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16-le"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be"),
        (lambda text: text.encode("gb18030"), "gb18030"),
        (lambda text: text.replace("\n", "\r\n").encode("gbk"), "gb18030"),  # a Windows GBK file
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk-crlf"],
)
def test_other_encodings_give_identical_lines(tmp_path, encode, encoding):
    text = SAMPLE_2020.read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(encode(text))
    source = read_document(path)
    assert source.encoding == encoding
    assert source.lines == sample_lines(SAMPLE_2020)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_line_ends_and_form_feeds():
    assert split_lines("a\r\nb\rc\nd\n") == ["a", "b", "c", "d"]
    assert split_lines("end\f\fnext\n\fpage 3\n\f\n") == ["end", "\f", "\f", "next", "\f", "page 3", "\f"]
    assert split_lines("a\n\nb  \n") == ["a", "", "b  "]
    data = "第一页\r\n\f第二页\r\n尾\f".encode()
    assert read_document(None, data=data, file_name="x.txt").lines == ["第一页", "\f", "第二页", "尾", "\f"]


def test_bytes_without_a_path_and_with_a_misleading_name():
    source = read_document(None, data=SAMPLE_2020.read_bytes(), file_name="upload.docx")
    assert source.format == "txt" and source.file_name == "upload.docx"
    assert source.lines == sample_lines(SAMPLE_2020)


def test_binary_data_is_refused(tmp_path):
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00\x00"
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    refused("not text in UTF-8, UTF-16 or GB18030", "NUL bytes", "save it as UTF-8 text", path=path)
    # without NULs: undecodable as UTF-8 and as GB18030
    data = bytes(b for b in data if b) + b"\xff\xff"
    path.write_bytes(data)
    refused("not text in UTF-8, UTF-16 or GB18030", "save it as UTF-8 text", path=path)


def test_control_characters_are_not_text():
    refused("control or unassigned characters", data=bytes(range(1, 32)) * 50, file_name="x.txt")


def test_utf16_without_bom_is_refused_with_a_hint():
    data = SAMPLE_2020.read_text(encoding="utf-8").encode("utf-16-le")
    refused("UTF-16 without a byte-order mark", "save it as UTF-8", data=data, file_name="report.txt")


def test_windows_1252_text_is_not_taken_for_gb18030():
    # Each accented letter or curly quote is followed by an ASCII letter: valid GB18030 pairs.
    text = "The Member State’s “Urban”s naïve cafés’s agenda. " * 20
    message = refused("not text in UTF-8, UTF-16 or GB18030", data=text.encode("cp1252"), file_name="en.txt")
    assert "looks like" in message


@pytest.mark.parametrize(
    "data",
    [b"", b" \r\n\t \n", codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["0-bytes", "whitespace", "utf8-bom-only", "utf16-whitespace"],
)
def test_empty_files_are_refused(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    refused("the file is empty", path=path)


def test_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space, no time

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    refused(f"{MAX_FILE_BYTES + 1:,} bytes", f"over the limit of 50 MB ({MAX_FILE_BYTES:,} bytes)", path=path)


def test_uploaded_bytes_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(readers.source, "MAX_FILE_BYTES", 1000)  # where read_document looks it up
    refused("over the limit", data=b"x" * 1001, file_name="big.txt")


def test_missing_file_and_folder(tmp_path):
    refused("no such file", path=tmp_path / "nowhere.pdf")
    refused("folder", path=tmp_path)


@pytest.mark.parametrize(
    "data, name, fragments",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "scan.png", ["PNG image", "OCR"]),
        (b"\xff\xd8\xff\xe0" + bytes(200), "scan.jpg", ["JPEG image"]),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "report.doc", ["Word 97–2003", "save it as .docx"]),
        (b"{\\rtf1\\ansi hello}", "report.rtf", ["RTF", "save it as .docx"]),
        (b"<!DOCTYPE html><html><body>x</body></html>", "report.htm", ["HTML"]),
        (bytes(range(256)) * 4, "report.bin", ["not a text, PDF or DOCX file"]),
    ],
    ids=["png", "jpeg", "doc", "rtf", "html", "binary"],
)
def test_unsupported_formats_name_the_supported_ones(data, name, fragments):
    refused(*fragments, ".txt", ".pdf", ".docx", data=data, file_name=name)


def test_zip_that_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", "hello")
    refused("ZIP archive", "Unpack it", data=buffer.getvalue(), file_name="reports.zip")
    refused("damaged or truncated", "no word/document.xml", data=buffer.getvalue(), file_name="report.docx")


# ------------------------------------------------------------------------------------------------
# PDF


@pytest.fixture(scope="module")
def seed_2024_pdf() -> SourceDocument:
    return read_document(FIXTURES / "seed-2024.pdf")


def test_chinese_pdf_round_trips(seed_2024_pdf):
    source = seed_2024_pdf
    assert source.format == "pdf" and source.encoding is None and source.footnotes == []
    text = squeeze("".join(line for line in source.lines if line != "\f"))
    position = 0
    for line in sample_lines(SAMPLE_2024):
        if not line.strip():
            continue
        found = text.find(squeeze(line), position)
        assert found >= 0, f"{line!r} not found in order (after position {position})"
        position = found + len(squeeze(line))


def test_chinese_pdf_pages(seed_2024_pdf):
    pages = make_fixtures.sample_2024_pages()
    source = seed_2024_pdf
    assert source.page_count == len(pages) == 8
    assert source.lines.count("\f") == len(pages) - 1
    breaks = [i for i, line in enumerate(source.lines) if line == "\f"]
    assert [squeeze(source.lines[i + 1]) for i in breaks] == [squeeze(page[0]) for page in pages[1:]]
    assert "HSP/EB.2024/20" in [source.lines[i + 1] for i in breaks]  # the page-5 header


def test_chinese_pdf_keeps_cjk_lines_together(seed_2024_pdf):
    lines = seed_2024_pdf.lines
    assert "执行主任的报告" in lines  # set with 4 pt letter spacing: no spaces between the characters
    assert "一、导言" in lines
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", line) for line in lines)
    # the raised footnote marker stays on its line, glued to the text as a PDF shows it
    assert any("方面的作用。1 人居署还为" in line for line in lines)
    assert "* HSP/EB.2024/14。" in lines


def test_pdf_line_normalisation():
    assert normalise_pdf_line("执 行 主 任 的 报 告") == "执行主任的报告"
    assert normalise_pdf_line("一、 导言") == "一、导言"
    assert normalise_pdf_line("（人居署） 和 Let's Do It World 合作") == "（人居署）和 Let's Do It World 合作"
    assert normalise_pdf_line("作用。1 人居署") == "作用。1 人居署"  # a footnote marker is not CJK
    assert normalise_pdf_line("\uf0b7 bullet \uf0b7") == "• bullet \uf0b7"
    # A damaged text layer's control characters (a flipped byte gave NUL, which PostgreSQL refuses).
    assert normalise_pdf_line("执行\x00主任\x07 report\tend") == "执行主任 report\tend"


def test_english_pdf_of_two_pages():
    source = read_document(FIXTURES / "english-report.pdf")
    page1, page2 = make_fixtures.english_lines()
    assert source.lines == page1 + ["\f"] + page2
    assert source.page_count == 2
    assert "period 2020-2023 was extended to 2025.1 An independent mid-term review was" in source.lines


def test_pdf_named_txt_is_read_as_pdf():
    data = (FIXTURES / "english-report.pdf").read_bytes()
    source = read_document(None, data=data, file_name="report.txt")
    assert source.format == "pdf" and source.page_count == 2


def test_scanned_pdf_is_refused():
    refused(
        "the PDF has no text layer — it is a scanned image; run OCR first",
        "supply the DOCX/text version",
        path=FIXTURES / "scanned.pdf",
    )


def test_scan_with_only_page_numbers_as_text_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=9)
    for number in range(1, 4):
        pdf.add_page()
        pdf.cell(0, 10, str(number), align="C")
    path = tmp_path / "stamped.pdf"
    pdf.output(str(path))
    refused("the PDF has no text layer", "only 3 characters of text on 3 pages", path=path)


def test_pdf_without_unicode_mapping_is_refused():
    refused(
        "the PDF's fonts carry no Unicode mapping, so its text comes out as (cid:NN) codes",
        "Supply the DOCX/text version",
        path=FIXTURES / "cid-garbage.pdf",
    )


def test_cid_garbage_ratio():
    assert cid_garbage_ratio("") == 0.0
    assert cid_garbage_ratio("联合国人居署 report") == 0.0
    assert cid_garbage_ratio("(cid:12)(cid:345)") == 1.0
    assert cid_garbage_ratio("ab (cid:1)") == pytest.approx(7 / 9)
    # a stray unmapped bullet in a real report stays under the threshold
    text = "(cid:127) " + "人居署继续执行第 1/2 号决议。" * 5
    assert cid_garbage_ratio(text) < CID_GARBAGE_THRESHOLD


def test_damaged_pdfs_are_refused():
    data = (FIXTURES / "english-report.pdf").read_bytes()
    refused("damaged", "export it again", data=data[: len(data) // 3], file_name="cut.pdf")
    refused("damaged", data=b"%PDF-1.7\n" + bytes(range(256)) * 8, file_name="junk.pdf")
    refused("is named .pdf but is not a PDF", data=bytes(range(256)) * 8, file_name="junk.pdf")


def _protected_pdf(tmp_path: Path, user_password: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "1. Confidential progress report.")
    path = tmp_path / "protected.pdf"
    pdf.output(str(path))
    return path


def test_pdf_that_needs_a_password_is_refused(tmp_path):
    refused("encrypted", "password", path=_protected_pdf(tmp_path, "open-secret"))


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    source = read_document(_protected_pdf(tmp_path, ""))
    assert source.lines == ["1. Confidential progress report."]


# ------------------------------------------------------------------------------------------------
# DOCX


def expected_2020_docx_lines() -> list[str]:
    """The 2020 sample as the DOCX holds it: non-blank lines, the footnote out of the body, its
    reference as [^*], and paragraph 2 whole (the page bottom had cut it in two)."""
    lines = [line for line in sample_lines(SAMPLE_2020) if line.strip()]
    cut = next(i for i, line in enumerate(lines) if line.startswith("2. 2019 年 12 月 5 日"))
    assert lines[cut + 1] == "* HSP/EB.2020/1。"
    lines[cut : cut + 3] = [lines[cut] + lines[cut + 2]]
    return [line.replace("临时议程*项目", "临时议程[^*]项目") for line in lines]


def test_chinese_docx_paragraphs_and_footnote():
    source = read_document(FIXTURES / "seed-2020.docx")
    assert source.format == "docx" and source.page_count is None and source.encoding is None
    assert source.lines == expected_2020_docx_lines()
    assert source.lines[3] == "临时议程[^*]项目 6"  # from the masthead table
    assert source.footnotes == [("*", "HSP/EB.2020/1。")]
    assert source.sha256 == hashlib.sha256((FIXTURES / "seed-2020.docx").read_bytes()).hexdigest()


def test_docx_footnotes_numbering_tables_and_breaks():
    data = make_fixtures.build_docx(
        [
            "人居署发挥了作用。{fn:5}人居署还{fn:7:†}支持{fn:9}。",
            ("style", "List Number", "first"),
            ("style", "List Number", "second"),
            ("table", [[["a1", "a2"], ["b1"]], [["c1"], ["d1{fn:11}"]]]),
            "before{pagebreak}after",
        ],
        {
            5: (None, "第一个脚注"),
            7: ("†", "a custom mark takes no number"),
            9: (None, "second"),
            11: (None, "in a table"),
        },
    )
    source = read_document(None, data=data, file_name="notes.docx")
    assert source.lines == [
        "人居署发挥了作用。[^1]人居署还[^†]支持[^2]。",
        "1.\tfirst",
        "2.\tsecond",
        "a1",
        "a2",
        "b1",
        "c1",
        "d1[^3]",
        "before",
        "\f",
        "after",
    ]
    assert source.footnotes == [
        ("1", "第一个脚注"),
        ("†", "a custom mark takes no number"),
        ("2", "second"),
        ("3", "in a table"),
    ]


def test_docx_named_pdf_is_read_as_docx():
    data = (FIXTURES / "seed-2020.docx").read_bytes()
    assert read_document(None, data=data, file_name="report.pdf").format == "docx"


def test_truncated_docx_is_refused():
    refused("the DOCX file is damaged or truncated", "save it again", path=FIXTURES / "truncated.docx")
    data = (FIXTURES / "truncated.docx").read_bytes()
    refused("the DOCX file is damaged or truncated", data=data, file_name="upload.bin")


def test_docx_with_a_corrupt_part_is_refused():
    data = bytearray((FIXTURES / "seed-2020.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 50, start + 80):  # scramble compressed bytes of document.xml
        data[offset] ^= 0x5A
    refused("the DOCX file is damaged or truncated", data=bytes(data), file_name="bad.docx")


def test_docx_without_document_xml_is_refused():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO((FIXTURES / "seed-2020.docx").read_bytes())) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
    refused("the DOCX file is damaged or truncated", data=buffer.getvalue(), file_name="gutted.docx")


def test_docx_without_text_is_empty():
    refused("the file is empty", data=make_fixtures.build_docx(["", "  "]), file_name="blank.docx")


def test_fixtures_are_small():
    for path in FIXTURES.iterdir():
        if path.suffix in (".pdf", ".docx"):
            assert path.stat().st_size < 200 * 1024, path.name
