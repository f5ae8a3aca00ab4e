"""The reporting cycle's REST API: periods and progress updates (registered in restrack.api_urls)."""
