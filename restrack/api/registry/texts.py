"""POST /api/v1/resolution-texts/: import the text of a resolution or decision (coordinators), as
`restrack import-resolution` and the upload page do: the same reader, limits and action."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from restrack.accounts.choices import Ability
from restrack.api.permissions import writes_need
from restrack.ingest.actions import import_resolution
from restrack.ingest.pipeline import RESOLUTION_LANGUAGES, parse_resolution_file
from restrack.reading.errors import IngestError


class ResolutionTextInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The text: .txt (UTF-8, UTF-16 or GB18030), .pdf or .docx.")
    language = serializers.ChoiceField(
        choices=RESOLUTION_LANGUAGES, required=False, help_text="The text's language; detected when omitted."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="True: say what importing it would change, and write nothing."
    )

    def validate_file(self, upload):
        limit = settings.RESTRACK_IMPORT_LIMITS.report_bytes
        if upload.size > limit:
            raise serializers.ValidationError(
                f"The file is {upload.size:,} bytes; texts of up to {limit:,} bytes are accepted."
            )
        return upload


class ResolutionTextResultSerializer(serializers.Serializer):
    instrument = serializers.CharField(help_text="'resolution 2/6': the instrument the text is of.")
    language = serializers.CharField(help_text="The site's code of the text's language: en, zh-hans, …")
    dry_run = serializers.BooleanField(help_text="True when nothing was written.")
    changed = serializers.BooleanField(help_text="False when the text was already imported as it is.")
    instrument_created = serializers.BooleanField(help_text="True when the registry did not have the instrument.")
    session_created = serializers.CharField(help_text="The session created from the text's front; empty when none.")
    instrument_fields = serializers.ListField(child=serializers.CharField(), help_text="Instrument fields set.")
    paragraphs_created = serializers.ListField(child=serializers.CharField(), help_text="Paragraphs created.")
    paragraphs_filled = serializers.ListField(
        child=serializers.CharField(), help_text="Paragraphs given a text in this language."
    )
    paragraphs_changed = serializers.ListField(
        child=serializers.CharField(), help_text="Paragraphs whose text was replaced."
    )
    paragraphs_unchanged = serializers.IntegerField(help_text="Paragraphs already holding this text.")
    classified = serializers.ListField(
        child=serializers.CharField(), help_text="Paragraphs whose verb or addressee was read anew."
    )
    mandates = serializers.IntegerField(help_text="Paragraphs asking the secretariat to act or to report.")
    deliverables = serializers.ListField(child=serializers.CharField(), help_text="Reports due created or changed.")
    not_in_text = serializers.ListField(
        child=serializers.CharField(), help_text="Paragraphs the registry has and the text not."
    )
    warnings = serializers.ListField(child=serializers.CharField(), help_text="What the reader noticed.")


class ResolutionTextViewSet(viewsets.GenericViewSet):
    """Import the text of a resolution or decision into the registry (coordinators)."""

    permission_classes = [permissions.IsAuthenticated, writes_need(Ability.EDIT_REGISTRY)]
    parser_classes = [MultiPartParser]
    serializer_class = ResolutionTextInputSerializer

    @extend_schema(
        summary="Import the text of a resolution or decision",
        request={"multipart/form-data": ResolutionTextInputSerializer},
        responses={200: ResolutionTextResultSerializer, 201: ResolutionTextResultSerializer},
    )
    def create(self, request, *args, **kwargs):
        given = ResolutionTextInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        try:
            parsed = parse_resolution_file(
                data=b"".join(upload.chunks()), file_name=upload.name, language=given.validated_data.get("language")
            )
            summary = import_resolution(parsed, acting_user=request.user, dry_run=given.validated_data["dry_run"])
        except IngestError as error:
            raise ValidationError({"file": [str(error)]}) from None
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        data = ResolutionTextResultSerializer({**vars(summary), "changed": summary.changed}).data
        created = summary.changed and not summary.dry_run
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
