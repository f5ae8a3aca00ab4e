"""An import never pollutes published data (issue 18): documents that are not progress reports are
refused saying what they look like, published periods change only as corrections, a dry run says
what the import would do, and a file that differs from the one imported is never taken silently.
The documents are small and made up for these tests."""

import io

import pytest
from django.core.management import CommandError, call_command

from restrack.accounts.system_user import get_system_user
from restrack.core.choices import EventKind
from restrack.core.models import Event
from restrack.ingest.actions import import_report
from restrack.ingest.pipeline import parse_file
from restrack.reading.errors import IngestError
from restrack.reading.tests.seeds import gazetteer
from restrack.registry.models import Document, DocumentVersion
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry

pytestmark = pytest.mark.django_db

MASTHEAD = """United Nations                                                    HSP/EB.2031/7
Executive Board of the
United Nations Human
Settlements Programme
Distr.: General
1 October 2031
Original: English

Second session of 2031
Nairobi, 10–12 November 2031
Item 5 of the provisional agenda
Implementation of all resolutions

Implementation of all resolutions adopted by the United Nations Habitat Assembly

Report of the Executive Director
"""

INTRODUCTION = "The present report describes the progress made on two resolutions of the Assembly."
PARAGRAPH_2 = "UN-Habitat prepared a toolkit on safer public spaces for twelve cities."
PARAGRAPH_3 = "A second edition of the toolkit will be published by March 2032."
PARAGRAPH_4 = "Three pilot projects linked rural and urban markets in two countries."


def progress_report(introduction=INTRODUCTION, second=PARAGRAPH_2, third=PARAGRAPH_3):
    return (
        MASTHEAD
        + f"""
I. Introduction
1. {introduction}

II. Implementation of resolutions adopted at the first session
A. Resolution 1/2
Safer cities and human settlements
2. {second}
3. {third}
B. Resolution 1/5
Urban-rural linkages
4. {PARAGRAPH_4}
"""
    )


RESOLUTION = """Resolution 2/9. Making cities safer for walking

The United Nations Habitat Assembly,
Recalling its resolution 1/2 of 31 May 2019,
1. Requests the Executive Director to prepare guidelines on safe streets;
2. Invites Member States to share their experience of safer streets;
3. Decides to review progress at its third session.
"""

JOURNAL = """Journal of the United Nations
Programme of meetings and agenda
Wednesday, 13 November 2031
Official meetings
1. Executive Board of UN-Habitat, second session of 2031: 10 a.m. to 1 p.m., Conference Room 2.
2. Committee of Permanent Representatives: 3 p.m. to 6 p.m., Conference Room 1.
Announcements
3. Delegations are invited to register for the side events.
"""

WEB_PAGE = """Skip to main content
Home | About us | Our work | News | Contact
News
1. UN-Habitat launched a new programme on safer streets in Nairobi.
2. The Executive Board met in November 2031.
Share this page: Facebook Twitter LinkedIn
© 2031 UN-Habitat. All rights reserved. Privacy policy. Accept cookies
"""

INTRODUCTION_ONLY = (
    MASTHEAD
    + """
I. Introduction
1. The present report gives an overview of the work of the secretariat.
2. It is presented for the information of the Executive Board.
"""
)


