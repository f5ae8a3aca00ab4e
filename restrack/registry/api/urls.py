"""The registry's endpoints on the API's router (restrack.api_urls)."""

from restrack.registry.api.views import InstrumentViewSet


def register(router) -> None:
    router.register("instruments", InstrumentViewSet, basename="instrument")
