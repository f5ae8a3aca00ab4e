"""Dates a paragraph states are shown as people write them in the page's language, not as the
stored '2025-06'."""

import pytest
from django.utils import translation

from restrack.publish.templatetags.tracker import stated_date

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("en", "2025", "2025"),
        ("en", "2025-06", "June 2025"),
        ("en", "2025-06-30", "June 30, 2025"),
        ("en", "2025-Q2", "Q2 2025"),
        ("zh-hans", "2025-06", "2025年6月"),
        ("zh-hans", "2025-Q2", "2025 年第 2 季度"),
        ("en", "soon", "soon"),
    ],
)
def test_a_stated_date_in_the_pages_language(language, value, shown):
    with translation.override(language):
        assert stated_date(value) == shown
