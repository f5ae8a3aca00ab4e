"""What the reporting cycle's API reads and writes. Output serializers describe periods and
updates; input serializers only check the shape of a request body — the rules (roles, states,
versions, what a paragraph may cite) are the actions' (restrack.reporting.actions); what a caller
may read is the access policy's (restrack.accounts.policy)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.api.fields import IdentityUrlField, TranslatedField
from restrack.core.api.language import content_language
from restrack.core.translation_fields import get_translations, translated_text
from restrack.registry.choices import ImplementationStatus
from restrack.reporting.choices import CommitmentState, Recurrence, WorkflowState
from restrack.reporting.editing import editing_mode
from restrack.reporting.exports import operative_paragraph_numbers, partner_codes, source_document_symbol
from restrack.reporting.history import is_changed
from restrack.reporting.log import latest_return
from restrack.reporting.models import (
    Commitment,
    EntryFootnote,
    ProgressUpdate,
    ReportingPeriod,
    UpdateEntry,
)
from restrack.reporting.periods import parse_period_label


def _user(request):
    return getattr(request, "user", None)


# --- periods -------------------------------------------------------------------------------------


class PeriodSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(
        view_name="period-detail", lookup_field="label", help_text="This period's address in the API."
    )
    board_session = serializers.CharField(
        source="board_session.code",
        allow_null=True,
        read_only=True,
        help_text="The Executive Board session reported to, as YEAR-ORDER (2025-1).",
    )
    state_label = serializers.CharField(
        source="get_state_display", read_only=True, help_text="The state in words, in the content language."
    )
    introduction = TranslatedField(help_text="The report's introductory paragraphs, separated by blank lines.")
    closing_title = TranslatedField(help_text="The title of the report's closing chapter, if it has one.")
    closing = TranslatedField(help_text="The paragraphs of the report's closing chapter, separated by blank lines.")
    updates = serializers.SerializerMethodField(
        help_text="How many of the period's updates you may see are in each workflow state."
    )

    class Meta:
        model = ReportingPeriod
        fields = [
            "label",
            "url",
            "start_date",
            "end_date",
            "input_deadline",
            "board_session",
            "state",
            "state_label",
            "introduction",
            "closing_title",
            "closing",
            "introduction_state",
            "updates",
            "version",
            "modified",
        ]
        extra_kwargs = {
            "label": {"help_text": "YYYY-H1 (January to June) or YYYY-H2 (July to December)."},
            "start_date": {"help_text": "The period's first day."},
            "end_date": {"help_text": "The period's last day."},
            "input_deadline": {"help_text": "The date focal points' inputs are due (null if none was set)."},
            "state": {"help_text": "planned, open (for inputs), closed (for inputs) or published."},
            "introduction_state": {
                "read_only": True,
                "help_text": "The introduction's review: draft, submitted (for review) or approved. An edit of the "
                "introduction of a period not yet published makes it a draft again.",
            },
            "modified": {"help_text": "When the period itself last changed."},
            "version": {"help_text": "The period's version: send it back with a PATCH."},
        }

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "example": {"draft": 14, "submitted": 1, "approved": 1},
        }
    )
    def get_updates(self, period) -> dict:
        counts = self.context.get("update_counts")  # a list's page, counted at once (PeriodViewSet)
        if counts is None:
            counts = update_counts(_user(self.context.get("request")), [period])
        return counts.get(period.pk, {})


def update_counts(user, periods) -> dict[int, dict[str, int]]:
    """{period id: {workflow state: how many of its updates `user` may see are in it}} for
    `periods`, in one query; states with none are left out, in WorkflowState's order."""
    queryset = ProgressUpdate.objects.filter(period__in=[period.pk for period in periods])
    if user is not None:
        queryset = policy.visible_to(user, queryset)
    found = {
        (period_id, state): count
        for period_id, state, count in queryset.order_by()
        .values_list("period", "workflow_state")
        .annotate(count=Count("pk"))
        .values_list("period", "workflow_state", "count")
    }
    return {
        period.pk: {state: found[period.pk, state] for state in WorkflowState.values if (period.pk, state) in found}
        for period in periods
    }


class PeriodCreateSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="YYYY-H1 (January to June) or YYYY-H2 (July to December).")
    input_deadline = serializers.DateField(
        required=False, allow_null=True, help_text="The date focal points' inputs are due."
    )
    board_session = serializers.RegexField(
        r"^\d{4}-\d$",
        required=False,
        allow_blank=True,
        allow_null=True,
        error_messages={
            "invalid": "Write the Executive Board session as YEAR-ORDER: 2025-1 for the first session of 2025."
        },
        help_text="The Executive Board session the period reports to, as YEAR-ORDER (2025-1); created in the "
        "registry if it is not there yet.",
    )

    def validate_label(self, value: str) -> str:
        try:
            return str(parse_period_label(value))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class PeriodOpenedSerializer(serializers.Serializer):
    period = PeriodSerializer(help_text="The period after the step.")
    drafts = serializers.IntegerField(help_text="Drafts created, one per active instrument.")


class PeriodPublishedSerializer(serializers.Serializer):
    period = PeriodSerializer(help_text="The period after the step.")
    published = serializers.IntegerField(help_text="Approved updates made public.")


class PeriodRemindedSerializer(serializers.Serializer):
    period = PeriodSerializer(help_text="The period after the step.")
    reminded = serializers.IntegerField(help_text="Focal points e-mailed about updates not yet submitted.")


# --- updates -------------------------------------------------------------------------------------


class FootnoteSerializer(serializers.ModelSerializer):
    text = TranslatedField(help_text="The footnote: a source, a link or a document symbol.")
    anchor = serializers.SerializerMethodField(
        help_text="Where the footnote's marker stands: how many characters of the paragraph's text come before it "
        "(null: at the paragraph's end). It depends on the wording, so without `?lang=` it is given per "
        "language; with `?lang=` it is the one of the language the paragraph's text is shown in."
    )

    class Meta:
        model = EntryFootnote
        fields = ["id", "position", "text", "anchor"]
        extra_kwargs = {
            "id": {"help_text": "The footnote's id (PUT takes it back to keep the footnote)."},
            "position": {"help_text": "Orders the footnotes of one paragraph."},
        }

    @extend_schema_field(
        {
            "oneOf": [
                {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}},
                {"type": "integer", "nullable": True},
            ]
        }
    )
    def get_anchor(self, footnote):
        anchors = get_translations(footnote, "anchor")
        language = content_language(self.context.get("request"))
        if not language:
            return anchors
        shown = translated_text(footnote.entry, "text", language)[1]
        return anchors.get(shown or language)


class EntrySerializer(serializers.ModelSerializer):
    text = TranslatedField(help_text="The paragraph's text.")
    operative_paragraphs = serializers.SerializerMethodField(
        help_text="Ids of the operative paragraphs of the update's instrument the paragraph reports on."
    )
    operative_paragraph_numbers = serializers.SerializerMethodField(
        help_text="Their numbers (4(a)), in the same order as operative_paragraphs."
    )
    partners = serializers.SerializerMethodField(help_text="Codes of the partners the paragraph names (UNICEF).")
    footnotes = FootnoteSerializer(many=True, read_only=True, help_text="The paragraph's footnotes, in order.")
    source_document = serializers.SerializerMethodField(
        help_text="Symbol of the document the paragraph was published in (HSP/EB.2024/20), null if none."
    )

    class Meta:
        model = UpdateEntry
        fields = [
            "id",
            "position",
            "text",
            "operative_paragraphs",
            "operative_paragraph_numbers",
            "partners",
            "funding_constraint",
            "carried_over",
            "footnotes",
            "source_document",
            "source_paragraph",
        ]
        extra_kwargs = {
            "id": {"help_text": "The paragraph's id (PUT takes it back to keep the paragraph)."},
            "position": {"help_text": "The paragraph's place in the update, from 1."},
            "funding_constraint": {"help_text": "The paragraph says that lack of funds limits implementation."},
            "carried_over": {"help_text": "Copied from the previous period, not yet edited."},
            "source_paragraph": {"help_text": "The paragraph's number in the source document, null if none."},
        }

    def get_operative_paragraphs(self, entry) -> list[int]:
        return [op.pk for op in sorted(entry.operative_paragraphs.all(), key=lambda op: (op.order, op.pk))]

    def get_operative_paragraph_numbers(self, entry) -> list[str]:
        return operative_paragraph_numbers(entry)

    def get_partners(self, entry) -> list[str]:
        return partner_codes(entry)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_source_document(self, entry) -> str | None:
        return source_document_symbol(entry)


