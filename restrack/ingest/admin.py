from django.contrib import admin
from django.urls import path

from restrack.ingest import views
from restrack.ingest.models import ReportImport


@admin.register(ReportImport)
class ReportImportAdmin(admin.ModelAdmin):
    """The log of imports; new imports start from the "Import a report" button."""

    list_display = ["file_name", "symbol", "period_label", "language", "state", "created_by", "created"]
    list_filter = ["state", "language", "period_label"]
    search_fields = ["file_name", "symbol", "sha256"]
    readonly_fields = [field.name for field in ReportImport._meta.fields]
    change_list_template = "ingest/reportimport_changelist.html"

    def has_add_permission(self, request):
        return False  # imports are created by uploading a file, not by typing a record

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(views.upload_view), name="ingest_reportimport_upload"),
            path(
                "<int:pk>/confirm/", self.admin_site.admin_view(views.confirm_view), name="ingest_reportimport_confirm"
            ),
            path(
                "<int:pk>/preview/", self.admin_site.admin_view(views.preview_view), name="ingest_reportimport_preview"
            ),
            path("job/<int:pk>/", self.admin_site.admin_view(views.job_view), name="ingest_reportimport_job"),
            *super().get_urls(),
        ]
