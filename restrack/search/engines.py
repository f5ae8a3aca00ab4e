"""What differs between databases: the SQL that matches and ranks with the full-text structures
that migrations/0002_grams.py creates. Everything else in search is portable Django.

Both engines index two fields of `SearchEntry`: `tokens` (words) and `grams` (Chinese character
bigrams, see restrack.search.grams), so that any run of Chinese characters, one character
included, is looked up in the index: no query reads the text of every row.

- SQLite: an FTS5 table over both fields (external content: it stores only the index, not a
  second copy of the text), kept in sync by triggers, so bulk writes and deletes through the ORM
  can never leave it stale; a one-character prefix index answers single characters. Ranked with
  bm25(), in the same pass over the matches that finds them.
- PostgreSQL: a generated tsvector column `document` (tokens weighted A, grams B, scope D) with a
  GIN index, ranked with ts_rank() on that column (nothing is parsed at query time). Each column's
  terms are lexemes no other column holds (grams `g住房`, scope terms `范zzkindparagraph`:
  migrations/0005_distinct_lexemes.py), so queries need no weights, which the GIN index cannot
  check: a query without a phrase is answered by the index alone, no match read from its row. A
  phrase of grams is a `<->` query (checked on the rows: the index holds no positions), a single
  character a prefix (`g住:*`). A partial GIN index per kind (migrations/0006_kind_indexes.py)
  serves the counts per kind.
- Any other database: no full-text engine; queries fall back to substring matching.

Queries are given as groups of terms (restrack.search.grams.Term): a row matches when it holds
every term of some group. Filters are scope terms (restrack.search.scope) in a third indexed
field that queries never reach otherwise, so a filtered search is one full-text match:

- `counts()` counts the matches of each kind in one statement, from the index alone (no row is
  looked up), each up to a cap: a word in nearly every row (的) is counted no further; below the
  object_count_cap, a kind is counted in objects rather than rows (an object has a row per
  language), in the
  same statement;
- `best()` ranks in the engine and gives the ids and scores of the best `limit` matches; when more
  than `rank_cap` rows match, the engine ranks the first `rank_cap` it finds (the newest rows on
  SQLite), so that no query ranks a million rows.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from restrack.search.grams import GRAMS, TOKENS, Term
from restrack.search.models import HitKind
from restrack.search.scope import kind_term

TABLE = "search_searchentry"
FTS_TABLE = "search_entry_fts"

Groups = list[list[Term]]

# As migrations/0003_scope.py creates them.
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, tokens, grams, scope) VALUES (new.id, new.tokens, new.grams, new.scope);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens, grams, scope)
        VALUES ('delete', old.id, old.tokens, old.grams, old.scope);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens, grams, scope)
        VALUES ('delete', old.id, old.tokens, old.grams, old.scope);
        INSERT INTO {FTS_TABLE}(rowid, tokens, grams, scope) VALUES (new.id, new.tokens, new.grams, new.scope);
    END""",
]

PG_DOCUMENT = f'"{TABLE}"."document"'  # the generated column of migrations/0005_distinct_lexemes.py
# What that column puts before each term of a column, so that no two columns share a lexeme.
PG_PREFIXES = {TOKENS: "", GRAMS: "g"}
PG_SCOPE_PREFIX = "范"
PG_WEIGHTS = {TOKENS: "A", GRAMS: "B"}
SCOPE = "scope"


