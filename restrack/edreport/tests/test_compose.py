"""Composing the report from the database: numbering, chapters and sections, footnotes,
masthead, the language's own forms, missing translations, the funding annex."""

import datetime

import pytest

from restrack.edreport.compose import MissingTranslations, ReportOptions, compose_report
from restrack.funding.actions import record_funding
from restrack.registry.models import Instrument
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.tests.factories import (
    EntryFootnoteFactory,
    ProgressUpdateFactory,
    ReportingPeriodFactory,
    UpdateEntryFactory,
)


def period_2024():
    return ReportingPeriod.objects.get(label="2024-H2")


def test_the_2024_report_numbers_49_paragraphs_through_two_session_chapters(samples):
    report = compose_report(period_2024(), "zh")
    assert [paragraph.number for paragraph in report.paragraphs()] == list(range(1, 50))
    assert [chapter.heading for chapter in report.chapters] == [
        "一、导言",
        "二、2019 年联合国人居大会第一届会议通过的各项决议的执行情况",
        "三、2023 年举行并已休会的联合国人居大会第二届会议通过的各项决议的执行情况",
    ]
    assert [section.heading for section in report.chapters[1].sections] == [
        f"{letter}. 第 1/{n} 号决议" for letter, n in zip("ABCDE", range(1, 6))
    ]
    last = report.chapters[2].sections[-1]
    assert (last.heading, last.title) == (
        "J. 第 2/10 号决议",
        "公平筹资和有效监测联合国人居大会通过的各项决议的执行情况",
    )


def test_each_paragraph_says_where_the_coordinator_finds_it(samples):
    from django.utils import translation

    with translation.override("en"):
        report = compose_report(period_2024(), "zh")
    sources = [paragraph.source for paragraph in report.paragraphs() if getattr(paragraph, "update_id", None)]
    assert sources and all("entry" not in source for source in sources)
    assert sources[0].endswith("paragraph 1 of its update") and sources[0].startswith("Resolution 1/1,")


def test_footnotes_are_numbered_through_the_report_and_stand_where_they_were(samples):
    report = compose_report(period_2024(), "zh")
    footnotes = report.footnotes()
    assert [(footnote.number, footnote.text) for footnote in footnotes] == [
        (
            1,
            "https://urbanpolicyplatform.org/expert-group-meeting-concludes-with-strong-calls-to-enhance-the-role-of-"
            "intermediary-cities-in-bridging-urban-rural-and-urban-nature-connections/。",
        ),
        (2, "可查阅 https://urbanpolicyplatform.org/download/url-7th-newsletter/。"),
        (3, "HSP/EB.2023/23。"),
    ]
    paragraph_47 = next(p for p in report.paragraphs() if p.number == 47)
    before, footnote = next(iter(paragraph_47.pieces()))
    assert before.endswith("通过的第 2023/6 号决定") and footnote.number == 3
    assert footnotes[1].urls == ["https://urbanpolicyplatform.org/download/url-7th-newsletter/"]


def test_the_masthead_comes_from_the_imported_document_and_the_coordinators_choices(samples):
    report = compose_report(period_2024(), "zh", ReportOptions(agenda_item="6", issued=datetime.date(2024, 10, 3)))
    masthead = report.masthead
    assert (masthead.symbol, masthead.session, masthead.agenda_item, masthead.date) == (
        "HSP/EB.2024/20",
        "2024 年第二次会议",
        "临时议程项目 6",
        "2024 年 10 月 3 日",
    )
    assert masthead.agenda_footnote == "HSP/EB.2024/14。"
    assert masthead.agenda_item_title == "执行主任介绍人居大会通过的所有决议的执行情况"
    assert (report.title, report.subtitle) == ("联合国人居大会通过的所有决议的执行情况", "执行主任的报告")
    given = compose_report(period_2024(), "zh", ReportOptions(symbol="HSP/EB.2024/99", agenda_symbol="HSP/EB.2024/98"))
    assert (given.masthead.symbol, given.masthead.agenda_footnote) == ("HSP/EB.2024/99", "HSP/EB.2024/98。")
    assert any("today" in notice for notice in given.notices)


def test_operative_paragraphs_are_cited_in_the_languages_form(samples):
    report = compose_report(period_2024(), "zh")
    cites = {paragraph.number: paragraph.cites for paragraph in report.paragraphs()}
    assert cites[36] == "第 2/6 号决议第 4 (a)段"
    assert cites[15] == "第 2/1 号决议第 3 段"


