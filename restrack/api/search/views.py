"""GET /api/v1/search/?q=...: the public tracker's search (restrack.search.query.search) as data.

Published content only: the index holds public rows only, and report paragraphs are checked
against their update's publication once more. Chinese needs no spaces (住房 finds 适当住房 inside a
longer word); English matches words (housing) and, when nothing else does, parts of them (hous)."""

from __future__ import annotations

import html
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from restrack.api.search.serializers import SearchResultsSerializer
from restrack.core.api.language import content_language
from restrack.core.api.schema import SingleObjectSchema
from restrack.core.translation_fields import language_codes
from restrack.publish.search_views import kept_search
from restrack.registry.filtersets import instrument_named
from restrack.registry.models import Instrument
from restrack.reporting.periods import parse_period_label
from restrack.search.models import HitKind
from restrack.search.query import LANGUAGE_ALIASES, MAX_QUERY_LENGTH

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def plain_snippet(snippet_html: str) -> tuple[str, list[dict]]:
    """The snippet as plain text, and where its <mark>ed words are in that text."""
    text, highlights, position = [], [], 0
    for match in _MARK.finditer(snippet_html):
        before = html.unescape(snippet_html[position : match.start()])
        marked = html.unescape(match.group(1))
        text.append(before)
        start = sum(len(part) for part in text)
        text.append(marked)
        highlights.append({"start": start, "end": start + len(marked), "text": marked})
        position = match.end()
    text.append(html.unescape(snippet_html[position:]))
    return "".join(text), highlights


def _parameters(params) -> dict:
    """The search's arguments from the query string; a 400 naming what is wrong."""
    errors = {}
    query = " ".join((params.get("q") or "").split())
    if not query:
        errors["q"] = [_("Give something to search for: ?q=住房 or ?q=housing.")]
    kinds = [kind for value in params.getlist("kind") for kind in value.split(",") if kind.strip()]
    kinds = [kind.strip() for kind in kinds]
    unknown = [kind for kind in kinds if kind not in HitKind.values]
    if unknown:
        errors["kind"] = [
            _("%(kinds)s: no such kind; use %(choices)s.")
            % {"kinds": ", ".join(unknown), "choices": ", ".join(HitKind.values)}
        ]
    language = (params.get("language") or "").strip().lower() or None
    if language:
        language = LANGUAGE_ALIASES.get(language, language)
        if language not in language_codes():
            errors["language"] = [
                _("%(value)s is not a language of Restrack; use one of %(choices)s.")
                % {"value": language, "choices": ", ".join(language_codes())}
            ]
    instrument = None
    if (params.get("instrument") or "").strip():
        try:
            instrument = instrument_named(params["instrument"].strip())
        except DjangoValidationError as error:
            errors["instrument"] = error.messages
    limit = DEFAULT_LIMIT
    if params.get("limit") not in (None, ""):
        try:
            limit = int(params["limit"])
            if not 1 <= limit <= MAX_LIMIT:
                raise ValueError
        except ValueError:
            errors["limit"] = [_("Give a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}]
    period = (params.get("period") or "").strip() or None
    if period:
        try:
            period = str(parse_period_label(period))
        except DjangoValidationError as error:
            errors["period"] = error.messages
    if errors:
        raise serializers.ValidationError(errors)
    return {
        "query": query,
        "kinds": set(kinds) or None,
        "language": language,
        "instrument": instrument,
        "period": period,
        "limit": limit,
    }


@extend_schema_view(
    list=extend_schema(
        summary="Search the public tracker: report paragraphs, resolutions and decisions, operative paragraphs, "
        "partners",
        description=(
            "Published content only, best hits first. Chinese is matched without spaces (住房 finds 适当住房, a "
            "single character finds words that contain it); English by words, and by parts of words when no word "
            "matches. English words are stemmed (housing finds house and houses). A partner's code or name "
            "(UNICEF, 儿基会) finds every name it goes by. An object whose text matches in several languages is one "
            "hit; with `lang`, it is shown from its text in that language when that matches, and every title is in "
            "that language. Snippets are plain text; `highlights` say where the matched words are. A missing or empty `q`, an unknown `kind` or "
            "`language`, a malformed `period` or a `limit` out of range is a 400 naming the parameter."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                description=f"What to search for (at most {MAX_QUERY_LENGTH} characters are used): "
                "住房, adequate housing, UNICEF.",
                examples=[OpenApiExample("Chinese", value="住房"), OpenApiExample("English", value="adequate housing")],
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=HitKind.values,
                description="Keep one kind of hit (repeat it, or separate kinds by commas, for several).",
            ),
            OpenApiParameter(
                "period", OpenApiTypes.STR, description="Keep report paragraphs of one reporting period (2024-H2)."
            ),
            OpenApiParameter(
                "language",
                OpenApiTypes.STR,
                enum=language_codes(),
                description="Keep hits in one language's text (en, zh-hans); every language when omitted. "
                "Not `lang`, which sets the language of labels.",
            ),
            OpenApiParameter(
                "instrument",
                OpenApiTypes.STR,
                description="Keep what belongs to one instrument: 'resolution 2/6', resolution-2-6 or its id.",
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description=f"How many hits to give, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
            ),
        ],
        responses={200: SearchResultsSerializer},
    )
)
class SearchViewSet(viewsets.ViewSet):
    """Search across published report paragraphs, instruments' titles, operative paragraphs and
    partners, in Chinese and English."""

    schema = SingleObjectSchema()
    serializer_class = SearchResultsSerializer
    pagination_class = None
    filter_backends: list = []

    def list(self, request, *args, **kwargs):
        arguments = _parameters(request.query_params)
        results = kept_search(
            arguments["query"],
            kinds=arguments["kinds"],
            language=arguments["language"],
            period_label=arguments["period"],
            limit=arguments["limit"],
            instrument_id=arguments["instrument"].pk if arguments["instrument"] else None,
            display_language=content_language(request),
        )
        instruments = Instrument.objects.in_bulk({hit.instrument_id for hit in results.hits if hit.instrument_id})
        labels = dict(HitKind.choices)
        return Response(
            SearchResultsSerializer(
                {
                    "query": results.query,
                    "phrases": results.phrases,
                    "total": results.total,
                    "capped": results.capped,
                    "facets": results.facets,
                    "results": [self._hit(hit, instruments.get(hit.instrument_id), labels) for hit in results.hits],
                }
            ).data
        )

    def _hit(self, hit, instrument, labels) -> dict:
        text, highlights = plain_snippet(str(hit.snippet_html))
        with translation.override(hit.language):
            url = hit.url
        return {
            "kind": hit.kind,
            "kind_label": str(labels.get(hit.kind, hit.kind)),
            "object_id": hit.object_id,
            "language": hit.language,
            "title": hit.title,
            "snippet": text,
            "highlights": highlights,
            "instrument": (
                None
                if instrument is None
                else {"id": instrument.pk, "reference": instrument.reference, "slug": instrument.slug}
            ),
            "period": hit.period_label or None,
            "tracker_url": self.request.build_absolute_uri(url),
        }