class SubstringOnly:
    """No full-text engine: nothing matches through the index."""

    name = "substring"
    full_text = False  # whether condition() and ranked() match through an index
    # Matches are counted up to count_cap per kind (more is shown as "10,000+"), and at most
    # rank_cap of them are ranked: what a search costs then no longer grows with the matches.
    count_cap = rank_cap = 10_000
    object_count_cap = 100  # counts of rows up to this many are counted in objects (see counts())

    def condition(self, groups: Groups):
        return None

    def ranked(self, queryset, groups: Groups):
        """The rows of `queryset` that match `groups`, with a `score` (higher is better), best first."""
        raise NotImplementedError("no full-text engine: match substrings instead")

    def counts(self, groups: Groups, filters: list[str], cap: int, *, objects: bool = False) -> dict[str, int]:
        """{kind: matches of `groups` within the scope terms `filters`}, each counted up to `cap`.
        With `objects`, a kind with at most `object_count_cap` matching rows is counted in objects
        instead (an object has a row per language: a partner whose English and Chinese names
        match is one), in the same statement; a larger count stays a count of rows (counting
        objects looks each matching row up)."""
        raise NotImplementedError("no full-text engine: match substrings instead")

    @staticmethod
    def _counts_sql(
        rows: str, objects: str, kinds, expression, cap: int, objects_up_to: int, fence: str = ""
    ) -> tuple[str, list]:
        """One statement counting each kind: `rows` counts matching rows up to a LIMIT, `objects`
        the distinct objects among all matching rows, asked only (CASE is evaluated lazily) when
        the rows were at most `objects_up_to` (0: never); `{kind}` in either is the kind, quoted.
        `fence` keeps the planner from pulling the count up into the CASE, which would count once
        per mention of it (PostgreSQL: three times)."""
        parts, params = [], []
        template = {"rows": rows, "objects": objects}
        for kind in kinds:
            if not kind.isidentifier():  # written into the SQL: HitKind's values are
                raise ValueError(f"Not a kind: {kind!r}")
            rows, objects = (template[name].replace("{kind}", f"'{kind}'") for name in ("rows", "objects"))
            term = expression(kind)
            if objects_up_to:
                parts.append(
                    f"(SELECT CASE WHEN matching.n > 1 AND matching.n <= %s THEN {objects} ELSE matching.n END "
                    f"FROM (SELECT {rows} AS n{fence}) AS matching)"
                )
                params += [min(objects_up_to, cap - 1), term, *([cap] if "LIMIT" in objects else []), term, cap]
            else:
                parts.append(rows)
                params += [term, cap]
        return "SELECT " + ", ".join(parts), params

    def best(self, groups: Groups, filters: list[str], kinds, limit: int, rank_cap: int) -> list[tuple]:
        """The best `limit` matches of `groups` within `filters` and of one of `kinds` (None: any),
        best first, ties by id: (id, score (higher is better), kind, object_id, language) each,
        so that rows of one object in several languages can be told apart without reading them."""
        raise NotImplementedError("no full-text engine: match substrings instead")

    def after_rebuild(self) -> None:
        pass

    @contextmanager
    def bulk_load(self):
        """Around writing many rows at once (inside a transaction): what keeps the full-text
        structures in step row by row may be suspended, and they are brought up to date at the end."""
        yield

    @staticmethod
    def _fetch(sql: str, params: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class SQLiteFTS5(SubstringOnly):
    name = "sqlite-fts5"
    full_text = True
    # bm25() reads each ranked row's sizes: ranking (and counting) 10,000 matches cost about
    # twice the CPU of 2,000 at 728,000 rows (bench_search), for a ranking among the newest
    # matches either way.
    count_cap = rank_cap = 2_000
    # bm25() weighs each column; scope terms are filters and never add to a row's score.
    BM25 = f"bm25({FTS_TABLE}, 1.0, 1.0, 0.0)"

    @staticmethod
    def _quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    @classmethod
    def match_expression(cls, groups: Groups) -> str:
        # Every term quoted: NEAR, AND, *, ( and " in a query are then just text.
        def term(term: Term) -> str:
            phrase = " + ".join(cls._quoted(text) for text in term.texts)  # consecutive
            return f"{term.column} : {phrase}{'*' if term.prefix else ''}"

        return " OR ".join("(" + " AND ".join(term(t) for t in group) + ")" for group in groups)

    @classmethod
    def scoped_expression(cls, groups: Groups, filters: list[str], kinds=None) -> str:
        parts = [f"({cls.match_expression(groups)})", *(f"{SCOPE} : {cls._quoted(term)}" for term in filters)]
        if kinds:
            parts.append("(" + " OR ".join(f"{SCOPE} : {cls._quoted(kind_term(kind))}" for kind in sorted(kinds)) + ")")
        return " AND ".join(parts)

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
            select={"score": f"-{self.BM25}"},
        ).order_by("-score", "pk")

    def counts(self, groups, filters, cap, *, objects=False):
        kinds = HitKind.values
        sql, params = self._counts_sql(
            f"(SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s))",
            f"(SELECT count(DISTINCT object_id) FROM {TABLE} WHERE id IN "
            f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))",
            kinds,
            lambda kind: self.scoped_expression(groups, filters, [kind]),
            cap,
            self.object_count_cap if objects else 0,
        )
        (row,) = self._fetch(sql, params)
        return dict(zip(kinds, row, strict=True))

    def best(self, groups, filters, kinds, limit, rank_cap):
        # The inner query walks the matches newest first (FTS5 reads its index backwards: no
        # sort) and stops after rank_cap; bm25() is computed for those only.
        # Only the best `limit` are then looked up in the entry table, for what tells them apart.
        sql = (
            f"SELECT best.rowid, best.score, entry.kind, entry.object_id, entry.language FROM ("
            f"SELECT rowid, score FROM (SELECT rowid, -{self.BM25} AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s) ORDER BY score DESC, rowid LIMIT %s"
            f") AS best JOIN {TABLE} AS entry ON entry.id = best.rowid ORDER BY best.score DESC, best.rowid"
        )
        return self._fetch(sql, [self.scoped_expression(groups, filters, kinds), rank_cap, limit])

    def after_rebuild(self) -> None:
        # The triggers keep the table in sync; rebuilding also repairs it should a later
        # migration have rebuilt the entry table without them.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")

    @contextmanager
    def bulk_load(self):
        # Without the triggers, each row written is not indexed (nor each row deleted unindexed)
        # on its own; the FTS table is then built from the rows in one pass. In the caller's
        # transaction: other connections keep reading the old table and triggers until it commits.
        with connection.cursor() as cursor:
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{event}")
        yield
        with connection.cursor() as cursor:
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
        self.after_rebuild()


