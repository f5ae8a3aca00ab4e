"""Search's endpoints on the API's router (restrack.api.urls)."""

from restrack.api.search.views import SearchViewSet


def register(router) -> None:
    router.register("search", SearchViewSet, basename="search")
