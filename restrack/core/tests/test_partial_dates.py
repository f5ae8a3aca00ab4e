from datetime import date

import pytest
from django.core.exceptions import ValidationError

from restrack.core.partial_dates import parse_partial_date


@pytest.mark.parametrize(
    ("text", "end", "start", "precision"),
    [
        ("2024-10-28", date(2024, 10, 28), date(2024, 10, 28), "day"),
        ("2024-12", date(2024, 12, 31), date(2024, 12, 1), "month"),
        ("2024-02", date(2024, 2, 29), date(2024, 2, 1), "month"),
        ("2024-Q4", date(2024, 12, 31), date(2024, 10, 1), "quarter"),
        ("2024-Q1", date(2024, 3, 31), date(2024, 1, 1), "quarter"),
        ("2025", date(2025, 12, 31), date(2025, 1, 1), "year"),
    ],
)
def test_partial_dates_keep_the_end_of_their_window_and_print_as_given(text, end, start, precision):
    parsed = parse_partial_date(text)
    assert (parsed.end, parsed.start, parsed.precision) == (end, start, precision)
    assert str(parsed) == text


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "2024-Q5", "24", "end of 2024", ""])
def test_bad_partial_dates_are_refused_with_the_accepted_forms(text):
    with pytest.raises(ValidationError) as caught:
        parse_partial_date(text)
    assert "YYYY-Qn" in caught.value.messages[0]