class PostgreSQLFullText(SubstringOnly):
    name = "postgresql-fts"
    full_text = True
    # A common word (住房: 7 % of 3.6 million rows at full scale, benchmarks/bench_scale.py) is
    # found faster by reading rows in order than through the index, so the planner does: about
    # 30 microseconds a row read, and ranking reads each ranked row's document. Counting and
    # ranking up to 200 keep such a search's database time near 25 ms (500: about 50 ms, and
    # over 100 ms at p95 with two searches at once on two CPUs).
    count_cap = rank_cap = 200

    @staticmethod
    def _quoted(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"

    @classmethod
    def tsquery_text(cls, groups: Groups) -> str:
        """to_tsquery's syntax; every term quoted, so no character of a query is syntax."""

        def term(term: Term) -> str:
            lexemes = [PG_PREFIXES[term.column] + text for text in term.texts]
            return " <-> ".join(f"{cls._quoted(lexeme)}{cls._suffix(term, lexeme)}" for lexeme in lexemes)

        return " | ".join("(" + " & ".join(f"({term(t)})" for t in group) + ")" for group in groups)

    @staticmethod
    def _suffix(term: Term, lexeme: str) -> str:
        """`:*` for a prefix; and the column's weight where the prefix could also start another
        column's lexemes (a word `g` would find every gram `g住房`): rare, and then checked on the
        rows, as the GIN index cannot. A longer prefix cannot: after its one-character prefix a
        gram is Chinese and a scope term Latin, and no token mixes the two."""
        if not term.prefix:
            return ""
        others = [prefix for column, prefix in PG_PREFIXES.items() if column != term.column and prefix]
        reaches = any(other.startswith(lexeme) for other in [*others, PG_SCOPE_PREFIX])
        return ":*" + (PG_WEIGHTS[term.column] if reaches else "")

    @classmethod
    def scoped_tsquery_text(cls, groups: Groups, filters: list[str], kinds=None) -> str:
        parts = [f"({cls.tsquery_text(groups)})", *(cls._quoted(PG_SCOPE_PREFIX + term) for term in filters)]
        if kinds:
            parts.append(
                "(" + " | ".join(cls._quoted(PG_SCOPE_PREFIX + kind_term(kind)) for kind in sorted(kinds)) + ")"
            )
        return " & ".join(parts)

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

    def counts(self, groups, filters, cap, *, objects=False):
        # Each kind through its own GIN index (`kind = ...`: migrations/0006_kind_indexes.py),
        # which holds that kind's rows only, rather than the index of every row intersected with
        # the kind's scope term.
        kinds = HitKind.values
        sql, params = self._counts_sql(
            f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} "
            f"WHERE kind = {{kind}} AND document @@ to_tsquery('simple'::regconfig, %s) LIMIT %s) AS matches)",
            # With a LIMIT, as the count of rows: the planner then reads the GIN index, not every row.
            f"(SELECT count(DISTINCT object_id) FROM (SELECT object_id FROM {TABLE} "
            f"WHERE kind = {{kind}} AND document @@ to_tsquery('simple'::regconfig, %s) LIMIT %s) AS objects)",
            kinds,
            lambda kind: self.scoped_tsquery_text(groups, filters),
            cap,
            self.object_count_cap if objects else 0,
            fence=" OFFSET 0",
        )
        (row,) = self._fetch(sql, params)
        return dict(zip(kinds, row, strict=True))

    def best(self, groups, filters, kinds, limit, rank_cap):
        # Ranked on the words only (the scope terms are filters); normalisation 1 divides by
        # 1 + log(length), so that a title is not outranked by a long paragraph that happens to
        # repeat a word. The inner query stops after rank_cap matches, in the order the engine
        # finds them.
        sql = (
            f"SELECT id, score, kind, object_id, language FROM (SELECT id, kind, object_id, language, "
            f"ts_rank(document, to_tsquery('simple'::regconfig, %s), 1) AS score "
            f"FROM (SELECT id, kind, object_id, language, document FROM {TABLE} "
            f"WHERE document @@ to_tsquery('simple'::regconfig, %s) "
            f"LIMIT %s) AS matches) AS ranked ORDER BY score DESC, id LIMIT %s"
        )
        params = [self.tsquery_text(groups), self.scoped_tsquery_text(groups, filters, kinds), rank_cap, limit]
        return self._fetch(sql, params)


ENGINES = {"sqlite": SQLiteFTS5(), "postgresql": PostgreSQLFullText()}


def current():
    return ENGINES.get(connection.vendor, SubstringOnly())
