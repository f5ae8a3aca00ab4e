"""Search's endpoints on the API's router (restrack.api_urls)."""

from restrack.search.api.views import SearchViewSet


def register(router) -> None:
    router.register("search", SearchViewSet, basename="search")
