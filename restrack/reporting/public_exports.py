"""The public tracker's downloads of progress updates (one row per paragraph) and commitments:
published data only, filtered as the API's lists are (restrack.publish.export_views), with the
tables the API's exports build (restrack.reporting.exports)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from restrack.publish.export_views import TableExportView
from restrack.reporting.exports import commitment_table, update_table
from restrack.reporting.filtersets import CommitmentFilterSet, UpdateFilterSet
from restrack.reporting.models import Commitment, ProgressUpdate
from restrack.reporting.visibility import visible_commitments, visible_updates


class UpdateExportView(TableExportView):
    """Published paragraphs, one row each (?period=, ?instrument=, as the API's list takes them)."""

    filterset_class = UpdateFilterSet

    def public_queryset(self):
        # What the public sees, whoever is signed in: the tracker's pages show published data only.
        return visible_updates(
            AnonymousUser(), ProgressUpdate.objects.order_by("-period__start_date", "instrument", "pk")
        )

    def table(self, queryset, language):
        return update_table(queryset, language=language)


class CommitmentExportView(TableExportView):
    """Commitments the published reports made, and those recorded without a paragraph."""

    filterset_class = CommitmentFilterSet

    def public_queryset(self):
        return visible_commitments(AnonymousUser(), Commitment.objects.order_by("due_date", "pk"))

    def table(self, queryset, language):
        return commitment_table(queryset, language=language)
