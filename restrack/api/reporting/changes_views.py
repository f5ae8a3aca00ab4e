"""What changed in a published period (restrack.publish.changes) through the API: one row per
instrument with a change against the previous published period, and its exports."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from restrack.accounts import policy
from restrack.api.funding.serializers import money_field
from restrack.api.pagination import KeptCountPagination
from restrack.core.api.exports import ExportMixin
from restrack.publish import changes
from restrack.publish.selectors import REPORT_ORDER
from restrack.registry.choices import ImplementationStatus
from restrack.registry.filtersets import instrument_named
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.periods import parse_period_label

PARAMETERS = (
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description="The published period (2024-H2), compared with the published period before it; default the "
        "latest published period. A period that is not published is refused (400).",
    ),
    OpenApiParameter(
        "change",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        many=True,
        enum=list(changes.KINDS),
        description="Only instruments with one of these changes (repeat for several): new (first update), updated "
        "(a further update: new paragraphs), silent "
        "(no update where the previous period had one), status, funding, delivered (a commitment delivered in the "
        "period's reports), overdue (a commitment that fell due within the period and is not delivered).",
    ),
    OpenApiParameter(
        "instrument",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description="One instrument: its slug (resolution-2-6) or reference (resolution 2/6).",
    ),
)


class PeriodChangeSerializer(serializers.Serializer):
    """One instrument's changes in the period."""

    instrument = serializers.CharField(source="instrument.reference", help_text="'resolution 2/6'.")
    instrument_slug = serializers.CharField(source="instrument.slug", help_text="'resolution-2-6'.")
    changes = serializers.ListField(
        source="kinds",
        child=serializers.ChoiceField(choices=changes.KINDS),
        help_text="What changed: new, updated, silent, status, funding, delivered, overdue.",
    )
    previous_status = serializers.ChoiceField(
        choices=ImplementationStatus.choices, allow_null=True, help_text="The status published for the previous period."
    )
    status = serializers.ChoiceField(
        choices=ImplementationStatus.choices, allow_null=True, help_text="The status published for this period."
    )
    paragraphs = serializers.IntegerField(help_text="Paragraphs of this period's published update.")
    previous_requirements_usd = money_field(
        "Requirements (USD) of the previous period; null: not reported.", source="previous_requirements"
    )
    requirements_usd = money_field("Requirements (USD) of this period; null: not reported.", source="requirements")
    previous_mobilized_usd = money_field(
        "Resources mobilized (USD) in the previous period.", source="previous_mobilized"
    )
    mobilized_usd = money_field("Resources mobilized (USD) in this period.", source="mobilized")
    previous_gap_percent = serializers.IntegerField(
        allow_null=True, help_text="Funding gap, % of requirements, before."
    )
    gap_percent = serializers.IntegerField(allow_null=True, help_text="Funding gap, % of requirements, now.")
    commitments_delivered = serializers.IntegerField(
        source="delivered", help_text="Commitments whose delivery this period's published reports state."
    )
    commitments_overdue = serializers.IntegerField(
        source="overdue",
        help_text="Public commitments that fell due within the period (after the previous one ended) and are not delivered.",
    )


@extend_schema_view(
    list=extend_schema(
        summary="What changed in a published period, instrument by instrument", parameters=list(PARAMETERS)
    )
)
class PeriodChangesViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each instrument with something that changed in a published period against the previous
    published one: a first update, silence, another status, other funding figures, commitments
    delivered or overdue. What the public tracker shows, for every caller."""

    filter_backends = []  # its parameters are read here (one period, kinds of change)
    pagination_class = KeptCountPagination
    queryset = Instrument.objects.none()  # for the schema

    def period(self) -> ReportingPeriod:
        published = policy.public(ReportingPeriod.objects.all())
        label = self.request.query_params.get("period", "").strip()
        if not label:
            period = published.order_by("-start_date").first()
            if period is None:
                raise ValidationError({"period": ["No period is published yet."]})
            return period
        try:
            label = str(parse_period_label(label))
        except DjangoValidationError as error:
            raise ValidationError({"period": error.messages}) from error
        period = published.filter(label=label).first()
        if period is None:
            raise ValidationError({"period": [f"{label} is not a published period; give one that is (2024-H2)."]})
        return period

    def get_queryset(self):
        kinds = self.request.query_params.getlist("change")
        unknown = [kind for kind in kinds if kind not in changes.KINDS]
        if unknown:
            raise ValidationError(
                {"change": [f"Unknown change {unknown[0]!r}; use one of {', '.join(changes.KINDS)}."]}
            )
        instruments = policy.visible_to(AnonymousUser(), Instrument.objects.all())
        wanted = self.request.query_params.get("instrument", "").strip()
        if wanted:
            try:
                instruments = instruments.filter(pk=instrument_named(wanted).pk)
            except DjangoValidationError as error:
                raise ValidationError({"instrument": error.messages}) from error
        self.changed_period = self.period()
        return changes.changes_queryset(self.changed_period, instruments, kinds=kinds).order_by(*REPORT_ORDER, "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else [changes.change_of(row) for row in page]

    def get_serializer_class(self):
        return PeriodChangeSerializer

    export_rows = "one row per instrument with a change in the period"
    export_parameters = PARAMETERS

    def export_table(self, queryset, language: str):
        return changes.changes_table(queryset, self.changed_period)
