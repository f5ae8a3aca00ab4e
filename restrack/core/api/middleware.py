"""What every answer under /api/ has in common, whichever view gives it:

- `?lang=` is checked (400 naming the languages otherwise), activated for labels and messages, and
  kept on the request as `request.content_language` for serializers and exports
  (restrack.core.api.language);
- `API-Version` names the version answering, `Vary` the request headers the answer depends on;
- a GET answer gets an `ETag` (a hash of its body; for an anonymous reader, the page cache's
  `request.public_etag` instead, made from the public content's generation and the request, so
  the body is not hashed: restrack.publish.page_cache), and a request whose `If-None-Match` or
  `If-Modified-Since` shows the client has it already gets 304 Not Modified with no body
  (Django's conditional GET, on the `Last-Modified` the views set).

The Content-Security-Policy of its HTML answers (Swagger UI, ReDoc, the browsable API) is set with
every other page's, by restrack.core.csp: they may load nothing from other hosts (ReDoc's bundle
would fetch its logo from a CDN).
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from restrack.core.api.language import LANG_PARAMETER, UnknownLanguage, requested_language

API_PREFIX = "/api/"
VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


class ApiMiddleware(ConditionalGetMiddleware):
    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            request.content_language = requested_language(request.GET)
        except UnknownLanguage as error:
            return _bad_request(str(error))
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
        if response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
            response = _not_found(request)  # an address no endpoint matches: JSON, as every other API answer
        patch_vary_headers(response, VARY)
        public_etag = getattr(request, "public_etag", None)
        if public_etag and response.status_code == 200 and not response.has_header("ETag"):
            response["ETag"] = public_etag
        return super().process_response(request, response)


def _not_found(request) -> HttpResponse:
    body = {"detail": f"No endpoint or item at {request.path}; the endpoints are listed at /api/v1/."}
    return HttpResponse(json.dumps(body), status=404, content_type="application/json")


def _bad_request(message: str) -> HttpResponse:
    body = {"detail": message, LANG_PARAMETER: [message]}
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=400, content_type="application/json")
