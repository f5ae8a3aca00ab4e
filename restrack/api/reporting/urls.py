"""The reporting cycle's endpoints on the API's router (restrack.api.urls)."""

from restrack.api.reporting.views import CommitmentViewSet, PeriodViewSet, UpdateViewSet


def register(router) -> None:
    router.register("periods", PeriodViewSet, basename="period")
    router.register("updates", UpdateViewSet, basename="update")
    router.register("commitments", CommitmentViewSet, basename="commitment")