class UpdateSerializer(serializers.ModelSerializer):
    """An update as lists show it."""

    url = IdentityUrlField(view_name="update-detail", help_text="This update's address in the API.")
    period = serializers.CharField(
        source="period.label", read_only=True, help_text="The reporting period's label (2024-H2)."
    )
    instrument = serializers.CharField(source="instrument.reference", read_only=True, help_text="'resolution 2/6'.")
    instrument_slug = serializers.CharField(
        source="instrument.slug", read_only=True, help_text="'resolution-2-6', as ?instrument= takes it."
    )
    status_label = serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text="The implementation status in words, in the content language.",
    )
    workflow_state_label = serializers.CharField(
        source="get_workflow_state_display",
        read_only=True,
        help_text="The workflow state in words, in the content language.",
    )
    tracker_url = serializers.SerializerMethodField(
        help_text="Where the public tracker shows this update (published updates only; null otherwise)."
    )
    author = serializers.SerializerMethodField(help_text="Who submitted it (signed-in users only).")
    reviewer = serializers.SerializerMethodField(help_text="Who returned or approved it (signed-in users only).")

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "url",
            "period",
            "instrument",
            "instrument_slug",
            "status",
            "status_label",
            "status_source",
            "status_evidence",
            "status_assessed_at",
            "workflow_state",
            "workflow_state_label",
            "version",
            "author",
            "reviewer",
            "tracker_url",
            "modified",
        ]
        extra_kwargs = {
            "id": {"help_text": "The update's id."},
            "status": {"help_text": "The implementation status reported (empty if none yet)."},
            "status_source": {
                "help_text": "Where the status comes from: 'assessed' (chosen by the secretariat), 'derived' (read "
                "from an imported report's text, not an assessment) or empty."
            },
            "status_evidence": {
                "help_text": 'The report\'s sentences that justify the status, by language: {"en": ["..."]}.'
            },
            "status_assessed_at": {"help_text": "When the status was chosen (null: derived or none)."},
            "workflow_state": {"help_text": "draft, submitted, returned (for changes), approved or published."},
            "version": {"help_text": "Raised on every save; PUT must send the version it started from."},
            "modified": {"help_text": "When the update last changed."},
        }

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_tracker_url(self, update) -> str | None:
        if not policy.is_public(update):
            return None
        address = f"{update.instrument.get_absolute_url()}#update-{update.period.label}"
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request is not None else address

    def _person(self, user) -> str | None:
        viewer = _user(self.context.get("request"))
        if user is None or viewer is None or not viewer.is_authenticated:
            return None
        return user.get_username()

    @extend_schema_field({"type": "string", "nullable": True})
    def get_author(self, update) -> str | None:
        return self._person(update.author)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_reviewer(self, update) -> str | None:
        return self._person(update.reviewer)


class ParagraphCommentSerializer(serializers.Serializer):
    entry = serializers.IntegerField(allow_null=True, help_text="The paragraph's id (null if it was deleted since).")
    text = serializers.CharField(help_text="The reviewer's remark on the paragraph.")


class ReturnCommentsSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="What needs changing.")
    by = serializers.CharField(help_text="The reviewer's user name.")
    at = serializers.DateTimeField(help_text="When the update was returned.")
    paragraph_comments = ParagraphCommentSerializer(many=True, help_text="Remarks on single paragraphs.")


class UpdateDetailSerializer(UpdateSerializer):
    """An update with its paragraphs, as GET /api/v1/updates/<id>/ and PUT answer."""

    summary = TranslatedField(help_text="The update's summary.")
    source_document = serializers.CharField(
        source="source_document.symbol",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Symbol of the report the update was published in (HSP/EB.2024/20), null if none.",
    )
    entries = EntrySerializer(many=True, read_only=True, help_text="The update's paragraphs, in order.")
    editing_mode = serializers.SerializerMethodField(
        help_text="'draft' when you may save this draft now, 'correction' when you may correct it after "
        "publication (with a comment), null otherwise."
    )
    latest_return = serializers.SerializerMethodField(
        help_text="The reviewer's comments when the update was last returned; shown to reviewers, coordinators and "
        "the instrument's focal points, null for others or if it was never returned."
    )

    class Meta(UpdateSerializer.Meta):
        fields = [
            *UpdateSerializer.Meta.fields,
            "summary",
            "source_document",
            "entries",
            "editing_mode",
            "latest_return",
        ]

    @extend_schema_field({"type": "string", "enum": ["draft", "correction"], "nullable": True})
    def get_editing_mode(self, update) -> str | None:
        user = _user(self.context.get("request"))
        if user is None or not user.is_authenticated:
            return None
        return editing_mode(user, update)

    @extend_schema_field(ReturnCommentsSerializer(allow_null=True))
    def get_latest_return(self, update):
        user = _user(self.context.get("request"))
        if user is None or not policy.allows(user, Ability.READ_REVIEW, update):
            return None
        event = latest_return(update)
        if event is None:
            return None
        return {
            "comment": event.reason,
            "by": event.actor.get_username(),
            "at": event.created,
            "paragraph_comments": [
                {"entry": remark.entry_id, "text": remark.text} for remark in event.paragraph_comments.all()
            ],
        }


