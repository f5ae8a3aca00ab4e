"""restrack.reading.limits on progress reports: a DOCX (a ZIP) is held to its parts, unpacked size
and compression ratio from its central directory before anything is inflated; a PDF to its pages
and the reading time; a damaged file is refused saying what is wrong without the library's words.
No database."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from restrack.reading.errors import IngestError
from restrack.reading.limits import SETTINGS, Limits, from_environment
from restrack.reading.readers import read_document

FIXTURES = Path(__file__).parent / "fixtures"
DOCX = FIXTURES / "seed-2020.docx"
INTERNALS = ("CRC", "Error -3", "()", "zlib", "BadZipFile", "Traceback", "PSEOF", "PDFSyntaxError")


def refused(data: bytes, name: str, limits: Limits | None = None) -> str:
    with pytest.raises(IngestError) as caught:
        read_document(None, data=data, file_name=name, limits=limits)
    message = str(caught.value)
    assert message.startswith(f"{name}: "), message
    assert not any(internal in message for internal in INTERNALS), message
    return message


def with_member(data: bytes, name: str, content: bytes, *, declared: int | None = None) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
        if declared is not None:
            target.infolist()[-1].file_size = declared  # written into the central directory on close
    return output.getvalue()


@pytest.fixture
def nothing_inflated(monkeypatch):
    """refused(), failing if any ZIP member is read (inflated) or python-docx opens the file."""

    def no(*args, **kwargs):
        raise AssertionError("a member was inflated")

    def refused_from_the_directory(data: bytes, name: str, limits: Limits | None = None) -> str:
        monkeypatch.setattr(zipfile.ZipFile, "open", no)
        monkeypatch.setattr("docx.Document", no)
        try:
            return refused(data, name, limits)
        finally:
            monkeypatch.undo()

    return refused_from_the_directory


def test_a_docx_zip_bomb_is_refused_before_inflating(nothing_inflated):
    bomb = with_member(DOCX.read_bytes(), "word/media/image1.emf", bytes(4 * 2**20))  # 4 MB of zeros
    message = nothing_inflated(bomb, "bomb.docx")
    assert "the part word/media/image1.emf of the DOCX file is compressed" in message
    assert "over the limit of 200 (RESTRACK_IMPORT_ZIP_MAX_RATIO)" in message


def test_a_docx_member_declaring_a_huge_size_is_refused_before_inflating(nothing_inflated):
    liar = with_member(DOCX.read_bytes(), "word/media/image1.emf", b"tiny", declared=3 * 2**30)
    message = nothing_inflated(liar, "liar.docx")
    assert "unpacks to 3072." in message
    assert "over the limit of 500.0 MB (RESTRACK_IMPORT_REPORT_UNPACKED_MAX_MB)" in message


def test_a_docx_with_too_many_parts_is_refused(nothing_inflated):
    data = DOCX.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = len(archive.infolist())
    message = nothing_inflated(data, "many.docx", replace(Limits(), zip_members=parts - 1))
    assert f"holds {parts:,} parts, over the limit of {parts - 1:,} (RESTRACK_IMPORT_ZIP_MAX_MEMBERS)" in message


def test_the_limits_apply_to_a_path_too(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(DOCX.read_bytes())
    with pytest.raises(IngestError, match="RESTRACK_IMPORT_ZIP_MAX_MEMBERS"):
        read_document(path, limits=replace(Limits(), zip_members=1))
    assert read_document(path, limits=Limits()).format == "docx"


def test_a_pdf_over_the_page_limit_is_refused():
    message = refused((FIXTURES / "seed-2024.pdf").read_bytes(), "long.pdf", replace(Limits(), pdf_pages=5))
    assert "the PDF has 8 pages, over the limit of 5 (RESTRACK_IMPORT_MAX_PDF_PAGES)" in message


def test_a_pdf_that_takes_too_long_is_refused():
    message = refused((FIXTURES / "seed-2024.pdf").read_bytes(), "slow.pdf", replace(Limits(), seconds=0))
    assert "took longer than 0 seconds" in message and "RESTRACK_IMPORT_MAX_SECONDS" in message


def test_a_pdf_page_whose_content_inflates_enormously_is_refused_before_it_is_inflated(monkeypatch):
    """Found by the reliability suite: 300 KB of PDF held a content stream of 300 MB of spaces,
    which pdfminer inflated whole (half a gigabyte and 20 seconds)."""
    from restrack.reading.tests.fuzz import deflated_spaces, pdf_document

    content = deflated_spaces(b"BT /F1 12 Tf 72 720 Td (1. Text.) Tj ET\n", 300)
    bomb = pdf_document(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
    monkeypatch.setattr("pdfminer.pdftypes.PDFStream.decode", lambda stream: pytest.fail("the stream was inflated"))
    message = refused(bomb, "bomb.pdf")
    assert "the content of page 1 of the PDF is compressed more than 200 times" in message
    assert "RESTRACK_IMPORT_ZIP_MAX_RATIO" in message


def test_a_report_over_the_configured_size_is_refused():
    message = refused(b"1. text\n" * 200_000, "big.txt", replace(Limits(), report_mb=1))
    assert "over the limit of 1 MB" in message and "RESTRACK_IMPORT_REPORT_MAX_MB" in message


# Damaged files: what is wrong, not the library's words ------------------------------------------


def corrupted(member: str, *, stored: bool) -> bytes:
    """The seed DOCX with a few packed bytes of `member` changed: stored, it fails its checksum
    (zipfile: "Bad CRC-32"); deflated, zlib cannot inflate it ("Error -3 while decompressing")."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX.read_bytes())) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            method = zipfile.ZIP_STORED if stored or info.filename != member else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info.filename), compress_type=method)
        offset = target.getinfo(member).header_offset
    raw = bytearray(output.getvalue())
    start = offset + 30 + len(member) + 40
    raw[start : start + 8] = b"\xff\x00\xfe\x01\xfd\x02\xfc\x03"
    return bytes(raw)


@pytest.mark.parametrize("stored", [True, False], ids=["bad-crc", "bad-deflate"])
def test_a_damaged_docx_says_what_is_wrong_without_internals(stored):
    message = refused(corrupted("word/document.xml", stored=stored), "damaged.docx")
    assert "the DOCX file is damaged or truncated" in message and "save it again" in message


def test_a_cut_pdf_says_what_is_wrong_without_internals():
    data = (FIXTURES / "seed-2024.pdf").read_bytes()
    message = refused(data[: len(data) // 3], "cut.pdf")
    assert "the PDF is damaged or cannot be read" in message


# The settings -----------------------------------------------------------------------------------


def test_every_limit_has_a_setting_read_from_the_environment():
    """settings.py passes restrack.config.env_int (its refusal of bad values is tested with the
    configuration); here a stand-in reads a fake environment."""
    environment = {"RESTRACK_IMPORT_MAX_ROWS": "7", "RESTRACK_IMPORT_ZIP_MAX_RATIO": "50"}
    asked = []

    def env_int(name, default, minimum=0):
        asked.append((name, minimum))
        return int(environment.get(name, default))

    assert set(SETTINGS) == set(Limits.__dataclass_fields__)
    assert from_environment(env_int) == replace(Limits(), rows=7, zip_ratio=50)
    assert sorted(asked) == sorted((name, 1) for name in SETTINGS.values())