def test_the_english_report_stops_and_lists_every_paragraph_without_english(samples):
    with pytest.raises(MissingTranslations) as raised:
        compose_report(period_2024(), "en")
    missing = [item.what for item in raised.value.missing]
    assert missing[0] == "the introduction"
    assert "paragraph 49 (resolution 2/10)" in missing
    assert all(item.available_in == ["zh-hans"] for item in raised.value.missing if item.what.startswith("paragraph"))
    assert "--allow-missing" in str(raised.value)


def test_allow_missing_marks_each_borrowed_text(samples):
    report = compose_report(period_2024(), "en", ReportOptions(allow_missing=True))
    paragraphs = list(report.paragraphs())
    # The introduction and 48 paragraphs; a borrowed paragraph brings its own footnotes.
    assert len(paragraphs) == 49 and len(report.missing) == 49
    assert paragraphs[1].missing_note == "No English text; the Chinese text follows"
    assert paragraphs[1].text.startswith("根据第 1/1 号决议")
    # Titles exist in English (reference data): the sections are in English.
    assert report.chapters[2].sections[5].heading == "F. Resolution 2/6"
    assert report.chapters[2].sections[5].title == "Localizing the Sustainable Development Goals"
    assert report.chapters[2].title == (
        "Implementation of the resolutions adopted by the United Nations Habitat "
        "Assembly at its second session, held in 2023 and adjourned"
    )


@pytest.mark.django_db
def test_an_english_report_from_english_entries():
    period = ReportingPeriodFactory(label="2025-H1", introduction_en="This report covers the first half of 2025.")
    localizing = UpdateEntryFactory(
        update=ProgressUpdateFactory(period=period),
        text_en="Pursuant to paragraph 4 (a) of resolution 2/6, eight more cities joined.",
    )
    EntryFootnoteFactory(entry=localizing, text_en="See HSP/EB.2025/INF/3.", anchor_en=None)
    housing = Instrument.objects.get(kind="resolution", number="2/7")
    UpdateEntryFactory(
        update=ProgressUpdateFactory(period=period, instrument=housing), text_en="A needs assessment is under way."
    )
    UpdateEntryFactory(
        update=ProgressUpdateFactory(
            period=period, instrument=Instrument.objects.get(number="1/4"), workflow_state=WorkflowState.SUBMITTED
        )
    )
    report = compose_report(period, "en", ReportOptions(issued=datetime.date(2025, 4, 1)))
    assert [chapter.heading for chapter in report.chapters] == [
        "I. Introduction",
        "II. Implementation of the resolutions adopted by the United Nations Habitat Assembly at its second session, "
        "held in 2023 and adjourned",
    ]
    assert [(s.heading, s.title) for s in report.chapters[1].sections] == [
        ("A. Resolution 2/6", "Localizing the Sustainable Development Goals"),
        ("B. Resolution 2/7", "Adequate housing for all"),
    ]
    paragraphs = list(report.paragraphs())
    assert [p.number for p in paragraphs] == [1, 2, 3]
    assert paragraphs[1].anchors[0].offset == len(paragraphs[1].text)  # no anchor given: at the end
    assert report.masthead.date == "1 April 2025"
    assert any("resolution 1/4 is left out" in notice for notice in report.notices)


@pytest.mark.django_db
def test_a_resumed_session_is_said_to_be_resumed_once_it_was():
    period = ReportingPeriodFactory(label="2025-H2")
    UpdateEntryFactory(update=ProgressUpdateFactory(period=period), text_zh_hans="人居署举办了讲习班。")
    report = compose_report(period, "zh", ReportOptions(issued=datetime.date(2025, 10, 1)))
    assert report.chapters[-1].title == "2023 年举行并于 2025 年续会的联合国人居大会第二届会议通过的各项决议的执行情况"
    english = compose_report(period, "en", ReportOptions(issued=datetime.date(2025, 10, 1)))
    assert english.chapters[-1].title.endswith("at its second session, held in 2023 and resumed in 2025")
    assert english.chapters[0].numeral == "I."  # no introduction: the sessions' chapters start at I


