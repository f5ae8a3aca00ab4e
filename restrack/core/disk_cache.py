"""The page cache's store on one machine: diskcache's Django backend (pages on disk, indexed in
SQLite), kept open between requests.

Django closes every cache when a request finishes (`close_caches` on `request_finished`); diskcache's
backend then closes its SQLite connections, and the next request opens them again, which costs more
than reading a page. Its connections belong to their thread and stay valid, so they are kept."""

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    def close(self, **kwargs):
        """Kept open (see above); the connections close with their thread."""
