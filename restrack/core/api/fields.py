"""Serializer fields shared by every app's API."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import NoReverseMatch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restrack.core.api.language import content_language
from restrack.core.translation_fields import get_translations, text_in_language

TRANSLATED_SCHEMA = {
    "oneOf": [
        {
            "type": "object",
            "description": "Without `?lang=`: the text in each UN language, keyed by language code (null where "
            "missing).",
            "additionalProperties": {"type": "string", "nullable": True},
            "example": {"en": "Adequate housing for all", "zh-hans": "人人享有适当住房"},
        },
        {
            "type": "string",
            "description": "With `?lang=`: the text in that language, or where it has none in the first "
            "language that has it (English, then Chinese); empty when none has it.",
        },
    ],
}


class TranslatedField(serializers.Field):
    """A translatable model field: {"en": ..., "zh-hans": ..., ...}, or one string when the request
    names a content language (`?lang=`, restrack.core.api.language).

    Give `help_text`: it becomes the field's description in the schema."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        translations = get_translations(instance, self.source)
        language = content_language(self.context.get("request"))
        return text_in_language(translations, language)[0] if language else translations


# The schema of every TranslatedField: the two shapes; its own help_text is added as description.
extend_schema_field(TRANSLATED_SCHEMA)(TranslatedField)


# A lookup value no row holds, that the routes' usual lookup patterns accept (digits: [^/.]+, \d+).
URL_SENTINEL = "2147483646"
# Characters a route's lookup pattern may refuse (DRF's default [^/.]+, the partners' [^/]+): a value
# holding one is reversed on its own, so that it gets what reverse() gives it, an error included.
_OUTSIDE_LOOKUPS = frozenset("/.")
# What Django's reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986's sub-delims).
PATH_SAFE = "!$&'()*+,;=/~:@"


class IdentityUrlField(serializers.HyperlinkedIdentityField):
    """DRF's HyperlinkedIdentityField, with its route reversed once per request rather than once
    per row (reverse() costs a tenth of a millisecond; a page of a list has a hundred rows): each
    row's address is that address with its own lookup value put in, quoted as reverse() quotes."""

    def get_url(self, obj, view_name, request, format):
        value = getattr(obj, self.lookup_field, None)
        if value in (None, "") or request is None or not _OUTSIDE_LOOKUPS.isdisjoint(str(value)):
            return super().get_url(obj, view_name, request, format)
        patterns = request.__dict__.setdefault("_restrack_url_patterns", {})
        key = (view_name, format, self.lookup_url_kwarg)
        if key not in patterns:
            try:
                patterns[key] = self.reverse(
                    view_name, kwargs={self.lookup_url_kwarg: URL_SENTINEL}, request=request, format=format
                )
            except NoReverseMatch:  # a route whose lookup is not a number (a period's 2025-H1)
                patterns[key] = None
        if patterns[key] is None:
            return super().get_url(obj, view_name, request, format)
        return patterns[key].replace(URL_SENTINEL, quote(str(value), safe=PATH_SAFE), 1)
