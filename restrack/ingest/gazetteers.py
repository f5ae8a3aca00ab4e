"""The partner gazetteers imports read with: the registry's partners as stored (edits included),
or its reference data file when there is no database (`restrack parse-report`, tests)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from restrack.reading.gazetteer import Gazetteer
from restrack.registry.models import Partner, PartnerAlias

REFERENCE_FILE = Path(__file__).resolve().parent.parent / "registry" / "reference" / "partners.json"


@functools.cache
def reference_gazetteer() -> Gazetteer:
    """The partners of restrack/registry/reference/partners.json, read once per process."""
    with open(REFERENCE_FILE, encoding="utf-8") as handle:
        return Gazetteer.from_partner_records(json.load(handle))


def partner_gazetteer() -> Gazetteer:
    """The registry's partners with every name and alias people have added or edited."""
    aliases = []
    for partner in Partner.objects.filter(is_self=False).order_by("code"):
        aliases.append((partner.code, "en", partner.code))
        for language, _name in settings.LANGUAGES:
            for field in ("name", "short_name"):
                text = getattr(partner, build_localized_fieldname(field, language), None)
                if text:
                    aliases.append((text, language, partner.code))
    aliases.extend(
        PartnerAlias.objects.filter(partner__is_self=False)
        .order_by("partner__code", "language", "text")
        .values_list("text", "language", "partner__code")
    )
    return Gazetteer(aliases)
