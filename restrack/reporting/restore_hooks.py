"""After `restrack restore`: each commitment's public flag is recomputed from the restored updates."""

from restrack.reporting.models import refresh_public_commitments


def after_restore(say) -> None:
    say(f"Commitments' public flags checked: {refresh_public_commitments()} corrected.")
