from rest_framework import serializers

from restrack.core.api.fields import TranslatedField
from restrack.registry.models import GoverningBody, Instrument, Session


class GoverningBodyBriefSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = GoverningBody
        fields = ["code", "name", "symbol_prefix"]


class SessionBriefSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Session
        fields = ["code", "body", "number", "year", "sequence_in_year", "start_date", "end_date"]


class InstrumentSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the adopting body."
    )
    session = SessionBriefSerializer(read_only=True)
    title = TranslatedField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reference = serializers.CharField(read_only=True, help_text="'resolution 2/6', as imports cite it.")

    class Meta:
        model = Instrument
        fields = [
            "id",
            "reference",
            "kind",
            "number",
            "body",
            "session",
            "title",
            "status",
            "status_label",
            "adoption_date",
            "document_symbol",
            "lead_unit",
            "is_active",
        ]
