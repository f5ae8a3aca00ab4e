"""The whole REST API under /api/: one router, so that the API root lists every endpoint."""

from rest_framework.routers import DefaultRouter

from restrack.registry.api.views import InstrumentViewSet
from restrack.reporting.api.views import PeriodViewSet, UpdateViewSet

router = DefaultRouter()
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("periods", PeriodViewSet, basename="period")
router.register("updates", UpdateViewSet, basename="update")

urlpatterns = router.urls
