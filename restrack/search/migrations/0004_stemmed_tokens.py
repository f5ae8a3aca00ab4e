"""English words of the index stemmed (restrack.search.stemming): `housing`, `houses` and `house`
are all `hous`, in the index and in queries, the same on SQLite and PostgreSQL.

The rows are kept: each row's `tokens` (already segmented) has its words of Latin letters
stemmed in place, in batches, without segmenting any text again; rows without such words are
not written. While it runs the full-text structures are not kept row by row but built again from
the rows at the end (SQLite: the FTS5 table's triggers are dropped, then made again and the table
rebuilt; PostgreSQL: the generated `document` follows each row's new tokens, its GIN index is
kept up to date row by row, and only the trigram index over `original`, which no update here
changes, is dropped and made again). The GIN index over `document` must not be dropped and made
again in the same transaction: updates of a column no index covers are HOT updates, and an index
built over such rows is unusable (`indcheckxmin`) by every query until all transactions older
than it have ended, so searches would read every row meanwhile.

Backwards: stems cannot be undone, so the index is emptied, and the next `migrate` builds it
again (restrack.search.signals.fill_after_migrate) with the words unstemmed.
"""

import re

import snowballstemmer
from django.db import migrations

TABLE, FTS = "search_searchentry", "search_entry_fts"
BATCH = 5000

# restrack.search.stemming.stem when this migration was written.
_LATIN_WORD = re.compile(r"[a-z]{3,}")


def _stemmer():
    stemmer, cache = snowballstemmer.stemmer("english"), {}

    def stem(token):
        if token not in cache:
            cache[token] = stemmer.stemWord(token) if _LATIN_WORD.fullmatch(token) else token
        return cache[token]

    return stem


_COLUMNS = ("tokens", "grams", "scope")  # as 0003_scope


def _sqlite_triggers():
    names = ", ".join(_COLUMNS)
    new = ", ".join(f"new.{column}" for column in _COLUMNS)
    old = ", ".join(f"old.{column}" for column in _COLUMNS)
    return [
        f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old});
            INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new});
        END""",
    ]


BEFORE = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")],
    "postgresql": ["DROP INDEX IF EXISTS search_entry_original_trgm"],
}
AFTER = {
    "sqlite": [*_sqlite_triggers(), f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"],
    "postgresql": [
        f"CREATE INDEX search_entry_original_trgm ON {TABLE} USING gin (UPPER(original) gin_trgm_ops)",
    ],
}


def stem_tokens(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
        if cursor.fetchone() is None:
            return  # an empty index: nothing to stem, the structures are as they were
        for statement in BEFORE.get(connection.vendor, []):
            cursor.execute(statement)
        stem, last = _stemmer(), 0
        while True:
            cursor.execute(f"SELECT id, tokens FROM {TABLE} WHERE id > %s ORDER BY id LIMIT %s", [last, BATCH])
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            changed = []
            for pk, tokens in rows:
                stemmed = " ".join(stem(token) for token in tokens.split())
                if stemmed != tokens:
                    changed.append((stemmed, pk))
            if changed:
                cursor.executemany(f"UPDATE {TABLE} SET tokens = %s WHERE id = %s", changed)
        for statement in AFTER.get(connection.vendor, []):
            cursor.execute(statement)


def empty_the_index(apps, schema_editor):
    schema_editor.execute(f"DELETE FROM {TABLE}")  # built again, unstemmed, when migrate ends


class Migration(migrations.Migration):
    dependencies = [("search", "0003_scope")]

    operations = [migrations.RunPython(stem_tokens, empty_the_index)]
