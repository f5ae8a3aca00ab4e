"""Importing resolution texts into the registry (restrack import-resolution and its action): the
instrument and its paragraphs created or completed, each language filling the same paragraphs,
idempotent, a dry run that writes nothing, the field history and the event, the permission, and
refusals that leave nothing behind. ALL TEXTS HERE ARE MADE UP for the tests."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from restrack.core.choices import EventKind
from restrack.core.models import Event
from restrack.ingest.actions import import_resolution
from restrack.ingest.pipeline import parse_resolution_file
from restrack.registry.models import Instrument, OperativeParagraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory(role="coordinator")


ENGLISH = """Made-up test text: not a real United Nations resolution

United Nations HSP/HA.2/Res.3
UN-Habitat Assembly of the United Nations Human Settlements Programme
Distr.: General
12 June 2023

Second session
Nairobi, 5–9 June 2023

Resolution adopted by the UN-Habitat Assembly on 9 June 2023

2/3. Shade for every street

The UN-Habitat Assembly,

Recalling its resolution 1/2 of 31 May 2019,

Noting that streets without trees grow hotter every summer,

1. Decides to count the trees of every member city;

2. Requests the Executive Director:

(a) To publish the count each year;

(b) To report to the Assembly at its third session on the implementation of the present resolution;

