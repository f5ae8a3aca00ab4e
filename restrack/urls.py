from pathlib import Path

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = Path(__file__).resolve().parent / "core" / "static" / "core" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, which browsers ask for on pages that name no icon (the API's JSON, files);
    the site's pages link core/favicon.svg."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")


# The public tracker lives under a language prefix (/en/, /zh-hans/, /ar/); "/" redirects to the
# visitor's language. The admin and the API are language-neutral.
urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/", include("restrack.api.urls")),
    *i18n_patterns(
        path("accounts/", include("restrack.accounts.urls")),
        path("work/funding/", include("restrack.funding.urls")),
        path("work/jobs/", include("restrack.jobs.urls")),
        path("work/texts/", include("restrack.ingest.urls")),
        path("work/", include("restrack.edreport.urls")),
        path("work/", include("restrack.reporting.urls")),
        path("exports/", include("restrack.publish.export_urls")),
        path("follow/", include("restrack.follow.urls")),
        path("", include("restrack.publish.urls")),
        prefix_default_language=True,
    ),
]

# A malformed or oversized request: what was wrong and what to do, in the site's layout (JSON on /api/).
handler400 = "restrack.core.errors.bad_request"