@pytest.fixture
def write(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def do_import(path, **options):
    return import_report(parse_file(path, gazetteer=gazetteer()), acting_user=get_system_user(), **options)


def command(path, *args):
    out = io.StringIO()
    call_command("import_report", str(path), *args, stdout=out)
    return out.getvalue()


def written():
    return (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        ReportingPeriod.objects.count(),
        ProgressUpdate.objects.count(),
        UpdateEntry.objects.count(),
        Event.objects.exclude(kind__startswith="accounts.").count(),  # the system account is made on first use,
    )


# --- What is not a progress report is refused, saying what it looks like -------------------------


@pytest.mark.parametrize(
    ("text", "looks_like", "advice"),
    [
        (RESOLUTION, "a resolution text", "registry"),
        (JOURNAL, "a journal", "--force"),
        (WEB_PAGE, "a web page", "--force"),
        (INTRODUCTION_ONLY, "no paragraph", "--force"),
    ],
)
def test_a_document_that_is_not_a_progress_report_is_refused_and_writes_nothing(write, text, looks_like, advice):
    before = written()
    path = write("document.txt", text)
    with pytest.raises(CommandError) as caught:
        command(path, "--period", "2031-H2")
    message = str(caught.value)
    assert looks_like in message and advice in message and "--force" in message
    assert written() == before


def test_a_resolution_text_is_sent_to_the_registry(write):
    with pytest.raises(IngestError, match=r"looks like a resolution text.*restrack import-resolution"):
        do_import(write("resolution.txt", RESOLUTION), period="2031-H2")


def test_force_stores_such_a_document_as_the_introduction_of_a_new_period_and_says_so(write):
    output = command(write("overview.txt", INTRODUCTION_ONLY), "--force")
    assert "Period 2031-H2: created and published" in output
    period = ReportingPeriod.objects.get(label="2031-H2")
    assert period.introduction_en.startswith("The present report gives an overview")
    assert not ProgressUpdate.objects.exists()


# --- Periods: created openly, and a published one never loses its introduction to an import --------


def test_creating_a_period_says_so(write):
    output = command(write("report.txt", progress_report()))
    assert "Period 2031-H2: created and published" in output
    summary = do_import(write("again.txt", progress_report()))
    assert summary.unchanged and not summary.period_created


def test_an_import_never_replaces_the_introduction_of_a_published_period(write):
    do_import(write("report.txt", progress_report()))
    period = ReportingPeriod.objects.get(label="2031-H2")
    assert period.state == "published" and period.introduction_en == INTRODUCTION
    changed = write("changed.txt", progress_report(introduction="A rewritten introduction."))
    with pytest.raises(IngestError, match=r"introduction.*differs.*published"):
        do_import(changed)
    summary = do_import(changed, replace=True)
    period.refresh_from_db()
    assert period.introduction_en == INTRODUCTION
    assert any("introduction" in change and "kept" in change for change in summary.changes)


def test_force_never_replaces_the_introduction_of_a_published_period(write):
    do_import(write("report.txt", progress_report()))
    before = written()
    with pytest.raises(IngestError, match="published"):
        do_import(write("overview.txt", INTRODUCTION_ONLY), force=True)
    assert written() == before


def test_a_published_update_changes_only_as_a_correction_with_a_reason_a_version_and_an_event(write):
    do_import(write("report.txt", progress_report()))
    update = ProgressUpdate.objects.get(instrument__number="1/2")
    version = update.version
    do_import(write("v2.txt", progress_report(third="A second edition will be published by June 2032.")), replace=True)
    update.refresh_from_db()
    assert update.version == version + 1
    recorded = update.versions.get(version=update.version)
    assert recorded.event.kind == EventKind.UPDATE_IMPORTED
    assert "paragraph 3" in recorded.event.reason and "different text" in recorded.event.reason


# --- Dry runs, identical and differing files ------------------------------------------------------


def test_a_dry_run_says_exactly_what_the_import_then_does(write):
    path = write("report.txt", progress_report())
    planned = do_import(path, dry_run=True).as_dict()
    assert written()[:5] == (0, 0, 0, 0, 0)
    done = do_import(path).as_dict()
    assert {**planned, "dry_run": False} == done
    assert (done["updates_created"], done["entries_created"], done["commitments_created"]) == (2, 3, 1)


def test_a_dry_run_of_a_changed_version_lists_what_differs(write):
    do_import(write("report.txt", progress_report()))
    changed = write("v2.txt", progress_report(second="UN-Habitat prepared a toolkit for fifteen cities."))
    output = command(changed, "--replace", "--dry-run")
    assert "paragraph 2 (resolution 1/2) has a different text" in output
    assert "Entries created: 0, updated: 1, deleted: 0" in output
    assert UpdateEntry.objects.get(source_paragraph=2).text_en == PARAGRAPH_2


def test_re_importing_an_identical_file_does_nothing(write):
    path = write("report.txt", progress_report())
    do_import(path)
    before = written()
    assert "Nothing changed" in command(path)
    assert written() == before


def test_a_file_that_differs_only_outside_the_paragraphs_is_refused_and_the_stored_file_is_kept(write):
    do_import(write("report.txt", progress_report()))
    stored = DocumentVersion.objects.get().sha256
    # The same paragraphs, but the file has one more line at its end (another export of the report).
    other = write("re-exported.txt", progress_report() + "\n\n")
    with pytest.raises(IngestError, match=r"differs from the file imported.*--replace") as caught:
        do_import(other)
    assert stored[:12] in str(caught.value)
    assert DocumentVersion.objects.get().sha256 == stored
    summary = do_import(other, replace=True)
    assert DocumentVersion.objects.get().sha256 != stored and summary.document == "updated"
    assert any("file" in change for change in summary.changes)
