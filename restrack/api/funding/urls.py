"""Funding's endpoints on the API's router (restrack.api.urls)."""

from restrack.api.funding import views as funding


def register(router) -> None:
    router.register("funding/records", funding.FundingRecordViewSet, basename="funding-record")
    router.register("funding/paragraphs", funding.ParagraphFundingViewSet, basename="funding-paragraph")
    router.register("funding/summary", funding.FundingSummaryViewSet, basename="funding-summary")
    router.register("funding/window/contributions", funding.ContributionViewSet, basename="funding-window-contribution")
    router.register("funding/window/allocations", funding.AllocationViewSet, basename="funding-window-allocation")
    router.register("funding/window/ledger", funding.LedgerViewSet, basename="funding-window-ledger")
