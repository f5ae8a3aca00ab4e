"""What differs between databases: the SQL that matches and ranks with the full-text structures
that migrations/0001_initial.py creates. Everything else in search is portable Django.

- SQLite: an FTS5 table over `SearchEntry.tokens` (external content: it stores only the index,
  not a second copy of the text), kept in sync by triggers, so bulk writes and deletes through
  the ORM can never leave it stale. Ranked with bm25().
- PostgreSQL: a GIN index on to_tsvector('simple', tokens) ('simple': the tokens are already
  segmented and folded; stemming would only mangle Chinese), ranked with ts_rank(); plus a
  pg_trgm GIN index so that substring matching does not read every row (for substrings of
  three characters or more: shorter ones have no trigram to look up).
- Any other database: no full-text engine; queries fall back to substring matching.

Queries are given as groups of tokens: a row matches when it holds every token of some group.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

TABLE = "search_searchentry"
FTS_TABLE = "search_entry_fts"

Groups = list[list[str]]

# Written identically in the migration's index for PostgreSQL to use that index.
PG_VECTOR = f'to_tsvector(\'simple\'::regconfig, "{TABLE}"."tokens")'


class SubstringOnly:
    """No full-text engine: nothing matches through the index."""

    name = "substring"

    def condition(self, groups: Groups):
        return None

    def score(self, groups: Groups):
        return None

    def after_rebuild(self) -> None:
        pass


class SQLiteFTS5(SubstringOnly):
    name = "sqlite-fts5"

    @staticmethod
    def match_expression(groups: Groups) -> str:
        # Every token quoted: NEAR, AND, *, ( and " in a query are then just text.
        def quoted(token: str) -> str:
            return '"' + token.replace('"', '""') + '"'

        return " OR ".join("(" + " AND ".join(quoted(token) for token in group) + ")" for group in groups)

    def condition(self, groups: Groups):
        sql = f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'
        return RawSQL(sql, [self.match_expression(groups)], output_field=BooleanField())

    def score(self, groups: Groups):
        # bm25() is lower for better matches; negated so that higher is better on every engine.
        sql = f'(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = "{TABLE}"."id")'
        return RawSQL(sql, [self.match_expression(groups)], output_field=FloatField())

    def after_rebuild(self) -> None:
        # The triggers keep the table in sync; rebuilding also repairs it should a later
        # migration have rebuilt the entry table without them.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


class PostgreSQLFullText(SubstringOnly):
    name = "postgresql-fts"

    @staticmethod
    def tsquery(groups: Groups) -> tuple[str, list[str]]:
        # plainto_tsquery takes plain text, so no character of the query is syntax.
        sql = " || ".join(["plainto_tsquery('simple'::regconfig, %s)"] * len(groups))
        return f"({sql})", [" ".join(group) for group in groups]

    def condition(self, groups: Groups):
        sql, params = self.tsquery(groups)
        return RawSQL(f"{PG_VECTOR} @@ {sql}", params, output_field=BooleanField())

    def score(self, groups: Groups):
        sql, params = self.tsquery(groups)
        # Normalisation 1: divide by 1 + log(length), so that a title is not outranked by a
        # long paragraph that happens to repeat a word.
        return RawSQL(f"ts_rank({PG_VECTOR}, {sql}, 1)", params, output_field=FloatField())


ENGINES = {"sqlite": SQLiteFTS5(), "postgresql": PostgreSQLFullText()}


def current():
    return ENGINES.get(connection.vendor, SubstringOnly())
