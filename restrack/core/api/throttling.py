"""Rate limits of the API: per address for anonymous clients, per account for signed-in ones.

The rates are read from settings on each request (RESTRACK_API_ANON_RATE, RESTRACK_API_USER_RATE:
"120/minute", "5000/hour"; "off" in the environment lifts it) rather than once at import as DRF's own
classes do (throttles are made per request), so that an installation or a test can change them. Counts are kept in the default
cache, which is shared by every server process (settings.CACHES). Over the limit the answer is
429 with Retry-After."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

IPV6_PREFIX = 64  # what one subscriber gets: the addresses a single client may rotate through


def _rate(name: str) -> str | None:
    return getattr(settings, name, None) or None


def network_of(address: str) -> str:
    """The address counted for a rate limit: an IPv4 address itself, an IPv6 address's /64 (an
    ISP gives each subscriber at least that many addresses; counting them one by one would let
    one client take a fresh count for each request). Anything else (no address) as it is."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.7, as a dual-stack socket gives IPv4 clients
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))


class PerNetwork(SimpleRateThrottle):
    """DRF's address of the client (REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES), counted
    by network_of."""

    def get_ident(self, request) -> str:
        return network_of(super().get_ident(request))


class AnonymousRateThrottle(PerNetwork, AnonRateThrottle):
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
