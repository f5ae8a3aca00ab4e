"""The ingest pages of the secretariat under /work/texts/ (reports are imported from the admin)."""

from django.urls import path

from restrack.ingest import text_views

app_name = "ingest"

urlpatterns = [
    path("import/", text_views.ResolutionImportView.as_view(), name="resolution_import"),
    path(
        "<str:kind>/<int:prefix>/<int:sequence>/",
        text_views.InstrumentTextView.as_view(),
        name="instrument_text",
    ),
]
