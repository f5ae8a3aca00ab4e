"""Views every app's API shares: Last-Modified on reads, and the index at /api/."""

from __future__ import annotations

from django.db.models import Max
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from restrack.core.models import Event

READ_ACTIONS = {"list", "retrieve"}


class LastModifiedMixin:
    """GET answers of a list or an item carry `Last-Modified`: for an item, its own last change;
    for a list, the time of the latest event of the event log (restrack.core.events). Every write
    to the records goes through an action that records an event, so a list's Last-Modified moves
    whenever any listed row changes, is added or is deleted, and reading it is one indexed lookup
    instead of the latest `modified` of every matching row. (Without any event - data loaded in
    bulk - the rows' latest `modified` is read instead.) The ETag (restrack.core.api.middleware)
    is exact, so clients should prefer If-None-Match.

    `last_modified_field` names the timestamp; a viewset whose answers are not a queryset's rows
    overrides `last_modified()`."""

    last_modified_field = "modified"

    def get_serializer(self, *args, **kwargs):
        if args and self.action == "retrieve":
            self.retrieved = args[0]  # the item answered: Last-Modified reads it rather than fetching it again
        return super().get_serializer(*args, **kwargs)

    def last_modified(self):
        if self.action == "retrieve":
            item = getattr(self, "retrieved", None) or self.get_object()
            return getattr(item, self.last_modified_field, None)
        latest_event = Event.objects.order_by("-created").values_list("created", flat=True).first()
        if latest_event is not None:
            return latest_event
        queryset = self.filter_queryset(self.get_queryset()).order_by()
        return queryset.aggregate(latest=Max(self.last_modified_field))["latest"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and getattr(self, "action", None) in READ_ACTIONS
            and not response.has_header("Last-Modified")
        ):
            stamp = self.last_modified()
            if stamp is not None:
                response["Last-Modified"] = http_date(stamp.timestamp())
        return response


class ApiIndexView(APIView):
    """GET /api/: the versions of the API and where its documentation is."""

    permission_classes: list = []
    versioning_class = None

    @extend_schema(exclude=True)
    def get(self, request):
        return Response(
            {
                "current_version": "v1",
                "versions": {"v1": reverse("api-root", kwargs={"version": "v1"}, request=request)},
                "schema": reverse("api-schema", request=request),
                "documentation": {
                    "swagger_ui": reverse("api-docs", request=request),
                    "redoc": reverse("api-redoc", request=request),
                },
            }
        )
