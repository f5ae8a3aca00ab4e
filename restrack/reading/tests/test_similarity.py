"""How alike two operative paragraphs are (restrack.reading.similarity): near repeats in English
and Chinese are found alike, paragraphs on other subjects and those sharing only the opening
formula are not, and the MinHash estimate follows the exact similarity."""

import pytest

from restrack.reading import similarity

REPEAT = (
    "Requests the Executive Director to develop guidelines on the protection of urban wetlands and green "
    "corridors in coastal cities, in cooperation with local governments;",
    "Also requests the Executive Director to develop guidelines for the protection of urban wetlands and of "
    "green corridors in coastal cities, in cooperation with local governments;",
)
OTHER_SUBJECT = "Requests the Executive Director to support the collection of data on informal transport fares;"
ZH_REPEAT = (
    "请执行主任与地方政府合作，制定关于保护沿海城市湿地和绿色走廊的准则；",
    "又请执行主任制定关于保护沿海城市湿地和绿色走廊的准则，并与地方政府合作；",
)
ZH_OTHER = "请执行主任支持收集有关非正规交通票价的数据；"


def alike(first: str, second: str) -> float:
    return similarity.estimate(
        similarity.signature(similarity.terms(first)), similarity.signature(similarity.terms(second))
    )


@pytest.mark.parametrize(("first", "second"), [REPEAT, ZH_REPEAT])
def test_repeats_are_alike(first, second):
    assert alike(first, second) >= 0.5
    assert set(similarity.bands(similarity.signature(similarity.terms(first)))) & set(
        similarity.bands(similarity.signature(similarity.terms(second)))
    )


@pytest.mark.parametrize(("first", "second"), [(REPEAT[0], OTHER_SUBJECT), (ZH_REPEAT[0], ZH_OTHER)])
def test_other_subjects_with_the_same_formula_are_not(first, second):
    assert alike(first, second) < 0.2


def test_the_opening_formula_alone_is_too_little_to_compare():
    assert (
        similarity.signature(
            similarity.terms("Requests the Executive Director to report to the Assembly at its third session;")
        )
        is None
    )


def test_the_estimate_follows_the_exact_similarity():
    first, second = (similarity.terms(text) for text in REPEAT)
    assert abs(alike(*REPEAT) - similarity.jaccard(first, second)) < 0.2
