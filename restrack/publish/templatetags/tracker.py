"""Template helpers of the public tracker: content in the page's language with a marked
fallback, amounts, percentages, statuses, language links."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from restrack.core.translation_fields import fallback_order
from restrack.registry import citations
from restrack.registry.choices import ImplementationStatus

register = template.Library()

# Bootstrap colour classes per status; every pair passes WCAG AA contrast.
STATUS_CLASSES = {
    ImplementationStatus.NOT_STARTED: "text-bg-secondary",
    ImplementationStatus.UNDER_IMPLEMENTATION: "text-bg-primary",
    ImplementationStatus.CONSTRAINED: "text-bg-warning",
    ImplementationStatus.RECURRING: "text-bg-info",
    ImplementationStatus.COMPLETED: "text-bg-success",
    ImplementationStatus.SUPERSEDED: "text-bg-dark",
}
HTML_LANG = {"zh-hans": "zh-Hans"}


@register.simple_tag
def translated(obj, field: str):
    """The field in the page's language; another language's text, marked as such, when the page's
    is missing; a marked "not available" when there is none."""
    language = get_language()
    for code in fallback_order(language):
        text = getattr(obj, build_localized_fieldname(field, code), None)
        if text:
            if code == language:
                return text
            name = get_language_info(code)["name_local"]
            return format_html(
                '<span lang="{}" class="fallback">{}</span> <span class="badge text-bg-light border" title="{}">{}</span>',
                HTML_LANG.get(code, code),
                text,
                _("Not available in this language; shown in %(language)s") % {"language": name},
                name,
            )
    return format_html('<span class="text-body-secondary">{}</span>', _("not available"))


@register.filter
def instrument_name(instrument) -> str:
    """ "Resolution 2/6" / "第 2/6 号决议": the instrument as the page's language cites it."""
    return citations.name_of(instrument, get_language(), sentence_start=True)


@register.filter
def usd(amount):
    """Exact amount in USD, or "not reported" (never 0 for unknown)."""
    if amount is None or amount == "":
        return format_html('<span class="text-body-secondary">{}</span>', _("not reported"))
    return f"${number_format(amount, 2, force_grouping=True)}"


@register.filter
def usd_thousands(amount):
    """$1,858K as on UN-Habitat's page, with the exact amount in a tooltip."""
    if amount is None or amount == "":
        return format_html('<span class="text-body-secondary">{}</span>', _("not reported"))
    thousands = (Decimal(amount) / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return format_html(
        '<span title="${}">${}K</span>',
        number_format(amount, 2, force_grouping=True),
        number_format(thousands, 0, force_grouping=True),
    )


@register.filter
def percent(value):
    if value is None or value == "":
        return "—"
    return f"{value} %"


SURPLUS_CLASS = "surplus text-success-emphasis fw-semibold"  # green on white: passes WCAG AA


def _surplus(inner) -> str:
    # The translated words are escaped; only the amount or percentage is HTML.
    return format_html(
        '<span class="{}">{}</span>',
        SURPLUS_CLASS,
        mark_safe(escape(_("surplus %(amount)s")) % {"amount": conditional_escape(inner)}),
    )


@register.filter
def gap_thousands(figures):
    """The gap of figures (of one instrument or a total) in thousands: a shortfall as an amount,
    a surplus as "surplus $100K" (styled apart), never a negative gap."""
    return _gap(figures, usd_thousands)


@register.filter
def gap_usd(figures):
    """As gap_thousands, with the exact amount."""
    return _gap(figures, usd)


def _gap(figures, amount):
    if figures is None or figures.gap is None:
        return amount(None)
    return _surplus(amount(-figures.gap)) if figures.gap < 0 else amount(figures.gap)


@register.filter
def gap_percent(figures):
    """The gap as a per cent of requirements ("20 %"), a surplus as "surplus 20 %"."""
    if figures is None or figures.gap_percent is None:
        return percent(None)
    if figures.gap_percent < 0 or figures.has_surplus:
        return _surplus(percent(-figures.gap_percent))
    return percent(figures.gap_percent)


@register.filter
def source_amount(figures, source: str):
    """What `figures` mobilized from `source` (core, earmarked, window, other)."""
    return None if figures is None else figures.mobilized_by_source.get(source)


@register.filter
def json_amount(amount):
    """An exact amount as a JSON-friendly plain string for data attributes ("1858000.55")."""
    return "" if amount is None else format(amount, "f")


@register.simple_tag
def status_badge(status: str):
    if not status:
        return format_html('<span class="badge text-bg-light border">{}</span>', _("Not reported"))
    label = ImplementationStatus(status).label
    return format_html('<span class="badge {}">{}</span>', STATUS_CLASSES.get(status, "text-bg-secondary"), label)


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def html_lang(code: str) -> str:
    return HTML_LANG.get(code, code)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one): links that keep
    the filters, so that every view can be shared by its URL."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
