from django.views.generic import ListView

from restrack.registry.models import Instrument


class InstrumentListView(ListView):
    """Every instrument with its titles and status (the public tracker will replace this page)."""

    template_name = "registry/instrument_list.html"
    context_object_name = "instruments"
    queryset = Instrument.objects.select_related("body", "session")