class UpdateSavedSerializer(UpdateDetailSerializer):
    changed = serializers.SerializerMethodField(
        help_text="False when the save changed nothing (the version is then unchanged)."
    )

    class Meta(UpdateDetailSerializer.Meta):
        fields = [*UpdateDetailSerializer.Meta.fields, "changed"]

    def get_changed(self, update) -> bool:
        return bool(self.context.get("changed"))


# --- commitments ---------------------------------------------------------------------------------


class PromiseParagraphSerializer(serializers.Serializer):
    period = serializers.CharField(
        source="update.period.label", help_text="The reporting period of the update the paragraph belongs to."
    )
    update_id = serializers.IntegerField(help_text="That update's id.")
    paragraph_id = serializers.IntegerField(source="pk", help_text="The paragraph's id.")
    position = serializers.IntegerField(help_text="The paragraph's place in the update, from 1.")


class CommitmentSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="commitment-detail", help_text="This commitment's address in the API.")
    instrument = serializers.CharField(source="instrument.reference", read_only=True, help_text="'resolution 2/6'.")
    instrument_slug = serializers.CharField(
        source="instrument.slug", read_only=True, help_text="'resolution-2-6', as ?instrument= takes it."
    )
    description = TranslatedField(help_text="What was promised.")
    due = serializers.SerializerMethodField(
        help_text="The due date as stated, to its precision: 2025-06-30, 2025-06, 2025-Q2 or 2025."
    )
    state_label = serializers.CharField(
        source="get_state_display", read_only=True, help_text="The state in words, in the content language."
    )
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices,
        read_only=True,
        help_text="'annual': the date comes back every year (never overdue; `due` is one occurrence); '': once.",
    )
    overdue = serializers.SerializerMethodField(help_text="Pending, not recurring, and due before today.")
    promised_in = PromiseParagraphSerializer(
        read_only=True, allow_null=True, help_text="The paragraph that promised it, null if none is recorded."
    )
    delivered_in = serializers.SerializerMethodField(
        help_text="The paragraph reporting its delivery, null if none (or in an update you may not see)."
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "instrument",
            "instrument_slug",
            "description",
            "due",
            "due_date",
            "due_precision",
            "state",
            "state_label",
            "recurrence",
            "overdue",
            "promised_in",
            "delivered_in",
            "modified",
        ]
        extra_kwargs = {
            "id": {"help_text": "The commitment's id."},
            "due_date": {"help_text": "The last day of the stated window (end of the month, quarter or year)."},
            "due_precision": {"help_text": "How precisely the due date was stated: day, month, quarter or year."},
            "state": {"help_text": "pending, delivered, missed or cancelled."},
            "modified": {"help_text": "When the commitment last changed."},
        }

    def get_due(self, commitment) -> str:
        return str(commitment.due)

    def get_overdue(self, commitment) -> bool:
        return commitment.is_overdue(self.context.get("today"))

    @extend_schema_field(PromiseParagraphSerializer(allow_null=True))
    def get_delivered_in(self, commitment):
        if commitment.delivered_in is None or not getattr(commitment, "delivery_visible", True):
            return None
        # The promise's field serializes a paragraph alike: one serializer for every row, not a
        # new one (and a copy of its fields) per row.
        return self.fields["promised_in"].to_representation(commitment.delivered_in)


# --- request bodies ------------------------------------------------------------------------------

LANGUAGE_TEXTS = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "example": {
        "en": "Eight more cities adopted the Urban Monitoring Framework.",
        "zh-hans": "又有 8 个城市采用了城市监测框架。",
    },
}


