"""Character grams (restrack.search.grams) beside the words, and full-text structures over both, so
that one- and two-character Chinese queries are answered from the index instead of by reading
every row's text (see restrack.search.engines).

- SQLite: the FTS5 table is made again with two columns (tokens, grams) and a one-character
  prefix index (a single character is looked up as the prefix of the grams that start with it);
  its triggers follow the entry table as before.
- PostgreSQL: a generated column `document` (tokens with weight A, grams with weight B), kept by
  the database on every write, and a GIN index over it instead of the expression index over the
  tokens. The column is not in the Django model: nothing reads it but engines.py. The trigram
  index stays for the English substring fallback.

The index is derived data: the rows are deleted here and built again, with their grams, when
`migrate` ends (restrack.search.signals.fill_after_migrate), or by `restrack rebuild-search-index`.

As in 0001: a later migration that makes Django rebuild the entry table on SQLite must run
SQLITE_TRIGGERS again; on PostgreSQL, a change of the type of `tokens` or `grams` must drop
`document` first (a generated column pins the columns it reads).
"""

from django.db import migrations, models

TABLE, FTS = "search_searchentry", "search_entry_fts"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, tokens, grams) VALUES (new.id, new.tokens, new.grams);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, tokens, grams) VALUES ('delete', old.id, old.tokens, old.grams);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, tokens, grams) VALUES ('delete', old.id, old.tokens, old.grams);
        INSERT INTO {FTS}(rowid, tokens, grams) VALUES (new.id, new.tokens, new.grams);
    END""",
]
_DROP_SQLITE = [
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
]

# Must match engines.PG_DOCUMENT.
PG_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, tokens), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, grams), 'B')"
)

NEW = {
    "sqlite": (
        [
            f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
                tokens, grams, content='{TABLE}', content_rowid='id',
                tokenize='unicode61 remove_diacritics 2', prefix='1')""",
            *SQLITE_TRIGGERS,
        ],
        _DROP_SQLITE,
    ),
    "postgresql": (
        [
            f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED",
            f"CREATE INDEX search_entry_document_fts ON {TABLE} USING gin (document)",
        ],
        ["DROP INDEX IF EXISTS search_entry_document_fts", f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document"],
    ),
}

OLD = {
    "sqlite": (
        _DROP_SQLITE,
        [
            f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
                tokens, content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
            f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
                INSERT INTO {FTS}(rowid, tokens) VALUES (new.id, new.tokens);
            END""",
            f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
                INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
            END""",
            f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
                INSERT INTO {FTS}({FTS}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
                INSERT INTO {FTS}(rowid, tokens) VALUES (new.id, new.tokens);
            END""",
        ],
    ),
    "postgresql": (
        ["DROP INDEX IF EXISTS search_entry_tokens_fts"],
        [f"CREATE INDEX search_entry_tokens_fts ON {TABLE} USING gin (to_tsvector('simple'::regconfig, tokens))"],
    ),
}


def _run(statements, schema_editor):
    for statement in statements.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def drop_old_structures_and_rows(apps, schema_editor):
    """The old structures go first, so that deleting the rows does not update them row by row."""
    _run(OLD, schema_editor)
    schema_editor.execute(f"DELETE FROM {TABLE}")


def restore_old_structures_and_empty(apps, schema_editor):
    schema_editor.execute(f"DELETE FROM {TABLE}")  # rebuilt without grams by the next migrate
    for statement in OLD.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


def create_new_structures(apps, schema_editor):
    _run(NEW, schema_editor)


def drop_new_structures(apps, schema_editor):
    for statement in NEW.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(drop_old_structures_and_rows, restore_old_structures_and_empty),
        migrations.AddField(
            model_name="searchentry",
            name="grams",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Bigrams of the original text's Chinese characters, space-joined (see restrack.search.grams).",
                verbose_name="character grams",
            ),
        ),
        migrations.RunPython(create_new_structures, drop_new_structures),
    ]
