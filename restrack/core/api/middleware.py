"""What every answer under /api/ has in common, whichever view gives it:

- `?lang=` is checked (400 naming the languages otherwise), activated for labels and messages, and
  kept on the request as `request.content_language` for serializers and exports
  (restrack.core.api.language);
- `API-Version` names the version answering, `Vary` the request headers the answer depends on;
- a GET answer gets an `ETag` (a hash of its body), and a request whose `If-None-Match` or
  `If-Modified-Since` shows the client has it already gets 304 Not Modified with no body
  (Django's conditional GET, on the `Last-Modified` the views set).
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework.exceptions import ValidationError

from restrack.core.api.language import requested_language

API_PREFIX = "/api/"
VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


class ApiMiddleware(ConditionalGetMiddleware):
    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            request.content_language = requested_language(_Query(request))
        except ValidationError as error:
            return _bad_request(error.detail)
        if request.content_language:
            translation.activate(request.content_language)
            request.LANGUAGE_CODE = request.content_language
        response = self.get_response(request)
        return self.process_response(request, response)

    def process_response(self, request, response):
        if request.content_language:
            response["Content-Language"] = request.content_language
        version = getattr(request, "resolver_match", None) and request.resolver_match.kwargs.get("version")
        if version:
            response["API-Version"] = version.lstrip("v")
        patch_vary_headers(response, VARY)
        return super().process_response(request, response)


class _Query:
    """What requested_language reads from a DRF request, for a plain Django one."""

    def __init__(self, request):
        self.query_params = request.GET


def _bad_request(detail) -> HttpResponse:
    body = {"detail": " ".join(str(message) for message in detail["lang"]), **{k: [str(m) for m in v]
                                                                              for k, v in detail.items()}}
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=400, content_type="application/json")
