"""Finding registry records by the names people and documents give them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.registry.models import Instrument, OperativeParagraph
from restrack.registry.numbering import parse_paragraph_number


def find_instrument(reference: str) -> Instrument:
    """'resolution 2/1' or 'decision 1/3' → the instrument, or a clear error."""
    kind, _space, number = reference.strip().partition(" ")
    instrument = Instrument.objects.filter(kind=kind.lower(), number=number.replace(" ", "")).first()
    if instrument is None:
        raise ValidationError(
            _("No instrument %(reference)r: write it as 'resolution 2/1' or 'decision 1/3'.") % {"reference": reference}
        )
    return instrument


def find_paragraph(instrument: Instrument, text: str) -> OperativeParagraph:
    """'4 (a)', 'OP4(a)' or 'para. 4(a)' of `instrument` → its operative paragraph, or a clear error
    (a malformed number says how to write one; a number the instrument lacks names the instrument)."""
    written = re.sub(r"^\s*(?:OP|para(?:graph)?\.?)\s*", "", str(text or ""), flags=re.IGNORECASE)
    number = str(parse_paragraph_number(written))
    paragraph = instrument.operative_paragraphs.filter(number=number).first()
    if paragraph is None:
        raise ValidationError(
            _("%(instrument)s has no operative paragraph %(number)s; add it to the registry or correct the number.")
            % {"instrument": instrument.reference, "number": number}
        )
    return paragraph
