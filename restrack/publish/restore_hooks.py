"""After `restrack restore`: the kept counts (each period's published updates, commitments and
paragraphs, each partner's published mentions, the comparisons of consecutive periods, when each
operative paragraph was last reported on) are counted
again, and every cached public page is forgotten. Runs last of the hooks (publish is above the apps
whose rows it counts)."""

from django.db import transaction

from restrack.publish import comparison_counts, mandate_counts, page_cache, partner_counts, period_counts


def after_restore(say) -> None:
    with transaction.atomic():
        periods = period_counts.rebuild()
        partners = partner_counts.rebuild()
        pairs = comparison_counts.rebuild()
        reported = mandate_counts.rebuild()
    say(
        f"Kept counts rebuilt: {periods} periods, {partners} partners, {pairs} comparisons of periods, "
        f"{reported} operative paragraphs reported on."
    )
    page_cache.forget_all("restrack restore")
    say("Cached pages forgotten.")
