"""Funding through the API: the figures per instrument and period (read; recorded by funding
roles), a period's totals, and the Urban Action Funding Window's contributions, allocations and
ledger.

Figures follow publication: anonymous callers and Member States' viewers see the records of
published periods only (restrack.api.funding.filters). Every write calls restrack.funding.actions,
which checks the role, a published period's reason and the window's balance exactly as for the
web pages and the importer; their refusals become 400 and 403 answers in
restrack.core.api.exceptions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.api.funding import serializers as s
from restrack.api.permissions import writes_need
from restrack.core.api.exports import ExportMixin
from restrack.core.api.filtering import FilterBackend
from restrack.core.api.pagination import PeriodGroups
from restrack.core.api.schema import SingleObjectSchema
from restrack.core.api.serializers import ConflictSerializer, ErrorSerializer
from restrack.core.api.views import LastModifiedMixin
from restrack.core.exports import Table
from restrack.funding import actions
from restrack.funding.aggregates import summary_totals
from restrack.funding.exports import allocations_table, contributions_table, funding_table
from restrack.funding.filtersets import (
    AllocationFilterSet,
    ContributionFilterSet,
    FundingRecordFilterSet,
    ParagraphFundingFilterSet,
)
from restrack.funding.models import (
    AMOUNT_FIELDS,
    FundingRecord,
    FundingSummaryRow,
    ParagraphFunding,
    WindowAllocation,
    WindowContribution,
)
from restrack.funding.selectors import latest_published_period_with_figures, periods_with_visible_figures
from restrack.funding.window import allocatable_on, balance_on, the_window, window_ledger
from restrack.reporting.filtersets import period_labelled
from restrack.reporting.models import ReportingPeriod


def _errors(*codes: int) -> dict:
    described = {
        400: OpenApiResponse(
            ErrorSerializer, description="Refused: `detail` says why, and the fields in error follow under their names."
        ),
        401: OpenApiResponse(ErrorSerializer, description="Not signed in (send `Authorization: Token ...`)."),
        403: OpenApiResponse(
            ErrorSerializer, description="Only coordinators, finance officers and administrators may do this."
        ),
        404: OpenApiResponse(ErrorSerializer, description="No such item among those you may see."),
    }
    return {code: described[code] for code in codes}


KeepsFunding = writes_need(Ability.EDIT_FUNDING)


def latest(*stamps):
    """The latest of the timestamps that are known (None when none is)."""
    known = [stamp for stamp in stamps if stamp is not None]
    return max(known) if known else None


# --- funding records -----------------------------------------------------------------------------


class RecordPeriodGroups(PeriodGroups):
    """Funding records paged period by period; for the public list without filters the rows per
    period are the funding summary's (restrack.funding.models.FundingSummaryRow: a few hundred rows
    a period) instead of a count of every published record."""

    def __init__(self):
        super().__init__("period")
        self.summary_counts = None  # set per request by the view when they apply

    def of(self, queryset):
        if self.summary_counts is None:
            return super().of(queryset)
        grouped = super().of(queryset.none())  # the ordering's check, without counting
        if grouped is None:
            return None
        counts = self.summary_counts
        order = ReportingPeriod.objects.filter(pk__in=list(counts)).order_by("-start_date", "-pk")
        return "period", [(pk, counts[pk]) for pk in order.values_list("pk", flat=True) if counts[pk]]


@extend_schema_view(
    list=extend_schema(summary="Funding figures per instrument and period (anonymous: published periods only)"),
    retrieve=extend_schema(
        summary="One instrument's funding figures for one period",
        responses={200: s.FundingRecordSerializer, **_errors(404)},
    ),
)
class FundingRecordViewSet(
    LastModifiedMixin, ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Resource requirements and resources mobilized by source, per instrument at the end of each
    reporting period, with the gap computed (never stored). Ordered by period (latest first) and
    instrument unless ?ordering= says otherwise."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, KeepsFunding]
    filter_backends = [FilterBackend]  # its FilterSet orders (unknown amounts last)
    filterset_class = FundingRecordFilterSet
    serializer_class = s.FundingRecordSerializer
    queryset = FundingRecord.objects.none()  # for the schema; get_queryset filters by publication
    export_rows = "one row per instrument and period, with exact amounts (anonymous: published periods only)"

    @property
    def page_groups(self):
        """Paged period by period (restrack.core.api.pagination); the public list unfiltered and
        in its default order counts its rows per period from the funding summary."""
        groups = RecordPeriodGroups()
        query = self.request.query_params
        if not self.request.user.is_authenticated and not (set(query) - {"limit", "offset", "lang", "format"}):
            rows = FundingSummaryRow.objects.filter(policy.public_q("funding.fundingrecord"))
            groups.summary_counts = dict(
                rows.order_by().values("period").annotate(n=Sum("records")).values_list("period", "n")
            )
        return groups

    def get_queryset(self):
        return policy.visible_to(self.request.user, FundingRecord.objects.select_related("instrument", "period"))

    def get_serializer_class(self):
        return s.FundingRecordInputSerializer if self.action == "create" else s.FundingRecordSerializer

    def export_table(self, queryset, language: str) -> Table:
        period = self.request.query_params.get("period", "").strip()
        name = f"restrack-funding-{period.upper()}" if period else "restrack-funding"
        return funding_table(queryset, language=language, name=name)

    @extend_schema(
        summary="Record one instrument's figures for one period (coordinators, finance officers)",
        description=(
            "Creates the record (201) or updates it (200). Amounts omitted stay as they are; null means not "
            "reported. Changing the figures of a published period needs a `reason` (400 on `reason` otherwise). "
            "Errors are 400 naming the field: `instrument`, `period`, an amount, `reason`.\n\n"
            "Send the `version` you read (GET returns it; 0 when you read no record and mean to create it): if "
            "someone saved the record since, nothing is saved and the answer is 409 with `current_version` and who "
            "changed what (`changed_by`, `changed_at`, `changes`). Without `version` the figures are applied to the "
            "record as it is: of two first saves at the same moment one creates the record (201) and the other "
            "updates it (200)."
        ),
        request=s.FundingRecordInputSerializer,
        responses={
            201: s.FundingRecordSerializer,
            200: s.FundingRecordSerializer,
            **_errors(400, 401, 403),
            409: OpenApiResponse(
                ConflictSerializer, description="Saved by someone else since your `version`: nothing saved."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = s.FundingRecordInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        instrument, period = data.pop("instrument"), data.pop("period")
        amounts = {name: data[name] for name in AMOUNT_FIELDS if name in data}
        # The answer describes the version this save made: read in its transaction, while the row is
        # still locked, not after it commits (another save may follow at once, and a client carrying
        # on from that one's version would overwrite it without a conflict).
        with transaction.atomic():
            change = actions.record_funding_change(
                instrument,
                period,
                acting_user=request.user,
                note=data.get("note"),
                reason=data["reason"],
                version=data.get("version"),
                **amounts,
            )
            body = s.FundingRecordSerializer(
                self.get_queryset().get(pk=change.record.pk), context=self.get_serializer_context()
            ).data
        if change.kind != "new":  # created by this request only: a concurrent first save is an update
            return Response(body)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


# --- summary -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="A period's funding totals (anonymous: published periods only)",
        description=(
            "The totals of the records GET /api/v1/funding/records/?period=<label> lists, equal to the sums of their "
            "columns to the cent. Without `period`: the latest published period with funding figures."
        ),
        parameters=[OpenApiParameter("period", OpenApiTypes.STR, description="Reporting period label (2024-H2).")],
        responses={200: s.FundingSummarySerializer, **_errors(400, 404)},
    )
)
class FundingSummaryViewSet(LastModifiedMixin, viewsets.GenericViewSet):
    """A period's funding totals, added up from the funding summary (equal to
    restrack.funding.figures.summarize of its records). Last-Modified: the latest change of the
    records summed or of the period (its publication)."""

    schema = SingleObjectSchema()
    serializer_class = s.FundingSummarySerializer
    filter_backends: list = []
    pagination_class = None

    def list(self, request, *args, **kwargs):
        period = self._period(request.query_params.get("period"))
        # Who may read a period's records may read them all (the policy decides by the period), so
        # the period's summary rows add up to the same totals as its records, in one query.
        totals = summary_totals(FundingSummaryRow.objects.filter(period=period))
        records = FundingRecord.objects.filter(period=period)
        self._last_modified = latest(period.modified, records.aggregate(latest=Max("modified"))["latest"])
        return Response(
            s.FundingSummarySerializer({"period": period, "summary": totals.summary, "records": totals.records}).data
        )

    def last_modified(self):
        return getattr(self, "_last_modified", None)

    def _period(self, label):
        if label:
            try:
                return period_labelled(label, periods_with_visible_figures(self.request.user))
            except DjangoValidationError as error:
                if error.code == "no_period":  # or not published: the same answer, so drafts do not leak
                    raise Http404(" ".join(error.messages)) from None
                raise DjangoValidationError({"period": error.messages}) from None
        period = latest_published_period_with_figures()
        if period is None:
            raise Http404(_("No published period has funding figures yet."))
        return period


# --- the Urban Action Funding Window -------------------------------------------------------------


class WindowBookViewSet(
    LastModifiedMixin, ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The Urban Action Funding Window's books, public: a pooled fund (resolution 2/10) that receives
    contributions and allocates money to under-funded mandates. Coordinators and finance officers
    add to them."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, KeepsFunding]
    input_serializer: type
    record: staticmethod  # the action that writes one item: record_contribution or allocate_from_window

    def get_serializer_class(self):
        return self.input_serializer if self.action == "create" else self.serializer_class

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():  # the answer is the item as this request made it (see records' create)
            item = self.record(acting_user=request.user, **serializer.validated_data)
            body = self.serializer_class(
                self.get_queryset().get(pk=item.pk), context=self.get_serializer_context()
            ).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


@extend_schema_view(
    list=extend_schema(summary="Contributions received by the Urban Action Funding Window, oldest first"),
    retrieve=extend_schema(
        summary="A contribution to the window", responses={200: s.ContributionSerializer, **_errors(404)}
    ),
    create=extend_schema(
        summary="Record a contribution to the window (coordinators, finance officers)",
        description="A contribution in USD is worth its amount: `amount_usd` may be omitted. A transfer of a "
        "project balance needs `agreement_reference`.",
        request=s.ContributionSerializer,
        responses={201: s.ContributionSerializer, **_errors(400, 401, 403)},
    ),
)
class ContributionViewSet(WindowBookViewSet):
    serializer_class = s.ContributionSerializer
    input_serializer = s.ContributionSerializer
    queryset = WindowContribution.objects.all()
    filterset_class = ContributionFilterSet
    ordering_fields = ["received_on", "amount_usd", "donor"]
    record = staticmethod(actions.record_contribution)
    export_rows = "one row per contribution to the window"

    def export_table(self, queryset, language: str) -> Table:
        return contributions_table(queryset, language=language)


@extend_schema_view(
    list=extend_schema(summary="Allocations from the Urban Action Funding Window, oldest first"),
    retrieve=extend_schema(
        summary="An allocation from the window", responses={200: s.AllocationSerializer, **_errors(404)}
    ),
    create=extend_schema(
        summary="Allocate money from the window to an instrument or one of its operative paragraphs "
        "(coordinators, finance officers)",
        description="Refused (400, nothing recorded) when the amount exceeds what the window can spare on that "
        "day without being overdrawn then or at a later allocation; `detail` says how much it can.",
        request=s.AllocationInputSerializer,
        responses={201: s.AllocationSerializer, **_errors(400, 401, 403)},
    ),
)
class AllocationViewSet(WindowBookViewSet):
    serializer_class = s.AllocationSerializer
    input_serializer = s.AllocationInputSerializer
    queryset = WindowAllocation.objects.select_related("instrument", "paragraph")
    filterset_class = AllocationFilterSet
    ordering_fields = ["allocated_on", "amount_usd"]
    record = staticmethod(actions.allocate_from_window)
    export_rows = "one row per allocation from the window"

    def export_table(self, queryset, language: str) -> Table:
        return allocations_table(queryset, language=language)


@extend_schema_view(
    list=extend_schema(
        summary="The Urban Action Funding Window's ledger: every movement with the balance after it",
        responses={200: s.LedgerSerializer},
    )
)
class LedgerViewSet(LastModifiedMixin, viewsets.GenericViewSet):
    """The Urban Action Funding Window's contributions and allocations in date order with the
    balance after each, what the window holds today and what it can allocate today. Last-Modified:
    the latest change of a contribution or an allocation."""

    schema = SingleObjectSchema()
    serializer_class = s.LedgerSerializer
    filter_backends: list = []
    pagination_class = None

    def list(self, request, *args, **kwargs):
        lines = window_ledger(the_window())
        today = timezone.localdate()
        return Response(
            s.LedgerSerializer(
                {
                    "as_of": today,
                    "balance_usd": balance_on(lines, today),
                    "allocatable_usd": allocatable_on(lines, today),
                    "lines": [_ledger_line(line) for line in lines],
                }
            ).data
        )

    def last_modified(self):
        return latest(
            WindowContribution.objects.aggregate(latest=Max("modified"))["latest"],
            WindowAllocation.objects.aggregate(latest=Max("modified"))["latest"],
        )


def _ledger_line(line) -> dict:
    item = line.item
    if line.is_contribution:
        description = f"{item.donor} ({item.get_kind_display()})"
    else:
        funded = item.instrument.reference + (f", OP {item.paragraph.number}" if item.paragraph_id else "")
        description = f"{funded}: {item.purpose}" if item.purpose else funded
    return {
        "day": line.day,
        "movement": line.movement,
        "amount_usd": line.amount_usd,
        "balance_usd": line.balance_usd,
        "description": description,
        "contribution": item.pk if line.is_contribution else None,
        "allocation": None if line.is_contribution else item.pk,
    }


@extend_schema_view(
    list=extend_schema(
        summary="Funding figures per operative paragraph and period (anonymous: published periods only)"
    ),
    create=extend_schema(
        summary="Record one operative paragraph's figures for one period (the instrument's become their sum)",
        request=s.ParagraphFundingInputSerializer,
        responses={200: s.ParagraphFundingSerializer, 201: s.ParagraphFundingSerializer},
    ),
)
class ParagraphFundingViewSet(LastModifiedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The money of mandates: requirements and resources mobilized recorded per operative paragraph,
    with the gap per mandate. An instrument whose figures of a period are given per paragraph has
    their sum as its own figures."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, KeepsFunding]
    serializer_class = s.ParagraphFundingSerializer
    filterset_class = ParagraphFundingFilterSet
    queryset = ParagraphFunding.objects.none()  # for the schema; get_queryset filters by publication
    ordering_fields = ["id"]
    ordering = ["pk"]

    def get_queryset(self):
        return policy.visible_to(
            self.request.user, ParagraphFunding.objects.select_related("paragraph__instrument", "period")
        )

    def create(self, request, *args, **kwargs):
        given = s.ParagraphFundingInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        existed = ParagraphFunding.objects.filter(paragraph=data["paragraph"], period=data["period"]).exists()
        record = actions.record_paragraph_funding(
            data["paragraph"],
            data["period"],
            acting_user=request.user,
            note=data.get("note"),
            reason=data["reason"],
            **{name: data[name] for name in AMOUNT_FIELDS if name in data},
        )
        body = s.ParagraphFundingSerializer(self.get_queryset().get(pk=record.pk)).data
        return Response(body, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)
