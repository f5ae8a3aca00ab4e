"""Each instrument's funding gap as the public sees it: that of its latest published figures."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from restrack.accounts import policy
from restrack.funding.models import FundingRecord
from restrack.registry.models import Instrument


def current_gaps(instrument_ids) -> dict[int, tuple[int | None, int]]:
    """{instrument id: (gap %, record id)} of each instrument's latest public funding figures."""
    latest = policy.public(FundingRecord.objects.filter(instrument=OuterRef("pk"))).order_by("-period__start_date")
    rows = Instrument.objects.filter(pk__in=instrument_ids).annotate(
        record=Subquery(latest.values("pk")[:1]),
        gap=Subquery(latest.values("gap_percent_value")[:1]),  # as each record stores it
    )
    return {pk: (gap, record) for pk, record, gap in rows.values_list("pk", "record", "gap") if record is not None}
