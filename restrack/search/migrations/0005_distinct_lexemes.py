"""PostgreSQL: each indexed column's terms made unlike any other column's in `document`, so that
a query need not say which column (weight) a term must be in, and the GIN index answers it alone.

A GIN index over a tsvector holds lexemes, not their weights: a query that restricts a term to a
weight (`'住房':B`, `'zzkindparagraph':D`) has every match checked on its row's stored document, a
read per match (at full scale, 3.6 million rows, that made a common word's search 106 to 179 ms at
p50: docs/scale.md). So the document now holds each gram as `g住房` and each scope term as
`范zzkindparagraph`: a Latin letter and Chinese characters in one lexeme, which no token is
(restrack.core.segmentation never glues the two scripts into one token), and queries name those
lexemes without weights (restrack.search.engines.PostgreSQLFullText). The weights stay in the
document, for ranking: a query's token matches only tokens, as before, so scores do not change.

SQLite is unchanged: FTS5 matches a column without reading any row.
"""

from django.db import migrations

TABLE = "search_searchentry"
INDEX = "search_entry_document_fts"

_TSV = "to_tsvector('simple'::regconfig, {})"
# As 0003_scope made it.
OLD_DOCUMENT = (
    f"setweight({_TSV.format('tokens')}, 'A') || setweight({_TSV.format('grams')}, 'B')"
    f" || setweight({_TSV.format('scope')}, 'D')"
)
# engines.PostgreSQLFullText.GRAM_PREFIX and SCOPE_PREFIX, as this migration writes them.
_PREFIXED = "regexp_replace({}, '(\\S+)', '{}\\1', 'g')"
NEW_DOCUMENT = (
    f"setweight({_TSV.format('tokens')}, 'A')"
    f" || setweight({_TSV.format(_PREFIXED.format('grams', 'g'))}, 'B')"
    f" || setweight({_TSV.format(_PREFIXED.format('scope', '范'))}, 'D')"
)


def _remake(document):
    def remake(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in (
            f"DROP INDEX IF EXISTS {INDEX}",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document",
            f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS ({document}) STORED",
            f"CREATE INDEX {INDEX} ON {TABLE} USING gin (document)",
        ):
            schema_editor.execute(statement)

    return remake


class Migration(migrations.Migration):
    dependencies = [("search", "0004_stemmed_tokens")]

    operations = [migrations.RunPython(_remake(NEW_DOCUMENT), _remake(OLD_DOCUMENT))]
