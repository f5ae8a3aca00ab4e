from django.urls import path

from restrack.registry.views import InstrumentListView

app_name = "registry"

urlpatterns = [
    path("", InstrumentListView.as_view(), name="instrument_list"),
]
