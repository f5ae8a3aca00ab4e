"""/<lang>/exports/<list>.<csv|xlsx|json>: the public tracker's downloads (restrack.publish.export_views)."""

from django.urls import path

from restrack.publish import export_views
from restrack.reporting import public_exports

app_name = "exports"

urlpatterns = [
    path("instruments.<str:format>", export_views.InstrumentExportView.as_view(), name="instruments"),
    path("updates.<str:format>", public_exports.UpdateExportView.as_view(), name="updates"),
    path("commitments.<str:format>", public_exports.CommitmentExportView.as_view(), name="commitments"),
]
