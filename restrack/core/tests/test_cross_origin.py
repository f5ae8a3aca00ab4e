"""restrack.core.cross_origin: a form without a CSRF token refuses what a browser sends from
another origin (Sec-Fetch-Site, else Origin) and takes everything else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from restrack.core.cross_origin import comes_from_another_origin, cross_origin_protected


def post(**headers):
    return RequestFactory().post("/en/follow/", {"email": "a@example.org"}, **headers)


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, False),
        ({"HTTP_SEC_FETCH_SITE": "none"}, False),  # the visitor's own navigation
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, True),
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, True),  # another origin of the same site
        # Sec-Fetch-Site decides when both are sent, whatever Origin says.
        ({"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"}, True),
        ({"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://elsewhere.example"}, False),
        # Older browsers: Origin alone.
        ({"HTTP_ORIGIN": "http://testserver"}, False),
        ({"HTTP_ORIGIN": "https://TESTSERVER"}, False),  # the host decides, in any case (a TLS proxy in front)
        ({"HTTP_ORIGIN": "https://elsewhere.example"}, True),
        ({"HTTP_ORIGIN": "null"}, True),  # a sandboxed or file: page
        ({}, False),  # no browser sent it: a script, a mail program
    ],
)
def test_what_is_refused(headers, refused):
    assert comes_from_another_origin(post(**headers)) is refused


def test_a_trusted_origin_passes(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://tracker.example"]
    assert not comes_from_another_origin(post(HTTP_ORIGIN="https://tracker.example"))
    assert comes_from_another_origin(post(HTTP_ORIGIN="https://other.example"))


def test_safe_methods_always_pass():
    request = RequestFactory().get("/en/follow/", HTTP_SEC_FETCH_SITE="cross-site")
    assert not comes_from_another_origin(request)


def test_the_view_is_csrf_exempt_and_a_refusal_says_what_to_do():
    view = cross_origin_protected(lambda request: HttpResponse("done"))
    assert view.csrf_exempt
    assert view(post(HTTP_SEC_FETCH_SITE="same-origin")).content == b"done"
    with pytest.raises(PermissionDenied, match="sent from another website.*send it from there"):
        view(post(HTTP_SEC_FETCH_SITE="cross-site"))
