"""Rate limits of asking to follow, in the shared default cache (every server process and machine
counts together): per address of the Internet (RESTRACK_FOLLOW_RATE; an IPv6 address's /64, as the
API's limits count), and per e-mail address
(RESTRACK_FOLLOW_MAIL_RATE, so that nobody can fill someone's inbox with confirmation requests).
DRF's SimpleRateThrottle does the counting; the key is ours."""

from __future__ import annotations

import hashlib

from django.conf import settings

from restrack.core.api.throttling import PerNetwork


class Limit(PerNetwork):
    def __init__(self, setting: str, key: str):  # noqa: D107 - a rate from settings and a key of ours
        self.rate = getattr(settings, setting, None)
        self.key = key
        if self.rate:
            self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        return self.key

    def allow_request(self, request, view=None) -> bool:
        return True if not self.rate else super().allow_request(request, view)


def per_client(request) -> Limit:
    probe = Limit("RESTRACK_FOLLOW_RATE", "")
    probe.key = f"restrack-follow-client:{probe.get_ident(request)}"
    return probe


def per_address(email: str) -> Limit:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return Limit("RESTRACK_FOLLOW_MAIL_RATE", f"restrack-follow-address:{digest}")


def minutes(limit: Limit) -> int:
    wait = limit.wait() or 60
    return max(1, round(wait / 60))
