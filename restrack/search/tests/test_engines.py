"""What the engines are asked: PostgreSQL's tsquery names lexemes that only one column of the
document holds, so that the GIN index answers a query without reading rows (no weights)."""

from restrack.search.engines import PostgreSQLFullText
from restrack.search.grams import GRAMS, TOKENS, Term

PG = PostgreSQLFullText


def test_words_grams_and_scope_terms_are_named_without_weights():
    groups = [[Term(TOKENS, ("hous",))], [Term(GRAMS, ("住房",))]]
    assert PG.tsquery_text(groups) == "(('hous')) | (('g住房'))"
    scoped = PG.scoped_tsquery_text(groups, ["zzlangen"], ["paragraph"])
    assert scoped == "((('hous')) | (('g住房'))) & '范zzlangen' & ('范zzkindparagraph')"


def test_phrases_and_prefixes_of_grams():
    assert PG.tsquery_text([[Term(GRAMS, ("适当", "当住"))]]) == "(('g适当' <-> 'g当住'))"
    assert PG.tsquery_text([[Term(GRAMS, ("窟",), prefix=True)]]) == "(('g窟':*))"
    assert PG.tsquery_text([[Term(TOKENS, ("hous",), prefix=True)]]) == "(('hous':*))"


def test_a_prefix_that_could_start_another_columns_lexemes_keeps_its_weight():
    # A word `g` as a prefix would find every gram (g住房); a Chinese word starting with 范 every
    # scope term (范zzkind...): these few are weighted, and checked on the rows.
    assert PG.tsquery_text([[Term(TOKENS, ("g",), prefix=True)]]) == "(('g':*A))"
    assert PG.tsquery_text([[Term(TOKENS, ("范",), prefix=True)]]) == "(('范':*A))"
    # Longer ones cannot: after its prefix a gram is Chinese, a scope term Latin; no token mixes both.
    assert PG.tsquery_text([[Term(TOKENS, ("gov",), prefix=True)]]) == "(('gov':*))"
    assert PG.tsquery_text([[Term(TOKENS, ("范围",), prefix=True)]]) == "(('范围':*))"
    assert PG.tsquery_text([[Term(GRAMS, ("范",), prefix=True)]]) == "(('g范':*))"


def test_quotes_and_backslashes_are_text():
    assert PG.tsquery_text([[Term(TOKENS, ("o'neil\\",))]]) == "(('o''neil\\\\'))"
