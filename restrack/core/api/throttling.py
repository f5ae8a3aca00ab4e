"""Rate limits of the API: per address for anonymous clients, per account for signed-in ones.

The rates are read from settings on each request (RESTRACK_API_ANON_RATE, RESTRACK_API_USER_RATE:
"120/minute", "5000/hour"; "off" in the environment lifts it) rather than once at import as DRF's own
classes do (throttles are made per request), so that an installation or a test can change them. Counts are kept in the default
cache, which is shared by every server process (settings.CACHES). Over the limit the answer is
429 with Retry-After."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _rate(name: str) -> str | None:
    return getattr(settings, name, None) or None


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return _rate("RESTRACK_API_ANON_RATE")


class SignedInRateThrottle(UserRateThrottle):
    """Signed-in clients only: DRF's counts anonymous ones per address too, a second count (and a
    second write to the cache) beside AnonymousRateThrottle's for every anonymous request."""

    def get_rate(self):
        return _rate("RESTRACK_API_USER_RATE")

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
