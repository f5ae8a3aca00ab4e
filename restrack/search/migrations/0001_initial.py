"""The search index table, then the engine-specific structures over it (restrack.search.engines
explains them and queries them). The model itself is portable; each structure is created only on
the database it belongs to, and on any other database search falls back to substring matching.

The rows are filled after `migrate` (restrack.search.apps), not here: building them reads the
registry and the reports through the current models.

On SQLite, a later migration that alters SearchEntry makes Django rebuild the table, which drops
the triggers: such a migration must run SQLITE_TRIGGERS again, then `rebuild-search-index`.
"""

from django.db import migrations, models

TABLE, FTS = "search_searchentry", "search_entry_fts"

SQLITE_TRIGGERS = [
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
]

STRUCTURES = {
    "sqlite": (
        [
            # External content: FTS5 stores only the index and reads the text from the entry
            # table; the triggers keep it in step with every write, bulk or not.
            f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
                tokens, content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
            *SQLITE_TRIGGERS,
        ],
        [
            *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
            f"DROP TABLE IF EXISTS {FTS}",
        ],
    ),
    "postgresql": (
        [
            # A trusted extension since PostgreSQL 13: the database owner may create it.
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            # The expression must match engines.PG_VECTOR for queries to use the index.
            f"CREATE INDEX search_entry_tokens_fts ON {TABLE} USING gin (to_tsvector('simple'::regconfig, tokens))",
            # UPPER(): Django's icontains compiles to UPPER(original) LIKE UPPER('%...%').
            f"CREATE INDEX search_entry_original_trgm ON {TABLE} USING gin (UPPER(original) gin_trgm_ops)",
        ],
        # The extension stays: something else may use it.
        ["DROP INDEX IF EXISTS search_entry_original_trgm", "DROP INDEX IF EXISTS search_entry_tokens_fts"],
    ),
}


def create_engine_structures(apps, schema_editor):
    for statement in STRUCTURES.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def drop_engine_structures(apps, schema_editor):
    for statement in STRUCTURES.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("paragraph", "report paragraph"), ("instrument", "resolution or decision"), ("operative_paragraph", "operative paragraph"), ("partner", "partner")], max_length=24, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("language", models.CharField(max_length=10, verbose_name="language")),
                ("instrument_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="instrument id")),
                ("period_label", models.CharField(blank=True, max_length=7, verbose_name="reporting period")),
                ("title", models.CharField(max_length=600, verbose_name="title")),
                ("url_hint", models.CharField(blank=True, help_text="Path below the public site's language prefix: resolutions/2/7/#entry-12.", max_length=300, verbose_name="link")),
                ("original", models.TextField(verbose_name="original text")),
                ("tokens", models.TextField(help_text="The original text segmented, space-joined.", verbose_name="tokens")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["instrument_id"], name="search_entry_instrument"), models.Index(fields=["period_label"], name="search_entry_period")],
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id", "language"), name="search_entry_unique_object_language")],
            },
        ),
        migrations.RunPython(create_engine_structures, drop_engine_structures),
    ]
