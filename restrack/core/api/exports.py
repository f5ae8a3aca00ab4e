"""Exports of API lists: GET /api/v1/<list>/export.csv, .xlsx or .json gives every row the list
would (same filters, same ordering, same visibility), not paged, as a flat table with one language
of text (`?lang=`, else the request's language). Cells a spreadsheet could take for a formula are
neutralised in CSV and XLSX (restrack.core.exports).

A viewset opts in with ExportMixin, `export_rows` (what a row is, for the schema) and
`export_table(queryset, language)`; `export_urls(router)`
adds the addresses of every such viewset registered on the router (the router itself would add a
trailing slash: /export.csv/)."""

from __future__ import annotations

from django.urls import re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from restrack.core.api.language import export_language
from restrack.core.exports import CONTENT_TYPES, EXPORT_FORMATS, Table, table_response

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
        return table_response(self.export_table(queryset, export_language(request)), export_format)


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
