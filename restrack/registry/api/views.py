from rest_framework import viewsets

from restrack.registry.api.serializers import InstrumentSerializer
from restrack.registry.filtersets import InstrumentFilterSet
from restrack.registry.models import Instrument


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Resolutions and decisions with their titles in every language and their current status."""

    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilterSet
    ordering_fields = ["number", "adoption_date", "status"]
    queryset = Instrument.objects.select_related("body", "session")
