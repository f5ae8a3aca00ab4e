"""Cross-origin protection without a token, for forms anonymous visitors post.

A page that carries a CSRF token is different for every reader, so the page cache cannot keep it.
A form that changes nothing of the visitor's own (following by e-mail: anyone may ask, and nothing
is sent but a mail asking the address to confirm) is protected instead by what browsers say about
where a request comes from, as Go's net/http CrossOriginProtection does (Go 1.25):

- `Sec-Fetch-Site` (sent by every current browser) must be `same-origin`, or `none` (the visitor's
  own navigation: a bookmark, the address bar). `same-site` is refused: another origin of the same
  site is another origin.
- Without it, `Origin` must be this site's own host or one of CSRF_TRUSTED_ORIGINS.
- A request with neither did not come from a browser's cross-site form (browsers send `Origin` with
  every cross-origin POST), so it passes: scripts and mail programs have no cookies to abuse here.

Safe methods (GET, HEAD, OPTIONS) always pass. A refused request gets a 403 that says what to do.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


def comes_from_another_origin(request) -> bool:
    """Did a browser send this unsafe request from a page of another origin?"""
    if request.method in SAFE_METHODS:
        return False
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site.lower() not in ALLOWED_FETCH_SITES
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc.lower() != request.get_host().lower()


def cross_origin_protected(view):
    """`view` without Django's CSRF token, refusing what a browser sends from another origin."""

    @functools.wraps(view)
    def protected(request, *args, **kwargs):
        if comes_from_another_origin(request):
            raise PermissionDenied(
                _(
                    "This form was sent from another website, so it was not accepted. "
                    "Open the form on this site and send it from there."
                )
            )
        return view(request, *args, **kwargs)

    return csrf_exempt(protected)
