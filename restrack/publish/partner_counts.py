"""Keeps PartnerMentions (restrack.publish.models) equal to what counting the published paragraphs
would give, for the partners a change touches only:

- an update becoming published or ceasing to be (its paragraphs' partners);
- partners added to or removed from a paragraph of a published update;
- partners linked in bulk to new paragraphs of a published update (restrack.reporting.signals);
- a paragraph of a published update deleted (with its update, or by a correction).

Each recount reads the links of the partners concerned (an index on the partner), never every
paragraph. Bulk loads send no signals: `rebuild()` (the benchmark's build calls it, as the
funding summary's) recounts every partner."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from restrack.accounts import policy
from restrack.publish.link_follower import LinkFollower
from restrack.publish.models import PartnerMentions
from restrack.reporting.models import UpdateEntry

Link = UpdateEntry.partners.through
PUBLISHED_LINK = policy.public_q("reporting.updateentry", "updateentry")


def counts(partner_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """{partner id: (published paragraphs naming it, instruments they report on)} of the
    partners given (None: every partner), those named by none left out; one query."""
    links = Link.objects.filter(PUBLISHED_LINK)
    if partner_ids is not None:
        links = links.filter(partner_id__in=list(partner_ids))
    rows = (
        links.order_by()
        .values("partner_id")
        .annotate(
            mentions=Count("updateentry_id", distinct=True),
            instruments=Count("updateentry__update__instrument_id", distinct=True),
        )
        .values_list("partner_id", "mentions", "instruments")
    )
    return {partner: (mentions, instruments) for partner, mentions, instruments in rows}


def refresh(partner_ids: Iterable[int]) -> None:
    """Recount the partners given."""
    partner_ids = sorted(set(partner_ids))
    if not partner_ids:
        return
    counted = counts(partner_ids)
    PartnerMentions.objects.filter(partner_id__in=partner_ids).delete()
    PartnerMentions.objects.bulk_create(
        PartnerMentions(partner_id=partner, mentions=mentions, instruments=instruments)
        for partner, (mentions, instruments) in counted.items()
    )


def rebuild() -> int:
    """Recount every partner; the number of partners named by some published paragraph."""
    counted = counts()
    PartnerMentions.objects.all().delete()
    PartnerMentions.objects.bulk_create(
        (
            PartnerMentions(partner_id=partner, mentions=mentions, instruments=instruments)
            for partner, (mentions, instruments) in counted.items()
        ),
        batch_size=2_000,
    )
    return len(counted)


# Its receivers (connected in restrack.publish.apps).
follower = LinkFollower("partners", refresh)
