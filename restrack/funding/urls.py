"""The funding pages of the secretariat (coordinators and finance officers), under /work/funding/."""

from django.urls import path

from restrack.funding.views import imports, sheets, window

app_name = "funding"

urlpatterns = [
    path("", sheets.FundingOverviewView.as_view(), name="overview"),
    path("periods/<str:label>/", sheets.FundingSheetView.as_view(), name="sheet"),
    path(
        "periods/<str:label>/<str:kind>/<int:prefix>/<int:sequence>/history/",
        sheets.FundingRecordHistoryView.as_view(),
        name="record_history",
    ),
    path("import/", imports.FundingImportView.as_view(), name="import"),
    path("window/", window.WindowBooksView.as_view(), name="window"),
    path("window/contributions/new/", window.ContributionEditView.as_view(), name="contribution_new"),
    path("window/contributions/<int:pk>/", window.ContributionEditView.as_view(), name="contribution_edit"),
    path(
        "window/contributions/<int:pk>/withdraw/",
        window.ContributionWithdrawView.as_view(),
        name="contribution_withdraw",
    ),
    path("window/allocations/new/", window.AllocationEditView.as_view(), name="allocation_new"),
    path("window/allocations/<int:pk>/", window.AllocationEditView.as_view(), name="allocation_edit"),
    path("window/allocations/<int:pk>/cancel/", window.AllocationCancelView.as_view(), name="allocation_cancel"),
]
