"""Citing instruments and operative paragraphs in each language's form."""

import pytest
from django.utils import translation

from restrack.registry import citations
from restrack.registry.models import Instrument


class Cited:
    def __init__(self, kind="resolution", number="2/6"):
        self.kind, self.number = kind, number


@pytest.mark.parametrize(
    ("numbers", "english", "chinese"),
    [
        (["4(a)"], "paragraph 4 (a) of resolution 2/6", "第 2/6 号决议第 4 (a)段"),
        (["3"], "paragraph 3 of resolution 2/6", "第 2/6 号决议第 3 段"),
        (["4", "3"], "paragraphs 3 and 4 of resolution 2/6", "第 2/6 号决议第 3 和 4 段"),
        (["6", "3", "4", "4"], "paragraphs 3, 4 and 6 of resolution 2/6", "第 2/6 号决议第 3、4 和 6 段"),
        (["8(a)(ii)"], "paragraph 8 (a) (ii) of resolution 2/6", "第 2/6 号决议第 8 (a) (ii)段"),
        ([], "resolution 2/6", "第 2/6 号决议"),
    ],
)
def test_paragraphs_are_cited_as_each_language_writes_them(numbers, english, chinese):
    assert citations.paragraphs_of(Cited(), numbers, "en") == english
    assert citations.paragraphs_of(Cited(), numbers, "zh-hans") == chinese


def test_pursuant_to_and_the_instrument_alone():
    assert citations.pursuant_to(Cited(), ["4(a)"], "zh") == "根据第 2/6 号决议第 4 (a)段"
    assert citations.pursuant_to(Cited(), ["4(a)"], "en") == "pursuant to paragraph 4 (a) of resolution 2/6"
    assert citations.pursuant_to(Cited(), ["4(a)"], "en", sentence_start=True).startswith("Pursuant to paragraph")
    assert citations.name_of(Cited("decision", "1/3"), "zh-hans") == "第 1/3 号决定"
    assert citations.name_of(Cited("decision", "2023/6"), "en", sentence_start=True) == "Decision 2023/6"


def test_the_trackers_short_form_is_the_same_in_every_language():
    assert citations.short_form(["4", "3"]) == "(OP3, 4)"
    assert citations.short_form(["4(a)"]) == "(OP4(a))"
    assert citations.short_form([]) == ""


@pytest.mark.django_db
def test_an_instrument_names_itself_in_the_active_language():
    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    with translation.override("zh-hans"):
        assert str(instrument) == "第 2/6 号决议"
    with translation.override("en"):
        assert str(instrument) == "resolution 2/6"


def test_arabic_cites_the_resolution_and_the_decision_in_arabic():
    # An Arabic page names the instrument as the Assembly's Arabic documents do, not "Resolution 2/8".
    assert citations.name_of(Cited("resolution", "2/8"), "ar", sentence_start=True) == "القرار 2/8"
    assert citations.name_of(Cited("decision", "1/3"), "ar") == "المقرر 1/3"
