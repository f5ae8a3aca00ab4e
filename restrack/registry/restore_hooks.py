"""After `restrack restore`: what the registry derives from its rows (each instrument's place in
the report order, the operative paragraphs' copies of it) is written again from the restored rows."""

from restrack.registry.models import copy_listing_place, fill_instrument_order


def after_restore(say) -> None:
    instruments, paragraphs = fill_instrument_order(), copy_listing_place()
    say(f"Report order rewritten: {instruments} instruments, {paragraphs} operative paragraphs.")
