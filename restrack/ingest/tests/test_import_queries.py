"""An import writes each update in a few queries whatever its number of paragraphs (issue 18: not
~25 per paragraph), and the bulk writes keep the field history and the search index complete."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.accounts.system_user import get_system_user
from restrack.ingest.actions import import_report
from restrack.ingest.pipeline import parse_file
from restrack.ingest.tests.synthetic import synthetic_report
from restrack.reading.tests.seeds import gazetteer
from restrack.registry.models import OperativeParagraph
from restrack.reporting.models import Commitment, EntryFootnote, UpdateEntry
from restrack.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def parsed(instruments, paragraphs, year, commitments=True):
    text = synthetic_report(instruments, paragraphs, year=year, commitments=commitments)
    return parse_file(data=text.encode(), file_name=f"report-{year}.txt", gazetteer=gazetteer())


@pytest.fixture(autouse=True)
def warm():
    """One import first: the system account, content types and other first-time reads are cached
    before anything is counted."""
    import_report(parsed(["resolution 2/3"], 3, 2031), acting_user=get_system_user())


def queries_to_import(report) -> int:
    user = get_system_user()
    with CaptureQueriesContext(connection) as captured:
        import_report(report, acting_user=user)
    return len(captured.captured_queries)


def test_queries_per_update_do_not_grow_with_its_paragraphs():
    """Paragraphs with their links, partners, footnotes and history rows are written in bulk. Both
    reports cite the same operative paragraphs (each made once, through the registry's action)."""
    few = queries_to_import(parsed(["resolution 1/2"], 5, 2032, commitments=False))
    many = queries_to_import(parsed(["resolution 1/5"], 40, 2033, commitments=False))
    assert many == few


def test_commitments_cost_a_few_queries_each():
    """Commitments are still written one by one (other apps follow each save of one); what grows
    with a report's commitments is only their rows."""
    without = queries_to_import(parsed(["resolution 1/2"], 40, 2032, commitments=False))
    report = parsed(["resolution 1/5"], 40, 2033)
    promised = sum(len(paragraph.facts.commitments) for paragraph in report.paragraphs)
    assert promised == 8
    assert queries_to_import(report) - without <= 6 * promised


def test_queries_per_import_grow_with_its_updates_only():
    one = queries_to_import(parsed(["resolution 1/2"], 10, 2032))
    three = queries_to_import(parsed(["resolution 1/5", "resolution 2/1", "resolution 2/2"], 10, 2033))
    per_update = (three - one) / 2
    # A guard against regressions, measured at about 116 (each update: its creation, version 1, the
    # save of its paragraphs in bulk, its snapshot and event; three operative paragraphs first cited
    # and two commitments, written one by one; the status its text suggests, and its instrument's
    # status set from it through the registry's action, about 29 of them, since issue 22).
    assert per_update <= 125, f"{per_update} queries per update"


def test_bulk_writes_keep_history_and_search_complete(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_report(parsed(["resolution 1/2", "resolution 1/5"], 12, 2032), acting_user=get_system_user())
    entries = UpdateEntry.objects.filter(update__period__label="2032-H2")
    assert entries.count() == 24
    for model in (UpdateEntry, EntryFootnote, Commitment, OperativeParagraph):
        created = set(model.objects.values_list("pk", flat=True))
        recorded = set(model.history.filter(history_type="+").values_list("id", flat=True))
        assert created <= recorded, model
    linked = UpdateEntry.operative_paragraphs.through.objects.count()
    recorded_links = apps.get_model("reporting", "HistoricalUpdateEntry_operative_paragraphs")
    assert linked and recorded_links.objects.count() >= linked
    indexed = set(SearchEntry.objects.filter(kind="paragraph").values_list("object_id", flat=True))
    assert set(entries.values_list("pk", flat=True)) <= indexed
