"""The migration that stems the index's words (search/0004_stemmed_tokens) rewrites stored rows in
place, and the full-text structures follow them."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from restrack.core.guard import writes_allowed
from restrack.search.models import HitKind, SearchEntry
from restrack.search.query import search
from restrack.search.scope import scope_text

pytestmark = pytest.mark.django_db

migration = importlib.import_module("restrack.search.migrations.0004_stemmed_tokens")


def test_stored_words_are_stemmed_in_place_and_found_by_every_form():
    original = "Houses and housing for all 适当住房"
    with writes_allowed():
        row = SearchEntry.objects.create(
            kind=HitKind.OPERATIVE_PARAGRAPH,
            object_id=10**9,
            language="en",
            title="synthetic",
            original=original,
            tokens="houses and housing for all 适当 住房",  # as indexed before stems
            grams="适当 当住 住房 房",
            scope=scope_text(HitKind.OPERATIVE_PARAGRAPH, "en"),
        )
    migration.stem_tokens(None, SimpleNamespace(connection=connection))
    row.refresh_from_db()
    assert row.tokens == "hous and hous for all 适当 住房"
    for query in ("house", "housing", "住房"):
        assert (HitKind.OPERATIVE_PARAGRAPH, 10**9) in {(hit.kind, hit.object_id) for hit in search(query).hits}
    # The structures are back: a row written afterwards is indexed as it is written.
    with writes_allowed():
        SearchEntry.objects.filter(pk=row.pk).update(tokens="hous and hous for all 适当 住房 zebra")
    assert [hit.object_id for hit in search("zebras").hits] == [10**9]
