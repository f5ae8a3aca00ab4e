"""Template helpers of the public tracker: content in the page's language with a marked
fallback, amounts, percentages, statuses, language links."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache

from django import template
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, pgettext_lazy
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from restrack.core.links import cached_reverse, in_language
from restrack.core.translation_fields import fallback_order, translated_text
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
            return format_html(
                '<span {attrs} class="fallback">{}</span> {}', text, _fallback_badge(code), attrs=lang_attrs(code)
            )
    return format_html('<span class="text-body-secondary">{}</span>', _("not available"))


def _fallback_badge(code: str):
    """The mark of a text shown in language `code` because the page's language has none."""
    name = get_language_info(code)["name_local"]
    return format_html(
        '<span {attrs} class="badge text-bg-light border" title="{}">{}</span>',
        _("Not available in this language; shown in %(language)s") % {"language": name},
        name,
        attrs=lang_attrs(code),
    )


@register.simple_tag
def preamble(instrument):
    """The instrument's preambular paragraphs, one <p> each, in the page's language or, marked, in
    the first fallback language that has them; nothing when no language has them."""
    language = get_language()
    text, code = translated_text(instrument, "preamble", language)
    if not text:
        return ""
    paragraphs = format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in text.split("\n\n")))
    if code == language:
        return paragraphs
    return format_html(
        '{}<div {attrs} class="fallback">{}</div>', _fallback_badge(code), paragraphs, attrs=lang_attrs(code)
    )


@register.filter
def ltr(value):
    """`value` (a period "2024-H2", a symbol "HSP/EB.2024/20", a paragraph number "42.") as a
    left-to-right run isolated from the text around it, so that on an Arabic page its parts keep
    their order ("2024-H2", not "H2-2024"; "42.", not ".42"). Harmless on left-to-right pages."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def own_direction(value):
    """Free text whose language is not recorded (a note on funding figures): isolated, its direction
    taken from its own first letter (a <bdi> is dir=auto), so that an English sentence on an Arabic
    page keeps its full stop at its end and an Arabic one on an English page reads right to left."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def instrument_name(instrument) -> str:
    """ "Resolution 2/6" / "第 2/6 号决议": the instrument as the page's language cites it."""
    return citations.name_of(instrument, get_language(), sentence_start=True)


@cache
def _marks(language: str | None) -> tuple[str, str, int]:
    """The decimal mark, thousands separator and grouping of `language`'s numbers (Django's
    formats, restrack.formats included), read once per language."""
    return (
        get_format("DECIMAL_SEPARATOR", lang=language),
        get_format("THOUSAND_SEPARATOR", lang=language),
        get_format("NUMBER_GROUPING", lang=language),
    )


# Decimals cut to 0 or 2 places, as number_format cuts them.
QUANTA = {0: Decimal("1"), 2: Decimal("0.01")}


def grouped(amount, places: int) -> str:
    """`amount` with `places` decimals and its digits grouped as the page's language groups them:
    what number_format(amount, places, force_grouping=True) writes (decimals cut, not rounded),
    through Python's own formatting for the usual groups of three, since a table formats hundreds
    of amounts per page."""
    decimal_mark, separator, grouping = _marks(get_language())
    if grouping != 3 or places not in QUANTA or not isinstance(amount, Decimal | int):
        return number_format(amount, places, force_grouping=True)
    if isinstance(amount, Decimal):
        amount = amount.quantize(QUANTA[places], rounding=ROUND_DOWN)
        if not amount:
            amount = abs(amount)  # -0.001 is written 0.00, as number_format writes it
    text = format(amount, f",.{places}f")
    if (decimal_mark, separator) != (".", ","):
        text = text.translate({ord(","): separator, ord("."): decimal_mark})
    return text


def _not_reported():
    return format_html('<span class="text-body-secondary">{}</span>', _("not reported"))


@register.filter
def usd(amount):
    """Exact amount in USD, or "not reported" (never 0 for unknown)."""
    if amount is None or amount == "":
        return _not_reported()
    return f"${grouped(amount, 2)}"


@register.filter
def usd_thousands(amount):
    """$1,858K as on UN-Habitat's page, with the exact amount in a tooltip."""
    if amount is None or amount == "":
        return _not_reported()
    amount = amount if isinstance(amount, Decimal | int) else Decimal(amount)
    thousands = (Decimal(amount) / 1000).quantize(QUANTA[0], rounding=ROUND_HALF_UP)
    # The formatted numbers are digits and the language's marks: nothing to escape.
    return mark_safe(f'<span title="${grouped(amount, 2)}">${grouped(thousands, 0)}K</span>')


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


@register.simple_tag
def funding_cell(figures):
    """A period's funding figures in one table cell, each named: requirements, resources mobilized
    and the gap (or surplus); a dash without figures. The comparison of two periods shows these
    under its "Funding" headings."""
    if figures is None:
        return "—"
    return format_html(
        '<div data-figure="requirements">{} {}</div><div data-figure="mobilized">{} {}</div>'
        '<div data-figure="gap" class="small">{} {}</div>',
        _("Requirements"),
        usd_thousands(figures.requirements),
        _("Mobilized"),
        usd_thousands(figures.mobilized),
        _("Gap"),
        gap_thousands(figures),
    )


