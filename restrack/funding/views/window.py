"""The Urban Action Funding Window's books for the secretariat: the balance now and over time, the
ledger, contributions and allocations recorded, corrected, withdrawn or cancelled (only through
the actions, which keep the balance from going below zero), and the reconciliation of the books
with the window funding that each period's figures report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from restrack.core.concurrency import StaleRecord
from restrack.funding import window as books
from restrack.funding.actions import allocate_from_window, cancel_allocation, record_contribution, withdraw_contribution
from restrack.funding.forms import (
    AllocationForm,
    ContributionForm,
    ReasonForm,
    add_action_errors,
    mark_invalid,
    rebased,
)
from restrack.funding.models import FundingRecord, WindowAllocation, WindowContribution
from restrack.funding.views.access import FundingEditorRequiredMixin
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReconciliationRow:
    """One instrument in one period: the window's allocations to it up to the period's end, and the
    window funding its figures for that period report."""

    instrument: Instrument
    period: ReportingPeriod
    allocated: Decimal
    reported: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.reported is None else self.reported - self.allocated

    @property
    def matches(self) -> bool:
        return self.difference == 0


def reconciliation(allocations: list[WindowAllocation]) -> list[ReconciliationRow]:
    """For each instrument with allocations or window funding reported, and each period in which
    either is known: cumulative allocations up to the period's end against the period's reported
    `mobilized_window_usd` (a period's figures are the position at its end)."""
    reported = {
        (record.instrument_id, record.period_id): record.mobilized_window_usd
        for record in FundingRecord.objects.filter(mobilized_window_usd__isnull=False)
    }
    by_instrument = defaultdict(list)
    for allocation in allocations:
        by_instrument[allocation.instrument_id].append(allocation)
    instrument_ids = set(by_instrument) | {instrument_id for instrument_id, _period in reported}
    periods = list(ReportingPeriod.objects.order_by("start_date"))
    rows = []
    for instrument in Instrument.objects.filter(pk__in=instrument_ids):
        for period in periods:
            allocated = sum(
                (a.amount_usd for a in by_instrument[instrument.pk] if a.allocated_on <= period.end_date), ZERO
            )
            amount = reported.get((instrument.pk, period.pk))
            if allocated or amount is not None:
                rows.append(ReconciliationRow(instrument, period, allocated, amount))
    return rows


class WindowBooksView(FundingEditorRequiredMixin, TemplateView):
    template_name = "funding/window.html"

    def get_context_data(self, **kwargs):
        window = books.window_books()
        rows = reconciliation(window.allocations)
        return {
            **super().get_context_data(**kwargs),
            "window": window.window,
            "today": window.today,
            "lines": window.lines,
            "balance_now": window.balance_now,
            "final_balance": window.final_balance,
            "has_later_movements": window.has_later_movements,
            "spare_today": window.spare_today,
            "contributed": window.received(),
            "allocated": window.allocated,
            "chart": window.balance_chart(),
            "reconciliation": rows,
            "differences": sum(1 for row in rows if not row.matches),
        }


def _saved(request, message: str):
    messages.success(request, message)
    return redirect("funding:window")


class ContributionEditView(FundingEditorRequiredMixin, View):
    """A new contribution, or the correction of one (`pk`), recorded by record_contribution."""

    template_name = "funding/contribution_form.html"

    def get(self, request, pk=None):
        contribution = self.contribution(pk)
        initial = None if contribution else {"received_on": timezone.localdate(), "currency": "USD"}
        return self.render(request, ContributionForm(initial=initial, contribution=contribution))

    def post(self, request, pk=None):
        contribution = self.contribution(pk)
        form = ContributionForm(request.POST, contribution=contribution)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            saved = record_contribution(
                contribution,
                acting_user=request.user,
                reason=form.cleaned_data.get("reason", ""),
                **form.action_fields(),
            )
        except StaleRecord as error:
            form = rebased(ContributionForm, form, error, contribution=self.contribution(pk))
            return self.render(request, form, status=409)
        except ValidationError as error:
            add_action_errors(form, error)
            return self.render(request, form, status=400)
        if contribution:
            return _saved(request, _("The contribution from %(donor)s is corrected.") % {"donor": saved.donor})
        return _saved(
            request,
            _("The contribution from %(donor)s is recorded: %(amount)s.")
            % {"donor": saved.donor, "amount": books.usd(saved.amount_usd)},
        )

    @staticmethod
    def contribution(pk):
        return get_object_or_404(WindowContribution, pk=pk) if pk is not None else None

    def render(self, request, form, status=200):
        return render(
            request, self.template_name, {"form": mark_invalid(form), "contribution": form.contribution}, status=status
        )


class AllocationEditView(FundingEditorRequiredMixin, View):
    """A new allocation, or the correction of one (`pk`), recorded by allocate_from_window; the page
    says what the window can spare today."""

    template_name = "funding/allocation_form.html"

    def get(self, request, pk=None):
        allocation = self.allocation(pk)
        initial = (
            None if allocation else {"allocated_on": timezone.localdate(), "instrument": request.GET.get("instrument")}
        )
        return self.render(request, AllocationForm(initial=initial, allocation=allocation))

    def post(self, request, pk=None):
        allocation = self.allocation(pk)
        form = AllocationForm(request.POST, allocation=allocation)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            saved = allocate_from_window(
                allocation, acting_user=request.user, reason=form.cleaned_data.get("reason", ""), **form.action_fields()
            )
        except StaleRecord as error:
            form = rebased(AllocationForm, form, error, allocation=self.allocation(pk))
            return self.render(request, form, status=409)
        except ValidationError as error:
            add_action_errors(form, error)
            return self.render(request, form, status=400)
        if allocation:
            return _saved(
                request, _("The allocation to %(instrument)s is corrected.") % {"instrument": saved.instrument}
            )
        return _saved(
            request,
            _("%(amount)s allocated to %(instrument)s.")
            % {"amount": books.usd(saved.amount_usd), "instrument": saved.instrument},
        )

    @staticmethod
    def allocation(pk):
        return (
            get_object_or_404(WindowAllocation.objects.select_related("instrument"), pk=pk) if pk is not None else None
        )

    def render(self, request, form, status=200):
        """What the window can spare today, leaving out the allocation being corrected."""
        window = books.the_window()
        others = [a for a in window.allocations.select_related("instrument") if a != form.allocation]
        lines = books.ledger(window.contributions.all(), others)
        today = timezone.localdate()
        return render(
            request,
            self.template_name,
            {
                "form": mark_invalid(form),
                "allocation": form.allocation,
                "today": today,
                "spare_today": books.allocatable_on(lines, today),
                "balance_now": books.balance_on(lines, today),
            },
            status=status,
        )


class RemovalView(FundingEditorRequiredMixin, View):
    """GET asks for the reason; POST withdraws or cancels through the action, whose refusal (no
    reason, or allocations that rely on the money) is shown on the form."""

    template_name = "funding/confirm_removal.html"
    model = None

    def get(self, request, pk):
        return self.render(request, self.item(pk), ReasonForm(**self.reason_texts()))

    def post(self, request, pk):
        item = self.item(pk)
        form = ReasonForm(request.POST, **self.reason_texts())
        form.is_valid()
        try:
            self.remove(item, acting_user=request.user, reason=form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            add_action_errors(form, error)
            return self.render(request, item, form, status=400)
        return _saved(request, self.done_message(item))

    def item(self, pk):
        return get_object_or_404(self.model, pk=pk)

    def render(self, request, item, form, status=200):
        return render(
            request, self.template_name, {"item": item, "form": mark_invalid(form), **self.texts(item)}, status=status
        )

    def remove(self, item, **kwargs):
        raise NotImplementedError

    def reason_texts(self) -> dict:
        raise NotImplementedError

    def texts(self, item) -> dict:
        raise NotImplementedError

    def done_message(self, item) -> str:
        raise NotImplementedError


class ContributionWithdrawView(RemovalView):
    model = WindowContribution

    def remove(self, item, **kwargs):
        withdraw_contribution(item, **kwargs)

    def reason_texts(self):
        return {"label": _("Why is it withdrawn?"), "help_text": _("Required. Kept in the contribution's history.")}

    def texts(self, item):
        return {
            "heading": _("Withdraw the contribution"),
            "button": _("Withdraw the contribution"),
            "explanation": _(
                "Withdraw a contribution recorded in error. It is refused while allocations rely on "
                "the money: cancel or reduce them first."
            ),
        }

    def done_message(self, item):
        return _("The contribution from %(donor)s of %(day)s is withdrawn.") % {
            "donor": item.donor,
            "day": item.received_on.isoformat(),
        }


class AllocationCancelView(RemovalView):
    model = WindowAllocation

    def item(self, pk):
        return get_object_or_404(WindowAllocation.objects.select_related("instrument"), pk=pk)

    def remove(self, item, **kwargs):
        cancel_allocation(item, **kwargs)

    def reason_texts(self):
        return {"label": _("Why is it cancelled?"), "help_text": _("Required. Kept in the allocation's history.")}

    def texts(self, item):
        return {
            "heading": _("Cancel the allocation"),
            "button": _("Cancel the allocation"),
            "explanation": _("The money returns to the window's balance."),
        }

    def done_message(self, item):
        return _("The allocation of %(amount)s to %(instrument)s is cancelled.") % {
            "amount": books.usd(item.amount_usd),
            "instrument": item.instrument,
        }