def test_the_funding_annex_lists_each_instruments_figures_and_the_totals(samples, user):
    from restrack.accounts.system_user import get_system_user

    period = period_2024()
    system = get_system_user()
    record_funding(
        Instrument.objects.get(number="2/6", kind="resolution"),
        period,
        requirements_usd="1858000",
        mobilized_core_usd="600000",
        acting_user=system,
        reason="test figures",
    )
    record_funding(
        Instrument.objects.get(number="2/7", kind="resolution"),
        period,
        requirements_usd="500000",
        mobilized_other_usd="550000",
        acting_user=system,
        reason="test figures",
    )
    report = compose_report(period, "zh", ReportOptions(funding_annex=True))
    annex = report.annex
    assert annex.columns == ["决议", "所需资源", "已调集资源", "资金缺口", "缺口百分比"]
    assert [(row.name, row.requirements, row.mobilized, row.gap, row.gap_percent) for row in annex.rows] == [
        ("第 2/6 号决议", 1858000, 600000, 1258000, 68),
        ("第 2/7 号决议", 500000, 550000, -50000, -10),
    ]
    assert (annex.total.requirements, annex.total.mobilized, annex.total.gap, annex.total.gap_percent) == (
        2358000,
        1150000,
        1208000,
        51,
    )
    assert annex.title == "截至 2024 年 12 月 31 日各项决议的供资情况"
    # A surplus is printed as one, in words, in both gap columns; the total says it is net of it.
    assert [report.annex_figures(row) for row in annex.rows] == [
        ["1,858,000", "600,000", "1,258,000", "68%"],
        ["500,000", "550,000", "盈余 50,000", "盈余 10%"],
    ]
    assert "资金缺口合计已扣除 1 项决议共 50,000 美元的盈余。" in annex.notes


def test_the_annex_lists_every_instrument_with_figures_rounds_half_up_and_explains_a_gap_it_cannot_add(samples):
    from restrack.accounts.system_user import get_system_user

    period = ReportingPeriodFactory(label="2031-H1")
    system = get_system_user()
    with_update = Instrument.objects.get(number="2/6", kind="resolution")
    ProgressUpdateFactory(instrument=with_update, period=period, workflow_state=WorkflowState.APPROVED)
    record_funding(
        with_update, period, requirements_usd="700000.50", mobilized_core_usd="350000.50", acting_user=system
    )
    # No update of 1/2 in the period: its figures are still the period's, in the annex and its totals.
    without_update = Instrument.objects.get(number="1/2", kind="resolution")
    record_funding(without_update, period, requirements_usd="100000", acting_user=system, reason="requirements only")
    report = compose_report(period, "en", ReportOptions(funding_annex=True, allow_missing=True))
    annex = report.annex
    assert [row.name for row in annex.rows] == ["Resolution 1/2", "Resolution 2/6"]  # report order
    assert [report.annex_figures(row) for row in annex.rows] == [
        ["100,000", "", "", ""],
        ["700,001", "350,001", "350,000", "50%"],  # half-up, as the tracker rounds
    ]
    assert report.annex_figures(annex.total) == ["800,001", "350,001", "350,000", "50%"]
    assert any("not the difference of the two totals" in note for note in annex.notes)


def test_without_funding_figures_the_annex_is_left_out_with_a_notice(samples):
    report = compose_report(period_2024(), "zh", ReportOptions(funding_annex=True))
    assert report.annex is None
    assert any("No funding figures" in notice for notice in report.notices)


@pytest.mark.django_db
def test_footnotes_are_numbered_in_the_order_the_text_cites_them_and_placed_in_their_own_language():
    period = ReportingPeriodFactory(label="2025-H1")
    entry = UpdateEntryFactory(
        update=ProgressUpdateFactory(period=period),
        text_en="First sentence. Second sentence.",
        text_zh_hans="第一句。第二句。",
    )
    EntryFootnoteFactory(entry=entry, position=1, text_en="At the end.", anchor_en=None)
    EntryFootnoteFactory(entry=entry, position=2, text_en="After the first.", anchor_en=15)
    (paragraph,) = compose_report(period, "en").paragraphs()
    assert [(anchor.offset, anchor.footnote.number, anchor.footnote.text) for anchor in paragraph.anchors] == [
        (15, 1, "After the first."),
        (len(paragraph.text), 2, "At the end."),
    ]
    # In Chinese the footnotes have no text and no marker position: borrowed, marked, at the end.
    (chinese,) = compose_report(period, "zh", ReportOptions(allow_missing=True)).paragraphs()
    assert [anchor.offset for anchor in chinese.anchors] == [len(chinese.text)] * 2
    assert chinese.anchors[0].footnote.text.startswith("[缺少中文文本；以下为英文文本]")


def test_a_missing_agenda_item_is_said_in_words_with_what_the_masthead_leaves_out(samples):
    # The imported 2024 report records the asterisk footnote's agenda (HSP/EB.2024/14) but no item.
    report = compose_report(period_2024(), "en", ReportOptions(allow_missing=True))
    assert report.masthead.agenda_item is None  # the footnote hangs on the agenda line: neither is printed
    assert any("No agenda item is recorded" in notice and "HSP/EB.2024/14" in notice for notice in report.notices)
    given = compose_report(period_2024(), "en", ReportOptions(allow_missing=True, agenda_item="5"))
    assert given.masthead.agenda_item == "Item 5 of the provisional agenda"
    assert given.masthead.agenda_footnote == "HSP/EB.2024/14."
    assert not any("agenda" in notice for notice in given.notices)


