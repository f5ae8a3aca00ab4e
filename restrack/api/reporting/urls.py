"""The reporting cycle's endpoints on the API's router (restrack.api.urls)."""

from restrack.api.reporting.changes_views import PeriodChangesViewSet
from restrack.api.reporting.views import CommitmentViewSet, PeriodViewSet, StatusHistoryViewSet, UpdateViewSet


def register(router) -> None:
    router.register("periods", PeriodViewSet, basename="period")
    router.register("updates", UpdateViewSet, basename="update")
    router.register("commitments", CommitmentViewSet, basename="commitment")
    router.register("status-history", StatusHistoryViewSet, basename="status-history")
    router.register("period-changes", PeriodChangesViewSet, basename="period-changes")
