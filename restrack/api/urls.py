"""The REST API under /api/: version 1 at /api/v1/ (one router, so that its root lists every
endpoint, and each list's exports), the OpenAPI schema, its Swagger UI and ReDoc pages (served
from static files), and an index at /api/ naming them.

Each app registers its endpoints in its `api/urls.py` (`register(router)`)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from restrack.api.funding.urls import register as register_funding
from restrack.api.registry.akn_views import instrument_akn_view
from restrack.api.registry.urls import register as register_registry
from restrack.api.reporting.akn_views import ReportAknView
from restrack.api.reporting.urls import register as register_reporting
from restrack.api.search.urls import register as register_search
from restrack.core.api.exports import export_urls
from restrack.core.api.views import ApiIndexView

VERSION = r"(?P<version>v1)"

router = DefaultRouter()
for register in (register_registry, register_reporting, register_funding, register_search):
    register(router)

urlpatterns = [
    path("", ApiIndexView.as_view(), name="api-index"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    # Its start-up script from its own address (?script), not written in the page: the
    # Content-Security-Policy runs no inline script (restrack.core.csp).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *export_urls(router, VERSION),
    re_path(rf"^{VERSION}/instruments/(?P<slug>[^/.]+)/akn\.xml$", instrument_akn_view, name="instrument-akn"),
    re_path(rf"^{VERSION}/periods/(?P<label>\d{{4}}-[Hh][12])/akn\.xml$", ReportAknView.as_view(), name="period-akn"),
    re_path(rf"^{VERSION}/", include(router.urls)),
]
