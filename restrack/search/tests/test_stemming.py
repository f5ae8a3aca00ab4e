"""English stemming: the same stems for what is indexed, what is asked and what is marked."""

import pytest

from restrack.search.grams import TOKENS, Term, query_terms, word_terms
from restrack.search.highlight import compile_needles, snippet
from restrack.search.index import indexed_text
from restrack.search.stemming import stem, stem_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("word", ["housing", "houses", "house", "housed"])
def test_forms_of_a_word_share_a_stem(word):
    assert stem(word) == "hous"


@pytest.mark.parametrize("token", ["住房", "贫民窟", "2030", "un", "of", "zzkindparagraph2", "жилье"])
def test_what_is_not_an_english_word_is_left_alone(token):
    assert stem(token) == token


def test_indexed_words_and_query_words_are_stemmed_alike():
    tokens, grams = indexed_text("Adequate HOUSING for all: houses built, 适当住房")
    assert tokens.split()[:5] == ["adequ", "hous", "for", "all", "hous"]
    assert "住房" in tokens.split() and grams  # Chinese words and grams are not stemmed
    assert word_terms(["housing"]) == [Term(TOKENS, ("hous",))]
    assert Term(TOKENS, ("settlement",)) in query_terms("settlements人居")
    assert stem_text("slums settlements") == "slum settlement"


def test_snippets_mark_the_words_that_share_a_stem():
    html = snippet("A house, two houses, housing and a household.", compile_needles([]), frozenset({"hous"}))
    assert html == "A <mark>house</mark>, two <mark>houses</mark>, <mark>housing</mark> and a household."
