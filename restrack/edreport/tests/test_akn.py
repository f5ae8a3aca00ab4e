"""The Executive Director's report as Akoma Ntoso: both sample reports, exported from what the
tracker holds, read back exactly as the report files themselves read (paragraphs, sections,
footnotes where their markers stand, masthead, facts); imported again they are the same report
and change nothing, and the export after that is the same bytes. Also the public address, which
shows the public only what it may read, and the names AKN4UN gives (URIs, eIds, languages)."""

import pytest
from defusedxml import ElementTree

from restrack.accounts.choices import Role
from restrack.accounts.system_user import get_system_user
from restrack.accounts.tests.factories import UserFactory
from restrack.edreport.compose import compose_report
from restrack.edreport.render import render
from restrack.ingest.actions import import_report
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file
from restrack.reading.errors import IngestError
from restrack.reading.tests.seeds import REPORT_2020, REPORT_2024
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry

pytestmark = pytest.mark.django_db
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
RESTRACK = "{https://restrack.unhabitat.example/ns/akn}"
SAMPLES = {"2024-H2": REPORT_2024, "2020-H1": REPORT_2020}


@pytest.fixture(scope="module")
def exported(_shared_samples, django_db_blocker):
    """Each sample period's Chinese report as AKN, written once for the module."""
    with django_db_blocker.unblock():
        return {
            label: render(compose_report(ReportingPeriod.objects.get(label=label), "zh"), "xml") for label in SAMPLES
        }


def reading(parsed):
    """Everything a reading of a report gives, but where it was read from (file, lines)."""
    return (
        parsed.symbol,
        parsed.agenda_symbol,
        parsed.language,
        parsed.title,
        parsed.meeting,
        [
            (
                p.number,
                p.text,
                (p.section.kind, p.section.number, p.section.session, p.section.title, p.section.chapter),
                p.facts,
                [(f.marker, f.text, f.urls, f.symbols, f.anchor) for f in p.footnotes],
            )
            for p in parsed.paragraphs
        ],
    )


@pytest.mark.parametrize("label", SAMPLES)
def test_the_export_reads_back_as_the_report_itself_reads(exported, label):
    original = parse_file(SAMPLES[label], gazetteer=reference_gazetteer())
    again = parse_file(None, data=exported[label], file_name=f"{label}.xml", gazetteer=reference_gazetteer())
    assert again.source["format"] == "akn" and again.warnings == []
    assert reading(again) == reading(original)


def test_the_shapes_of_both_reports_are_kept(exported):
    """2024: a chapter per session, a lettered section per instrument, three footnotes; 2020: no
    symbol, a chapter per instrument with its title in the heading, a list set out line by line."""
    parsed_2024 = parse_file(None, data=exported["2024-H2"], file_name="2024.xml")
    assert len(parsed_2024.paragraphs) == 49 and parsed_2024.symbol == "HSP/EB.2024/20"
    assert [p.number for p in parsed_2024.paragraphs if p.footnotes] == [11, 14, 47]
    assert parsed_2024.paragraphs[1].section.heading == "A. 第 1/1 号决议"
    parsed_2020 = parse_file(None, data=exported["2020-H1"], file_name="2020.xml")
    assert parsed_2020.symbol is None and len(parsed_2020.paragraphs) == 15
    assert all(p.section.chapter for p in parsed_2020.paragraphs if p.section.reference)
    assert len(parsed_2020.paragraphs[0].text.split("\n")) == 6  # (a) to (e) on their own lines


def test_the_export_names_what_akn4un_names(exported):
    root = ElementTree.fromstring(exported["2024-H2"])
    doc = root.find(f"{AKN}doc")
    assert doc.get("name") == "report"
    identification = doc.find(f"{AKN}meta/{AKN}identification")
    work = identification.find(f"{AKN}FRBRWork/{AKN}FRBRuri").get("value")
    assert work.startswith("/akn/un/doc/report/executive-director/") and work.endswith("/HSP-EB.2024-20")
    expression = identification.find(f"{AKN}FRBRExpression/{AKN}FRBRuri").get("value")
    assert expression == f"{work}/zho@"
    assert identification.find(f"{AKN}FRBRExpression/{AKN}FRBRlanguage").get("language") == "zho"
    paragraphs = [element.get("eId") for element in doc.iter(f"{AKN}paragraph")]
    assert paragraphs == [f"para_{n}" for n in range(1, 50)]
    notes = [element.get("eId") for element in doc.iter(f"{AKN}authorialNote")]
    assert notes == ["para_11__authorialNote_1", "para_14__authorialNote_2", "para_47__authorialNote_3"]
    sections = [element.get(f"{RESTRACK}instrument") for element in doc.iter(f"{AKN}section")]
    assert sections[0] == "resolution 1/1" and sections[-1] == "resolution 2/10" and len(sections) == 15
    assert doc.find(f"{AKN}preface//{AKN}docNumber").text == "HSP/EB.2024/20"


