"""Character grams: what a row stores beside its words, and the terms a Chinese query becomes."""

from pathlib import Path

import pytest
from django.conf import settings

from restrack.core.segmentation import index_tokens
from restrack.search.grams import GRAMS, TOKENS, Term, document_grams, query_terms, word_terms
from restrack.search.index import indexed_text
from restrack.search.stemming import stem_text

REPORTS = Path(settings.BASE_DIR) / "samples" / "reports"


def test_each_run_gives_its_bigrams_then_its_last_character():
    assert document_grams("适当住房，人人") == "适当 当住 住房 房 人人 人"
    assert document_grams("住") == "住"
    assert document_grams("UNICEF and UN-Habitat") == ""
    # Folded as the tokens are: compatibility ideographs and full-width forms.
    assert document_grams("２０３０年的住房") == "年的 的住 住房 房"


def test_runs_are_cut_at_anything_that_is_not_chinese():
    assert document_grams("联合国UN人居署") == "联合 合国 国 人居 居署 署"
    assert document_grams("2030年") == "年"


@pytest.mark.parametrize(
    ("phrase", "terms"),
    [
        ("住房", [Term(GRAMS, ("住房",))]),
        ("窟", [Term(GRAMS, ("窟",), prefix=True)]),
        ("适当住房", [Term(GRAMS, ("适当", "当住", "住房"))]),
        ("2030年", [Term(TOKENS, ("2030",)), Term(GRAMS, ("年",), prefix=True)]),
        ("UN人居署", [Term(TOKENS, ("un",)), Term(GRAMS, ("人居", "居署"))]),
        ("住房 政策", [Term(GRAMS, ("住房",)), Term(GRAMS, ("政策",))]),
        ("人居署 HSP", [Term(GRAMS, ("人居", "居署")), Term(TOKENS, ("hsp",))]),
        ("住房，住房", [Term(GRAMS, ("住房",))]),
        ('"*', []),
    ],
)
def test_a_query_becomes_gram_phrases_prefixes_and_words(phrase, terms):
    assert query_terms(phrase) == terms


def test_words_may_be_prefixes():
    assert word_terms(["hous", "hous"], prefix=True) == [Term(TOKENS, ("hous",), prefix=True)]


def test_a_query_phrase_is_found_in_the_grams_of_a_text_that_holds_it():
    text = "到 2030 年加快改造非正规住区和贫民窟"
    grams = document_grams(text).split()
    for phrase in ("贫民", "民窟", "改造非正规", "住区和贫民窟"):
        (term,) = query_terms(phrase)
        start = grams.index(term.texts[0])
        assert grams[start : start + len(term.texts)] == list(term.texts)
    # 区 … 贫 are not next to each other: no bigram 区贫.
    assert "区贫" not in grams


@pytest.mark.parametrize("report", sorted(REPORTS.glob("*.txt")), ids=lambda path: path.name)
def test_clause_by_clause_gives_the_same_tokens_and_grams_as_the_whole_text(report):
    for paragraph in report.read_text(encoding="utf-8").split("\n\n"):
        assert indexed_text(paragraph) == (stem_text(" ".join(index_tokens(paragraph))), document_grams(paragraph))
