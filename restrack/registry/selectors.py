"""Finding registry records by the names people and documents give them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.registry.models import Instrument


def find_instrument(reference: str) -> Instrument:
    """'resolution 2/1' or 'decision 1/3' → the instrument, or a clear error."""
    kind, _space, number = reference.strip().partition(" ")
    instrument = Instrument.objects.filter(kind=kind.lower(), number=number.replace(" ", "")).first()
    if instrument is None:
        raise ValidationError(
            _("No instrument %(reference)r: write it as 'resolution 2/1' or 'decision 1/3'.") % {"reference": reference}
        )
    return instrument
