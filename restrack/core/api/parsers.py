"""The API's JSON parser, with limits (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]).

DRF's JSONParser hands the body to `json.load`, which recurses once per level of nesting: a body of
100,000 `[` (200 KB, well under the size limit) raised RecursionError, a 500. This parser reads at
most RESTRACK_API_JSON_MAX_KB (a body sent without Content-Length too, which the request size
middleware cannot see), then measures the nesting with one pass over the text, outside strings,
before parsing, and refuses over RESTRACK_API_JSON_MAX_DEPTH levels. Each refusal names the limit and
the setting that changes it: 413 for the size, 400 for the depth.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

# A JSON string (its escapes included), in the unrolled form that matches in linear time.
STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
OPENING = "[{"


class JsonTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in the JSON `text` (0 for a bare value), without recursion.
    Brackets inside strings do not count; the text need not be valid JSON."""
    brackets = NOT_A_BRACKET.sub("", STRING.sub("", text))
    return max(accumulate((1 if bracket in OPENING else -1 for bracket in brackets), initial=0))


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        max_bytes = settings.RESTRACK_API_JSON_MAX_KB * 1024
        max_depth = settings.RESTRACK_API_JSON_MAX_DEPTH
        body = stream.read(max_bytes + 1) if stream is not None else b""
        if len(body) > max_bytes:
            raise JsonTooLarge(
                _(
                    "The JSON sent is larger than %(limit)s KB, the most the API accepts in one request "
                    "(the server's RESTRACK_API_JSON_MAX_KB). Send fewer items at once."
                )
                % {"limit": settings.RESTRACK_API_JSON_MAX_KB}
            )
        try:
            text = codecs.decode(body, encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(
                _("The JSON sent is not %(encoding)s text: %(error)s.") % {"encoding": encoding, "error": error}
            ) from None
        # A body with no more opening brackets than the limit cannot nest deeper (most bodies): no scan.
        openings = sum(text.count(bracket) for bracket in OPENING)
        depth = nesting_depth(text) if openings > max_depth else 0
        if depth > max_depth:
            raise ParseError(
                _(
                    "The JSON sent nests arrays and objects %(depth)s levels deep; the API accepts at most "
                    "%(limit)s (the server's RESTRACK_API_JSON_MAX_DEPTH). Send flatter JSON."
                )
                % {"depth": depth, "limit": max_depth}
            )
        strict = api_settings.STRICT_JSON
        try:
            return json.loads(text, parse_constant=drf_json.strict_constant if strict else None)
        except ValueError as error:
            if "integer string conversion" in str(error):  # Python's limit on a number's digits
                raise ParseError(
                    _("The JSON sent holds a number of more than %(digits)s digits, which no field takes.")
                    % {"digits": f"{sys.get_int_max_str_digits():,}"}
                ) from None
            raise ParseError(_("The JSON sent is malformed: %(error)s.") % {"error": error}) from None
