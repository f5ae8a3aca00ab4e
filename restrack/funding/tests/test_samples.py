"""The made-up sample books of the window load once, reconcile, and say they are made up."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from restrack.funding.samples import load_sample_window
from restrack.funding.window import window_ledger

pytestmark = pytest.mark.django_db
SAMPLES = Path(settings.BASE_DIR) / "samples" / "funding"


def test_the_sample_window_loads_once_and_never_goes_below_zero(finance_officer):
    assert load_sample_window(SAMPLES, acting_user=finance_officer) == (3, 4)
    assert load_sample_window(SAMPLES, acting_user=finance_officer) == (0, 0)
    lines = window_ledger()
    assert min(line.balance_usd for line in lines) >= 0
    assert lines[-1].balance_usd == Decimal("250000.00")
    assert all(
        "Made-up sample data" in (line.item.note if line.is_contribution else line.item.purpose) for line in lines
    )
