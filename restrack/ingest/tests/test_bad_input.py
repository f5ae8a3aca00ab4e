"""Bad input ends in a clear message from the commands, never a traceback, and nothing written."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

from restrack.reading.tests.seeds import FIXTURES


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def refused(command, path, *args):
    with pytest.raises(CommandError) as caught:
        run(command, str(path), *args)
    message = str(caught.value)
    assert "Traceback" not in message
    return message


@pytest.fixture
def make(tmp_path):
    def write(name, content):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write


def test_an_empty_file(make):
    assert "empty" in refused("parse_report", make("empty.txt", b""))
    assert "empty" in refused("parse_report", make("blank.txt", "  \n\n \t\n"))


def test_a_binary_file(make):
    message = refused("parse_report", make("report.txt", bytes(range(256)) * 40))
    assert "report.txt" in message and "UTF-8" in message


def test_an_image_only_pdf():
    assert "no text layer" in refused("parse_report", FIXTURES / "scanned.pdf")


def test_a_pdf_whose_text_is_cid_codes():
    assert "(cid:" in refused("parse_report", FIXTURES / "cid-garbage.pdf")


def test_a_truncated_docx():
    assert "damaged or truncated" in refused("parse_report", FIXTURES / "truncated.docx")


def test_a_text_without_numbered_paragraphs(make):
    message = refused("parse_report", make("notes.txt", "会议纪要\n\n讨论了若干问题。\n没有编号的段落。\n"))
    assert "no numbered paragraphs" in message and "notes.txt" in message


def test_a_file_over_the_size_limit(tmp_path):
    from restrack.reading.readers import MAX_FILE_BYTES

    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    message = refused("parse_report", path)
    assert "50" in message and "huge.txt" in message


def test_a_fifty_megabyte_text_file_is_read_without_a_traceback(tmp_path):
    """Just under the limit: real text, read and parsed (the report structure repeats)."""
    from restrack.reading.readers import MAX_FILE_BYTES

    path = tmp_path / "long.txt"
    filler = ("这是一行很长的文字，用来测试大文件。" * 20 + "\n").encode("utf-8")
    with open(path, "wb") as handle:
        handle.write("一、 导言\n1. 第一段。\n".encode())
        while handle.tell() + len(filler) < MAX_FILE_BYTES - 1024:
            handle.write(filler)
    assert os.path.getsize(path) > 49 * 2**20
    out = run("parse_report", str(path))
    assert "Paragraphs: 1" in out


def test_a_missing_file(tmp_path):
    message = refused("parse_report", tmp_path / "nowhere.txt")
    assert "nowhere.txt" in message


@pytest.mark.django_db
def test_an_import_of_bad_input_writes_nothing(make):
    from restrack.registry.models import Document
    from restrack.reporting.models import ProgressUpdate

    refused("import_report", make("notes.txt", "没有编号的段落。\n"))
    refused("import_report", FIXTURES / "scanned.pdf")
    assert not Document.objects.exists() and not ProgressUpdate.objects.exists()


def test_a_bad_symbol_or_language_option(make):
    path = make("r.txt", "一、 导言\n1. 第一段。\n")
    assert "not a valid UN document symbol" in refused("parse_report", path, "--symbol", "HSP EB 2024")


@pytest.mark.django_db
def test_akoma_ntoso_that_is_not_a_report_is_refused_saying_what_it_is(make):
    from restrack.registry.models import Document

    statement = (
        '<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
        '<statement name="resolution"/></akomaNtoso>'
    )
    assert "restrack import-resolution" in refused("import_report", make("resolution.xml", statement))
    assert "not well-formed XML" in refused("import_report", make("cut.xml", statement[:90]))
    assert not Document.objects.exists()
