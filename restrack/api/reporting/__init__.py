"""The reporting cycle's REST API: periods, progress updates and commitments (registered in restrack.api.urls)."""