@extend_schema_field(LANGUAGE_TEXTS)
class LanguageTextsField(serializers.DictField):
    """{"en": ..., "zh-hans": ...}: the languages given are replaced, the others left as they are."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(allow_blank=True, trim_whitespace=False), **kwargs)


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}, "example": {"en": 42}}
)
class LanguageAnchorsField(serializers.DictField):
    """{"en": 42, "zh-hans": null}: where the marker stands in each language's text (null: at its end)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.IntegerField(min_value=0, allow_null=True), **kwargs)


class PeriodEditSerializer(serializers.Serializer):
    """A coordinator's change to a period's introduction or input deadline (PATCH)."""

    version = serializers.IntegerField(min_value=1, help_text="The version the client started from (GET returns it).")
    introduction = LanguageTextsField(
        required=False,
        help_text="The report's introductory paragraphs per language, separated by blank lines; the languages "
        "given are replaced, the others kept.",
    )
    closing_title = LanguageTextsField(
        required=False, help_text="The title of the report's closing chapter per language (empty: “Conclusions”)."
    )
    closing = LanguageTextsField(
        required=False,
        help_text="The paragraphs of the report's closing chapter per language, separated by blank lines (none: no "
        "closing chapter).",
    )
    input_deadline = serializers.DateField(
        required=False, allow_null=True, help_text="The date focal points' inputs are due (null: none)."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Why: kept in the period's history."
    )


class FootnoteInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="The footnote's id; omit it (or null) for a new footnote."
    )
    text = LanguageTextsField(required=False, help_text="The footnote's text in the languages being edited.")
    anchor = LanguageAnchorsField(
        required=False,
        help_text="How many characters of the paragraph's text come before the marker, per language (null: at the "
        "paragraph's end); languages left out keep theirs.",
    )


class EntryInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="The paragraph's id; omit it (or null) for a new paragraph."
    )
    key = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="A name for a new paragraph, by which a commitment in the same request names the paragraph "
        "that promises it.",
    )
    text = LanguageTextsField(required=False, help_text="The paragraph's text in the languages being edited.")
    operative_paragraphs = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        help_text="Ids of operative paragraphs of the update's instrument; omitted or null leaves them as they are.",
    )
    partners = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        help_text="Partner codes (UNICEF, UNODC), as GET returns them; omitted or null leaves them as they are.",
    )
    funding_constraint = serializers.BooleanField(
        required=False, allow_null=True, help_text="Omitted or null leaves the flag as it is."
    )
    confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true confirms a paragraph carried over from the last update as still true as it stands: it is "
        "no longer marked carried over (editing it does the same).",
    )
    footnotes = FootnoteInputSerializer(
        many=True,
        required=False,
        allow_null=True,
        help_text="The paragraph's complete ordered list of footnotes; footnotes left out are deleted. Omitted or "
        "null leaves them as they are.",
    )


class ParagraphReferenceField(serializers.CharField):
    """A paragraph named by its id or, for a paragraph added in the same request, by its key."""


class CommitmentInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="The commitment's id; omit it (or null) for a new commitment."
    )
    description = LanguageTextsField(
        required=False, help_text="What is promised, in the languages being edited (others are kept)."
    )
    due = serializers.CharField(help_text="When it is due: 2025-06-30, 2025-06, 2025-Q2 or 2025.")
    state = serializers.ChoiceField(
        choices=CommitmentState.choices,
        required=False,
        default=CommitmentState.PENDING,
        help_text="pending, delivered, missed or cancelled.",
    )
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="'annual' when the date comes back every year, '' once; omit it to keep the commitment's.",
    )
    promised_in = ParagraphReferenceField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="The paragraph that promises it: its id, or the key of a paragraph added in the same request.",
    )
    delivered_in = ParagraphReferenceField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="The paragraph that reports its delivery (id or key); required when the state is delivered.",
    )


