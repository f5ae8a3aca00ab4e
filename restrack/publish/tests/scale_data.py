"""Many instruments, periods and paragraphs written in bulk (inside writes_allowed()), for the
tests that check the public pages do not grow with the data and for benchmarks/bench_pages.py.

Made-up data: one Assembly session per 200 instruments (numbers from 100 up), published periods
from 2031-H1 on, a published update for nine instruments in ten each period with `paragraphs`
paragraphs, funding figures for four instruments in five each period, a commitment past its due
date for one instrument in ten. Nothing is read back but the ids, so the build stays fast."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from restrack.core.guard import writes_allowed
from restrack.funding.actions import rebuild_funding_summary
from restrack.funding.models import FundingRecord
from restrack.publish import comparison_counts, period_counts
from restrack.registry.choices import ImplementationStatus, InstrumentKind
from restrack.registry.models import GoverningBody, Instrument, OperativeParagraph, Session
from restrack.reporting.choices import CommitmentState, PeriodState, WorkflowState
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry, fill_update_order
from restrack.reporting.periods import parse_period_label

PER_SESSION = 200
BATCH = 2_000


def build(instruments: int, *, periods: int = 2, paragraphs: int = 2, seed: int = 1) -> dict:
    """Write the data set; returns the labels of its periods and one busy instrument's URL."""
    rng = random.Random(seed)
    statuses = [value for value in ImplementationStatus.values]
    with writes_allowed():
        assembly = GoverningBody.objects.get(code=GoverningBody.ASSEMBLY)
        first = Session.objects.filter(body=assembly).order_by("-number").values_list("number", flat=True).first() or 0
        first = max(first, 99) + 1
        sessions = Session.objects.bulk_create(
            [Session(body=assembly, number=first + n, year=2031 + n) for n in range(-(-instruments // PER_SESSION))]
        )
        made = []
        for n in range(instruments):
            session = sessions[n // PER_SESSION]
            sequence = n % PER_SESSION + 1
            made.append(
                Instrument(
                    kind=InstrumentKind.RESOLUTION,
                    body=assembly,
                    session=session,
                    number=f"{session.number}/{sequence}",
                    sequence=sequence,
                    title_en=f"Synthetic resolution {n} on sustainable urban development",
                    title_zh_hans=f"关于可持续城市发展的合成决议 {n}",
                    status=rng.choice(statuses),
                )
            )
        made = Instrument.objects.bulk_create(made, batch_size=BATCH)
        # Two operative paragraphs each: a decision of the body and a mandate, which every
        # update's first paragraph reports on (the mandates' coverage and list).
        paragraphs_made = OperativeParagraph.objects.bulk_create(
            [
                OperativeParagraph(
                    instrument=instrument,
                    number=str(k),
                    order=k * 100_000,
                    text_en=text,
                    action=action,
                    addressee=addressee,
                    listing_year=instrument.session.year,
                    listing_session_number=instrument.session.number,
                    listing_kind=instrument.kind,
                    listing_sequence=instrument.sequence,
                )
                for instrument in made
                for k, text, action, addressee in (
                    (1, "Decides to make cities greener;", "decides", "body"),
                    (2, "Requests the Executive Director to support cities.", "requests", "secretariat"),
                )
            ],
            batch_size=BATCH,
        )
        mandate_of = {paragraph.instrument_id: paragraph for paragraph in paragraphs_made if paragraph.number == "2"}
        labels = []
        for p in range(periods):
            label = f"{2031 + p // 2}-H{p % 2 + 1}"
            dates = parse_period_label(label)
            period, _created = ReportingPeriod.objects.get_or_create(
                label=label, defaults={"start_date": dates.start, "end_date": dates.end, "state": PeriodState.PUBLISHED}
            )
            labels.append(label)
            updates = ProgressUpdate.objects.bulk_create(
                [
                    ProgressUpdate(
                        instrument=instrument,
                        period=period,
                        status=rng.choice(statuses),
                        workflow_state=WorkflowState.PUBLISHED,
                    )
                    for instrument in made
                    if rng.random() < 0.9
                ],
                batch_size=BATCH,
            )
            entries = UpdateEntry.objects.bulk_create(
                [
                    UpdateEntry(
                        update=update,
                        position=k + 1,
                        text_en=f"UN-Habitat supported {k + 1} cities with adequate housing plans.",
                        text_zh_hans=f"人居署支持 {k + 1} 个城市制定适足住房计划。",
                    )
                    for update in updates
                    for k in range(paragraphs)
                ],
                batch_size=BATCH,
            )
            citations = UpdateEntry.operative_paragraphs.through
            citations.objects.bulk_create(
                [
                    citations(updateentry_id=entry.pk, operativeparagraph_id=mandate_of[entry.update.instrument_id].pk)
                    for entry in entries
                    if entry.position == 1 and rng.random() < 0.5
                ],
                batch_size=BATCH,
            )
            FundingRecord.objects.bulk_create(
                [
                    FundingRecord(
                        instrument=instrument,
                        period=period,
                        requirements_usd=Decimal(rng.randrange(10_000_00, 5_000_000_00)) / 100,
                        mobilized_core_usd=Decimal(rng.randrange(0, 2_000_000_00)) / 100,
                        mobilized_other_usd=Decimal(rng.randrange(0, 2_000_000_00)) / 100
                        if rng.random() < 0.5
                        else None,
                    )
                    for instrument in made
                    if rng.random() < 0.8
                ],
                batch_size=BATCH,
            )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    instrument=instrument,
                    description_en="UN-Habitat will publish a guide.",
                    due_date=datetime.date(2024, 6, 30),
                    state=CommitmentState.PENDING,
                )
                for instrument in made[::10]
            ],
            batch_size=BATCH,
        )
    rebuild_funding_summary()  # the figures were written in bulk, which sends no signals
    fill_update_order()  # the same for the updates' place in the report order
    period_counts.rebuild()  # the same for each period's published updates and commitments
    comparison_counts.rebuild()  # and for the comparisons of consecutive periods
    return {"periods": labels, "instrument": made[0].get_absolute_url()}


def describe() -> dict:
    """What build() returned, read back from a database it wrote before."""
    labels = list(
        ReportingPeriod.objects.filter(label__gte="2031").order_by("start_date").values_list("label", flat=True)
    )
    instrument = Instrument.objects.filter(title_en__startswith="Synthetic resolution").order_by("pk").first()
    return {"periods": labels, "instrument": instrument.get_absolute_url()}
