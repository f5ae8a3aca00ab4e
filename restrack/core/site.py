"""The address people reach this installation at, for links that leave the page (e-mails,
exports' `tracker_url`).

RESTRACK_SITE_URL, when set, is always used (behind a reverse proxy it is the public address).
When it is not set, a link made while answering a request starts with that request's scheme and
host (the address the person used, whatever port the server runs on), and one made outside a
request (a command, a worker) with the address `restrack serve` binds (settings.SITE_URL, which
`serve` sets to its host and port)."""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.core.exceptions import DisallowedHost

_request_origin: contextvars.ContextVar[str] = contextvars.ContextVar("restrack_request_origin", default="")


def site_url() -> str:
    """The scheme, host and port links start with, without a trailing slash."""
    if not getattr(settings, "SITE_URL_FROM_ENVIRONMENT", False):
        origin = _request_origin.get()
        if origin:
            return origin
    return settings.SITE_URL


def absolute_url(path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) as an address people can follow from an e-mail."""
    return site_url() + path


class SiteUrlMiddleware:
    """Remembers the origin (scheme://host:port) of the request being answered, for site_url()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = ""
        token = _request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
