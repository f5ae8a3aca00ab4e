"""Funding figures per reporting period: the overview of periods, one period's sheet (every
instrument's figures edited together and saved all or nothing), and one record's history.

Every write goes through `record_funding_sheet`; a refusal comes back as one error per row and
column, which the sheet puts next to the cell it concerns. Each page reads a fixed number of
queries however many instruments there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from restrack.funding.actions import FundingRow, FundingSheetError, record_funding_sheet
from restrack.funding.figures import FundingFigures, summarize
from restrack.funding.forms import FundingRowForm, ReasonForm, mark_invalid
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord
from restrack.funding.views.access import FundingEditorRequiredMixin
from restrack.registry.models import Instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.selectors import period_or_404


class FundingOverviewView(FundingEditorRequiredMixin, TemplateView):
    """Every reporting period, newest first, with its funding totals and whether they are public."""

    template_name = "funding/overview.html"

    def get_context_data(self, **kwargs):
        figures_by_period = defaultdict(list)
        for record in FundingRecord.objects.all():
            figures_by_period[record.period_id].append(FundingFigures.from_record(record))
        periods = ReportingPeriod.objects.order_by("-start_date")
        return {
            **super().get_context_data(**kwargs),
            "rows": [(period, summarize(figures_by_period[period.pk])) for period in periods],
        }


def instrument_rows(period: ReportingPeriod, data=None) -> list[FundingRowForm]:
    """A row form for every instrument of the registry, in session order, with its saved record."""
    records = {record.instrument_id: record for record in FundingRecord.objects.filter(period=period)}
    return [
        FundingRowForm(data, instrument=instrument, record=records.get(instrument.pk))
        for instrument in Instrument.objects.all()
    ]


@dataclass(frozen=True)
class CellError:
    """One refusal of the sheet, for the summary at the top: which instrument and column, linked
    to the row."""

    form: FundingRowForm | None
    field: str
    message: str
    conflict: bool = False

    @property
    def column(self) -> str:
        if self.form is not None and self.field in self.form.fields:
            return str(self.form.fields[self.field].label)
        return ""


class FundingSheetView(FundingEditorRequiredMixin, View):
    template_name = "funding/sheet.html"

    def get(self, request, label):
        period = period_or_404(label)
        return self.render(request, period, instrument_rows(period), self.reason_form(period))

    def post(self, request, label):
        period = period_or_404(label)
        rows = instrument_rows(period, request.POST)
        reason_form = self.reason_form(period, request.POST)
        reason_form.is_valid()  # the reason is optional here; the action says when it is needed
        for form in rows:
            form.is_valid()
        edited = [form for form in rows if form.has_changed()]
        if any(form.errors for form in rows):
            return self.render(request, period, rows, reason_form, status=400)
        sheet = []
        for form in edited:
            amounts, note = form.row_values()
            sheet.append(
                FundingRow(
                    form.instrument,
                    period,
                    amounts,
                    note,
                    where=form.instrument.reference,
                    version=form.cleaned_data.get("version"),
                    read=form.read_values(),
                )
            )
        try:
            changes = record_funding_sheet(
                sheet, acting_user=request.user, reason=reason_form.cleaned_data.get("reason", "")
            )
        except FundingSheetError as error:
            if error.conflicts:
                # Rows saved by someone else since the page was loaded: show them again with what
                # this person typed, measured against the current figures (hidden initial values
                # and version), so that saving again replaces the others' figures knowingly.
                rows = instrument_rows(period, self.rebased(request.POST, error, instrument_rows(period)))
                for form in rows:
                    form.is_valid()
                reason_form = self.reason_form(period, request.POST)
                reason_form.is_valid()
            cell_errors = self.place_errors(error, rows, reason_form)
            return self.render(
                request, period, rows, reason_form, cell_errors=cell_errors, status=409 if error.conflicts else 400
            )
        messages.success(request, self.saved_message(changes, period))
        return redirect("funding:sheet", label=period.label)

    @staticmethod
    def reason_form(period, data=None) -> ReasonForm:
        if period.state == PeriodState.PUBLISHED:
            return ReasonForm(
                data,
                help_text=_(
                    "Required: the figures of %(period)s are public and change on the public pages as soon as you "
                    "save. The reason is kept in each record's history."
                )
                % {"period": period.label},
            )
        return ReasonForm(
            data, label=_("Reason for the change (optional)"), help_text=_("Kept in each record's history.")
        )

    @staticmethod
    def rebased(data, error: FundingSheetError, rows):
        """The posted sheet with each conflicting row's hidden initial values and version set to the
        record as it is now."""
        data = data.copy()
        stale = {row_error.where for row_error in error.row_errors if row_error.conflict is not None}
        for form in rows:
            if form.instrument.reference not in stale:
                continue
            current = FundingRowForm(instrument=form.instrument, record=form.record)
            for name, value in current.initial.items():
                key = form.add_initial_prefix(name) if name != "version" else form.add_prefix(name)
                data[key] = str(value)
        return data

    @staticmethod
    def place_errors(error: FundingSheetError, rows, reason_form) -> list[CellError]:
        """Each error next to its cell (a missing reason once, on the reason field); the list of
        them for the summary."""
        by_reference = {form.instrument.reference: form for form in rows}
        placed = []
        for row_error in error.row_errors:
            form = by_reference.get(row_error.where)
            if row_error.field == "reason":
                if not reason_form.has_error("reason"):
                    reason_form.add_error("reason", row_error.message)
                    placed.append(CellError(None, "reason", row_error.message))
                continue
            if form is not None:
                form.add_error(row_error.field if row_error.field in form.fields else None, row_error.message)
            placed.append(CellError(form, row_error.field, row_error.message, conflict=row_error.conflict is not None))
        return placed

    @staticmethod
    def saved_message(changes, period) -> str:
        new = sum(1 for change in changes if change.kind == "new")
        changed = sum(1 for change in changes if change.kind == "changed")
        if not new and not changed:
            return _("Nothing changed: the sheet already held these figures.")
        counts = ", ".join(
            filter(
                None,
                [
                    ngettext("%(count)d instrument added", "%(count)d instruments added", new) % {"count": new}
                    if new
                    else "",
                    ngettext("%(count)d instrument changed", "%(count)d instruments changed", changed)
                    % {"count": changed}
                    if changed
                    else "",
                ],
            )
        )
        if period.state == PeriodState.PUBLISHED:
            return _("Saved (%(counts)s). The figures of %(period)s are public: the public pages show them now.") % {
                "counts": counts,
                "period": period.label,
            }
        return _("Saved (%(counts)s). The figures stay private until %(period)s is published.") % {
            "counts": counts,
            "period": period.label,
        }

    def render(self, request, period, rows, reason_form, *, cell_errors=None, status=200):
        for form in [*rows, reason_form]:
            mark_invalid(form)
        return render(
            request,
            self.template_name,
            {
                "period": period,
                "rows": rows,
                "reason_form": reason_form,
                "published": period.state == PeriodState.PUBLISHED,
                "cell_errors": cell_errors or [],
                "conflicts": any(error.conflict for error in cell_errors or []),
                "form_errors": [form for form in rows if form.errors and not cell_errors],
                "summary": summarize(form.figures for form in rows if form.figures is not None),
            },
            status=status,
        )


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object
    is_amount: bool


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded version of a record: when, who, why, and what changed from the one before."""

    version: object
    changes: list[FieldChange]

    @property
    def is_creation(self) -> bool:
        return self.version.history_type == "+"


