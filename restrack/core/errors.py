"""Answers to requests the site refuses before any view: a request too large to read (413), and
Django's 400 (a malformed or oversized form), in the site's layout on pages and as JSON on /api/.

`RequestSizeLimitMiddleware` looks at Content-Length before anything parses the body: a 10 MB paste
into a form is answered at once with the limit and what to do (the body read and thrown away, so
that the browser shows the answer; beyond 64 MB the server closes the connection instead). A
form's text fields may hold DATA_UPLOAD_MAX_MEMORY_SIZE (RESTRACK_FORM_MAX_KB) in all; files
uploaded with a form (reports, spreadsheets) may make the request up to RESTRACK_UPLOAD_MAX_MB, each
page checking its own file's size and kind."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _size(n_bytes: int) -> str:
    if n_bytes >= 2**20:
        return _("%(size)s MB") % {"size": f"{n_bytes / 2**20:.1f}".removesuffix(".0")}
    return _("%(size)s KB") % {"size": f"{n_bytes / 1024:.0f}"}


def limits(request) -> tuple[int, bool]:
    """The most this request may send, and whether it is an upload (a multipart form)."""
    upload = request.content_type == "multipart/form-data"
    if upload:
        return settings.RESTRACK_UPLOAD_MAX_MB * 2**20, True
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE, False


def too_large_message(request, sent: int | None = None) -> tuple[str, str]:
    """(what happened, what to do) for a request over its limit."""
    limit, upload = limits(request)
    if upload:
        what = _("The upload is too large: at most %(limit)s may be sent at once.") % {"limit": _size(limit)}
        todo = _("Send a smaller file, or split it into several.")
    else:
        what = _("The text sent is too large: a form may hold at most %(limit)s.") % {"limit": _size(limit)}
        todo = _("Shorten the text (a summary is a few paragraphs), or attach long documents as files.")
    if sent:
        what = f"{what} " + _("This request sent %(size)s.") % {"size": _size(sent)}
    return what, todo


def error_answer(request, status: int, title: str, message: str, advice: str = ""):
    """The error as JSON on /api/ ({"detail": ...}), otherwise as a page in the site's layout."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": " ".join(filter(None, [message, advice]))}, status=status)
    return render(
        request,
        "400.html",
        {"error_title": title, "error_message": message, "error_advice": advice},
        status=status,
    )


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared size is over its limit before its body is read (413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = _declared_size(request)
        limit, _upload = limits(request)
        if limit is not None and sent > limit:
            message, advice = too_large_message(request, sent)
            response = error_answer(request, 413, _("Too large"), message, advice)
            _discard_body(request, sent)
            return response
        return self.get_response(request)


DISCARD_AT_MOST = 64 * 2**20
CHUNK = 2**16


def _discard_body(request, sent: int) -> None:
    """Read what the client sends and throw it away, without parsing or keeping it (milliseconds
    for a 10 MB paste): a browser still sending its request shows "connection reset" instead of the
    answer when the server closes the connection first. Beyond DISCARD_AT_MOST the rest is left to
    the server, which closes the connection (a WSGI application may not send Connection: close)."""
    if sent > DISCARD_AT_MOST:
        return
    try:
        while request.read(CHUNK):
            pass
    except OSError:
        pass


def _declared_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def bad_request(request, exception, template_name="400.html"):
    """handler400: what was wrong, in the page's language, instead of Django's bare heading. A form
    with files whose text fields are over the limit is found only as it is read: it ends here."""
    if isinstance(exception, RequestDataTooBig):
        request.content_type = "application/x-www-form-urlencoded"  # the fields, not the files, were too large
        message, advice = too_large_message(request, _declared_size(request))
        return error_answer(request, 413, _("Too large"), message, advice)
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        message = _("The form sent more fields than a page may (at most %(limit)s).") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            if isinstance(exception, TooManyFieldsSent)
            else settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
        return error_answer(request, 400, _("Bad request"), message, _("Send fewer rows or files at once."))
    return error_answer(
        request,
        400,
        _("Bad request"),
        _("The request could not be understood."),
        _("Go back, reload the page and try again; if it happens again, tell the secretariat what you did."),
    )
