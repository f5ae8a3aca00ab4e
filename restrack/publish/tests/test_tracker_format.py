"""The tables' amount formatting writes what Django's number_format writes, in every language."""

import random
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format

from restrack.publish.templatetags.tracker import grouped, usd_thousands

pytestmark = pytest.mark.unit

AMOUNTS = [Decimal("0"), Decimal("-0.001"), Decimal("1858000.55"), Decimal("-1234567.891"), Decimal("999.999")]
AMOUNTS += [0, 12, -5, 1_000_000, Decimal("1E+3"), Decimal("123456789012345.67")]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_grouped_is_number_format(language):
    rng = random.Random(language)
    amounts = AMOUNTS + [Decimal(rng.randint(-(10**12), 10**12)) / 100 for _ in range(300)]
    with translation.override(language):
        for amount in amounts:
            for places in (0, 2):
                assert grouped(amount, places) == number_format(amount, places, force_grouping=True), amount


def test_thousands_in_english_and_chinese():
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert usd_thousands(Decimal("1858000.55")) == '<span title="$1,858,000.55">$1,858K</span>'
