"""Building the index and keeping it current: what rows exist, when they change, and the
engine-specific structures behind them."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from restrack.core.guard import writes_allowed
from restrack.ingest.importer import _Importer
from restrack.registry import actions as registry_actions
from restrack.registry.choices import PartnerKind
from restrack.registry.models import Instrument, Partner
from restrack.reporting import actions as reporting_actions
from restrack.reporting.actions import EntryDraft
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import UpdateEntry
from restrack.search import signals
from restrack.search.models import SearchEntry
from restrack.search.query import search

REPORT_2024 = Path(settings.BASE_DIR) / "samples" / "reports" / "zh-HSP-EB.2024-20.txt"


def rows(kind, object_id):
    return {row.language: row for row in SearchEntry.objects.filter(kind=kind, object_id=object_id)}


def resolution(number):
    return Instrument.objects.get(kind="resolution", number=number)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a block schedules for after commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def imported(db, on_commit):
    """The 2024 sample report, imported (and so indexed) as `restrack import-report` does."""
    with on_commit():
        call_command("import_report", str(REPORT_2024), stdout=io.StringIO())


def signature():
    return sorted(
        SearchEntry.objects.values_list(
            "kind", "object_id", "language", "title", "url_hint", "original", "tokens", "instrument_id", "period_label"
        )
    )


# -- what is indexed -----------------------------------------------------------------------------


def test_an_import_is_indexed_and_a_rebuild_gives_the_same_rows(imported):
    published = UpdateEntry.objects.filter(update__workflow_state=WorkflowState.PUBLISHED)
    assert published.count() == 48
    assert SearchEntry.objects.filter(kind="paragraph", language="zh-hans").count() == 48
    assert search("热点信号灯").facets["paragraph"] == 4
    on_commit_rows = signature()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().startswith(f"Indexed {SearchEntry.objects.count()} entries")
    assert signature() == on_commit_rows
    assert SearchEntry.objects.filter(kind="instrument").count() == 32  # 16, in English and Chinese
    assert SearchEntry.objects.filter(kind="partner", language="en").count() == Partner.objects.count()


def test_importing_the_same_report_again_rewrites_its_paragraphs_rows(imported, on_commit):
    """An import stopped between its commit and its search rows (the reliability suite kills one
    there) is repaired by running it again, which otherwise changes nothing."""
    indexed = signature()
    with writes_allowed():
        SearchEntry.objects.filter(kind="paragraph").delete()
    out = io.StringIO()
    with on_commit():
        call_command("import_report", str(REPORT_2024), stdout=out)
    assert "Nothing changed" in out.getvalue()
    assert signature() == indexed


def test_instrument_rows(db):
    call_command("rebuild_search_index", stdout=io.StringIO())
    by_language = rows("instrument", resolution("2/7").pk)
    assert set(by_language) == {"en", "zh-hans"}
    chinese = by_language["zh-hans"]
    assert (chinese.original, chinese.title) == ("人人享有适当住房", "第 2/7 号决议：人人享有适当住房")
    assert chinese.tokens == "人人 享有 适当 住房"
    assert by_language["en"].title == "Resolution 2/7: Adequate housing for all"
    assert chinese.url_hint == "resolutions/2/7/" and chinese.instrument_id == resolution("2/7").pk


def test_partner_rows_hold_every_name(db):
    call_command("rebuild_search_index", stdout=io.StringIO())
    by_language = rows("partner", Partner.objects.get(code="UNICEF").pk)
    assert by_language["en"].original == "UNICEF / United Nations Children's Fund / UN Children's Fund"
    assert by_language["zh-hans"].original == "联合国儿童基金会 / 儿基会"
    assert by_language["en"].url_hint == "partners/UNICEF/"


def test_paragraph_rows(imported):
    entry = UpdateEntry.objects.get(update__instrument__number="2/2", source_paragraph=22)
    row = rows("paragraph", entry.pk)["zh-hans"]
    assert row.original == entry.text_zh_hans
    assert {"贫民", "贫民窟"} <= set(row.tokens.split())
    assert (row.period_label, row.title) == ("2024-H2", "第 2/2 号决议，2024-H2，第 22 段")


# -- keeping it current --------------------------------------------------------------------------


def test_instrument_changes(db, user, on_commit):
    instrument = resolution("2/3")
    with on_commit():
        registry_actions.update_instrument(instrument, title={"en": "Cleanup Day of the future"}, acting_user=user)
    assert rows("instrument", instrument.pk)["en"].original == "Cleanup Day of the future"
    with on_commit():
        registry_actions.add_operative_paragraph(
            instrument, "3", text={"en": "Invites Member States to clean up"}, acting_user=user
        )
    assert search("clean up", kinds={"operative_paragraph"}).hits[0].title == "Resolution 2/3, operative paragraph 3"
    with on_commit():
        with writes_allowed():
            instrument.operative_paragraphs.all().delete()
    assert not SearchEntry.objects.filter(kind="operative_paragraph", instrument_id=instrument.pk).exists()


def test_partner_changes(db, user, on_commit):
    with on_commit():
        partner = registry_actions.create_partner(
            "ZZF",
            kind=PartnerKind.OTHER,
            name={"en": "Zanzibar Fund"},
            aliases={"zh-hans": ["桑给巴尔基金"]},
            acting_user=user,
        )
    assert rows("partner", partner.pk)["zh-hans"].original == "桑给巴尔基金"
    with on_commit():
        registry_actions.add_partner_alias(partner, "zh-hans", "桑基金", acting_user=user)
    assert "桑基金" in search("ZZF").phrases
    assert rows("partner", partner.pk)["zh-hans"].original == "桑基金 / 桑给巴尔基金"
    with on_commit():
        registry_actions.delete_record(partner.aliases.get(text="桑基金"), acting_user=user)
    assert rows("partner", partner.pk)["zh-hans"].original == "桑给巴尔基金"
    with on_commit():
        for alias in partner.aliases.all():
            registry_actions.delete_record(alias, acting_user=user)
        registry_actions.delete_record(partner, acting_user=user)
    assert rows("partner", partner.pk) == {}


def test_paragraphs_follow_their_update_workflow(db, user, on_commit):
    def move(update, state):
        update.workflow_state = state
        with writes_allowed():
            update.save()

    instrument = resolution("2/3")
    with on_commit():
        period = reporting_actions.create_reporting_period("2025-H1", state="open", acting_user=user)
        update = reporting_actions.create_progress_update(instrument, period, acting_user=user)  # a draft
        saved = reporting_actions.save_draft(
            update, version=1, entries=[EntryDraft(text={"zh-hans": "世界清洁日在内罗毕举行"})], acting_user=user
        )
    entry = UpdateEntry.objects.get(pk=next(iter(saved.entry_ids.values())))
    assert rows("paragraph", entry.pk) == {}
    with on_commit():
        move(update, WorkflowState.PUBLISHED)
    assert rows("paragraph", entry.pk)["zh-hans"].period_label == "2025-H1"
    with on_commit():
        update.refresh_from_db()
        reporting_actions.save_draft(
            update,
            version=update.version,
            entries=[EntryDraft(id=entry.pk, text={"en": "World Cleanup Day was held in Nairobi"})],
            comment="English added",
            acting_user=user,
        )
    assert set(rows("paragraph", entry.pk)) == {"en", "zh-hans"}
    with on_commit():
        move(update, WorkflowState.RETURNED)
    assert rows("paragraph", entry.pk) == {}
    with on_commit():
        move(update, WorkflowState.PUBLISHED)
        update.refresh_from_db()
        reporting_actions.save_draft(update, version=update.version, entries=[], comment="Removed", acting_user=user)
    assert rows("paragraph", entry.pk) == {}


def test_an_import_is_indexed_in_one_batch(db, on_commit, django_assert_max_num_queries):
    with on_commit() as callbacks:
        call_command("import_report", str(REPORT_2024), stdout=io.StringIO())
        signals._pending().clear()  # what the callbacks will index, noted again below
        signals.schedule("paragraph", UpdateEntry.objects.first().pk)
    assert len(callbacks) > 40  # one per change noted: the first indexes them all, the others nothing
    assert SearchEntry.objects.filter(kind="paragraph").count() == 1


def test_a_rolled_back_import_leaves_no_rows(db, on_commit, monkeypatch):
    with on_commit():
        call_command("import_report", str(REPORT_2024), "--dry-run", stdout=io.StringIO())
    assert not SearchEntry.objects.filter(kind="paragraph").exists()

    original, calls = _Importer.store_update, []

    def failing_store_update(self, *args):
        calls.append(1)
        if len(calls) == 10:  # well into the import
            raise RuntimeError("disk full")
        return original(self, *args)

    monkeypatch.setattr(_Importer, "store_update", failing_store_update)
    with on_commit(), pytest.raises(RuntimeError):
        call_command("import_report", str(REPORT_2024), stdout=io.StringIO())
    assert not UpdateEntry.objects.exists()
    assert not SearchEntry.objects.filter(kind="paragraph").exists()


def test_migrate_fills_an_empty_index(db):
    SearchEntry.objects.all().delete()  # derived rows, not governed records
    signals.fill_after_migrate(sender=None)
    assert SearchEntry.objects.filter(kind="instrument").count() == 32
    SearchEntry.objects.filter(kind="instrument").delete()
    signals.fill_after_migrate(sender=None)  # not empty: left alone
    assert not SearchEntry.objects.filter(kind="instrument").exists()


# -- the engines' structures ---------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_fts_table_follows_bulk_writes(imported):
    SearchEntry.objects.filter(kind="paragraph", language="zh-hans").delete()
    SearchEntry.objects.filter(kind="instrument").update(tokens="renamed")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('integrity-check')")
        cursor.execute("SELECT count(*) FROM search_entry_fts WHERE search_entry_fts MATCH '\"renamed\"'")
        assert cursor.fetchone()[0] == 32
    assert search("热点信号灯").total == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_queries_use_the_indexes(imported):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off")
    for query in ("热点信号灯", "贫民窟居住者", "窟"):
        matching = SearchEntry.objects.filter(search_condition(query))
        plan = matching.explain()
        # Words and character grams through one index; no substring matching, so no trigrams.
        assert "search_entry_document_fts" in plan and "search_entry_original_trgm" not in plan, plan


def search_condition(query):
    from restrack.search import engines
    from restrack.search.query import _plan

    return engines.current().condition(_plan([query]).groups)


def test_a_rebuild_gives_a_complete_full_text_index_that_follows_later_writes(imported):
    queries = ("热点信号灯", "住房", "housing", "窟")
    before = {query: search(query).facets for query in queries}
    from restrack.search import index

    index.rebuild()
    assert {query: search(query).facets for query in queries} == before
    SearchEntry.objects.filter(kind="instrument").update(tokens="renamed")  # followed again
    assert search("renamed").facets["instrument"] == 16  # 32 rows (two languages), one hit per instrument


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_document_keeps_each_columns_terms_apart(db):
    """Matched without weights (which the GIN index cannot check), a word must still find only
    words, a gram only grams and a filter only scope terms."""
    from restrack.search import engines
    from restrack.search.grams import GRAMS, TOKENS, Term
    from restrack.search.scope import kind_term, scope_text

    def entry(object_id, tokens, grams, kind="paragraph"):
        return SearchEntry.objects.create(
            kind=kind, object_id=object_id, language="zh-hans", title="t", original="o",
            tokens=tokens, grams=grams, scope=scope_text(kind, "zh-hans"),
        )  # fmt: skip

    SearchEntry.objects.all().delete()  # derived rows (the migrations index the reference data)
    words_only = entry(1, "住房 政策", "")  # as no real row is: a test of the columns alone
    grams_only = entry(2, "适当 住", "适当 当住 住房 房")
    says_scope = entry(3, kind_term("paragraph"), "", kind="partner")
    engine = engines.current()

    def matching(*terms):
        return set(SearchEntry.objects.filter(engine.condition([list(terms)])).values_list("pk", flat=True))

    assert matching(Term(TOKENS, ("住房",))) == {words_only.pk}
    assert matching(Term(GRAMS, ("住房",))) == {grams_only.pk}
    assert matching(Term(GRAMS, ("住",), prefix=True)) == {grams_only.pk}
    assert matching(Term(TOKENS, ("住",), prefix=True)) == {words_only.pk, grams_only.pk}
    assert matching(Term(TOKENS, (kind_term("paragraph"),))) == {says_scope.pk}
    counts = engine.counts([[Term(TOKENS, (kind_term("paragraph"),))]], [], 10)
    assert counts["partner"] == 1 and counts["paragraph"] == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(document) FROM search_searchentry WHERE id = %s", [grams_only.pk])
        lexemes = set(cursor.fetchone()[0])
    assert lexemes == {"适当", "住", "g适当", "g当住", "g住房", "g房", "范zzkindparagraph", "范zzlangzhhans"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_counts_each_kind_through_its_own_index(imported):
    from django.test.utils import CaptureQueriesContext

    from restrack.search import engines
    from restrack.search.query import _plan

    with CaptureQueriesContext(connection) as captured:
        counts = engines.current().counts(_plan(["住房"]).groups, [], 201)
    assert counts["paragraph"] > 0
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        # A table this small is best read whole, or by its kind's b-tree (the unique constraint's,
        # dropped here until the test's transaction is rolled back): without either the plan shows
        # that each kind's GIN index answers, as it does at scale (docs/scale.md).
        cursor.execute("ALTER TABLE search_searchentry DROP CONSTRAINT search_entry_unique_object_language")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for kind in ("paragraph", "instrument", "operative_paragraph", "partner"):
        assert f"search_entry_document_{kind}" in plan, plan
