"""After `restrack restore`: the kept counts (each period's published updates and commitments,
each partner's published mentions) are counted again, and every cached public page is forgotten.
Runs last of the hooks (publish is above the apps whose rows it counts)."""

from django.db import transaction

from restrack.publish import page_cache, partner_counts, period_counts


def after_restore(say) -> None:
    with transaction.atomic():
        periods = period_counts.rebuild()
        partners = partner_counts.rebuild()
    say(f"Kept counts rebuilt: {periods} periods, {partners} partners.")
    page_cache.forget_all("restrack restore")
    say("Cached pages forgotten.")
