"""Scope terms (restrack.search.scope) in the full-text index: each row's kind, language, period and
instrument as words of a third indexed field, `scope`, so that a search with filters is one
full-text match and the matches per kind are counted from the index alone.

- SQLite: the FTS5 table is made again over tokens, grams and scope (the triggers too);
- PostgreSQL: the generated column `document` is made again with scope at weight D (tokens A,
  grams B), with its GIN index.

The rows are kept: `scope` is filled in place by one UPDATE (the same text as
restrack.search.scope.scope_text, written in SQL below), so no text is segmented again, then the
full-text structures are built from the rows.

As in 0002: a later migration that makes Django rebuild the entry table on SQLite must run
SQLITE_TRIGGERS again; on PostgreSQL, a change of the type of tokens, grams or scope must drop
`document` first.
"""

from django.db import migrations, models

TABLE, FTS = "search_searchentry", "search_entry_fts"

# restrack.search.scope.SCOPE_SQL when this migration was written.
SCOPE_SQL = (
    "'zzkind' || replace(kind, '_', '') || ' zzlang' || replace(language, '-', '')"
    " || CASE WHEN period_label <> '' THEN ' zzperiod' || lower(replace(period_label, '-', '')) ELSE '' END"
    " || CASE WHEN instrument_id IS NULL THEN '' ELSE ' zzinstr' || CAST(instrument_id AS TEXT) END"
)


def _triggers(columns):
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
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


def _fts(columns):
    return [
        f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
            {", ".join(columns)}, content='{TABLE}', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='1')""",
        *_triggers(columns),
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


NEW_COLUMNS, OLD_COLUMNS = ("tokens", "grams", "scope"), ("tokens", "grams")
SQLITE_TRIGGERS = _triggers(NEW_COLUMNS)
DROP_SQLITE = [
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
]

_WORDS = "setweight(to_tsvector('simple'::regconfig, tokens), 'A') || setweight(to_tsvector('simple'::regconfig, grams), 'B')"
PG_DOCUMENT = f"{_WORDS} || setweight(to_tsvector('simple'::regconfig, scope), 'D')"  # engines.py reads it
DROP_PG = ["DROP INDEX IF EXISTS search_entry_document_fts", f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document"]


def _pg(document):
    return [
        f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS ({document}) STORED",
        f"CREATE INDEX search_entry_document_fts ON {TABLE} USING gin (document)",
    ]


def _execute(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_structures(apps, schema_editor):
    """Before the column is added: on SQLite adding it copies the table, which must not fire the
    triggers (nor leave them behind); on PostgreSQL `document` is made again anyway."""
    _execute(schema_editor, {"sqlite": DROP_SQLITE, "postgresql": DROP_PG})


# The UPDATE writes a new version of every row: PostgreSQL would add each to the trigram index
# one by one (most of the UPDATE's time); built again at once afterwards instead.
TRIGRAM = "search_entry_original_trgm"
PG_TRIGRAM = f"CREATE INDEX {TRIGRAM} ON {TABLE} USING gin (UPPER(original) gin_trgm_ops)"  # as 0001


def fill_scope_and_build(apps, schema_editor):
    _execute(schema_editor, {"postgresql": [f"DROP INDEX IF EXISTS {TRIGRAM}"]})
    schema_editor.execute(f"UPDATE {TABLE} SET scope = {SCOPE_SQL}")
    _execute(schema_editor, {"sqlite": _fts(NEW_COLUMNS), "postgresql": [PG_TRIGRAM, *_pg(PG_DOCUMENT)]})


def drop_new_structures(apps, schema_editor):
    _execute(schema_editor, {"sqlite": DROP_SQLITE, "postgresql": DROP_PG})


def build_old_structures(apps, schema_editor):
    _execute(schema_editor, {"sqlite": _fts(OLD_COLUMNS), "postgresql": _pg(_WORDS)})


class Migration(migrations.Migration):
    dependencies = [("search", "0002_grams")]

    operations = [
        migrations.RunPython(drop_structures, build_old_structures),
        migrations.AddField(
            model_name="searchentry",
            name="scope",
            field=models.TextField(
                blank=True,
                default="",
                help_text="The row's kind, language, period and instrument as index terms (see restrack.search.scope).",
                verbose_name="scope terms",
            ),
        ),
        migrations.RunPython(fill_scope_and_build, drop_new_structures),
    ]
