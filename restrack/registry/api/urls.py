"""Kept for anything that includes it: the API's routes are all in restrack.api_urls (one router,
one API root listing every endpoint)."""

from restrack.api_urls import urlpatterns  # noqa: F401