3. Invites Member States to plant trees along their streets.
"""

CHINESE = """虚构的测试文本：并非联合国真实决议
联合国 HSP/HA.2/Res.3
联合国人居大会 2023 年 6 月 9 日通过的决议
2/3. 每条街道都有树荫
联合国人居大会，
回顾其 2019 年 5 月 31 日第 1/2 号决议，
注意到没有树木的街道每年夏天都更热，
1. 决定统计每个成员城市的树木；
2. 请执行主任：
(a) 每年公布统计结果；
(b) 就本决议的执行情况向人居大会第三届会议提出报告；
3. 邀请会员国沿街植树。
"""


def parsed(tmp_path, text, name="resolution.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_resolution_file(path)


def test_an_english_text_fills_the_instrument_and_creates_its_paragraphs(tmp_path, coordinator):
    summary = import_resolution(parsed(tmp_path, ENGLISH), acting_user=coordinator)
    instrument = Instrument.objects.get(kind="resolution", number="2/3", body__code="assembly")
    assert not summary.instrument_created  # resolution 2/3 is in the reference data
    assert instrument.title_en == "Shade for every street"
    assert instrument.document_symbol == "HSP/HA.2/Res.3"
    assert str(instrument.adoption_date) == "2023-06-09"
    assert instrument.preamble_en.split("\n\n") == [
        "Recalling its resolution 1/2 of 31 May 2019,",
        "Noting that streets without trees grow hotter every summer,",
    ]
    paragraphs = {p.number: p for p in instrument.operative_paragraphs.all()}
    assert list(paragraphs) == ["1", "2", "2(a)", "2(b)", "3"]
    assert paragraphs["2(a)"].parent == paragraphs["2"]
    assert paragraphs["2"].text_en == "Requests the Executive Director:"
    assert paragraphs["3"].text_en == "Invites Member States to plant trees along their streets."
    assert summary.paragraphs_created == ["1", "2", "2(a)", "2(b)", "3"]
    event = Event.objects.get(kind=EventKind.RESOLUTION_TEXT_IMPORTED)
    assert event.actor == coordinator and event.data["language"] == "en"
    history = paragraphs["3"].history.first()
    assert history.history_user == coordinator and "resolution.txt" in history.history_change_reason


def test_the_chinese_text_fills_the_same_paragraphs_and_a_second_import_changes_nothing(tmp_path, coordinator):
    import_resolution(parsed(tmp_path, ENGLISH), acting_user=coordinator)
    summary = import_resolution(parsed(tmp_path, CHINESE, "zh.txt"), acting_user=coordinator)
    assert summary.language == "zh-hans" and summary.paragraphs_created == []
    assert summary.paragraphs_filled == ["1", "2", "2(a)", "2(b)", "3"]
    paragraph = OperativeParagraph.objects.get(instrument__number="2/3", instrument__kind="resolution", number="2(b)")
    assert paragraph.text_zh_hans == "就本决议的执行情况向人居大会第三届会议提出报告；"
    assert paragraph.text_en.startswith("To report to the Assembly")
    events = Event.objects.filter(kind=EventKind.RESOLUTION_TEXT_IMPORTED).count()
    again = import_resolution(parsed(tmp_path, CHINESE, "zh.txt"), acting_user=coordinator)
    assert not again.changed and again.paragraphs_unchanged == 5
    assert Event.objects.filter(kind=EventKind.RESOLUTION_TEXT_IMPORTED).count() == events


def test_a_corrected_text_replaces_the_old_one_and_history_keeps_it(tmp_path, coordinator):
    import_resolution(parsed(tmp_path, ENGLISH), acting_user=coordinator)
    corrected = ENGLISH.replace("plant trees along", "plant native trees along")
    summary = import_resolution(parsed(tmp_path, corrected), acting_user=coordinator)
    assert summary.paragraphs_changed == ["3"]
    paragraph = OperativeParagraph.objects.get(instrument__number="2/3", instrument__kind="resolution", number="3")
    assert "native" in paragraph.text_en
    assert "native" not in paragraph.history.all()[1].text_en


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path, coordinator):
    before = OperativeParagraph.objects.count(), Event.objects.count()
    summary = import_resolution(parsed(tmp_path, ENGLISH), acting_user=coordinator, dry_run=True)
    assert summary.dry_run and summary.paragraphs_created
    assert (OperativeParagraph.objects.count(), Event.objects.count()) == before
    assert not Instrument.objects.get(kind="resolution", number="2/3", body__code="assembly").preamble_en


def test_only_coordinators_import_texts(tmp_path, user):
    with pytest.raises(PermissionDenied):
        import_resolution(parsed(tmp_path, ENGLISH), acting_user=user)
    assert not OperativeParagraph.objects.filter(instrument__number="2/3").exists()


def test_a_missing_instrument_is_created_in_its_session(tmp_path, coordinator):
    text = ENGLISH.replace("2/3. Shade", "2/14. Shade").replace("HSP/HA.2/Res.3", "HSP/HA.2/Res.14")
    summary = import_resolution(parsed(tmp_path, text), acting_user=coordinator)
    assert summary.instrument_created
    instrument = Instrument.objects.get(kind="resolution", number="2/14")
    assert instrument.session.number == 2 and instrument.operative_paragraphs.count() == 5


def test_a_session_not_in_the_registry_is_refused_and_nothing_is_written(tmp_path, coordinator):
    text = ENGLISH.replace("2/3. Shade", "8/3. Shade").replace("HSP/HA.2/Res.3", "HSP/HA.8/Res.3")
    before = Instrument.objects.count(), OperativeParagraph.objects.count()
    with pytest.raises(Exception, match="no session 8 in the registry.*Add the session"):
        import_resolution(parsed(tmp_path, text), acting_user=coordinator)
    assert (Instrument.objects.count(), OperativeParagraph.objects.count()) == before


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_imports_previews_and_refuses(tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    preview = run("import_resolution", str(path), "--dry-run")
    assert "dry run" in preview and "operative paragraphs created: 5" in preview
    assert not OperativeParagraph.objects.filter(instrument__number="2/3", text_en__startswith="Decides").exists()
    assert "operative paragraphs created: 5" in run("import_resolution", str(path))
    assert "already imported" in run("import_resolution", str(path))
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear colleagues,\n\nPlease find the agenda attached.\n\nRegards\n", encoding="utf-8")
    with pytest.raises(CommandError, match="does not look like a resolution"):
        run("import_resolution", str(letter))


def test_a_text_stating_its_session_brings_the_session(tmp_path, coordinator):
    text = (
        ENGLISH.replace("2/3. Shade", "8/3. Shade")
        .replace("HSP/HA.2/Res.3", "HSP/HA.8/Res.3")
        .replace("Second session\nNairobi, 5–9 June 2023", "Eighth session\nNairobi, 2–6 June 2047")
    )
    summary = import_resolution(parsed(tmp_path, text), acting_user=coordinator)
    instrument = Instrument.objects.get(kind="resolution", number="8/3")
    session = instrument.session
    assert (session.number, session.year, str(session.start_date), str(session.end_date)) == (
        8,
        2047,
        "2047-06-02",
        "2047-06-06",
    )
    assert session.place_en == "Nairobi" and "session 8" in summary.session_created


def test_the_shipped_example_imports_in_both_languages_paragraph_for_paragraph(coordinator):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[3] / "samples" / "resolutions"
    english = import_resolution(parse_resolution_file(folder / "example-resolution-en.txt"), acting_user=coordinator)
    chinese = import_resolution(parse_resolution_file(folder / "example-resolution-zh.txt"), acting_user=coordinator)
    assert english.instrument_created and english.session_created
    assert chinese.paragraphs_filled == english.paragraphs_created and not chinese.paragraphs_created
    instrument = Instrument.objects.get(kind="resolution", number="9/1")
    assert all(p.text_en and p.text_zh_hans for p in instrument.operative_paragraphs.all())
    assert len(instrument.preamble_zh_hans.split("\n\n")) == 4