def test_the_export_is_the_same_bytes_each_time(exported, samples):
    period = ReportingPeriod.objects.get(label="2024-H2")
    assert render(compose_report(period, "zh"), "xml") == exported["2024-H2"]


@pytest.mark.parametrize("label", SAMPLES)
def test_imported_again_it_is_the_same_report_and_changes_nothing(exported, samples, label):
    """Found to be the report its paragraphs came from (by symbol; for 2020, which has none, as the
    period's one report): refused without --replace as another file of it, with --replace recorded
    as its new version with no paragraph changed, and the export after that is the same bytes."""
    period = ReportingPeriod.objects.get(label=label)
    before = sorted(UpdateEntry.objects.filter(update__period=period).values_list("pk", "text_zh_hans"))
    parsed = parse_file(None, data=exported[label], file_name=f"{label}.xml", gazetteer=reference_gazetteer())
    with pytest.raises(IngestError, match="different version of a report already imported"):
        import_report(parsed, acting_user=get_system_user())
    summary = import_report(parsed, acting_user=get_system_user(), replace=True)
    assert (summary.entries_created, summary.entries_updated, summary.entries_deleted) == (0, 0, 0)
    assert (summary.footnotes_created, summary.footnotes_updated, summary.footnotes_deleted) == (0, 0, 0)
    assert sorted(UpdateEntry.objects.filter(update__period=period).values_list("pk", "text_zh_hans")) == before
    assert import_report(parsed, acting_user=get_system_user()).document == "unchanged"
    assert render(compose_report(period, "zh"), "xml") == exported[label]


URL = "/api/v1/periods/2024-H2/akn.xml"


def test_the_public_downloads_a_published_periods_report(client, exported):
    answer = client.get(URL + "?lang=zh-hans")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/akn+xml; charset=utf-8"
    assert answer["Content-Disposition"] == 'inline; filename="HSP-EB.2024-20-zh.xml"'
    assert answer.content == exported["2024-H2"]
    refused = client.get(URL + "?lang=fr")
    assert refused.status_code == 400 and "lang=zh-hans or lang=en" in refused.json()["lang"][0]
    assert client.get("/api/v1/periods/2031-H1/akn.xml").status_code == 404


def test_texts_missing_in_the_language_are_marked_not_refused(client, samples):
    """The sample report has no English text: its English version gives each paragraph in Chinese,
    marked, as the public pages do; read back, the marks are not part of the text."""
    answer = client.get(URL + "?lang=en")
    assert answer.status_code == 200
    root = ElementTree.fromstring(answer.content)
    language = root.find(f"{AKN}doc/{AKN}meta/{AKN}identification/{AKN}FRBRExpression/{AKN}FRBRlanguage")
    assert language.get("language") == "eng"
    marks = [p.text for p in root.iter(f"{AKN}p") if p.get("class") == "missingTranslation"]
    assert len(marks) == 49 and marks[0] == "No English text; the Chinese text follows"
    parsed = parse_file(None, data=answer.content, file_name="en.xml", gazetteer=reference_gazetteer())
    assert [p.number for p in parsed.paragraphs] == list(range(1, 50))
    assert not any("No English text" in p.text for p in parsed.paragraphs)


def test_the_public_reads_only_published_updates_a_coordinator_every_approved_one(client, samples):
    update = ProgressUpdate.objects.get(
        period__label="2024-H2", instrument__number="2/6", instrument__kind="resolution"
    )
    ProgressUpdate.objects.filter(pk=update.pk).update(workflow_state="approved")  # as during a correction
    public = parse_file(None, data=client.get(URL + "?lang=zh-hans").content, file_name="public.xml")
    assert "resolution 2/6" not in public.instruments and len(public.instruments) == 14
    client.force_login(UserFactory(role=Role.COORDINATOR))
    internal = parse_file(None, data=client.get(URL + "?lang=zh-hans").content, file_name="internal.xml")
    assert "resolution 2/6" in internal.instruments and len(internal.instruments) == 15


def test_an_unpublished_period_is_not_found_by_the_public(client, samples):
    ReportingPeriod.objects.filter(label="2024-H2").update(state="open")
    assert client.get(URL + "?lang=zh-hans").status_code == 404
    client.force_login(UserFactory(role=Role.COORDINATOR))
    assert client.get(URL + "?lang=zh-hans").status_code == 200


def test_the_period_page_links_the_languages_the_report_is_written_in(client, samples):
    html = client.get("/en/periods/2024-H2/").content.decode()
    assert f'href="{URL}?lang=zh-hans"' in html
    assert f'href="{URL}?lang=en"' not in html  # no paragraph has English text
    UpdateEntry.objects.filter(update__period__label="2024-H2", position=1).update(text_en="Made-up English text.")
    html = client.get("/ar/periods/2024-H2/").content.decode()
    assert f'href="{URL}?lang=en"' in html
