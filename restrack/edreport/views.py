"""The coordinator's report page: choose language and masthead details, read the report as it
will be issued, download it as DOCX, PDF or HTML."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from restrack.accounts.choices import Ability
from restrack.accounts.mixins import AbilityRequiredMixin
from restrack.edreport.choices import ReportFormat
from restrack.edreport.compose import EmptyReport, MissingTranslations, compose_report, report_document
from restrack.edreport.forms import ReportRequestForm
from restrack.edreport.generate import generate_report
from restrack.edreport.render import warm
from restrack.edreport.tasks import request_report
from restrack.reporting.selectors import period_or_404


def _request_form(request, period) -> ReportRequestForm:
    """Bound to the query string once the coordinator has chosen; otherwise what is recorded."""
    if "language" in request.GET:
        return ReportRequestForm(request.GET)
    document = report_document(period)
    initial = {}
    if document is not None:
        initial = {
            "symbol": document.symbol or "",
            "agenda_item": document.agenda_item,
            "agenda_symbol": document.agenda_symbol,
            "issued": document.date,
        }
    return ReportRequestForm({"language": "zh", **{key: value or "" for key, value in initial.items()}})


class ReportPreviewView(AbilityRequiredMixin, TemplateView):
    ability = Ability.GENERATE_REPORT
    template_name = "edreport/report_preview.html"

    def get_context_data(self, **kwargs):
        period = period_or_404(kwargs["label"])
        warm.warm_up_soon()  # without a broker this process writes the files asked for here
        form = _request_form(self.request, period)
        context = {"period": period, "form": form, "formats": ReportFormat.choices}
        if not form.is_valid():
            return {**super().get_context_data(**kwargs), **context}
        query = urlencode({key: value for key, value in form.data.items() if value not in ("", None)})
        try:
            report = compose_report(period, form.cleaned_data["language"], form.report_options)
        except MissingTranslations as error:
            context["missing"] = error.missing
        except EmptyReport as error:
            context["empty"] = str(error)
        else:
            context.update(report=report, query=query)
        return {**super().get_context_data(**kwargs), **context}


@method_decorator(xframe_options_sameorigin, name="dispatch")  # the HTML version shows in the preview's frame
class ReportFileView(AbilityRequiredMixin, TemplateView):
    """POST: ask a worker for the file (restrack.edreport.tasks); the answer is the job's progress
    area (htmx) or its page, which offers the file once written. GET with inline=1: the HTML
    version for the preview's frame, written at once; any other GET goes to the preview page,
    where the files are asked for."""

    ability = Ability.GENERATE_REPORT
    template_name = "edreport/report_preview.html"

    def _bad_request(self, period, form, **extra):
        return self.render_to_response(
            {"period": period, "form": form, "formats": ReportFormat.choices, **extra}, status=400
        )

    def get(self, request, *args, label, report_format, **kwargs):
        period = period_or_404(label)
        form = ReportRequestForm(request.GET)
        if not form.is_valid():
            return self._bad_request(period, form)
        if not (report_format == ReportFormat.HTML and request.GET.get("inline") == "1"):
            return redirect(f"{reverse('edreport:preview', args=[period.label])}?{request.GET.urlencode()}")
        try:
            generated = generate_report(period, form.cleaned_data["language"], report_format, form.report_options)
        except MissingTranslations as error:
            return self._bad_request(period, form, missing=error.missing)
        except EmptyReport as error:
            return self._bad_request(period, form, empty=str(error))
        response = HttpResponse(generated.content, content_type=generated.media_type)
        response["Content-Disposition"] = f'inline; filename="{generated.file_name}"'
        return response

    def post(self, request, *args, label, report_format, **kwargs):
        period = period_or_404(label)
        form = ReportRequestForm(request.GET)
        if not form.is_valid():
            return self._bad_request(period, form)
        job = request_report(
            period, form.cleaned_data["language"], report_format, form.data.dict(), acting_user=request.user
        )
        if request.htmx:
            return render(request, "jobs/_progress.html", {"job": job})
        return redirect("jobs:detail", job.pk)
