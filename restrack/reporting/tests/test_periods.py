from datetime import date

import pytest
from django.core.exceptions import ValidationError

from restrack.reporting.periods import PeriodLabel, parse_period_label


def test_halves_of_the_year():
    first = parse_period_label("2024-h1")
    assert (str(first), first.start, first.end) == ("2024-H1", date(2024, 1, 1), date(2024, 6, 30))
    second = parse_period_label("2024-H2")
    assert (second.start, second.end) == (date(2024, 7, 1), date(2024, 12, 31))
    assert PeriodLabel.containing(date(2020, 3, 31)) == PeriodLabel(2020, 1)


@pytest.mark.parametrize("text", ["2024-H3", "2024H1", "2024-Q1", "24-H1", ""])
def test_bad_labels_are_refused_with_an_example(text):
    with pytest.raises(ValidationError) as caught:
        parse_period_label(text)
    assert "2024-H1" in caught.value.messages[0]