TRACKED = [*AMOUNT_FIELDS, "note"]


def history_entries(record: FundingRecord) -> list[HistoryEntry]:
    """The record's versions newest first, each compared with the one before it (diff_against);
    the first version shows what it set."""
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    labels = {name: FundingRecord._meta.get_field(name).verbose_name for name in TRACKED}
    entries = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        if older is None:
            pairs = [(name, None, getattr(newer, name)) for name in TRACKED if getattr(newer, name) not in (None, "")]
        else:
            delta = newer.diff_against(older, included_fields=TRACKED)
            pairs = sorted(
                ((change.field, change.old, change.new) for change in delta.changes),
                key=lambda pair: TRACKED.index(pair[0]),
            )
        entries.append(
            HistoryEntry(newer, [FieldChange(name, labels[name], old, new, name != "note") for name, old, new in pairs])
        )
    return entries


class FundingRecordHistoryView(FundingEditorRequiredMixin, TemplateView):
    template_name = "funding/record_history.html"

    def get_context_data(self, **kwargs):
        period = period_or_404(kwargs["label"])
        instrument = get_object_or_404(
            Instrument, kind=kwargs["kind"], number=f"{kwargs['prefix']}/{kwargs['sequence']}"
        )
        record = FundingRecord.objects.filter(instrument=instrument, period=period).first()
        return {
            **super().get_context_data(**kwargs),
            "period": period,
            "instrument": instrument,
            "record": record,
            "entries": history_entries(record) if record else [],
        }
