"""The registry through the API: governing bodies, sessions, instruments with their operative
paragraphs, partners and documents. Read-only: the registry is public."""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restrack.core.api.fields import IdentityUrlField, TranslatedField
from restrack.core.api.language import content_language
from restrack.registry.models import (
    Deliverable,
    Document,
    DocumentVersion,
    GoverningBody,
    Instrument,
    InstrumentLink,
    OperativeParagraph,
    ParagraphOverlap,
    Partner,
    PartnerAlias,
    Session,
    SessionPart,
)

SLUG_HELP = "The instrument's address in the API and the tracker: resolution-2-6 (kind, then the number's parts)."


def tracker_url(instrument: Instrument, request, language: str | None = None) -> str:
    """The absolute address of the instrument's public page in `language` (default English):
    https://.../en/resolutions/2/6/."""
    with translation.override(language or "en"):
        path = instrument.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


class GoverningBodyBriefSerializer(serializers.ModelSerializer):
    name = TranslatedField(help_text="Name of the body.")

    class Meta:
        model = GoverningBody
        fields = ["code", "name", "symbol_prefix"]
        extra_kwargs = {
            "code": {"help_text": "Code of the body: assembly or executive-board."},
            "symbol_prefix": {"help_text": "Prefix of its documents' symbols: HSP/HA, HSP/EB."},
        }


class GoverningBodySerializer(serializers.ModelSerializer):
    name = TranslatedField(help_text="Name of the body.")
    abbreviation = TranslatedField(help_text="Its abbreviation, where it has one.")
    url = IdentityUrlField(view_name="body-detail", lookup_field="code", help_text="This body's address in the API.")

    class Meta:
        model = GoverningBody
        fields = ["code", "name", "abbreviation", "symbol_prefix", "sessions_numbered_by_year", "url"]
        extra_kwargs = {
            "code": {"help_text": "Code of the body: assembly or executive-board."},
            "symbol_prefix": {"help_text": "Prefix of its documents' symbols: HSP/HA, HSP/EB."},
            "sessions_numbered_by_year": {
                "help_text": "True when its sessions are named by year and order (the "
                "Executive Board's second session of 2024: 2024-2); false "
                "when they are numbered (the Assembly's second session: 2)."
            },
        }


class SessionBriefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="'2' for an Assembly session, '2024-2' for a Board session.")
    body = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="Code of the body.")

    class Meta:
        model = Session
        fields = ["code", "body", "number", "year", "sequence_in_year", "start_date", "end_date"]
        extra_kwargs = {
            "number": {"help_text": "Assembly sessions: 1, 2, ...; null for the Executive Board."},
            "year": {"help_text": "The year the session starts in."},
            "sequence_in_year": {
                "help_text": "Executive Board sessions: 1 for the year's first session; null for the Assembly."
            },
            "start_date": {"help_text": "First day (null when unknown)."},
            "end_date": {"help_text": "Last day (null when unknown)."},
        }


class SessionPartSerializer(serializers.ModelSerializer):
    place = TranslatedField(help_text="Where the part was held.")

    class Meta:
        model = SessionPart
        fields = ["kind", "start_date", "end_date", "place"]
        extra_kwargs = {
            "kind": {"help_text": "regular or resumed part."},
            "start_date": {"help_text": "First day of the part."},
            "end_date": {"help_text": "Last day of the part (null when unknown)."},
        }


class SessionSerializer(SessionBriefSerializer):
    place = TranslatedField(help_text="Where the session was held.")
    parts = SessionPartSerializer(
        many=True, read_only=True, help_text="Parts held separately, such as the resumed part of an adjourned session."
    )
    url = IdentityUrlField(view_name="session-detail", help_text="This session's address in the API.")

    class Meta(SessionBriefSerializer.Meta):
        fields = [
            "id",
            "code",
            "body",
            "number",
            "year",
            "sequence_in_year",
            "start_date",
            "end_date",
            "place",
            "parts",
            "url",
        ]
        extra_kwargs = {**SessionBriefSerializer.Meta.extra_kwargs, "id": {"help_text": "Identifier of the session."}}


PARAGRAPH_KWARGS = {
    "id": {"help_text": "Identifier of the paragraph."},
    "number": {"help_text": "Its number as the instrument prints it: 4, 4(a) or 4(a)(i)."},
    "order": {"help_text": "Position among the instrument's paragraphs (sort by it)."},
}


class DeliverableSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="Code of the body it is due to.")
    due_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="First day of the session it is due at; null while the registry does not know the session.",
    )
    delivered_in = serializers.SlugRelatedField(
        slug_field="symbol", read_only=True, allow_null=True, help_text="Symbol of the document that delivered it."
    )

    class Meta:
        model = Deliverable
        fields = [
            "body",
            "session_number",
            "session_year",
            "session_order",
            "recurring",
            "due_date",
            "state",
            "delivered_in",
        ]
        extra_kwargs = {
            "session_number": {"help_text": "The Assembly session it is due at (3 for the third session)."},
            "session_year": {"help_text": "The year of the Board session it is due at."},
            "session_order": {"help_text": "The order in its year of the Board session it is due at."},
            "recurring": {"help_text": "True for a regular report, due at each session (never overdue)."},
            "state": {"help_text": "pending, delivered or withdrawn (no longer due)."},
        }


class OperativeParagraphBriefSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text="Number of the paragraph it hangs under (4 for 4(a)); null for a top-level paragraph.",
    )
    text = TranslatedField(help_text="Text of the paragraph.")
    is_mandate = serializers.BooleanField(
        read_only=True, help_text="True when the paragraph asks the secretariat to act or to report."
    )
    deliverable = serializers.SerializerMethodField(
        help_text="The report the paragraph asks the secretariat for, with the session it is due at; null when none."
    )

    class Meta:
        model = OperativeParagraph
        fields = ["id", "number", "parent", "text", "order", "action", "addressee", "is_mandate", "deliverable"]
        extra_kwargs = {
            **PARAGRAPH_KWARGS,
            "action": {
                "help_text": "Its operative verb: decides, requests, invites, …; empty until its text is imported."
            },
            "addressee": {
                "help_text": "Whom it asks to act: secretariat, member_states, board, partners or body (itself)."
            },
        }

    @extend_schema_field(DeliverableSerializer(allow_null=True))
    def get_deliverable(self, paragraph) -> dict | None:
        deliverable = getattr(paragraph, "deliverable", None)
        return None if deliverable is None else DeliverableSerializer(deliverable, context=self.context).data


class OperativeParagraphSerializer(OperativeParagraphBriefSerializer):
    instrument = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text=SLUG_HELP)
    url = IdentityUrlField(view_name="operative-paragraph-detail", help_text="This paragraph's address in the API.")

    class Meta(OperativeParagraphBriefSerializer.Meta):
        fields = [
            "id",
            "instrument",
            "number",
            "parent",
            "text",
            "order",
            "action",
            "addressee",
            "is_mandate",
            "deliverable",
            "url",
        ]


class InstrumentSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(read_only=True, help_text=SLUG_HELP)
    reference = serializers.CharField(read_only=True, help_text="'resolution 2/6', as imports cite it.")
    body = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="Code of the adopting body.")
    session = SessionBriefSerializer(read_only=True, help_text="The session that adopted it.")
    title = TranslatedField(help_text="Title of the instrument.")
    status_label = serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text="The status in words, in the content language; empty when not reported.",
    )
    latest_reported_period = serializers.CharField(
        source="latest_period",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Label of the latest period with a published progress update on it (2024-H2); null when none.",
    )
    url = IdentityUrlField(
        view_name="instrument-detail", lookup_field="slug", help_text="This instrument's address in the API."
    )
    tracker_url = serializers.SerializerMethodField(
        help_text="Absolute address of its page on the public tracker, in the `?lang=` language (default English)."
    )

    class Meta:
        model = Instrument
        fields = [
            "id",
            "slug",
            "reference",
            "kind",
            "number",
            "body",
            "session",
            "title",
            "status",
            "status_label",
            "status_derived",
            "adoption_date",
            "document_symbol",
            "lead_unit",
            "is_active",
            "latest_reported_period",
            "url",
            "tracker_url",
        ]
        extra_kwargs = {
            "id": {"help_text": "Identifier of the instrument (the API also finds it by slug)."},
            "kind": {"help_text": "resolution or decision."},
            "number": {"help_text": "2/6 for the Assembly, 2023/6 for the Board."},
            "status": {"help_text": "Implementation status code; empty until the implementation has been reported on."},
            "status_derived": {
                "help_text": "True when the status was derived from a report's text rather than assessed."
            },
            "adoption_date": {"help_text": "Date of adoption (null when unknown)."},
            "document_symbol": {"help_text": "Symbol of the document it was issued as: HSP/HA.2/Res.6."},
            "lead_unit": {"help_text": "UN-Habitat unit leading its implementation."},
            "is_active": {"help_text": "True while progress updates are expected each period."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_tracker_url(self, instrument) -> str:
        request = self.context.get("request")
        return tracker_url(instrument, request, content_language(request) if request is not None else None)


class InstrumentLinkSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The instrument whose text refers."
    )
    target = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The instrument referred to, when the registry holds it (null for a General Assembly resolution, …).",
    )

    class Meta:
        model = InstrumentLink
        fields = ["source", "target", "target_body", "target_kind", "target_number", "relation", "where", "text"]
        extra_kwargs = {
            "target_body": {
                "help_text": "Body of the instrument referred to: assembly, executive-board, general-assembly, …"
            },
            "target_kind": {"help_text": "resolution or decision."},
            "target_number": {"help_text": "Its number: 1/2, 71/256, 2023/6."},
            "relation": {
                "help_text": "How the text relates to it: recalls, reaffirms, supersedes, follows_up or cites."
            },
            "where": {"help_text": "Where the text refers to it: “preamble 2” or an operative paragraph (4(a))."},
            "text": {"help_text": "The reference as the text writes it."},
        }


class OverlapEndSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text=SLUG_HELP)

    class Meta:
        model = OperativeParagraph
        fields = ["id", "instrument", "number"]
        extra_kwargs = PARAGRAPH_KWARGS


class ParagraphOverlapSerializer(serializers.ModelSerializer):
    paragraph = OverlapEndSerializer(read_only=True, help_text="One of the two paragraphs (the lower id).")
    other = OverlapEndSerializer(read_only=True, help_text="The other paragraph.")

    class Meta:
        model = ParagraphOverlap
        fields = ["paragraph", "other", "language", "similarity", "same_body"]
        extra_kwargs = {
            "language": {"help_text": "The language of the texts compared."},
            "similarity": {"help_text": "How alike (0 to 1): the estimated share of their terms in common."},
            "same_body": {"help_text": "True when both instruments are of the same body."},
        }


class InstrumentDetailSerializer(InstrumentSerializer):
    preamble = TranslatedField(
        help_text="Its preambular paragraphs, a blank line between two; empty until its text is imported."
    )
    operative_paragraphs = OperativeParagraphBriefSerializer(
        many=True, read_only=True, help_text="Its operative paragraphs, in order."
    )
    goals = serializers.SerializerMethodField(
        help_text="Codes of the goals and agenda references its text names, itself or in its paragraphs (SDG-11.1, NUA)."
    )
    builds_on = InstrumentLinkSerializer(
        source="links_out", many=True, read_only=True, help_text="The instruments its text refers to."
    )
    built_on_by = InstrumentLinkSerializer(
        source="links_in", many=True, read_only=True, help_text="The instruments whose texts refer to it."
    )

    class Meta(InstrumentSerializer.Meta):
        fields = [
            *InstrumentSerializer.Meta.fields,
            "preamble",
            "operative_paragraphs",
            "goals",
            "builds_on",
            "built_on_by",
        ]

    def get_goals(self, instrument) -> list[str]:
        return sorted({link.goal.code for link in instrument.goal_links.all()})


class PartnerAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerAlias
        fields = ["language", "text"]
        extra_kwargs = {
            "language": {"help_text": "Language of the reports that use this name."},
            "text": {"help_text": "The name as reports in that language write it."},
        }


class PartnerSerializer(serializers.ModelSerializer):
    name = TranslatedField(help_text="Full name of the organisation.")
    short_name = TranslatedField(help_text="Short name of the organisation.")
    aliases = PartnerAliasSerializer(
        many=True, read_only=True, help_text="Other names under which reports name it, by language."
    )
    mentions = serializers.IntegerField(read_only=True, help_text="Number of published report paragraphs that name it.")
    instruments = serializers.IntegerField(
        read_only=True, help_text="Number of instruments whose published paragraphs name it."
    )
    url = IdentityUrlField(
        view_name="partner-detail", lookup_field="code", help_text="This partner's address in the API."
    )

    class Meta:
        model = Partner
        fields = ["code", "kind", "name", "short_name", "website", "aliases", "mentions", "instruments", "url"]
        extra_kwargs = {
            "code": {"help_text": "English acronym or short name: UNODC."},
            "kind": {"help_text": "Kind of organisation."},
            "website": {"help_text": "Its website (empty when unknown)."},
        }


class DocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["language", "file_name"]
        extra_kwargs = {
            "language": {"help_text": "Language of this version."},
            "file_name": {"help_text": "Name of the file Restrack read it from."},
        }


class DocumentSerializer(serializers.ModelSerializer):
    title = TranslatedField(help_text="Title of the document.")
    session = SessionBriefSerializer(
        read_only=True, allow_null=True, help_text="The session it was issued for (null when none)."
    )
    agenda_item_title = TranslatedField(help_text="Title of the agenda item, as the masthead prints it.")
    versions = DocumentVersionSerializer(many=True, read_only=True, help_text="The language versions received.")
    url = IdentityUrlField(view_name="document-detail", help_text="This document's address in the API.")

    class Meta:
        model = Document
        fields = [
            "id",
            "symbol",
            "kind",
            "title",
            "date",
            "session",
            "agenda_item",
            "agenda_item_title",
            "agenda_symbol",
            "original_language",
            "versions",
            "url",
        ]
        extra_kwargs = {
            "id": {"help_text": "Identifier of the document."},
            "symbol": {"help_text": "UN symbol: HSP/EB.2024/20 (null when the source does not state it)."},
            "kind": {"help_text": "Kind of document."},
            "date": {"help_text": "Date of issue (null when unknown)."},
            "agenda_item": {"help_text": "Agenda item it was issued under: 4."},
            "agenda_symbol": {"help_text": "Symbol of the provisional agenda it cites: HSP/EB.2024/14."},
            "original_language": {"help_text": "Language it was written in (empty when unknown)."},
        }
