"""What the reporting cycle's API reads and writes. Output serializers describe periods and
updates; input serializers only check the shape of a request body — the rules (roles, states,
versions, what a paragraph may cite) are the actions' (restrack.reporting.workflow, .drafting)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restrack.accounts.actions import role_of
from restrack.core.api.fields import TranslatedField
from restrack.core.api.serializers import ErrorSerializer  # noqa: F401 (the views describe errors as s.ErrorSerializer)
from restrack.core.translation_fields import get_translations
from restrack.registry.choices import ImplementationStatus
from restrack.reporting.choices import WorkflowAction, WorkflowState
from restrack.reporting.drafting import editing_mode
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry, WorkflowEvent
from restrack.reporting.periods import parse_period_label
from restrack.reporting.visibility import visible_updates
from restrack.reporting.workflow import REVIEWING, may_edit


def instrument_slug(instrument) -> str:
    """'resolution-2-6': how ?instrument= names an instrument."""
    return f"{instrument.kind}-{instrument.number.replace('/', '-')}"


def _user(request):
    return getattr(request, "user", None)


# --- periods -------------------------------------------------------------------------------------


class PeriodSerializer(serializers.ModelSerializer):
    board_session = serializers.CharField(
        source="board_session.code", allow_null=True, read_only=True,
        help_text="The Executive Board session reported to, as YEAR-ORDER (2025-1).")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    updates = serializers.SerializerMethodField(
        help_text="How many of the period's updates you may see are in each workflow state.")

    class Meta:
        model = ReportingPeriod
        fields = ["label", "start_date", "end_date", "input_deadline", "board_session", "state", "state_label",
                  "updates"]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"},
                          "example": {"draft": 14, "submitted": 1, "approved": 1}})
    def get_updates(self, period) -> dict:
        user = _user(self.context.get("request"))
        queryset = period.updates.all()
        if user is not None:
            queryset = visible_updates(user, queryset)
        counts = {state: 0 for state in WorkflowState.values}
        for state in queryset.values_list("workflow_state", flat=True):
            counts[state] += 1
        return {state: count for state, count in counts.items() if count}


class PeriodCreateSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="YYYY-H1 (January to June) or YYYY-H2 (July to December).")
    input_deadline = serializers.DateField(required=False, allow_null=True,
                                           help_text="The date focal points' inputs are due.")
    board_session = serializers.RegexField(
        r"^\d{4}-\d$", required=False, allow_blank=True, allow_null=True,
        error_messages={"invalid": "Write the Executive Board session as YEAR-ORDER: 2025-1 for the first "
                                   "session of 2025."},
        help_text="The Executive Board session the period reports to, as YEAR-ORDER (2025-1); created in the "
                  "registry if it is not there yet.")

    def validate_label(self, value: str) -> str:
        try:
            return str(parse_period_label(value))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class PeriodOpenedSerializer(serializers.Serializer):
    period = PeriodSerializer()
    drafts = serializers.IntegerField(help_text="Drafts created, one per active instrument.")


class PeriodPublishedSerializer(serializers.Serializer):
    period = PeriodSerializer()
    published = serializers.IntegerField(help_text="Approved updates made public.")


class PeriodRemindedSerializer(serializers.Serializer):
    period = PeriodSerializer()
    reminded = serializers.IntegerField(help_text="Focal points e-mailed about updates not yet submitted.")


# --- updates -------------------------------------------------------------------------------------


class EntrySerializer(serializers.ModelSerializer):
    text = TranslatedField()
    operative_paragraphs = serializers.SerializerMethodField(
        help_text="Ids of the operative paragraphs of the update's instrument the paragraph reports on.")
    operative_paragraph_numbers = serializers.SerializerMethodField(
        help_text="Their numbers (4(a)), in the same order as operative_paragraphs.")
    partners = serializers.SerializerMethodField(help_text="Codes of the partners the paragraph names (UNICEF).")

    class Meta:
        model = UpdateEntry
        fields = ["id", "position", "text", "operative_paragraphs", "operative_paragraph_numbers", "partners",
                  "funding_constraint", "carried_over", "source_paragraph"]

    @staticmethod
    def _ops(entry):
        return sorted(entry.operative_paragraphs.all(), key=lambda op: (op.order, op.pk))

    def get_operative_paragraphs(self, entry) -> list[int]:
        return [op.pk for op in self._ops(entry)]

    def get_operative_paragraph_numbers(self, entry) -> list[str]:
        return [op.number for op in self._ops(entry)]

    def get_partners(self, entry) -> list[str]:
        return sorted(partner.code for partner in entry.partners.all())


class UpdateSerializer(serializers.ModelSerializer):
    """An update as lists show it."""

    url = serializers.HyperlinkedIdentityField(view_name="update-detail")
    period = serializers.CharField(source="period.label", read_only=True)
    instrument = serializers.CharField(source="instrument.reference", read_only=True,
                                       help_text="'resolution 2/6'.")
    instrument_slug = serializers.SerializerMethodField(help_text="'resolution-2-6', as ?instrument= takes it.")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    workflow_state_label = serializers.CharField(source="get_workflow_state_display", read_only=True)
    author = serializers.SerializerMethodField(help_text="Who submitted it (signed-in users only).")
    reviewer = serializers.SerializerMethodField(help_text="Who returned or approved it (signed-in users only).")

    class Meta:
        model = ProgressUpdate
        fields = ["id", "url", "period", "instrument", "instrument_slug", "status", "status_label", "workflow_state",
                  "workflow_state_label", "version", "author", "reviewer", "modified"]

    def get_instrument_slug(self, update) -> str:
        return instrument_slug(update.instrument)

    def _person(self, user) -> str | None:
        viewer = _user(self.context.get("request"))
        if user is None or viewer is None or not viewer.is_authenticated:
            return None
        return user.get_username()

    @extend_schema_field(OpenApiTypes.STR)
    def get_author(self, update) -> str | None:
        return self._person(update.author)

    @extend_schema_field(OpenApiTypes.STR)
    def get_reviewer(self, update) -> str | None:
        return self._person(update.reviewer)


class ParagraphCommentSerializer(serializers.Serializer):
    entry = serializers.IntegerField(allow_null=True, help_text="The paragraph's id (null if it was deleted since).")
    text = serializers.CharField()


class ReturnCommentsSerializer(serializers.Serializer):
    comment = serializers.CharField()
    by = serializers.CharField()
    at = serializers.DateTimeField()
    paragraph_comments = ParagraphCommentSerializer(many=True)


class UpdateDetailSerializer(UpdateSerializer):
    """An update with its paragraphs, as GET /api/v1/updates/<id>/ and PUT answer."""

    summary = TranslatedField()
    entries = EntrySerializer(many=True, read_only=True)
    editing_mode = serializers.SerializerMethodField(
        help_text="'draft' when you may save this draft now, 'correction' when you may correct it after "
                  "publication (with a comment), null otherwise.")
    latest_return = serializers.SerializerMethodField(
        help_text="The reviewer's comments when the update was last returned; shown to reviewers, coordinators and "
                  "the instrument's focal points, null for others or if it was never returned.")

    class Meta(UpdateSerializer.Meta):
        fields = [*UpdateSerializer.Meta.fields, "summary", "entries", "editing_mode", "latest_return"]

    @extend_schema_field({"type": "string", "enum": ["draft", "correction"], "nullable": True})
    def get_editing_mode(self, update) -> str | None:
        user = _user(self.context.get("request"))
        if user is None or not user.is_authenticated:
            return None
        return editing_mode(user, update)

    @extend_schema_field(ReturnCommentsSerializer(allow_null=True))
    def get_latest_return(self, update):
        user = _user(self.context.get("request"))
        if user is None or not user.is_authenticated or not (role_of(user) in REVIEWING or may_edit(user, update)):
            return None
        event = (WorkflowEvent.objects.filter(update=update, action=WorkflowAction.RETURNED)
                 .select_related("user").prefetch_related("paragraph_comments").order_by("-created", "-pk").first())
        if event is None:
            return None
        return {
            "comment": event.comment,
            "by": event.user.get_username(),
            "at": event.created,
            "paragraph_comments": [{"entry": remark.entry_id, "text": remark.text}
                                   for remark in event.paragraph_comments.all()],
        }


class UpdateSavedSerializer(UpdateDetailSerializer):
    changed = serializers.SerializerMethodField(
        help_text="False when the save changed nothing (the version is then unchanged).")

    class Meta(UpdateDetailSerializer.Meta):
        fields = [*UpdateDetailSerializer.Meta.fields, "changed"]

    def get_changed(self, update) -> bool:
        return bool(self.context.get("changed"))


# --- request bodies ------------------------------------------------------------------------------

LANGUAGE_TEXTS = {"type": "object", "additionalProperties": {"type": "string"},
                  "example": {"en": "Eight more cities adopted the Urban Monitoring Framework.",
                              "zh-hans": "又有 8 个城市采用了城市监测框架。"}}


@extend_schema_field(LANGUAGE_TEXTS)
class LanguageTextsField(serializers.DictField):
    """{"en": ..., "zh-hans": ...}: the languages given are replaced, the others left as they are."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(allow_blank=True, trim_whitespace=False), **kwargs)


class EntryInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True,
                                  help_text="The paragraph's id; omit it (or null) for a new paragraph.")
    text = LanguageTextsField(required=False, help_text="The paragraph's text in the languages being edited.")
    operative_paragraphs = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True,
        help_text="Ids of operative paragraphs of the update's instrument; omitted or null leaves them as they are.")
    partners = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True,
        help_text="Partner codes (UNICEF, UNODC), as GET returns them; omitted or null leaves them as they are.")
    funding_constraint = serializers.BooleanField(required=False, allow_null=True,
                                                  help_text="Omitted or null leaves the flag as it is.")


class UpdateSaveSerializer(serializers.Serializer):
    """The whole draft as the client has it. Parts omitted are left as they are; `entries`, when
    given, is the complete ordered list of paragraphs: paragraphs left out are deleted."""

    version = serializers.IntegerField(min_value=1, help_text="The version the client started from (GET returns it).")
    status = serializers.ChoiceField(choices=ImplementationStatus.choices, required=False, allow_blank=True,
                                     allow_null=True)
    summary = LanguageTextsField(required=False, allow_null=True)
    entries = EntryInputSerializer(many=True, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Why: recorded with the version; required for a correction after "
                                              "publication.")

    def to_representation(self, instance):
        """The stored draft in the shape PUT takes (the browsable API prefills its form with it)."""
        if not isinstance(instance, ProgressUpdate):
            return super().to_representation(instance)
        def texts(obj, field):
            return {code: text for code, text in get_translations(obj, field).items() if text}

        return {
            "version": instance.version,
            "status": instance.status,
            "summary": texts(instance, "summary"),
            "entries": [
                {"id": entry.pk, "text": texts(entry, "text"),
                 "operative_paragraphs": [op.pk for op in entry.operative_paragraphs.all()],
                 "partners": [partner.code for partner in entry.partners.all()],
                 "funding_constraint": entry.funding_constraint}
                for entry in instance.entries.all()
            ],
            "comment": "",
        }


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="What needs changing (required).")
    paragraph_comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict,
        help_text="Remarks on single paragraphs: {paragraph id: text}.")

    def validate_paragraph_comments(self, value: dict) -> dict:
        remarks = {}
        for key, text in value.items():
            try:
                remarks[int(key)] = text
            except (TypeError, ValueError):
                raise serializers.ValidationError(
                    f"Keys are paragraph ids (the entries' id); {key!r} is not a number.") from None
        return remarks


# --- errors (for the schema; restrack.core.api.exceptions makes them) ---------------------------


class StaleErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField(help_text="The version now stored: GET the update again, merge, "
                                                         "and save with this version.")