def test_a_report_without_an_introduction_says_where_to_write_it(samples):
    period = ReportingPeriodFactory(label="2033-H1")
    ProgressUpdateFactory(
        instrument=Instrument.objects.get(number="2/6", kind="resolution"),
        period=period,
        workflow_state=WorkflowState.APPROVED,
    )
    report = compose_report(period, "en", ReportOptions(allow_missing=True))
    assert report.chapters[0].numeral == "I." and report.chapters[0].heading != "I. Introduction"
    assert any(
        "The report has no introduction" in notice and "PATCH /api/v1/periods/2033-H1/" in notice
        for notice in report.notices
    )


def test_the_fixed_title_and_agenda_item_title_name_the_assembly_alike():
    from restrack.edreport.wording import WORDINGS

    english = WORDINGS["en"]
    for wording in (english.default_title, english.default_agenda_item_title):
        assert (
            wording.endswith("adopted by the United Nations Habitat Assembly") and "UN-Habitat Assembly" not in wording
        )
    chinese = WORDINGS["zh"]
    assert all("人居大会" in wording for wording in (chinese.default_title, chinese.default_agenda_item_title))


def test_without_a_recorded_original_the_language_the_paragraphs_were_written_in_is_the_original(samples):
    period = ReportingPeriodFactory(label="2034-H1")
    update = ProgressUpdateFactory(
        instrument=Instrument.objects.get(number="2/6", kind="resolution"),
        period=period,
        workflow_state=WorkflowState.APPROVED,
    )
    UpdateEntryFactory(update=update, text_zh_hans="人居署召开了专家组会议。", text_en="")
    english = compose_report(period, "en", ReportOptions(allow_missing=True)).masthead
    chinese = compose_report(period, "zh", ReportOptions(allow_missing=True)).masthead
    assert (english.original, english.language_name) == ("Original: Chinese", "English")
    assert (chinese.original, chinese.language_name) == ("Original: Chinese", None)  # one original, not two


def test_an_introduction_not_yet_approved_is_printed_with_a_notice_an_imported_one_is_not(samples):
    from restrack.reporting.choices import IntroductionState

    assert period_2024().introduction_state == IntroductionState.APPROVED  # imported: the issued text
    assert not any("not approved yet" in notice for notice in compose_report(period_2024(), "zh").notices)
    period = ReportingPeriodFactory(label="2033-H2", introduction_en="1. What this report covers.")
    ProgressUpdateFactory(
        instrument=Instrument.objects.get(number="2/6", kind="resolution"),
        period=period,
        workflow_state=WorkflowState.APPROVED,
    )
    report = compose_report(period, "en", ReportOptions(allow_missing=True))
    assert "What this report covers" in report.chapters[0].paragraphs[0].text
    assert any(
        "The introduction of 2033-H2 is not approved yet (draft)" in notice and "Settings" in notice
        for notice in report.notices
    )


def test_a_closing_chapter_comes_last_with_its_title_or_the_wordings(samples):
    period = ReportingPeriodFactory(
        label="2034-H2",
        introduction_zh_hans="本报告为虚构示例。",
        closing_zh_hans="执行局不妨注意到本报告。\n\n执行局不妨就今后的报告提供指导。",
    )
    ProgressUpdateFactory(
        instrument=Instrument.objects.get(number="2/6", kind="resolution"),
        period=period,
        workflow_state=WorkflowState.APPROVED,
    )
    report = compose_report(period, "zh", ReportOptions(allow_missing=True))
    last = report.chapters[-1]
    assert last.heading == f"{last.numeral}结论" and len(report.chapters) >= 3
    numbers = [p.number for chapter in report.chapters for p in chapter.paragraphs] + [
        p.number for chapter in report.chapters for s in chapter.sections for p in s.paragraphs
    ]
    assert [p.number for p in last.paragraphs] == [max(numbers) - 1, max(numbers)]
    from restrack.core.guard import writes_allowed

    period.closing_title_zh_hans = "执行局拟采取的行动"
    with writes_allowed():
        period.save()
    assert compose_report(period, "zh", ReportOptions(allow_missing=True)).chapters[-1].title == "执行局拟采取的行动"
    period.closing_zh_hans = ""
    with writes_allowed():
        period.save()
    assert compose_report(period, "zh", ReportOptions(allow_missing=True)).chapters[-1].title != "执行局拟采取的行动"
