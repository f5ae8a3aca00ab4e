"""What differs between databases: the SQL that matches and ranks with the full-text structures
that migrations/0002_grams.py creates. Everything else in search is portable Django.

Both engines index two fields of `SearchEntry`: `tokens` (words) and `grams` (Chinese character
bigrams, see restrack.search.grams), so that any run of Chinese characters, one character
included, is looked up in the index: no query reads the text of every row.

- SQLite: an FTS5 table over both fields (external content: it stores only the index, not a
  second copy of the text), kept in sync by triggers, so bulk writes and deletes through the ORM
  can never leave it stale; a one-character prefix index answers single characters. Ranked with
  bm25(), in the same pass over the matches that finds them.
- PostgreSQL: a generated tsvector column `document` (tokens weighted A, grams B) with a GIN
  index, ranked with ts_rank() on that column (nothing is parsed at query time). A phrase of grams
  is a `<->` query, a single character a prefix (`住:*`).
- Any other database: no full-text engine; queries fall back to substring matching.

Queries are given as groups of terms (restrack.search.grams.Term): a row matches when it holds
every term of some group.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from restrack.search.grams import GRAMS, TOKENS, Term

TABLE = "search_searchentry"
FTS_TABLE = "search_entry_fts"

Groups = list[list[Term]]

PG_DOCUMENT = f'"{TABLE}"."document"'  # the generated column of migrations/0002_grams.py
PG_WEIGHTS = {TOKENS: "A", GRAMS: "B"}


class SubstringOnly:
    """No full-text engine: nothing matches through the index."""

    name = "substring"
    full_text = False  # whether condition() and ranked() match through an index

    def condition(self, groups: Groups):
        return None

    def ranked(self, queryset, groups: Groups):
        """The rows of `queryset` that match `groups`, with a `score` (higher is better), best first."""
        raise NotImplementedError("no full-text engine: match substrings instead")

    def after_rebuild(self) -> None:
        pass


class SQLiteFTS5(SubstringOnly):
    name = "sqlite-fts5"
    full_text = True

    @staticmethod
    def match_expression(groups: Groups) -> str:
        # Every term quoted: NEAR, AND, *, ( and " in a query are then just text.
        def quoted(text: str) -> str:
            return '"' + text.replace('"', '""') + '"'

        def term(term: Term) -> str:
            phrase = " + ".join(quoted(text) for text in term.texts)  # consecutive
            return f"{term.column} : {phrase}{'*' if term.prefix else ''}"

        return " OR ".join("(" + " AND ".join(term(t) for t in group) + ")" for group in groups)

    def condition(self, groups: Groups):
        sql = f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'
        return RawSQL(sql, [self.match_expression(groups)], output_field=BooleanField())

    def ranked(self, queryset, groups: Groups):
        # The FTS table joined on the row, so that bm25() is computed in the one pass over the
        # matches that finds them (a correlated subquery would look every row up again).
        # bm25() is lower for better matches; negated so that higher is better on every engine.
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f'{FTS_TABLE}.rowid = "{TABLE}"."id"', f"{FTS_TABLE} MATCH %s"],
            params=[self.match_expression(groups)],
            select={"score": f"-bm25({FTS_TABLE})"},
        ).order_by("-score", "pk")

    def after_rebuild(self) -> None:
        # The triggers keep the table in sync; rebuilding also repairs it should a later
        # migration have rebuilt the entry table without them.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


class PostgreSQLFullText(SubstringOnly):
    name = "postgresql-fts"
    full_text = True

    @staticmethod
    def tsquery_text(groups: Groups) -> str:
        """to_tsquery's syntax; every term quoted, so no character of a query is syntax."""

        def quoted(text: str) -> str:
            return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"

        def term(term: Term) -> str:
            weight = PG_WEIGHTS[term.column]
            return " <-> ".join(f"{quoted(text)}:{'*' if term.prefix else ''}{weight}" for text in term.texts)

        return " | ".join("(" + " & ".join(f"({term(t)})" for t in group) + ")" for group in groups)

    def condition(self, groups: Groups):
        return RawSQL(
            f"{PG_DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)",
            [self.tsquery_text(groups)],
            output_field=BooleanField(),
        )

    def ranked(self, queryset, groups: Groups):
        # Normalisation 1: divide by 1 + log(length), so that a title is not outranked by a
        # long paragraph that happens to repeat a word.
        score = RawSQL(
            f"ts_rank({PG_DOCUMENT}, to_tsquery('simple'::regconfig, %s), 1)",
            [self.tsquery_text(groups)],
            output_field=FloatField(),
        )
        return queryset.filter(self.condition(groups)).annotate(score=score).order_by("-score", "pk")


ENGINES = {"sqlite": SQLiteFTS5(), "postgresql": PostgreSQLFullText()}


def current():
    return ENGINES.get(connection.vendor, SubstringOnly())