@register.filter
def source_amount(figures, source: str):
    """What `figures` mobilized from `source` (core, earmarked, window, other)."""
    return None if figures is None else figures.mobilized_by_source.get(source)


@register.filter
def json_amount(amount):
    """An exact amount as a JSON-friendly plain string for data attributes ("1858000.55")."""
    return "" if amount is None else format(amount, "f")


# The statuses' names where a table has no room for the long ones (the long name is the title).
STATUS_SHORT_LABELS = {
    ImplementationStatus.NOT_STARTED: pgettext_lazy("status, short", "Not started"),
    ImplementationStatus.UNDER_IMPLEMENTATION: pgettext_lazy("status, short", "Ongoing"),
    ImplementationStatus.CONSTRAINED: pgettext_lazy("status, short", "Constrained"),
    ImplementationStatus.RECURRING: pgettext_lazy("status, short", "Recurring"),
    ImplementationStatus.COMPLETED: pgettext_lazy("status, short", "Completed"),
    ImplementationStatus.SUPERSEDED: pgettext_lazy("status, short", "Superseded"),
}


@register.simple_tag
def status_badge(status: str, derived: bool = False, short: bool = False):
    """The status as a badge (`short`: its short name, the long one as its title); one `derived`
    from a report's text (not assessed) is marked so, in words for screen readers and with a
    dagger that the page's legend explains."""
    if not status:
        return format_html('<span class="badge text-bg-light border">{}</span>', _("Not reported"))
    label = ImplementationStatus(status).label
    css = STATUS_CLASSES.get(status, "text-bg-secondary")
    shown = STATUS_SHORT_LABELS[status] if short else label
    titles = [str(label)] if str(shown) != str(label) else []
    if not derived:
        title = format_html(' title="{}"', titles[0]) if titles else ""
        return format_html('<span class="badge {}"{}>{}</span>', css, title, shown)
    titles.append(_("Derived from the report text, not an assessment"))
    return format_html(
        # position-relative: the hidden words are placed within the badge, so that in a table
        # that scrolls sideways they do not widen the page.
        '<span class="badge position-relative {} status-derived" data-derived title="{}">{}'
        '<span aria-hidden="true">†</span><span class="visually-hidden"> ({})</span></span>',
        css,
        ": ".join(titles),
        shown,
        _("derived from the report text"),
    )


