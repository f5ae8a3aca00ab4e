from rest_framework.routers import DefaultRouter

from restrack.registry.api.views import InstrumentViewSet

router = DefaultRouter()
router.register("instruments", InstrumentViewSet, basename="instrument")

urlpatterns = router.urls
