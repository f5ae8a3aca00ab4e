"""A request id for every web and API request, so that a workflow log entry, a log line and the
answer a user saw can be matched. The id comes from the caller's X-Request-ID header when it is a
sensible token (a proxy or a client that already has one), otherwise it is made here; it is sent
back in the response's X-Request-ID header.

Actions read it with `current_request_id()`, so that views need not pass it down by hand.
"""

from __future__ import annotations

import contextvars
import re
import uuid

HEADER = "X-Request-ID"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("restrack_request_id", default="")


def current_request_id() -> str:
    """The id of the request being handled, or "" outside a request (commands, tests)."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request.id = offered if _ACCEPTABLE.fullmatch(offered) else uuid.uuid4().hex
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.id
        return response
