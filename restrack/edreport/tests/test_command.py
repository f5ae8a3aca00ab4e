"""restrack generate-report: files written, options checked, missing translations refused."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as WordDocument

pytestmark = pytest.mark.django_db


def run(*arguments):
    out = io.StringIO()
    call_command("generate_report", *arguments, stdout=out)
    return out.getvalue()


def test_writes_the_chinese_docx_named_after_the_symbol(samples, tmp_path):
    output = run(
        "--period",
        "2024-H2",
        "--language",
        "zh",
        "--format",
        "docx",
        "--output",
        str(tmp_path),
        "--agenda-item",
        "6",
        "--date",
        "2024-10-03",
    )
    written = tmp_path / "HSP-EB.2024-20-zh.docx"
    assert written.exists()
    assert "49 paragraphs, 3 footnotes" in output
    document = WordDocument(str(written))
    texts = [paragraph.text for paragraph in document.paragraphs]
    masthead = [cell.text for table in document.tables[:1] for row in table.rows for cell in row.cells]
    assert "执行主任的报告" in texts and "2024 年 10 月 3 日" in "\n".join(masthead)


def test_the_format_follows_the_output_name_and_html_is_the_same_content(samples, tmp_path):
    target = tmp_path / "report.html"
    run("--period", "2024-h2", "--language", "zh", "--output", str(target), "--funding-annex")
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    assert "第 2/10 号决议" in html and "HSP/EB.2023/23。" in html


def test_english_stops_and_names_every_paragraph_without_english(samples, tmp_path):
    with pytest.raises(CommandError) as raised:
        run("--period", "2024-H2", "--language", "en", "--output", str(tmp_path / "en.pdf"))
    message = str(raised.value)
    assert "49 text(s) of the 2024-H2 report have no en version; nothing was written" in message
    assert "paragraph 47 (resolution 2/10) (exists in: zh-hans)" in message and "--allow-missing" in message
    assert not (tmp_path / "en.pdf").exists()


def test_allow_missing_writes_the_english_report_and_says_what_it_marked(samples, tmp_path):
    output = run("--period", "2024-H2", "--language", "en", "--output", str(tmp_path / "en.pdf"), "--allow-missing")
    assert (tmp_path / "en.pdf").read_bytes().startswith(b"%PDF-")
    assert "Marked as missing in en: paragraph 2 (resolution 1/1)" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--period", "2031-H1"],
            "There is no reporting period '2031-H1'. Periods are named like 2024-H2; known periods: 2024-H2, 2020-H1.",
        ),
        (
            ["--period", "2024-H2", "--symbol", "not a symbol"],
            "--symbol: 'not a symbol' is not a valid UN document symbol",
        ),
        (
            ["--period", "2024-H2", "--agenda-item", "six"],
            "--agenda-item: 'six' is not an agenda item number; give it as 6",
        ),
        (["--period", "2024-H2", "--date", "3 October"], "--date: '3 October' is not a date; give it as YYYY-MM-DD"),
        (["--period", "2024-H2", "--format", "pdf", "--output", "x.docx"], "ends in .docx but --format is pdf"),
        (
            ["--period", "2024-H2", "--output", "/nonexistent/dir/x.pdf"],
            "the directory /nonexistent/dir does not exist",
        ),
    ],
)
def test_bad_input_is_refused_with_what_to_fix(samples, arguments, message):
    with pytest.raises(CommandError) as raised:
        run("--language", "zh", *arguments)
    assert message in str(raised.value)


def test_a_period_with_nothing_approved_is_refused_saying_what_waits(samples, tmp_path):
    from restrack.registry.models import Instrument
    from restrack.reporting.choices import WorkflowState
    from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory

    period = ReportingPeriodFactory(label="2032-H1")
    ProgressUpdateFactory(
        instrument=Instrument.objects.get(number="2/6", kind="resolution"),
        period=period,
        workflow_state=WorkflowState.DRAFT,
    )
    with pytest.raises(CommandError) as raised:
        run("--period", "2032-H1", "--language", "zh", "--output", str(tmp_path / "empty.docx"))
    message = str(raised.value)
    assert (
        "would have no paragraph on any resolution" in message
        and "none of its updates is approved yet (1 draft)" in message
    )
    assert "nothing was written" in message and not (tmp_path / "empty.docx").exists()
