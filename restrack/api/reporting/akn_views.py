"""GET /api/v1/periods/<label>/akn.xml[?lang=en]: the Executive Director's report for a period as
Akoma Ntoso XML (restrack.edreport.render.akn), in Chinese (zh-hans) or English (en, the default):
`lang` is the API's language parameter, with the site's language codes.

It is written from what the caller may read (restrack.accounts.policy): the public gets the report
of a published period from its published updates; a coordinator gets any period's, from its
approved and published ones. A text that has no version in the language is taken from another and
marked (class="missingTranslation"), as on the public pages. Linked from each period's page;
`restrack import-report` and the upload page read the file back."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from restrack.accounts import policy
from restrack.core.api.serializers import ErrorSerializer
from restrack.edreport.choices import MEDIA_TYPES, ReportFormat, ReportLanguage
from restrack.edreport.compose import EmptyReport, ReportOptions, compose_report
from restrack.edreport.generate import file_name
from restrack.edreport.render import render
from restrack.reporting.models import ReportingPeriod

# The report's languages (restrack.edreport) by the site's codes, which the API's `lang` takes.
LANGUAGES = {"zh-hans": ReportLanguage.CHINESE, "en": ReportLanguage.ENGLISH}


class _FileOrError(BaseContentNegotiation):
    """The file whatever the Accept header says; refusals as JSON, like every API error."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReportAknView(APIView):
    content_negotiation_class = _FileOrError

    @extend_schema(
        operation_id="periods_report_akn",
        summary="The Executive Director's report for a period, as Akoma Ntoso XML",
        description=(
            "AKN 3.0 with AKN4UN naming (work and expression URIs, eIds para_1, para_2 … through the report, "
            "footnotes as authorialNote). Public for published periods. Importable with `restrack import-report`."
        ),
        parameters=[
            OpenApiParameter(
                "label", str, OpenApiParameter.PATH, description="The reporting period, as 2024-H2 (H1 or H2)."
            ),
            OpenApiParameter(
                "lang", str, enum=list(LANGUAGES), description="The report's language: zh-hans or en (default en)."
            ),
        ],
        responses={
            (200, "application/akn+xml"): OpenApiTypes.BINARY,
            400: OpenApiResponse(ErrorSerializer, description="`lang` is not a language reports are written in."),
            404: OpenApiResponse(
                ErrorSerializer, description="No such period among those you may see, or no update of it to report."
            ),
        },
    )
    def get(self, request, version, label):
        period = get_object_or_404(
            policy.visible_to(request.user, ReportingPeriod.objects.select_related("board_session")),
            label=label.upper(),
        )
        language = LANGUAGES.get(request.query_params.get("lang", "en"))
        if language is None:
            raise ValidationError(
                {"lang": ["Reports are written in Chinese and English: give lang=zh-hans or lang=en."]}
            )
        try:
            report = compose_report(period, language, ReportOptions(allow_missing=True, reader=request.user))
        except EmptyReport:
            raise NotFound(f"{period.label} has no update to report yet.") from None
        response = HttpResponse(render(report, ReportFormat.AKN), content_type=MEDIA_TYPES[ReportFormat.AKN])
        response["Content-Disposition"] = f'inline; filename="{file_name(report, ReportFormat.AKN)}"'
        response["Content-Language"] = report.content_language
        return response
