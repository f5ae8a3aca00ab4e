"""Serializer fields shared by every app's API."""

from __future__ import annotations

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
