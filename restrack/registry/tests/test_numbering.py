"""Instrument numbers, operative paragraph numbers and document symbols: what is accepted,
how it is normalised, and what the error says when it is not."""

import pytest
from django.core.exceptions import ValidationError

from restrack.registry.numbering import (
    normalize_symbol,
    parse_instrument_number,
    parse_paragraph_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2/6", "2/6"), (" 2 / 6 ", "2/6"), ("２/６", "2/6"), ("2023/6", "2023/6"), ("1/10", "1/10")],
)
def test_instrument_numbers_are_normalised(text, expected):
    assert str(parse_instrument_number(text)) == expected


@pytest.mark.parametrize("text", ["2-6", "2/", "/6", "2/6/1", "2.6", "", "resolution 2/6", "0/1", "2/0"])
def test_malformed_instrument_numbers_are_refused_with_the_expected_form(text):
    with pytest.raises(ValidationError) as caught:
        parse_instrument_number(text)
    message = caught.value.messages[0]
    assert repr(text) in message
    assert "2/6" in message and "2023/6" in message


@pytest.mark.parametrize(
    ("text", "expected", "parent"),
    [
        ("4", "4", None),
        ("4(a)", "4(a)", "4"),
        ("4 (a)", "4(a)", "4"),
        ("4（a）", "4(a)", "4"),
        ("4(a)(i)", "4(a)(i)", "4(a)"),
        ("4 (a) (iv)", "4(a)(iv)", "4(a)"),
        ("12(aa)", "12(aa)", "12"),
        ("8(i)", "8(i)", "8"),
    ],
)
def test_paragraph_numbers_are_normalised_with_their_parent(text, expected, parent):
    parsed = parse_paragraph_number(text)
    assert str(parsed) == expected
    assert (str(parsed.parent) if parsed.parent else None) == parent


@pytest.mark.parametrize(
    "text", ["4((a)", "4(a", "4a)", "(a)", "4(A)(1)", "4(a)(iiii)", "4(ab)", "0", "", "4(a)(i)(1)"]
)
def test_malformed_paragraph_numbers_are_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse_paragraph_number(text)
    message = caught.value.messages[0]
    assert repr(text) in message
    assert "4(a)(i)" in message


def test_paragraph_numbers_sort_in_document_order():
    numbers = ["5", "4(b)", "4(a)(ii)", "4", "4(a)", "4(a)(x)", "4(a)(i)", "10", "4(z)", "4(aa)"]
    ordered = sorted(numbers, key=lambda n: parse_paragraph_number(n).sort_key)
    assert ordered == ["4", "4(a)", "4(a)(i)", "4(a)(ii)", "4(a)(x)", "4(b)", "4(z)", "4(aa)", "5", "10"]


def test_akoma_ntoso_identifiers():
    assert parse_paragraph_number("7").akn_eid == "para_7"
    assert parse_paragraph_number("8(a)").akn_eid == "para_8__list_1__point_a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HSP/EB.2024/20", "HSP/EB.2024/20"),
        ("hsp/eb.2024/inf/15", "HSP/EB.2024/INF/15"),
        ("HSP/EB.2024/20/ADD.1", "HSP/EB.2024/20/Add.1"),
        ("HSP/HA.1/Res.1", "HSP/HA.1/Res.1"),
        ("hsp/ha.1/dec.3", "HSP/HA.1/Dec.3"),
        ("A/RES/71/256", "A/RES/71/256"),
    ],
)
def test_document_symbols_are_normalised(text, expected):
    assert normalize_symbol(text) == expected


@pytest.mark.parametrize("text", ["HSP", "HSP//EB", "/EB.2024/20", "HSP EB 2024 20", "HSP/EB.2024/20。"])
def test_malformed_symbols_are_refused(text):
    with pytest.raises(ValidationError) as caught:
        normalize_symbol(text)
    assert "HSP/EB.2024/20" in caught.value.messages[0]
