"""The report's layout is data (issue 20): an imported report's shape (a chapter per instrument in
2020, a chapter per session with lettered sections since) and its instruments' titles as its
headings give them are kept, so it regenerates in its own shape and words; the coordinator may
choose the other shape; either shape reads back as the same paragraphs and instruments."""

import re

import pytest

from restrack.edreport.compose import ReportOptions, compose_report
from restrack.edreport.generate import ReportRequestError, check_options
from restrack.edreport.render import render
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file
from restrack.reading.tests.seeds import REPORT_2020
from restrack.registry.choices import ReportLayout
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def period(label: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(label=label)


def test_the_2020_report_keeps_its_shape_and_its_headings(samples):
    original = [squeezed(line) for line in REPORT_2020.read_text(encoding="utf-8").splitlines()]
    original_headings = [line for line in original if re.match(r"^[一二三四五六七八九十]+、", line)]
    report = compose_report(period("2020-H1"), "zh")
    assert [squeezed(chapter.heading) for chapter in report.chapters] == original_headings
    assert all(not chapter.sections for chapter in report.chapters)
    # Resolution 1/4's heading in the report is not the registry's title: the report's is kept.
    gender = Instrument.objects.get(kind="resolution", number="1/4")
    assert "通过人居署的工作实现性别平等" in report.chapters[3].heading
    assert gender.title_zh_hans not in report.chapters[3].heading


def test_the_2024_report_keeps_its_sessions_and_sections(samples):
    report = compose_report(period("2024-H2"), "zh")
    assert len(report.chapters) == 3 and len(report.chapters[2].sections) == 10


def test_the_coordinator_chooses_the_other_shape(samples):
    by_session = compose_report(period("2020-H1"), "zh", ReportOptions(layout=ReportLayout.BY_SESSION))
    assert [s.heading for s in by_session.chapters[1].sections] == [
        "A. 第 1/2 号决议",
        "B. 第 1/3 号决议",
        "C. 第 1/4 号决议",
        "D. 第 1/5 号决议",
        "E. 第 1/3 号决定",
    ]
    assert by_session.chapters[1].sections[2].title.startswith("通过人居署的工作")  # the report's words still
    by_instrument = compose_report(period("2024-H2"), "en", ReportOptions(layout="by_instrument", allow_missing=True))
    assert [chapter.heading for chapter in by_instrument.chapters][:3] == [
        "I. Introduction",
        "II. Resolution 1/1: UN-Habitat strategic plan for the period 2020–2023",
        "III. Resolution 1/2: United Nations system-wide guidelines on safer cities and human settlements",
    ]
    assert by_instrument.chapters[-1].heading.startswith("XVI. Resolution 2/10: ")


@pytest.mark.parametrize(("label", "language", "layout"), [("2020-H1", "zh", None), ("2024-H2", "en", "by_instrument")])
def test_either_shape_reads_back_as_the_same_paragraphs_and_instruments(samples, label, language, layout):
    report = compose_report(period(label), language, ReportOptions(layout=layout, allow_missing=True))
    parsed = parse_file(None, data=render(report, "docx"), file_name="r.docx", gazetteer=reference_gazetteer())
    expected = [(p.number, p.source.split(",")[0].lower() if p.update_id else "intro") for p in report.paragraphs()]
    assert [(p.number, p.section.reference or p.section.kind) for p in parsed.paragraphs] == expected


def test_an_unknown_layout_is_refused_saying_which_there_are():
    with pytest.raises(ReportRequestError, match="by_session or by_instrument"):
        check_options(layout="sideways")
    assert check_options(layout="").layout is None


def test_the_command_and_the_page_offer_the_choice(samples, tmp_path, client, django_user_model):
    from django.core.management import call_command

    target = tmp_path / "r.html"
    call_command("generate_report", period="2020-H1", language="zh", output=str(target), layout="by_session")
    written = target.read_text(encoding="utf-8")
    assert re.search(
        r'<h3 class="section-heading"[^>]*><span class="heading-number">A\. </span>第 1/2 号决议</h3>', written
    )
    from restrack.edreport.forms import ReportRequestForm

    form = ReportRequestForm({"language": "zh", "layout": "by_instrument"})
    assert form.is_valid() and form.report_options.layout == "by_instrument"
    assert not ReportRequestForm({"language": "zh", "layout": "sideways"}).is_valid()


def test_the_2020_list_comes_out_item_by_item_and_reads_back_so(samples):
    report = compose_report(period("2020-H1"), "zh")
    first = next(report.paragraphs())
    assert [line[:4] for line in first.text.split("\n")] == ["本报告概", "(a) ", "(b) ", "(c) ", "(d) ", "(e) "]
    assert render(report, "html").decode().count("<br>\n(") == 5
    for name in ("docx", "pdf"):
        parsed = parse_file(None, data=render(report, name), file_name=f"r.{name}", gazetteer=reference_gazetteer())
        assert [squeezed(line) for line in parsed.paragraphs[0].text.split("\n")] == [
            squeezed(line) for line in first.text.split("\n")
        ], name
