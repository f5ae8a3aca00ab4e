"""Storing reports: what an import creates, and that it is atomic, idempotent, and never
overwrites people's edits."""

import dataclasses

import pytest

from restrack.accounts.system_user import get_system_user
from restrack.ingest.actions import import_report
from restrack.ingest.pipeline import parse_file
from restrack.reading.errors import IngestError
from restrack.reading.tests.seeds import FIXTURES, REPORT_2020, REPORT_2024, gazetteer
from restrack.registry.models import Document, Instrument
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.tests.editing import edit_paragraph

pytestmark = pytest.mark.django_db


def load(path, **options):
    return parse_file(path, gazetteer=gazetteer(), **options)


def edited(report, index, **changes):
    """`report` with paragraph `index` changed, as a new version of the file would be."""
    report.paragraphs[index] = dataclasses.replace(report.paragraphs[index], **changes)
    report.source = {**report.source, "sha256": "f" * 64}
    return report


def do_import(path_or_report, **options):
    report = load(path_or_report) if not hasattr(path_or_report, "paragraphs") else path_or_report
    return import_report(report, acting_user=get_system_user(), **options)


def counts():
    return (
        Document.objects.count(),
        ReportingPeriod.objects.count(),
        ProgressUpdate.objects.count(),
        UpdateEntry.objects.count(),
        Commitment.objects.count(),
    )


def test_both_seeds_fill_the_database():
    do_import(REPORT_2024)
    do_import(REPORT_2020)
    assert Document.objects.count() == 2
    assert set(ReportingPeriod.objects.values_list("label", flat=True)) == {"2024-H2", "2020-H1"}
    assert ProgressUpdate.objects.filter(period__label="2024-H2").count() == 15
    assert ProgressUpdate.objects.filter(period__label="2020-H1").count() == 5
    assert UpdateEntry.objects.count() == 48 + 14  # every paragraph but the introductions
    decision = Instrument.objects.get(kind="decision", number="1/3")
    assert list(decision.updates.get().entries.values_list("source_paragraph", flat=True)) == [15]
    resolution = Instrument.objects.get(kind="resolution", number="1/2")
    assert list(resolution.updates.values_list("period__label", flat=True)) == ["2024-H2", "2020-H1"]


def test_what_the_2024_report_becomes():
    summary = do_import(REPORT_2024)
    assert (summary.period, summary.period_created, summary.document) == ("2024-H2", True, "created")
    period = ReportingPeriod.objects.get(label="2024-H2")
    assert period.state == "published"
    assert (period.board_session.year, period.board_session.sequence_in_year) == (2024, 2)
    assert period.introduction_zh_hans.startswith("本报告概述了联合国人居大会")
    document = Document.objects.get(symbol="HSP/EB.2024/20")
    assert document.title_zh_hans == "联合国人居大会通过的所有决议的执行情况"
    assert document.public_url("zh-hans") == "https://undocs.org/zh/HSP/EB.2024/20"
    assert document.versions.get().language == "zh-hans"

    update = ProgressUpdate.objects.get(instrument__kind="resolution", instrument__number="2/6")
    assert update.workflow_state == "published" and update.source_document == document
    entries = list(update.entries.all())
    assert [e.source_paragraph for e in entries] == [35, 36, 37]
    assert entries[1].text_zh_hans.startswith("根据第 4 (a)段")
    assert [op.number for op in entries[1].operative_paragraphs.all()] == ["4(a)"]
    assert entries[1].operative_paragraphs.get().parent.number == "4"
    assert sorted(entries[2].partners.values_list("code", flat=True)) == [
        "Government of Spain",
        "Local2030",
        "SDG Fund",
    ]
    assert entries[0].history.first().history_user.username == "restrack-system"

    commitments = Commitment.objects.filter(instrument__number="2/7")
    assert sorted((str(c.due), c.state, c.promised_in.source_paragraph) for c in commitments) == [
        ("2024-10-28", "pending", 38),
        ("2024-12-11", "pending", 38),
        ("2025", "pending", 39),
    ]
    assert Commitment.objects.get(due_date="2024-10-28").description_zh_hans.startswith(
        "秘书处正在最后确定会前工作文件"
    )
    funding_flags = UpdateEntry.objects.filter(funding_constraint=True).values_list("source_paragraph", flat=True)
    assert {23, 31, 33, 41, 46} <= set(funding_flags)


