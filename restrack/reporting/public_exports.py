"""The public tracker's downloads of progress updates (one row per paragraph) and commitments:
published data only, filtered as the API's lists are (restrack.publish.export_views)."""

from __future__ import annotations

from restrack.publish.export_views import TableExportView


class UpdateExportView(TableExportView):
    """Published paragraphs, one row each."""


class CommitmentExportView(TableExportView):
    """Commitments the published reports made."""
