"""Exports of API lists: GET /api/v1/<list>/export.csv, .xlsx or .json gives every row the list
would (same filters, same ordering, same visibility), not paged, as a flat table with one language
of text (`?lang=`, else the request's language). Cells a spreadsheet could take for a formula are
neutralised in CSV and XLSX (restrack.core.exports).

A viewset opts in with ExportMixin, `export_rows` (what a row is, for the schema) and
`export_table(queryset, language)`; `export_urls(router)`
adds the addresses of every such viewset registered on the router (the router itself would add a
trailing slash: /export.csv/).

Files stream (restrack.core.exports.table_response), so their ETag cannot be a hash of the body
as other answers' is (restrack.core.api.middleware): it is a weak ETag of what the file is made
from, `export_etag`: the address asked (filters, ordering, format, `?lang=`), the language, who
asks (what they may see), today (overdue commitments) and the version of the data, which changes
with every action (each records one event: restrack.core.events). A request whose If-None-Match
names it is answered 304 before anything is read or written."""

from __future__ import annotations

import hashlib

from django.db.models import Count, Max
from django.urls import re_path
from django.utils import timezone
from django.utils.cache import get_conditional_response
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from restrack.core.api.language import export_language
from restrack.core.exports import CONTENT_TYPES, EXPORT_FORMATS, Table, table_response
from restrack.core.models import Event

EXPORT_ROW_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": True,
        "description": "One row, keyed by the column names of the CSV and XLSX files.",
    },
}


def export_schema(what: str, parameters=()):
    """The schema of an export operation; `what` says what a row is ("one row per instrument"),
    `parameters` any the export takes besides the list's filters."""
    return extend_schema(
        summary=f"Export: {what}, as CSV, XLSX or JSON",
        description=(
            "Every row the list gives with the same filters and ordering (not paged), one language of text "
            "(`?lang=`, default the request's language). CSV is UTF-8 with a byte-order mark; text a "
            "spreadsheet could run as a formula (starting with =, +, -, @) is written with a leading apostrophe "
            "in CSV and XLSX. JSON is an array of objects with exact amounts as strings."
        ),
        filters=True,
        parameters=[
            OpenApiParameter(
                "export_format",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(EXPORT_FORMATS),
                description="File format: csv, xlsx or json.",
            ),
            *parameters,
        ],
        responses={
            (200, CONTENT_TYPES["csv"].split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file"),
            (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX workbook"),
            (200, CONTENT_TYPES["json"]): OpenApiResponse(EXPORT_ROW_SCHEMA, description="JSON rows"),
        },
    )


class ExportMixin:
    """A list viewset with exports. Subclasses give `export_table`, and `export_rows` (and
    `export_parameters`, if any) to describe their rows in the schema."""

    export_rows: str
    export_parameters: tuple = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "export_rows" in cls.__dict__:
            # A method of the class's own, so that its schema does not leak into other viewsets.
            def export(self, request, export_format, *args, **kwargs):
                return ExportMixin.export(self, request, export_format, *args, **kwargs)

            cls.export = export_schema(cls.export_rows, cls.export_parameters)(export)

    def export_table(self, queryset, language: str) -> Table:
        raise NotImplementedError

    def export(self, request, export_format: str, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        language = export_language(request)
        table = self.export_table(queryset, language)  # refuses a bad parameter; reads no row yet
        etag = export_etag(request, language)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        response = table_response(table, export_format)
        response["ETag"] = etag
        return response


def data_version() -> str:
    """A value that changes whenever a record does: every write is an action, and every action
    records one event in its own transaction, so the number of events and the latest one's id
    change with each committed write (the count too, so that a transaction committing after a
    later-numbered one still changes it). One indexed query."""
    events = Event.objects.order_by().aggregate(latest=Max("pk"), count=Count("pk"))
    return f"{events['latest'] or 0}.{events['count']}"


def export_etag(request, language: str) -> str:
    """The weak ETag of an export answer (see the module's description): equal exactly when the
    same person asks the same address in the same language on the same day with no write since."""
    user = getattr(request, "user", None)
    parts = [
        request.build_absolute_uri(),
        language,
        str(user.pk if user is not None and user.is_authenticated else ""),
        timezone.localdate().isoformat(),
        data_version(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def export_urls(router, version_pattern: str) -> list:
    """The export addresses of the router's viewsets that have ExportMixin."""
    formats = "|".join(EXPORT_FORMATS)
    urls = []
    for prefix, viewset, basename in router.registry:
        if issubclass(viewset, ExportMixin):
            urls.append(
                re_path(
                    rf"^{version_pattern}/{prefix}/export\.(?P<export_format>{formats})$",
                    viewset.as_view({"get": "export"}),
                    name=f"{basename}-export",
                )
            )
    return urls
