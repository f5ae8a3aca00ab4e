"""The six-monthly reporting cycle through the API: periods (create, open, publish, remind) and
progress updates (read, save the draft, submit, return, approve).

Every write calls the cycle's actions (restrack.reporting.actions, .workflow, .drafting), which
check the role and the state exactly as for the web pages; their refusals become 400, 403 and 409
answers in restrack.core.api.exceptions. Updates are looked up among those the user may see
(restrack.accounts.policy), so an update someone may not see is 404 for every call.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.api.reporting import serializers as s
from restrack.core.api.exports import ExportMixin
from restrack.core.api.pagination import PeriodGroups
from restrack.core.api.serializers import ErrorSerializer
from restrack.core.api.views import LastModifiedMixin
from restrack.publish.models import PeriodActivity
from restrack.registry.actions import get_or_create_board_session
from restrack.registry.models import Partner
from restrack.reporting import actions
from restrack.reporting.actions import CommitmentDraft, EntryDraft, FootnoteDraft, save_draft
from restrack.reporting.choices import CommitmentState
from restrack.reporting.exports import (
    commitment_table,
    commitments_with_details,
    entries_with_details,
    update_table,
)
from restrack.reporting.filtersets import (
    CommitmentFilterSet,
    PeriodFilterSet,
    StatusHistoryFilterSet,
    UpdateFilterSet,
)
from restrack.reporting.history import status_history, status_history_table
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod
from restrack.reporting.selectors import visible_commitments


def _errors(*codes: int) -> dict:
    described = {
        400: OpenApiResponse(
            ErrorSerializer,
            description="Refused: the state does not allow it, or the request is incomplete; `detail` says why.",
        ),
        401: OpenApiResponse(ErrorSerializer, description="Not signed in (send `Authorization: Token ...`)."),
        403: OpenApiResponse(ErrorSerializer, description="Your role does not allow it."),
        404: OpenApiResponse(ErrorSerializer, description="No such item among those you may see."),
        409: OpenApiResponse(s.StaleErrorSerializer, description="Saved by someone else since your version."),
    }
    return {code: described[code] for code in codes}


@extend_schema_view(
    list=extend_schema(summary="Reporting periods (anonymous: published ones), newest first"),
    retrieve=extend_schema(summary="A reporting period", responses={200: s.PeriodSerializer, **_errors(404)}),
)
class PeriodViewSet(LastModifiedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Six-monthly reporting periods (2025-H1) and the coordinator's steps on them. Anonymous
    callers see published periods only, as on the public tracker."""

    queryset = ReportingPeriod.objects.select_related("board_session")
    serializer_class = s.PeriodSerializer
    lookup_field = "label"
    lookup_value_regex = r"\d{4}-[Hh][12]"
    filterset_class = PeriodFilterSet
    ordering_fields = ["start_date"]
    ordering = ["-start_date"]

    def get_queryset(self):
        return policy.visible_to(self.request.user, super().get_queryset())

    def get_serializer_class(self):
        return s.PeriodCreateSerializer if self.action == "create" else s.PeriodSerializer

    def paginate_queryset(self, queryset):
        """The page's periods, with how many updates the caller may see are in each state counted
        for the whole page in one query (the serializer would otherwise count per period)."""
        page = super().paginate_queryset(queryset)
        periods = page if page is not None else list(queryset)
        self.update_counts = s.update_counts(self.request.user, periods)
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "update_counts"):
            context["update_counts"] = self.update_counts
        return context

    def get_object(self) -> ReportingPeriod:
        period = get_object_or_404(self.get_queryset(), label=self.kwargs["label"].upper())
        self.check_object_permissions(self.request, period)
        return period

    def _described(self, period: ReportingPeriod) -> dict:
        period = self.get_queryset().get(pk=period.pk)
        return s.PeriodSerializer(period, context=self.get_serializer_context()).data

    @extend_schema(
        summary="Create a reporting period (coordinators)",
        request=s.PeriodCreateSerializer,
        responses={201: s.PeriodSerializer, **_errors(400, 401, 403)},
    )
    def create(self, request, *args, **kwargs):
        policy.require(request.user, Ability.CREATE_PERIOD)
        serializer = s.PeriodCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = {}
        if data.get("input_deadline"):
            fields["input_deadline"] = data["input_deadline"]
        with transaction.atomic():  # a refused period leaves no Board session behind
            if data.get("board_session"):
                year, order = (int(part) for part in data["board_session"].split("-"))
                fields["board_session"] = get_or_create_board_session(
                    year, order, acting_user=request.user, reason=f"Reported to by {data['label']}"
                )
            period = actions.create_reporting_period(data["label"], acting_user=request.user, **fields)
        body = self._described(period)
        headers = {"Location": request.build_absolute_uri(f"{request.path.rstrip('/')}/{period.label}/")}
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    @extend_schema(
        summary="Change a period's introduction or input deadline (coordinators)",
        description=(
            "Send the `version` you read (GET returns it) and what changes: `introduction` per language (the "
            "languages given are replaced, the others kept), `input_deadline`. The introduction opens the Executive "
            "Director's report. If the period changed since your version the answer is 409 with `current_version`: "
            "nothing was saved."
        ),
        request=s.PeriodEditSerializer,
        responses={200: s.PeriodSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def partial_update(self, request, label=None, **kwargs):
        period = self.get_object()
        serializer = s.PeriodEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version, reason = data.pop("version"), data.pop("reason", "")
        period = actions.update_reporting_period(
            period, acting_user=request.user, reason=reason, version=version, **data
        )
        return Response(self._described(period))

    @extend_schema(
        summary="Open the period for inputs (coordinators): a draft per active instrument",
        request=None,
        responses={200: s.PeriodOpenedSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def open(self, request, label=None, **kwargs):
        period = self.get_object()
        drafts = actions.open_period(period, acting_user=request.user)
        return Response({"period": self._described(period), "drafts": len(drafts)})

    @extend_schema(
        summary="Publish the period's approved updates and freeze it (coordinators)",
        request=None,
        responses={200: s.PeriodPublishedSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, label=None, **kwargs):
        period = self.get_object()
        published = actions.publish_period(period, acting_user=request.user)
        return Response({"period": self._described(period), "published": len(published)})

    @extend_schema(
        summary="E-mail the focal points of updates not yet submitted (coordinators)",
        request=None,
        responses={200: s.PeriodRemindedSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def remind(self, request, label=None, **kwargs):
        period = self.get_object()
        people = actions.send_reminders(period, acting_user=request.user)
        return Response({"period": self._described(period), "reminded": people})

    def _introduction_step(self, request, step, arguments):
        period = self.get_object()
        serializer = s.IntroductionStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        period = step(period, acting_user=request.user, version=data.get("version"), **arguments(data))
        return Response(self._described(period))

    @extend_schema(
        summary="Submit the period's introduction for review (coordinators)",
        request=s.IntroductionStepSerializer,
        responses={200: s.PeriodSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="introduction/submit", url_name="introduction-submit")
    def submit_introduction(self, request, label=None, **kwargs):
        return self._introduction_step(request, actions.submit_introduction, lambda data: {})

    @extend_schema(
        summary="Return the submitted introduction with a comment (reviewers)",
        request=s.IntroductionStepSerializer,
        responses={200: s.PeriodSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="introduction/return", url_name="introduction-return")
    def return_introduction(self, request, label=None, **kwargs):
        return self._introduction_step(request, actions.return_introduction, lambda data: {"comment": data["comment"]})

    @extend_schema(
        summary="Approve the submitted introduction (reviewers)",
        request=s.IntroductionStepSerializer,
        responses={200: s.PeriodSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="introduction/approve", url_name="introduction-approve")
    def approve_introduction(self, request, label=None, **kwargs):
        return self._introduction_step(request, actions.approve_introduction, lambda data: {})


class _KeptGroups(PeriodGroups):
    """The public's numbers of rows per period as publish.PeriodActivity keeps them (`kept`: which
    of its counts), instead of counting every published row on each request."""

    def __init__(self, kept: str):
        super().__init__()
        self.kept = kept

    def counts(self, queryset):
        return dict(PeriodActivity.objects.filter(**{f"{self.kept}__gt": 0}).values_list("period_id", self.kept))


UPDATE_GROUPS, PUBLISHED_UPDATE_GROUPS = PeriodGroups(), _KeptGroups("updates")
PUBLISHED_STATUS_GROUPS = _KeptGroups("statuses")


def public_groups(request, filterset_class, kept: PeriodGroups) -> PeriodGroups:
    """`kept` for an anonymous caller's unfiltered list (which the kept numbers count), else the
    numbers counted on the request's rows (UPDATE_GROUPS)."""
    if (
        request is not None
        and policy.audience_of(request.user) == policy.ANONYMOUS
        and not any(name in request.query_params for name in filterset_class.base_filters)
    ):
        return kept
    return UPDATE_GROUPS


@extend_schema_view(
    list=extend_schema(summary="Progress updates you may see (anonymous: published ones)"),
    retrieve=extend_schema(
        summary="A progress update with its paragraphs", responses={200: s.UpdateDetailSerializer, **_errors(404)}
    ),
)
class UpdateViewSet(
    LastModifiedMixin, ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Progress updates: one per instrument and period, drafted by the instrument's focal points,
    reviewed, and published with the period. Anonymous callers see published updates; signed-in
    users as their role allows (restrack.accounts.policy)."""

    http_method_names = ["get", "put", "post", "head", "options"]
    filterset_class = UpdateFilterSet
    ordering_fields = ["period", "instrument", "modified"]
    # "instrument": the report order each update stores (ProgressUpdate.instrument_order), so that
    # a period's page is a walk of one index with a LIMIT.
    ordering_columns = {"period": ["period__start_date"], "instrument": ["instrument_order"]}
    ordering = ["-period", "instrument", "pk"]
    queryset = ProgressUpdate.objects.none()  # for the schema; get_queryset filters by visibility

    @property
    def page_groups(self):
        """Paged period by period (restrack.core.api.pagination); the public's whole list with the
        numbers of published updates each period keeps (publish.PeriodActivity) instead of
        counting every published update on each request."""
        return public_groups(getattr(self, "request", None), UpdateFilterSet, PUBLISHED_UPDATE_GROUPS)

    def get_queryset(self):
        queryset = ProgressUpdate.objects.select_related(
            "period", "instrument", "source_document", "author", "reviewer"
        )
        if self.action not in ("list", "export"):  # the export's table fetches the paragraphs itself
            queryset = queryset.prefetch_related(Prefetch("entries", queryset=entries_with_details()))
        return policy.visible_to(self.request.user, queryset)

    export_rows = "one row per paragraph of the updates listed"

    def export_table(self, queryset, language: str):
        return update_table(queryset, language=language)

    def get_serializer_class(self):
        return {
            "list": s.UpdateSerializer,
            "update": s.UpdateSaveSerializer,
            "return_": s.ReturnSerializer,
        }.get(self.action, s.UpdateDetailSerializer)

    def _described(self, update: ProgressUpdate, serializer=s.UpdateDetailSerializer, **context) -> dict:
        fresh = self.get_queryset().get(pk=update.pk)
        return serializer(fresh, context={**self.get_serializer_context(), **context}).data

    @extend_schema(
        summary="Save the draft (its focal points and coordinators)",
        description=(
            "Send the draft with the `version` you started from (GET returns it). Parts left out stay as they "
            "are; `entries`, when given, is the complete ordered list of paragraphs: give `id` for an existing "
            "paragraph, leave it out for a new one, and paragraphs not listed are deleted. In `text` and "
            "`summary` the languages given are replaced and the others kept. Partners are named by their code. "
            "If someone saved since your version the answer is 409 with `current_version`: nothing was saved."
        ),
        request=s.UpdateSaveSerializer,
        responses={200: s.UpdateSavedSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def update(self, request, pk=None, **kwargs):
        update = self.get_object()
        policy.require(request.user, Ability.DRAFT_UPDATE, update)
        serializer = s.UpdateSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = data.get("entries")
        # The answer describes the version this save made: read in its transaction, while the row is
        # still locked, not after it commits (another save may follow at once, and a client carrying
        # on from that one's version would overwrite it without a conflict).
        with transaction.atomic():
            result = save_draft(
                update,
                version=data["version"],
                acting_user=request.user,
                status=data.get("status"),
                summary=data.get("summary"),
                entries=None if entries is None else _entry_drafts(entries),
                commitments=None if data.get("commitments") is None else _commitment_drafts(data["commitments"]),
                comment=data.get("comment", ""),
            )
            return Response(self._described(result.update, s.UpdateSavedSerializer, changed=result.changed))

    @extend_schema(
        summary="Submit the draft for review (its focal points and coordinators)",
        request=None,
        responses={200: s.UpdateDetailSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        update = actions.submit_update(self.get_object(), acting_user=request.user)
        return Response(self._described(update))

    @extend_schema(
        summary="Return the submitted update to its focal points with comments (reviewers)",
        request=s.ReturnSerializer,
        responses={200: s.UpdateDetailSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None, **kwargs):
        update = self.get_object()
        serializer = s.ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = actions.return_update(
            update,
            comment=serializer.validated_data["comment"],
            acting_user=request.user,
            paragraph_comments=serializer.validated_data["paragraph_comments"],
        )
        return Response(self._described(update))

    @extend_schema(
        summary="Approve the submitted update (reviewers)",
        request=None,
        responses={200: s.UpdateDetailSerializer, **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        update = actions.approve_update(self.get_object(), acting_user=request.user)
        return Response(self._described(update))


def _entry_drafts(entries: list[dict]) -> list[EntryDraft]:
    """The request's paragraphs as save_draft takes them, partner codes resolved to partners."""
    codes = {code for entry in entries for code in entry.get("partners") or ()}
    by_code = {partner.code: partner.pk for partner in Partner.objects.filter(code__in=codes)}
    if codes - set(by_code):
        by_lower = {partner.code.lower(): partner.pk for partner in Partner.objects.all()}
        by_code.update({code: by_lower[code.lower()] for code in codes - set(by_code) if code.lower() in by_lower})
    drafts = []
    for position, entry in enumerate(entries, start=1):
        partners = entry.get("partners")
        if partners is not None:
            unknown = [code for code in partners if code not in by_code]
            if unknown:
                raise DjangoValidationError(
                    _(
                        "Paragraph %(position)s: there is no partner %(code)r; name partners by their code (UNICEF, "
                        "UNODC)."
                    )
                    % {"position": position, "code": unknown[0]}
                )
            partners = [by_code[code] for code in partners]
        drafts.append(
            EntryDraft(
                text=entry.get("text") or {},
                id=entry.get("id"),
                operative_paragraphs=entry.get("operative_paragraphs"),
                partners=partners,
                funding_constraint=entry.get("funding_constraint"),
                confirmed=bool(entry.get("confirmed")),
                key=entry.get("key") or "",
                footnotes=None
                if entry.get("footnotes") is None
                else [
                    FootnoteDraft(text=note.get("text") or {}, anchor=note.get("anchor") or {}, id=note.get("id"))
                    for note in entry["footnotes"]
                ],
            )
        )
    return drafts


def _paragraph_reference(value):
    """A paragraph's id (digits) or a new paragraph's key, as save_draft takes them."""
    if value in (None, ""):
        return None
    return int(value) if str(value).isdigit() else str(value)


def _commitment_drafts(commitments: list[dict]) -> list[CommitmentDraft]:
    return [
        CommitmentDraft(
            id=item.get("id"),
            description=item.get("description") or {},
            due=item["due"],
            state=item.get("state") or CommitmentState.PENDING,
            recurrence=item.get("recurrence"),
            promised_in=_paragraph_reference(item.get("promised_in")),
            delivered_in=_paragraph_reference(item.get("delivered_in")),
        )
        for item in commitments
    ]


@extend_schema_view(
    list=extend_schema(summary="Commitments the reports made (anonymous: those of published updates), by due date"),
    retrieve=extend_schema(summary="A commitment", responses={200: s.CommitmentSerializer, **_errors(404)}),
)
class CommitmentViewSet(
    LastModifiedMixin, ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Actions the progress reports promised, with the date they were promised for and whether they
    were delivered. A commitment promised in an update is visible to those who may see the update
    (anonymous callers: published ones); one recorded without a paragraph is visible to all."""

    filterset_class = CommitmentFilterSet
    ordering_fields = ["due_date", "modified"]
    ordering = ["due_date", "pk"]
    queryset = Commitment.objects.none()  # for the schema; get_queryset filters by visibility

    def get_queryset(self):
        user = self.request.user
        # A list marks its page's rows itself (paginate_queryset): the delivery's subquery would
        # otherwise keep its join in the count of every matching commitment.
        delivery = self.action != "list" or getattr(self.paginator, "default_limit", None) is None
        commitments = commitments_with_details(Commitment.objects.all())
        if policy.audience_of(user) != policy.ANONYMOUS:
            return visible_commitments(user, commitments, delivery=delivery)
        # The public's: the stored flag says what the policy's rule does (Commitment.public), so
        # the list is a range of an index in its order instead of joins through every update.
        public = commitments.filter(public=True)
        if not delivery:
            return public
        updates = policy.public(ProgressUpdate.objects.filter(pk=OuterRef("delivered_in__update_id")))
        return public.annotate(delivery_visible=Exists(updates))

    def paginate_queryset(self, queryset):
        """The page's commitments, each marked `delivery_visible` (may the caller read the update
        whose paragraph reports the delivery?) in one query for the page."""
        page = super().paginate_queryset(queryset)
        if page is None:  # not paged: get_queryset annotated every row
            return None
        rows = page
        delivering = {row.delivered_in.update_id for row in rows if row.delivered_in_id is not None}
        readable = policy.visible_to(self.request.user, ProgressUpdate.objects.filter(pk__in=delivering).order_by())
        readable = set(readable.values_list("pk", flat=True)) if delivering else set()
        for row in rows:
            row.delivery_visible = row.delivered_in_id is not None and row.delivered_in.update_id in readable
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_serializer_class(self):
        return s.CommitmentSerializer

    export_rows = "one row per commitment"

    def export_table(self, queryset, language: str):
        return commitment_table(queryset, language=language)


class StatusHistoryViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each instrument's implementation status period by period (oldest period first): one row per
    update that states a status (published ones for anonymous callers), with the previous period's status, whether it
    changed, where it came from (assessed in the cycle, or derived from an imported report's text)
    and the report's sentences it rests on. `?instrument=resolution-2-6` gives one instrument's
    history; `?changed=true` only the changes."""

    filterset_class = StatusHistoryFilterSet
    ordering_fields = ["period", "instrument"]
    # Oldest period first, each in the report order each update stores: paged period by period
    # (PeriodGroups) over the index of (period, report order), as the updates' list is; the
    # public's whole list with the numbers of published statuses each period keeps.
    ordering_columns = {"period": ["period__start_date"], "instrument": ["instrument_order"]}
    ordering = ["period", "instrument", "pk"]

    @property
    def page_groups(self):
        return public_groups(getattr(self, "request", None), StatusHistoryFilterSet, PUBLISHED_STATUS_GROUPS)

    queryset = ProgressUpdate.objects.none()  # for the schema; get_queryset filters by visibility

    def get_queryset(self):
        return status_history(self.request.user)

    def get_serializer_class(self):
        return s.StatusHistorySerializer

    export_rows = "one row per instrument and period that states a status"

    def export_table(self, queryset, language: str):
        return status_history_table(queryset, language=language)
