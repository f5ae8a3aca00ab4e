"""Funding in the admin: to look things up and read their history. Changes are made on the
funding pages (or by import), whose actions check roles, reasons and the window's balance."""

from django.contrib import admin

from restrack.core.admin import ReadOnlyAdmin
from restrack.funding.models import (
    FundingRecord,
    FundingSummaryRow,
    FundingWindow,
    ParagraphFunding,
    WindowAllocation,
    WindowContribution,
)


@admin.register(FundingRecord)
class FundingRecordAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "period", "requirements_usd", "mobilized_usd", "gap_usd", "gap_percent"]
    list_filter = ["period", "instrument__session"]
    search_fields = ["instrument__number", "note"]
    list_select_related = ["instrument", "period"]


@admin.register(ParagraphFunding)
class ParagraphFundingAdmin(ReadOnlyAdmin):
    list_display = ["paragraph", "period", "requirements_usd", "mobilized_core_usd", "mobilized_earmarked_usd"]
    list_filter = ["period"]
    search_fields = ["paragraph__instrument__number", "paragraph__number"]
    list_select_related = ["paragraph__instrument", "period"]


@admin.register(FundingWindow)
class FundingWindowAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "established_by"]


@admin.register(WindowContribution)
class WindowContributionAdmin(ReadOnlyAdmin):
    list_display = ["received_on", "donor", "kind", "currency", "amount", "amount_usd", "agreement_reference"]
    list_filter = ["kind", "currency"]
    search_fields = ["donor", "agreement_reference", "note"]


@admin.register(WindowAllocation)
class WindowAllocationAdmin(ReadOnlyAdmin):
    list_display = ["allocated_on", "instrument", "paragraph", "amount_usd"]
    list_select_related = ["instrument", "paragraph"]
    search_fields = ["instrument__number", "purpose"]


@admin.register(FundingSummaryRow)
class FundingSummaryRowAdmin(ReadOnlyAdmin):
    """Derived from the funding records by the funding actions (and `rebuild-funding-summary`): to
    look at, never to edit."""

    list_display = ["period", "body", "session", "kind", "band", "records", "under_funded", "gap_unknown"]
    list_filter = ["period", "body", "kind", "band"]
    list_select_related = ["period", "body", "session"]
