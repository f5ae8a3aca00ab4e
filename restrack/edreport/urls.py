from django.urls import path, re_path

from restrack.edreport import views

app_name = "edreport"

urlpatterns = [
    path("periods/<str:label>/report/", views.ReportPreviewView.as_view(), name="preview"),
    re_path(
        r"^periods/(?P<label>[^/]+)/report\.(?P<report_format>docx|pdf|html|xml)$",
        views.ReportFileView.as_view(),
        name="file",
    ),
]
