"""After `restrack restore`: each record's stored figures and the funding summary are written
again from the restored records."""

from restrack.funding.actions import rebuild_funding_summary


def after_restore(say) -> None:
    say(f"Funding summary rebuilt: {rebuild_funding_summary()} rows.")