def test_importing_the_same_report_again_changes_nothing():
    do_import(REPORT_2024)
    before, history = counts(), UpdateEntry.history.count()
    summary = do_import(REPORT_2024)
    assert summary.unchanged
    assert counts() == before and UpdateEntry.history.count() == history


def test_a_dry_run_writes_nothing_and_says_what_would_change():
    summary = do_import(REPORT_2024, dry_run=True)
    assert counts() == (0, 0, 0, 0, 0)
    assert summary.dry_run and summary.entries_created == 48 and summary.updates_created == 15


def test_a_report_without_a_board_session_needs_a_period():
    report = load(REPORT_2024)
    report = dataclasses.replace(report, meeting=dataclasses.replace(report.meeting, year=None, session=None))
    with pytest.raises(IngestError, match="--period"):
        do_import(report)
    summary = do_import(report, period="2024-H2")
    assert summary.period == "2024-H2"


def test_a_different_version_needs_replace_and_replace_updates_only_what_changed():
    do_import(REPORT_2024)
    report = load(REPORT_2024)
    report = edited(report, 35, text=report.paragraphs[35].text + "另有 3 个城市加入。")
    with pytest.raises(IngestError, match="different version.*paragraph 36.*--replace"):
        do_import(report)
    summary = do_import(report, replace=True)
    assert (summary.entries_updated, summary.entries_created, summary.entries_deleted) == (1, 0, 0)
    entry = UpdateEntry.objects.get(source_paragraph=36)
    assert entry.text_zh_hans.endswith("另有 3 个城市加入。")
    latest = entry.history.first()
    assert latest.text_zh_hans.endswith("另有 3 个城市加入。")
    assert latest.history_change_reason == "Imported from HSP/EB.2024/20"
    assert do_import(report).unchanged


def test_edits_made_after_an_import_are_never_overwritten():
    do_import(REPORT_2024)
    entry = UpdateEntry.objects.get(source_paragraph=36)
    edit_paragraph(entry, get_system_user(), text={"zh-hans": "协调员修改过的文字。"})
    report = edited(load(REPORT_2024), 35, text="新版本的文字。")
    with pytest.raises(IngestError, match="edited in Restrack after the last import"):
        do_import(report, replace=True)
    entry.refresh_from_db()
    assert entry.text_zh_hans == "协调员修改过的文字。"
    # The unchanged report still imports as "nothing to do": the edit is not in its way.
    assert do_import(REPORT_2024).unchanged


def test_an_error_in_the_middle_leaves_nothing_behind():
    report = load(REPORT_2024)
    last = report.paragraphs[-1]
    report = edited(report, -1, section=dataclasses.replace(last.section, number="2/99"))
    with pytest.raises(IngestError, match="resolution 2/99.*not in the registry"):
        do_import(report)
    assert counts() == (0, 0, 0, 0, 0)


def test_the_english_version_of_the_same_report_fills_in_english():
    do_import(REPORT_2024)
    english = load(FIXTURES / "english-report.txt")
    english = dataclasses.replace(
        english,
        paragraphs=[
            dataclasses.replace(p, number=number)
            for p, number in zip(english.paragraphs, [1, 3, 4, 11, 19, 23, 36, 38, 46, 49])
        ],
    )
    summary = do_import(english)
    assert summary.entries_created == 0 and summary.entries_updated == 9
    entry = UpdateEntry.objects.get(source_paragraph=36)
    assert entry.text_en.startswith("Pursuant to paragraph 4 (a) of resolution 2/6")
    assert entry.text_zh_hans.startswith("根据第 4 (a)段")
    assert Document.objects.get().versions.count() == 2