class UpdateSaveSerializer(serializers.Serializer):
    """The whole draft as the client has it. Parts omitted are left as they are; `entries`, when
    given, is the complete ordered list of paragraphs: paragraphs left out are deleted."""

    version = serializers.IntegerField(min_value=1, help_text="The version the client started from (GET returns it).")
    status = serializers.ChoiceField(
        choices=ImplementationStatus.choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="The instrument's implementation status; omitted leaves it as it is.",
    )
    summary = LanguageTextsField(
        required=False,
        allow_null=True,
        help_text="The update's summary per language; the languages given are replaced.",
    )
    entries = EntryInputSerializer(
        many=True,
        required=False,
        allow_null=True,
        help_text="The complete ordered list of paragraphs; paragraphs left out are "
        "deleted. Omitted or null leaves the paragraphs as they are.",
    )
    commitments = CommitmentInputSerializer(
        many=True,
        required=False,
        allow_null=True,
        help_text="The instrument's commitments this update promises or reports on; those it promised and left out "
        "are deleted, earlier updates' left out stay as they are. Omitted or null leaves them all as they are.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: recorded with the version; required for a correction after publication.",
    )

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
                {
                    "id": entry.pk,
                    "text": texts(entry, "text"),
                    "operative_paragraphs": [op.pk for op in entry.operative_paragraphs.all()],
                    "partners": [partner.code for partner in entry.partners.all()],
                    "funding_constraint": entry.funding_constraint,
                    "footnotes": [
                        {
                            "id": footnote.pk,
                            "text": texts(footnote, "text"),
                            "anchor": {
                                code: at for code, at in get_translations(footnote, "anchor").items() if at is not None
                            },
                        }
                        for footnote in entry.footnotes.all()
                    ],
                }
                for entry in instance.entries.all()
            ],
            "commitments": [
                {
                    "id": commitment.pk,
                    "description": texts(commitment, "description"),
                    "due": str(commitment.due),
                    "state": commitment.state,
                    "promised_in": commitment.promised_in_id,
                    "delivered_in": commitment.delivered_in_id,
                }
                for commitment in instance.instrument.commitments.filter(promised_in__update=instance).order_by(
                    "due_date", "pk"
                )
            ],
            "comment": "",
        }


class IntroductionStepSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The period's version you read: a period changed since is a 409."
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="What needs changing (required to return it)."
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="What needs changing (required)."
    )
    paragraph_comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Remarks on single paragraphs: {paragraph id: text}.",
    )

    def validate_paragraph_comments(self, value: dict) -> dict:
        remarks = {}
        for key, text in value.items():
            try:
                remarks[int(key)] = text
            except (TypeError, ValueError):
                raise serializers.ValidationError(
                    f"Keys are paragraph ids (the entries' id); {key!r} is not a number."
                ) from None
        return remarks


# --- errors (for the schema; restrack.core.api.exceptions makes them) ---------------------------


class StaleErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was saved: someone saved since your version.")
    current_version = serializers.IntegerField(
        help_text="The version now stored: GET the update again, merge, and save with this version."
    )


class StatusHistorySerializer(serializers.ModelSerializer):
    """An instrument's status in one period, beside the status of its previous period that had one."""

    period = serializers.CharField(source="period.label", read_only=True, help_text="The reporting period (2024-H2).")
    instrument = serializers.CharField(source="instrument.reference", read_only=True, help_text="'resolution 2/6'.")
    instrument_slug = serializers.CharField(
        source="instrument.slug", read_only=True, help_text="'resolution-2-6', as ?instrument= takes it."
    )
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status in words, in the content language."
    )
    previous_period = serializers.CharField(
        read_only=True, allow_null=True, help_text="The instrument's previous period that stated a status (null: none)."
    )
    previous_status = serializers.ChoiceField(
        choices=ImplementationStatus.choices,
        read_only=True,
        allow_null=True,
        help_text="The status of that previous period (null: this is the first).",
    )
    changed = serializers.SerializerMethodField(help_text="Does the status differ from the previous one (or is first)?")
    status_assessed_by = serializers.SerializerMethodField(
        help_text="Who chose the status (signed-in users only; null for the public or when derived)."
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "instrument",
            "instrument_slug",
            "period",
            "status",
            "status_label",
            "previous_period",
            "previous_status",
            "changed",
            "status_source",
            "status_assessed_at",
            "status_assessed_by",
            "status_evidence",
        ]
        extra_kwargs = UpdateSerializer.Meta.extra_kwargs

    def get_changed(self, update) -> bool:
        return is_changed(update)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_status_assessed_by(self, update) -> str | None:
        viewer = _user(self.context.get("request"))
        person = update.status_assessed_by
        if person is None or viewer is None or not viewer.is_authenticated:
            return None
        return person.get_username()
