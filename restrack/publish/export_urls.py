"""/<lang>/exports/<list>.<csv|xlsx|json>: the public tracker's downloads (restrack.publish.export_views)."""

from django.urls import path

from restrack.publish import export_views

app_name = "exports"

urlpatterns = [
    path("instruments.<str:format>", export_views.InstrumentExportView.as_view(), name="instruments"),
    path("updates.<str:format>", export_views.UpdateExportView.as_view(), name="updates"),
    path("commitments.<str:format>", export_views.CommitmentExportView.as_view(), name="commitments"),
]