def test_another_report_for_a_period_with_updates_is_refused():
    do_import(REPORT_2024)
    with pytest.raises(IngestError, match="already has an update for 2024-H2 that was not imported from this report"):
        do_import(REPORT_2020, period="2024-H2")


def test_replacing_a_paragraph_replaces_its_pending_commitments():
    do_import(REPORT_2024)
    report = load(REPORT_2024)
    paragraph = report.paragraphs[48]  # 49: the tracking system "预计将于 2024 年底前投入使用"
    facts = dataclasses.replace(paragraph.facts, commitments=[{"due": "2025-Q1", "text": "推迟到 2025 年第一季度。"}])
    report = edited(report, 48, text="决议执行情况跟踪系统推迟到 2025 年第一季度。", facts=facts)
    summary = do_import(report, replace=True)
    assert (summary.commitments_deleted, summary.commitments_created) == (1, 1)
    commitment = Commitment.objects.get(promised_in__source_paragraph=49)
    assert str(commitment.due) == "2025-Q1"
    deleted = Commitment.history.filter(history_type="-").get()
    assert str(deleted.due_date) == "2024-12-31" and deleted.history_change_reason == "Imported from HSP/EB.2024/20"


def test_a_date_that_comes_back_every_year_is_a_recurring_commitment_never_overdue():
    """ "每年 11 月 25 日" read as recurring is stored so, its date the occurrence the report meant:
    not overdue the day after, not counted overdue by the lists, and the same file again changes nothing."""
    from restrack.reporting.models import overdue_commitments

    report = load(REPORT_2024)
    text = "人居署每年 11 月 25 日举办城市对话。"
    facts = dataclasses.replace(
        report.paragraphs[48].facts, commitments=[{"due": "2024-11-25", "text": text, "recurring": "annual"}]
    )
    report = edited(report, 48, text=text, facts=facts)
    do_import(report)
    commitment = Commitment.objects.get(promised_in__source_paragraph=49)
    assert (commitment.recurrence, str(commitment.due)) == ("annual", "2024-11-25")
    assert not commitment.is_overdue()
    assert not Commitment.objects.filter(overdue_commitments(), pk=commitment.pk).exists()
    before = counts()
    assert do_import(report).commitments_created == 0
    assert counts() == before


def test_an_import_is_a_new_version_and_an_editor_who_opened_before_it_gets_a_conflict(client):
    """The import goes through the same write path as the editor: it raises the version, records
    the new version's snapshot with its event, and a save made from the version read before it is
    refused with what changed, nothing written."""
    from restrack.accounts.tests.factories import UserFactory
    from restrack.reporting.tests.editing import editor_post

    do_import(REPORT_2024)
    entry = UpdateEntry.objects.get(source_paragraph=36)
    update = entry.update
    read_at = update.version
    coordinator = UserFactory(role="coordinator")
    stale = editor_post(update, "协调员在导入前打开的文字。", language="zh-hans", comment="A coordinator's correction")

    report = edited(load(REPORT_2024), 35, text=load(REPORT_2024).paragraphs[35].text + "另有 3 个城市加入。")
    do_import(report, replace=True)
    update.refresh_from_db()
    assert update.version == read_at + 1
    recorded = update.versions.get(version=update.version)
    assert recorded.event.kind == "update.imported" and recorded.event.data["document"] == entry.source_document_id
    texts = [item["text"].get("zh-hans", "") for item in recorded.snapshot["entries"]]
    assert any(text.endswith("另有 3 个城市加入。") for text in texts)

    client.force_login(coordinator)
    response = client.post(f"/zh-hans/work/updates/{update.pk}/save/", stale, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert "<ins>另有 3 个城市加入。</ins>" in response.content.decode().replace("<ins> ", "<ins>")
    entry.refresh_from_db()
    assert entry.text_zh_hans.endswith("另有 3 个城市加入。") and "导入前" not in entry.text_zh_hans
