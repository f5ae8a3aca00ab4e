"""The whole REST API under /api/: one router, so that the API root lists every endpoint."""

from rest_framework.routers import DefaultRouter

from restrack.funding.api import views as funding
from restrack.registry.api.views import InstrumentViewSet
from restrack.reporting.api.views import PeriodViewSet, UpdateViewSet

router = DefaultRouter()
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("periods", PeriodViewSet, basename="period")
router.register("updates", UpdateViewSet, basename="update")
router.register("funding/records", funding.FundingRecordViewSet, basename="funding-record")
router.register("funding/summary", funding.FundingSummaryViewSet, basename="funding-summary")
router.register("funding/window/contributions", funding.ContributionViewSet, basename="funding-window-contribution")
router.register("funding/window/allocations", funding.AllocationViewSet, basename="funding-window-allocation")
router.register("funding/window/ledger", funding.LedgerViewSet, basename="funding-window-ledger")

urlpatterns = router.urls
