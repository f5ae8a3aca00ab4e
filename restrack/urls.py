from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# The public tracker lives under a language prefix (/en/, /zh-hans/); "/" redirects to the
# visitor's language. The admin and the API are language-neutral.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("restrack.api.urls")),
    *i18n_patterns(
        path("accounts/", include("restrack.accounts.urls")),
        path("work/funding/", include("restrack.funding.urls")),
        path("work/jobs/", include("restrack.jobs.urls")),
        path("work/", include("restrack.edreport.urls")),
        path("work/", include("restrack.reporting.urls")),
        path("exports/", include("restrack.publish.export_urls")),
        path("", include("restrack.publish.urls")),
        prefix_default_language=True,
    ),
]
