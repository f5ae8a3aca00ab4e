"""The registry through the API, read-only and public (anonymous and signed-in callers see the
same): governing bodies, sessions, instruments (with the export of the dashboard's rows),
operative paragraphs, partners and documents."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from restrack.api.registry import serializers as s
from restrack.core.api.exports import ExportMixin
from restrack.core.api.views import LastModifiedMixin
from restrack.publish.exports import instrument_table, published_funding_period
from restrack.publish.partner_views import with_mentions
from restrack.publish.selectors import with_latest_period
from restrack.registry.filtersets import (
    INSTRUMENT_SLUG,
    DocumentFilterSet,
    GoverningBodyFilterSet,
    InstrumentFilterSet,
    InstrumentLinkFilterSet,
    OperativeParagraphFilterSet,
    ParagraphOverlapFilterSet,
    PartnerFilterSet,
    SessionFilterSet,
)
from restrack.registry.models import (
    LISTING_ORDER,
    Document,
    GoalLink,
    GoverningBody,
    Instrument,
    InstrumentLink,
    OperativeParagraph,
    ParagraphOverlap,
    Partner,
    Session,
)

PERIOD_PARAMETER = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Funding figures of this published period (2024-H2); default the latest published period with "
    "funding figures. A period without published figures is refused (400).",
)


# What a paragraph's answer shows beside its own columns: its parent's number and its report due.
PARAGRAPH_RELATED = ("parent", "deliverable__body", "deliverable__session", "deliverable__delivered_in")


class RegistryViewSet(LastModifiedMixin, viewsets.ReadOnlyModelViewSet):
    """The registry is public: everyone reads the same."""


@extend_schema_view(
    list=extend_schema(summary="Governing bodies (the Assembly and the Executive Board)"),
    retrieve=extend_schema(
        summary="A governing body, by code",
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Code of the body: assembly or executive-board.",
            )
        ],
    ),
)
class GoverningBodyViewSet(RegistryViewSet):
    """The bodies that adopt resolutions and decisions."""

    queryset = GoverningBody.objects.all()
    serializer_class = s.GoverningBodySerializer
    filterset_class = GoverningBodyFilterSet
    lookup_field = "code"
    ordering_fields = ["code"]
    ordering = ["pk"]


@extend_schema_view(
    list=extend_schema(summary="Sessions of the governing bodies, oldest first"),
    retrieve=extend_schema(summary="A session with its parts"),
)
class SessionViewSet(RegistryViewSet):
    """Sessions of the Assembly (numbered) and of the Executive Board (by year and order)."""

    queryset = Session.objects.select_related("body").prefetch_related("parts")
    serializer_class = s.SessionSerializer
    filterset_class = SessionFilterSet
    ordering_fields = ["start_date", "year"]
    ordering_columns = {"year": ["year", "number", "sequence_in_year"]}
    ordering = ["year"]


NUMBER_ORDER = ["session__year", "session__number", "session__sequence_in_year", "sequence", "-kind"]


@extend_schema_view(
    list=extend_schema(summary="Resolutions and decisions with their status (report order by default)"),
    retrieve=extend_schema(
        summary="A resolution or decision with its operative paragraphs, by id or slug",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The instrument's slug (resolution-2-6) or id.",
            )
        ],
    ),
)
class InstrumentViewSet(ExportMixin, RegistryViewSet):
    """Resolutions and decisions with their titles in every language and their current status.

    Found by id or by slug (/instruments/resolution-2-6/). `?ordering=number` is the natural order
    (session, then the number after the slash: 2/10 after 2/9); without `?ordering` the list is in
    report order (by body and session, resolutions before decisions)."""

    serializer_class = s.InstrumentSerializer
    filterset_class = InstrumentFilterSet
    ordering_fields = ["number", "adoption_date", "status"]
    ordering_columns = {"number": NUMBER_ORDER}
    ordering_tiebreak = [*NUMBER_ORDER, "pk"]
    queryset = Instrument.objects.select_related("body", "session", "session__body")  # the session's body too
    lookup_field = "slug"
    lookup_value_regex = r"[^/.]+"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in ("list", "retrieve"):
            queryset = with_latest_period(queryset)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "operative_paragraphs",
                    queryset=OperativeParagraph.objects.select_related(*PARAGRAPH_RELATED).order_by("order"),
                ),
                Prefetch("links_out", queryset=InstrumentLink.objects.select_related("source", "target")),
                Prefetch("links_in", queryset=InstrumentLink.objects.select_related("source", "target")),
                Prefetch("goal_links", queryset=GoalLink.objects.select_related("goal")),
            )
        return queryset

    def get_serializer_class(self):
        return s.InstrumentDetailSerializer if self.action == "retrieve" else s.InstrumentSerializer

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        queryset = self.get_queryset()
        if value.isascii() and value.isdigit():
            instrument = get_object_or_404(queryset, pk=int(value))
        else:
            slug = INSTRUMENT_SLUG.match(value)
            if not slug:
                raise Http404("No instrument has this address; use its slug (resolution-2-6) or its id.")
            instrument = get_object_or_404(queryset, kind=slug[1].lower(), number=f"{int(slug[2])}/{int(slug[3])}")
        self.check_object_permissions(self.request, instrument)
        return instrument

    export_rows = "one row per instrument, with the funding figures of one published period"
    export_parameters = (PERIOD_PARAMETER,)

    def export_table(self, queryset, language):
        label = self.request.query_params.get("period")
        period = published_funding_period(label)
        if label and period is None:
            raise ValidationError(
                {
                    "period": [
                        f"There are no published funding figures for {label!r}; give a published period with figures "
                        "(2024-H2) or leave period out for the latest."
                    ]
                }
            )
        return instrument_table(
            queryset, language=language, period=period, absolute_url=self.request.build_absolute_uri
        )


@extend_schema_view(
    list=extend_schema(summary="Operative paragraphs of the instruments (?instrument= for one instrument's)"),
    retrieve=extend_schema(summary="An operative paragraph"),
)
class OperativeParagraphViewSet(RegistryViewSet):
    """The numbered paragraphs of the instruments that progress updates report on."""

    queryset = OperativeParagraph.objects.select_related("instrument", *PARAGRAPH_RELATED)
    serializer_class = s.OperativeParagraphSerializer
    filterset_class = OperativeParagraphFilterSet
    ordering_fields = ["order"]
    # The instrument's session (year, number, order in the year), kind and sequence, as stored
    # on each paragraph: a page is a walk of one index with a LIMIT (OperativeParagraph.listing_*).
    ordering_columns = {"order": LISTING_ORDER}
    ordering = ["order"]


@extend_schema_view(
    list=extend_schema(
        summary="Links between instruments: which instrument's text refers to which (the lineage graph)"
    ),
    retrieve=extend_schema(summary="A link between instruments"),
)
class InstrumentLinkViewSet(RegistryViewSet):
    """The references between instruments read from their texts (recalls, reaffirms, supersedes,
    follows up, cites): the edges of the graph of where each instrument comes from."""

    queryset = InstrumentLink.objects.select_related("source", "target")
    serializer_class = s.InstrumentLinkSerializer
    filterset_class = InstrumentLinkFilterSet
    ordering_fields = ["id"]
    ordering = ["pk"]


@extend_schema_view(
    list=extend_schema(summary="Operative paragraphs that repeat or overlap others, the most alike first"),
    retrieve=extend_schema(summary="A pair of paragraphs alike"),
)
class ParagraphOverlapViewSet(RegistryViewSet):
    """Pairs of operative paragraphs whose texts in one language are alike (restrack.registry.overlaps)."""

    queryset = ParagraphOverlap.objects.select_related("paragraph__instrument", "other__instrument")
    serializer_class = s.ParagraphOverlapSerializer
    filterset_class = ParagraphOverlapFilterSet
    ordering_fields = ["similarity"]
    ordering = ["-similarity", "pk"]


@extend_schema_view(
    list=extend_schema(summary="Partners the published reports name, with how often"),
    retrieve=extend_schema(
        summary="A partner, by code",
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The partner's code: UNODC.")
        ],
    ),
)
class PartnerViewSet(RegistryViewSet):
    """Organisations that reports name as working with UN-Habitat (UN-Habitat itself is not one).
    Counts are of published report paragraphs only."""

    serializer_class = s.PartnerSerializer
    filterset_class = PartnerFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    ordering_fields = ["code", "mentions"]
    ordering = ["code"]
    queryset = Partner.objects.filter(is_self=False).prefetch_related("aliases")

    def get_queryset(self):
        """With the kept counts of published paragraphs and instruments (a join, whatever the
        number of paragraphs: restrack.publish.partner_counts)."""
        return with_mentions(super().get_queryset(), instruments="instruments")


@extend_schema_view(
    list=extend_schema(summary="Documents: reports, information documents, agendas (newest first)"),
    retrieve=extend_schema(summary="A document with its language versions"),
)
class DocumentViewSet(RegistryViewSet):
    """UN documents the reports are published as (links to undocs.org, never copies)."""

    queryset = Document.objects.select_related("session", "session__body").prefetch_related("versions")
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["date", "symbol"]
    ordering = ["-date"]
    ordering_tiebreak = ["symbol", "pk"]
