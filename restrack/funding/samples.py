"""The made-up sample funding of samples/funding/ (figures per instrument and period, and the
books of the Urban Action Funding Window), loaded on first start so that a new user sees the
funding pages and charts working. Written through the same importer and actions as people use."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from restrack.funding.actions import allocate_from_window, record_contribution
from restrack.funding.importing import FundingImport, import_funding_file
from restrack.funding.models import FundingRecord
from restrack.funding.window import the_window
from restrack.registry.selectors import find_instrument

FIGURES = "funding-sample.csv"
CONTRIBUTIONS = "window-contributions-sample.csv"
ALLOCATIONS = "window-allocations-sample.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_sample_figures(directory: Path, *, acting_user) -> FundingImport | None:
    """Import the sample figures unless there are funding figures already (never mixed with
    real ones, never overwriting edits). The reports' periods must exist."""
    if FundingRecord.objects.exists():
        return None
    path = directory / FIGURES
    return import_funding_file(
        path.read_bytes(), path.name, acting_user=acting_user, reason="Made-up sample figures (samples/funding)"
    )


def load_sample_window(directory: Path, *, acting_user) -> tuple[int, int]:
    """Record the sample contributions and allocations unless the window's books already hold
    something (people's own entries are never mixed with made-up ones). Returns what was added."""
    window = the_window()
    if window.contributions.exists() or window.allocations.exists():
        return 0, 0
    contributions, allocations = _rows(directory / CONTRIBUTIONS), _rows(directory / ALLOCATIONS)
    with transaction.atomic():
        for row in contributions:
            record_contribution(
                acting_user=acting_user,
                donor=row["donor"],
                received_on=date.fromisoformat(row["received_on"]),
                amount=row["amount"],
                currency=row["currency"],
                amount_usd=row["amount_usd"],
                kind=row["kind"],
                agreement_reference=row["agreement_reference"],
                note=row["note"],
            )
        for row in allocations:
            allocate_from_window(
                acting_user=acting_user,
                instrument=find_instrument(row["instrument"]),
                allocated_on=date.fromisoformat(row["allocated_on"]),
                amount_usd=row["amount_usd"],
                purpose=row["purpose"],
            )
    return len(contributions), len(allocations)
