"""Serializer fields shared by every app's API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restrack.core.translation_fields import get_translations


@extend_schema_field(
    {
        "type": "object",
        "description": "The text in each UN language, keyed by language code (null where missing).",
        "additionalProperties": {"type": "string", "nullable": True},
        "example": {"en": "Adequate housing for all", "zh-hans": "人人享有适当住房"},
    }
)
class TranslatedField(serializers.Field):
    """A translatable model field as {"en": ..., "zh-hans": ..., ...}."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return get_translations(instance, self.source)
