"""What an import keeps for the report's regeneration: each paragraph's footnotes with the place
of their markers, and the masthead's agenda item, its title and the agenda's symbol."""

import pytest

from restrack.accounts.system_user import get_system_user
from restrack.core.guard import writes_allowed
from restrack.ingest.actions import import_report
from restrack.ingest.pipeline import parse_file
from restrack.reading.tests.seeds import REPORT_2020, REPORT_2024, gazetteer
from restrack.registry.models import Document
from restrack.reporting.models import EntryFootnote, UpdateEntry

pytestmark = pytest.mark.django_db


def do_import(path):
    return import_report(parse_file(path, gazetteer=gazetteer()), acting_user=get_system_user())


def test_footnotes_are_stored_with_their_paragraph_and_the_place_of_their_marker():
    summary = do_import(REPORT_2024)
    assert summary.footnotes_created == 3
    stored = {
        note.entry.source_paragraph: note
        for note in EntryFootnote.objects.select_related("entry").filter(entry__update__period__label="2024-H2")
    }
    assert sorted(stored) == [11, 14, 47]
    assert stored[47].text_zh_hans == "HSP/EB.2023/23。"
    assert stored[14].text_zh_hans == "可查阅 https://urbanpolicyplatform.org/download/url-7th-newsletter/。"
    entry = UpdateEntry.objects.get(source_paragraph=11, update__period__label="2024-H2")
    # "作用。1 人居署": the marker follows the full stop.
    assert entry.text_zh_hans[: stored[11].anchor_zh_hans].endswith("方面的作用。")
    assert stored[11].history.get().history_change_reason == "Imported from HSP/EB.2024/20"


def test_the_masthead_details_are_stored_on_the_document():
    do_import(REPORT_2024)
    do_import(REPORT_2020)
    report = Document.objects.get(symbol="HSP/EB.2024/20")
    assert report.agenda_symbol == "HSP/EB.2024/14"
    assert report.agenda_item_title_zh_hans == "执行主任介绍人居大会通过的所有决议的执行情况"
    earlier = Document.objects.get(agenda_symbol="HSP/EB.2020/1")
    assert (earlier.agenda_item, earlier.agenda_item_title_zh_hans) == (
        "6",
        "人居大会第一届会议所通过决议和决定的执行情况",
    )


def test_importing_again_adds_no_footnote_but_completes_an_earlier_import_without_them():
    do_import(REPORT_2024)
    assert do_import(REPORT_2024).unchanged
    # A database filled before footnotes were kept: the same file again fills them in.
    with writes_allowed():
        EntryFootnote.objects.all().delete()
    Document.objects.update(agenda_symbol="")
    summary = do_import(REPORT_2024)
    assert summary.footnotes_created == 3
    assert Document.objects.get(symbol="HSP/EB.2024/20").agenda_symbol == "HSP/EB.2024/14"
    assert do_import(REPORT_2024).unchanged


def test_a_footnote_corrected_in_restrack_is_never_overwritten_by_an_import():
    from restrack.reporting.tests.editing import edit_footnote

    do_import(REPORT_2024)
    footnote = EntryFootnote.objects.get(text_zh_hans="HSP/EB.2023/23。")
    edit_footnote(footnote, get_system_user(), text={"zh-hans": "HSP/EB.2023/23/Rev.1。"})
    assert do_import(REPORT_2024).unchanged
    footnote.refresh_from_db()
    assert footnote.text_zh_hans == "HSP/EB.2023/23/Rev.1。"
