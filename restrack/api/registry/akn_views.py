"""GET /api/v1/instruments/<slug>/akn.xml[?lang=zh-hans]: an instrument as Akoma Ntoso XML, one
language (expression) per document, English by default (restrack.registry.akn). Public, as the
registry is; linked from each instrument's page."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from restrack.reading.akn import LANGUAGES
from restrack.registry.akn import instrument_akn
from restrack.registry.filtersets import INSTRUMENT_SLUG
from restrack.registry.models import Instrument


@require_safe
def instrument_akn_view(request, version, slug):
    match = INSTRUMENT_SLUG.match(slug)
    if not match:
        raise Http404("No instrument has this address; use its slug (resolution-2-6).")
    language = request.GET.get("lang", "en")
    if language not in LANGUAGES:
        return JsonResponse(
            {"lang": [f"{language!r} is not a language of the texts; use one of {', '.join(LANGUAGES)}."]}, status=400
        )
    instrument = get_object_or_404(
        Instrument.objects.select_related("body", "session"),
        kind=match[1].lower(),
        number=f"{int(match[2])}/{int(match[3])}",
    )
    response = HttpResponse(instrument_akn(instrument, language), content_type="application/akn+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{instrument.slug}.{LANGUAGES[language]}.akn.xml"'
    response["Content-Language"] = language
    return response
