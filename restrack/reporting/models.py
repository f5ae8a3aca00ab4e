"""The six-monthly reporting cycle: periods, the progress update for each instrument and period,
its ordered paragraphs (entries), and the commitments those paragraphs announce."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from restrack.core.concurrency import Versioned
from restrack.core.models import TimeStampedModel
from restrack.core.partial_dates import DatePrecision, PartialDate
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import (
    Document,
    Instrument,
    OperativeParagraph,
    Partner,
    Session,
    instrument_order_key,
    instrument_order_of,
)
from restrack.reporting.choices import (
    CommitmentState,
    IntroductionState,
    PeriodState,
    Recurrence,
    StatusSource,
    WorkflowState,
)
from restrack.reporting.periods import parse_period_label


class ReportingPeriod(Versioned, TimeStampedModel):
    label = models.CharField(_("label"), max_length=7, unique=True, help_text=_("2024-H1 or 2024-H2."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    input_deadline = models.DateField(_("deadline for inputs"), null=True, blank=True)
    board_session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_periods",
        verbose_name=_("Executive Board session reported to"),
    )
    state = models.CharField(_("state"), max_length=20, choices=PeriodState.choices, default=PeriodState.PLANNED)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The report's introductory paragraphs, separated by blank lines."),
    )
    # The report's last chapter, when it has one (conclusions, action by the Board): its title and
    # paragraphs. Reviewed with the introduction.
    closing_title = models.CharField(
        _("closing chapter's title"),
        max_length=300,
        blank=True,
        help_text=_("Its heading, such as “Action by the Executive Board”; “Conclusions” when left empty."),
    )
    closing = models.TextField(
        _("closing chapter"),
        blank=True,
        help_text=_("The paragraphs of the report's last chapter, separated by blank lines."),
    )
    # Reviewed like an update (restrack.reporting.actions.introduction): an edit of an approved
    # or submitted introduction makes it a draft again; an imported one is the issued text.
    introduction_state = models.CharField(
        _("introduction's state"), max_length=20, choices=IntroductionState.choices, default=IntroductionState.DRAFT
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        try:
            label = parse_period_label(self.label)
        except ValidationError as error:
            raise ValidationError({"label": error.messages}) from error
        self.label = str(label)
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The period cannot end before it starts.")
        if self.board_session_id and not self.board_session.body.sessions_numbered_by_year:
            errors["board_session"] = _("Periods report to a session of the Executive Board.")
        if errors:
            raise ValidationError(errors)


class ProgressUpdate(TimeStampedModel):
    """What was done on one instrument in one reporting period."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="updates", verbose_name=_("instrument")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="updates", verbose_name=_("period")
    )
    status = models.CharField(
        _("implementation status"), max_length=30, choices=ImplementationStatus.choices, blank=True
    )
    workflow_state = models.CharField(
        _("workflow state"), max_length=20, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    # Where `status` comes from and why (restrack.reading.status): chosen by `status_assessed_by`,
    # or derived from an imported report's text; its evidence is the sentences that justify it,
    # per language ({"zh-hans": ["…"]}). The proposal is what the paragraphs suggest now, shown to
    # whoever edits the update; it becomes the status only when they accept it.
    status_source = models.CharField(
        _("status from"), max_length=20, choices=StatusSource.choices, blank=True, default=""
    )
    status_evidence = models.JSONField(_("evidence of the status"), default=dict, blank=True)
    status_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status assessed by"),
    )
    status_assessed_at = models.DateTimeField(_("status assessed at"), null=True, blank=True)
    proposed_status = models.CharField(
        _("status the text suggests"), max_length=30, choices=ImplementationStatus.choices, blank=True
    )
    proposed_evidence = models.JSONField(_("evidence of the proposal"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_updates",
        verbose_name=_("author"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_updates",
        verbose_name=_("reviewer"),
    )
    source_document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("source document"),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save; a stale save is refused.")
    )
    # The instrument's place in the report order (registry.models.instrument_order_key), so that a
    # period's updates in that order are a walk of the progress_update_period_order index with a
    # LIMIT instead of a sort of the period's updates joined to their instruments. Written when the
    # update is created; rewritten when its instrument or session moves (listing_place_changed) and
    # by fill_update_order() after writes in bulk. Not in the field history: nobody edits it.
    instrument_order = models.CharField(_("report order"), max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-period__start_date", "instrument"]
        indexes = [
            # The API counts a list's updates per period among those the reader may see (by state)
            # from this index alone (restrack.core.api.pagination.PeriodGroups).
            models.Index(fields=["period", "workflow_state"], name="progress_update_period_state"),
            # And lists a period's updates in the report order from this one.
            models.Index(fields=["period", "instrument_order", "id"], name="progress_update_period_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "period"],
                name="progress_update_one_per_instrument_and_period",
                violation_error_message=_("This instrument already has an update for this period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} — {self.period}"

    @classmethod
    def from_db(cls, db, field_names, values):
        update = super().from_db(db, field_names, values)
        # The state as read, so that a save knows whether the publication changed (Commitment.public).
        update._loaded_state = update.__dict__.get("workflow_state")
        update._remember_stored()
        return update

    # The fields as the database has them, while this object was the last to read or write them:
    # the apps above that keep counts of updates (publish's comparison of periods) compare a save
    # with them instead of reading the row again.
    AS_STORED = ("instrument_id", "period_id", "status", "workflow_state")

    def _remember_stored(self) -> None:
        values = self.__dict__
        self._as_stored = (
            {field: values[field] for field in self.AS_STORED} if all(f in values for f in self.AS_STORED) else None
        )

    def as_stored(self) -> dict | None:
        """AS_STORED's values as last read or saved by this object (None if some were not loaded)."""
        return getattr(self, "_as_stored", None)

    def save(self, *args, **kwargs):
        adding, loaded = self._state.adding, getattr(self, "_loaded_state", None)
        if adding and not self.instrument_order:
            cached = self._state.fields_cache.get("instrument")
            known = instrument_order_of(cached) if cached is not None and cached.pk == self.instrument_id else None
            self.instrument_order = (
                known
                if known is not None
                else Instrument.objects.filter(pk=self.instrument_id)
                .values_list(instrument_order_key(), flat=True)
                .first()
                or ""
            )
        super().save(*args, **kwargs)
        self._remember_stored()
        update_fields = kwargs.get("update_fields")
        if "workflow_state" not in self.__dict__ or (
            update_fields is not None and "workflow_state" not in update_fields
        ):
            return  # the state was not saved
        public = promise_is_public(self.workflow_state)
        self._loaded_state = self.workflow_state
        # A new update has no paragraphs yet; one read before knows the state it had; one made
        # otherwise (with the id of a stored update) rewrites its commitments' flag to be sure.
        if adding or (loaded is not None and promise_is_public(loaded) == public):
            return
        Commitment.objects.filter(promised_in__update=self).exclude(public=public).update(public=public)


def fill_update_order(updates: models.QuerySet | None = None) -> int:
    """Rewrite the report order `updates` store (every update by default: after writes in bulk,
    which call no save) from their instruments, in one UPDATE; how many."""
    updates = ProgressUpdate.objects.all() if updates is None else updates
    key = Instrument.objects.filter(pk=models.OuterRef("instrument_id")).values_list(instrument_order_key())[:1]
    return updates.order_by().update(instrument_order=models.Subquery(key))


def follow_listing_place(sender, instruments, **kwargs) -> None:
    """registry.models.listing_place_changed: the moved instruments' updates take their new place."""
    fill_update_order(ProgressUpdate.objects.filter(instrument__in=instruments))


class UpdateEntry(TimeStampedModel):
    """One paragraph of a progress update."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="entries", verbose_name=_("update")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), blank=True)
    operative_paragraphs = models.ManyToManyField(
        OperativeParagraph,
        blank=True,
        related_name="entries",
        verbose_name=_("operative paragraphs reported on"),
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="entries", verbose_name=_("partners"))
    funding_constraint = models.BooleanField(
        _("reports a funding constraint"),
        default=False,
        help_text=_("The paragraph says that lack of funds limits implementation."),
    )
    carried_over = models.BooleanField(
        _("carried over"), default=False, help_text=_("Copied from the previous period, not yet edited.")
    )
    source_document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("source document"),
    )
    source_paragraph = models.PositiveIntegerField(_("paragraph number in the source document"), null=True, blank=True)
    facts = models.JSONField(
        _("facts stated"),
        default=dict,
        blank=True,
        help_text=_("Dates and amounts the text states, per language, read when it was saved."),
    )

    class Meta:
        verbose_name = _("update entry")
        verbose_name_plural = _("update entries")
        ordering = ["update", "position"]

    def __str__(self) -> str:
        return f"{self.update}, paragraph {self.position}"


class EntryFootnote(TimeStampedModel):
    """A footnote of one paragraph: its text (per language) and where its marker stands in the
    paragraph's text of the same language. Reports number footnotes through the whole document,
    so the number is not stored; `position` orders the footnotes of one paragraph."""

    entry = models.ForeignKey(
        UpdateEntry, on_delete=models.CASCADE, related_name="footnotes", verbose_name=_("paragraph")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), help_text=_("A source, a link or a document symbol: HSP/EB.2023/23."))
    anchor = models.PositiveIntegerField(
        _("marker position"),
        null=True,
        blank=True,
        help_text=_("How many characters of the paragraph's text come before the marker; empty: at its end."),
    )

    class Meta:
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        ordering = ["entry", "position"]

    def __str__(self) -> str:
        return f"{self.entry}, footnote {self.position}"


def unlink_promise(collector, field, sub_objs, using):
    """`promised_in`'s on_delete: SET_NULL, and a commitment no paragraph promised is public
    (restrack.accounts.policy), so its stored `public` flag becomes true with it."""
    # The flag first: `sub_objs` is a lazy queryset of the commitments promised in the deleted
    # paragraphs, and it finds none once their link is emptied (the updates run in this order).
    collector.add_field_update(field.model._meta.get_field("public"), True, sub_objs)
    collector.add_field_update(field, None, sub_objs)


unlink_promise.lazy_sub_objs = True  # as SET_NULL's: the commitments are not fetched to be updated


def promise_is_public(update_state: str | None) -> bool:
    """Whether the public may read a commitment promised in an update in `update_state` (None: no
    paragraph promised it), by the access policy's rule for commitments."""
    from restrack.accounts import policy  # not at import time: the policy reads the app registry

    states = policy.readable_states(None, "reporting.progressupdate")
    return update_state is None or states is None or update_state in states


def overdue_commitments(today=None) -> models.Q:
    """What makes a commitment overdue, for querysets: pending, promised once (a recurring date
    comes back), and due before `today`. Commitment.is_overdue says the same of one commitment."""
    return models.Q(
        state=CommitmentState.PENDING, recurrence=Recurrence.ONCE, due_date__lt=today or timezone.localdate()
    )


class Commitment(TimeStampedModel):
    """An action a report promised, with the date it was promised for.

    `public` stores what the access policy decides for the public (no paragraph promised it, or
    the update whose paragraph did is published), so that the public's lists are a range of an
    index instead of joins through every paragraph and update. It is kept by the model: a
    commitment's save reads it from its paragraph's update, an update's save whose publication
    changes rewrites its commitments' (ProgressUpdate.save), and a deleted paragraph unlinks its
    commitments (unlink_promise). Writes in bulk (queryset.update, bulk_create) bypass all three:
    `refresh_public_commitments()` recomputes every flag after them."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("instrument")
    )
    description = models.TextField(_("description"))
    due_date = models.DateField(
        _("due by"), help_text=_("The last day of the stated window (end of the month, quarter, year).")
    )
    due_precision = models.CharField(
        _("precision of the due date"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CommitmentState.choices, default=CommitmentState.PENDING
    )
    recurrence = models.CharField(
        _("recurs"),
        max_length=10,
        choices=Recurrence.choices,
        default=Recurrence.ONCE,
        blank=True,
        help_text=_("A date that comes back every year is never overdue; its due date is one occurrence."),
    )
    promised_in = models.ForeignKey(
        UpdateEntry,
        on_delete=unlink_promise,
        null=True,
        blank=True,
        related_name="commitments_made",
        verbose_name=_("promised in"),
    )
    delivered_in = models.ForeignKey(
        UpdateEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_delivered",
        verbose_name=_("delivery reported in"),
    )
    public = models.BooleanField(
        _("public"),
        default=True,
        editable=False,
        help_text=_("Anyone may read it: no paragraph promised it, or the update that did is published."),
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]
        indexes = [
            # The public pages count the commitments pending past their due date: a range of this
            # index instead of a scan of every commitment.
            models.Index(fields=["state", "due_date"], name="commitment_state_due"),
            # The public's overdue commitments and their instruments, counted on the dashboard
            # (overdue_commitments, public): a range of this index, read from the index alone.
            models.Index(
                fields=["state", "recurrence", "due_date", "public", "instrument", "id"], name="commitment_overdue"
            ),
            # The API's list in its order (due date, id), for everyone and for the public: a page
            # is a walk of an index, its count a range of one, whatever the number of commitments.
            models.Index(fields=["due_date", "id"], name="commitment_due"),
            models.Index(fields=["public", "due_date", "id"], name="commitment_public_due"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: due {self.due}"

    def save(self, *args, **kwargs):
        self.public = promise_is_public(self._promising_update_state())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "promised_in" in update_fields:
            kwargs["update_fields"] = {*update_fields, "public"}
        super().save(*args, **kwargs)

    def _promising_update_state(self) -> str | None:
        """The workflow state of the update whose paragraph promised it (None: none did), from
        the paragraph in hand when it is, else one query."""
        if self.promised_in_id is None:
            return None
        entry = self._state.fields_cache.get("promised_in")
        if entry is not None and entry.pk == self.promised_in_id and "update" in entry._state.fields_cache:
            return entry.update.workflow_state
        return (
            ProgressUpdate.objects.filter(entries=self.promised_in_id).values_list("workflow_state", flat=True).first()
        )

    @property
    def due(self) -> PartialDate:
        return PartialDate(self.due_date, self.due_precision)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.state == CommitmentState.PENDING and not self.recurrence and self.due_date < today

    def clean(self) -> None:
        errors = {}
        for field in ("promised_in", "delivered_in"):
            entry = getattr(self, field)
            if entry is not None and entry.update.instrument_id != self.instrument_id:
                errors[field] = _("The paragraph reports on another instrument.")
        if self.state == CommitmentState.DELIVERED and self.delivered_in_id is None:
            errors["delivered_in"] = _("Say which paragraph reports the delivery.")
        if errors:
            raise ValidationError(errors)


class ReviewComment(models.Model):
    """A reviewer's remark on one paragraph, made when returning an update; the focal point sees
    it next to that paragraph while revising."""

    event = models.ForeignKey(
        "core.Event", on_delete=models.CASCADE, related_name="paragraph_comments", verbose_name=_("return")
    )
    entry = models.ForeignKey(
        UpdateEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_comments",
        verbose_name=_("paragraph"),
    )
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class UpdateVersion(models.Model):
    """The whole of an update (status, summary, paragraphs with their links) as it stood at one
    version number. Field history records each row; this records what the rows said together, so
    that versions can be compared side by side and restored."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("update")
    )
    version = models.PositiveIntegerField(_("version"))
    workflow_state = models.CharField(_("workflow state"), max_length=20, choices=WorkflowState.choices)
    snapshot = models.JSONField(_("content"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="update_versions", verbose_name=_("saved by")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    event = models.ForeignKey(
        "core.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="update_versions",
        verbose_name=_("made by"),
        help_text=_("The save, step or import that made this version (none for a version recorded as found)."),
    )
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("update version")
        verbose_name_plural = _("update versions")
        ordering = ["update", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "version"],
                name="update_version_unique",
                violation_error_message=_("This version of the update is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.update}, version {self.version}"


def refresh_public_commitments() -> int:
    """Recompute every commitment's `public` flag (after writes in bulk, which bypass the models'
    saves); the number of flags changed. Two UPDATEs, whatever the number of commitments."""
    public_states = [state for state in WorkflowState.values if promise_is_public(state)]
    promised_publicly = ProgressUpdate.objects.filter(entries=models.OuterRef("promised_in_id"))
    promised_publicly = promised_publicly.filter(workflow_state__in=public_states)
    visible = models.Q(promised_in__isnull=True) | models.Exists(promised_publicly)
    made_public = Commitment.objects.filter(visible, public=False).update(public=True)
    return made_public + Commitment.objects.filter(~visible, public=True).update(public=False)
