"""Downloads of the public tracker's lists: instruments (one row each, with the funding figures of
one published period), progress updates (one row per paragraph) and commitments, as CSV, XLSX or
JSON, with the filters of the page they are downloaded from (the same FilterSets as the API's
lists) and text in the page's language. Published data only, as on the pages.

Each view names its FilterSet, its public queryset and the table builder the API's export uses
too, so that a file from the web and one from the API hold the same rows."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from restrack.accounts import policy
from restrack.core.exports import EXPORT_FORMATS, Table, table_response
from restrack.publish import selectors
from restrack.publish.exports import instrument_table
from restrack.registry.filtersets import InstrumentFilterSet
from restrack.registry.models import Instrument
from restrack.reporting.exports import commitment_table, update_table
from restrack.reporting.filtersets import CommitmentFilterSet, UpdateFilterSet
from restrack.reporting.models import Commitment, ProgressUpdate
from restrack.reporting.selectors import visible_commitments


class TableExportView(View):
    filterset_class: type

    def public_queryset(self):
        raise NotImplementedError

    def table(self, queryset, language: str) -> Table:
        raise NotImplementedError

    def get(self, request, format):
        if format not in EXPORT_FORMATS:
            raise Http404(_("Exports are CSV, XLSX or JSON."))
        filterset = self.filterset_class(request.GET, queryset=self.public_queryset(), request=request)
        if not filterset.is_valid():
            return HttpResponse(_filter_errors(filterset), status=400, content_type="text/plain; charset=utf-8")
        return table_response(self.table(filterset.qs, get_language()), format)


def _filter_errors(filterset) -> str:
    lines = [_("Nothing was exported: these filters are not valid.")]
    lines += [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    return "\n".join(lines)


class InstrumentExportView(TableExportView):
    """The dashboard's rows (?body=, ?session=, ?kind=, ?status=, ?period= as on the dashboard:
    the funding figures of that published period, else of the latest one, which the file's
    funding_period column names)."""

    filterset_class = InstrumentFilterSet

    def public_queryset(self):
        return Instrument.objects.all()  # the registry is public

    def table(self, queryset, language: str) -> Table:
        period = selectors.choose_period(selectors.funding_periods(), self.request.GET.get("period"))
        return instrument_table(
            queryset, language=language, period=period, absolute_url=self.request.build_absolute_uri
        )


class UpdateExportView(TableExportView):
    """Published paragraphs, one row each (?period=, ?instrument=, as the API's list takes them)."""

    filterset_class = UpdateFilterSet

    def public_queryset(self):
        # What the public reads, whoever is signed in: the tracker's pages show published data only.
        return policy.public(ProgressUpdate.objects.order_by("-period__start_date", "instrument", "pk"))

    def table(self, queryset, language):
        return update_table(queryset, language=language)


class CommitmentExportView(TableExportView):
    """Commitments the published reports made, and those recorded without a paragraph."""

    filterset_class = CommitmentFilterSet

    def public_queryset(self):
        return visible_commitments(AnonymousUser(), Commitment.objects.order_by("due_date", "pk"))

    def table(self, queryset, language):
        return commitment_table(queryset, language=language)