@cache
def _choice_labels(model, field: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def display(obj, field: str) -> str:
    """What obj.get_<field>_display() gives, from a table of labels made once per language:
    Django's builds a dict of the choices (hashing each lazy label) at every call."""
    value = getattr(obj, field)
    return _choice_labels(type(obj), field, get_language()).get(value, value)


@register.filter
def pair(first, second) -> tuple:
    """(first, second), for a template to treat two objects alike in a loop."""
    return (first, second)


@register.simple_tag
def linked_instrument(link, end: str = "target"):
    """The instrument at one `end` of an InstrumentLink, named as the page's language cites it:
    linked to its page when the registry has it, else with its body ("General Assembly resolution
    71/256", "大会 第 71/256 号决议")."""
    instrument = getattr(link, end)
    if instrument is not None:
        return format_html('<a href="{}">{}</a>', instrument.get_absolute_url(), instrument_name(instrument))
    name = citations.instrument_name(link.target_kind, link.target_number, get_language())
    if link.target_body in ("assembly", "executive-board"):
        return name  # the registry's body, an instrument it does not hold yet
    return format_html("{} {}", display(link, "target_body"), name)


@register.simple_tag
def paragraph_kind(paragraph, today):
    """What an operative paragraph asks and of whom ("requests · the Executive Director and
    secretariat"), a "mandate" mark when it asks the secretariat, and the report it makes due: at
    which session, by when (when the session is known), delivered or overdue."""
    if not paragraph.action:
        return ""
    parts = [
        format_html(
            '<span class="small text-body-secondary" data-action="{}" data-addressee="{}">{} · {}</span>',
            paragraph.action,
            paragraph.addressee,
            display(paragraph, "action"),
            display(paragraph, "addressee"),
        )
    ]
    if paragraph.is_mandate:
        parts.append(
            format_html('<span class="badge text-bg-primary-subtle border" data-mandate>{}</span>', _("mandate"))
        )
    deliverable = getattr(paragraph, "deliverable", None)  # the reverse one-to-one: None without a row
    if deliverable is not None:
        due = deliverable.due_date
        when = format_html(" ({})", ltr(due.isoformat())) if due else ""
        state = ""
        if deliverable.state != "pending":
            state = format_html(' <span class="badge text-bg-success">{}</span>', display(deliverable, "state"))
        elif deliverable.is_overdue(today):
            state = format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue"))
        parts.append(
            format_html(
                '<span class="small" data-deliverable="{}">{} {}{}{}</span>',
                deliverable.state,
                _("Report due to the %(body)s:") % {"body": deliverable.body},
                deliverable.due_label(),
                when,
                state,
            )
        )
    return format_html_join(" ", "{}", ((part,) for part in parts))


@register.simple_tag
def funding_row(line, rank=None):
    """A row of a table of FundingLines (the funding page's figures by instrument and its
    rankings, which list up to a hundred each), written in Python: the instrument, its title
    and its figures; the rank first when given."""
    instrument, funding = line.instrument, line.funding
    return format_html(
        '<tr data-instrument="{}">{}<th scope="row" class="text-nowrap"><a href="{}">{}</a></th><td>{}</td>'
        '<td class="text-number">{}</td><td class="text-number">{}</td><td class="text-number">{}</td>'
        '<td class="text-number">{}</td></tr>',
        instrument.reference,
        format_html('<td class="text-number">{}</td>', rank) if rank is not None else "",
        instrument.get_absolute_url(),
        instrument_name(instrument),
        translated(instrument, "title"),
        usd_thousands(funding.requirements),
        usd_thousands(funding.mobilized),
        gap_thousands(funding),
        gap_percent(funding),
    )


@register.simple_tag
def dashboard_row(row):
    """A row of the dashboard's table of instruments (selectors.decorate_rows' rows), written in
    Python: a page lists up to two hundred."""
    instrument, funding = row.instrument, row.funding
    if row.latest_period:
        latest = format_html(
            '<a href="{}">{}</a>', cached_reverse("publish:period", row.latest_period), ltr(row.latest_period)
        )
    else:
        latest = format_html('<span class="text-body-secondary">{}</span>', _("none"))
    overdue = format_html('<span class="badge text-bg-danger">{}</span>', row.overdue) if row.overdue else "0"
    return format_html(
        '<tr data-instrument="{}"><th scope="row" class="text-nowrap"><a href="{}">{}</a></th>'
        '<td><div class="line-clamp">{}</div></td><td>{}</td><td class="text-number">{}</td>'
        '<td class="text-number">{}</td><td class="text-number">{}</td><td class="text-number">{}</td>'
        '<td class="text-nowrap">{}</td><td class="text-number">{}</td></tr>',
        instrument.reference,
        instrument.get_absolute_url(),
        instrument_name(instrument),
        translated(instrument, "title"),
        status_badge(instrument.status, instrument.status_derived, short=True),
        usd_thousands(funding.requirements),
        usd_thousands(funding.mobilized),
        gap_thousands(funding),
        gap_percent(funding),
        latest,
        overdue,
    )


@register.simple_tag
def trend_row(instrument, cells):
    """A row of the funding page's trend: the instrument, then mobilized and gap in each period
    (a dash where it has no figures), written in Python."""
    missing = mark_safe('<span class="text-body-secondary">—</span>')
    return format_html(
        '<tr data-instrument="{}"><th scope="row" class="text-nowrap"><a href="{}">{}</a></th>{}</tr>',
        instrument.reference,
        instrument.get_absolute_url(),
        instrument_name(instrument),
        format_html_join(
            "",
            '<td class="text-number" data-period="{}" data-figure="mobilized">{}</td>'
            '<td class="text-number" data-period="{}" data-figure="gap">{}</td>',
            (
                (
                    figures.period if figures else "",
                    usd_thousands(figures.mobilized) if figures else missing,
                    figures.period if figures else "",
                    gap_thousands(figures) if figures else missing,
                )
                for figures in cells
            ),
        ),
    )


@register.simple_tag
def partner_row(partner):
    """A row of the partners' table, written in Python (a page lists a hundred of them)."""
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td>'
        '<td class="text-number">{}</td><td class="text-number">{}</td></tr>',
        cached_reverse("publish:partner", partner.code),
        partner.code,
        translated(partner, "name"),
        display(partner, "kind"),
        partner.instrument_count,
        partner.mentions,
    )


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    return in_language(context["request"].get_full_path(), language)


@register.filter
def html_lang(code: str) -> str:
    return HTML_LANG.get(code, code)


@register.filter
def lang_attrs(code: str) -> str:
    """`lang="zh-Hans" dir="ltr"`: the attributes of text in language `code` shown on a page in
    another. Its own direction as well as its lang, so that English or Chinese on an Arabic page
    lays out left to right (its full stop at its end) and Arabic on an English page right to left."""
    try:
        bidi = get_language_info(code)["bidi"]
    except KeyError:  # a language Django does not know: scripts written right to left are few
        bidi = False
    return format_html('lang="{}" dir="{}"', html_lang(code), "rtl" if bidi else "ltr")


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


_STATED_DATE = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])))?$")


@register.filter
def stated_date(value) -> str:
    """A date a paragraph states, as stored ('2025', '2025-06', '2025-Q2', '2025-06-30'), written
    the page's way: 'June 2025' / '2025年6月', 'June 30, 2025', 'Q2 2025'; other text unchanged."""
    found = _STATED_DATE.match(str(value or ""))
    if not found:
        return value
    year, month, day, quarter = found.groups()
    if quarter:
        return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
    if day:
        return date_format(datetime.date(int(year), int(month), int(day)), "DATE_FORMAT")
    if month:
        return date_format(datetime.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")
    return year
