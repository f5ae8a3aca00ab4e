"""Words of followers' mail, in the language the mail is written in."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from restrack.core.site import absolute_url
from restrack.publish.changes import DELIVERED, OVERDUE, UPDATED
from restrack.publish.choices import PeriodChange
from restrack.publish.templatetags.tracker import instrument_name
from restrack.registry.choices import ImplementationStatus

register = template.Library()


def _status(value) -> str:
    return ImplementationStatus(value).label if value in ImplementationStatus.values else _("not reported")


def _percent(value) -> str:
    return "—" if value is None else f"{value} %"


@register.filter
def change_line(change) -> str:
    """One instrument's changes in one line: 'Resolution 2/6: first update (4 paragraphs); …'."""
    parts = []
    if PeriodChange.NEW in change.kinds:
        parts.append(
            ngettext("first update (%(n)s paragraph)", "first update (%(n)s paragraphs)", change.paragraphs)
            % {"n": change.paragraphs}
        )
    elif UPDATED in change.kinds:
        parts.append(
            ngettext("updated (%(n)s paragraph)", "updated (%(n)s paragraphs)", change.paragraphs)
            % {"n": change.paragraphs}
        )
    if PeriodChange.SILENT in change.kinds:
        parts.append(_("no update this period"))
    if PeriodChange.STATUS in change.kinds:
        parts.append(
            _("status %(before)s → %(after)s")
            % {"before": _status(change.previous_status), "after": _status(change.status)}
        )
    if PeriodChange.FUNDING in change.kinds:
        parts.append(
            _("funding gap %(before)s → %(after)s")
            % {"before": _percent(change.previous_gap_percent), "after": _percent(change.gap_percent)}
        )
    if DELIVERED in change.kinds:
        parts.append(
            ngettext("%(n)s commitment delivered", "%(n)s commitments delivered", change.delivered)
            % {"n": change.delivered}
        )
    if OVERDUE in change.kinds:
        parts.append(
            ngettext("%(n)s commitment overdue", "%(n)s commitments overdue", change.overdue) % {"n": change.overdue}
        )
    return _("%(instrument)s: %(changes)s") % {
        "instrument": instrument_name(change.instrument),
        "changes": pgettext("list separator", "; ").join(parts),
    }


@register.filter
def change_url(change, period) -> str:
    return absolute_url(f"{change.instrument.get_absolute_url()}?period={period.label}#update-{period.label}")


@register.simple_tag
def change_counts(counts: dict) -> list[str]:
    """The digest's summary lines, one per kind of change that happened."""
    words = {
        PeriodChange.NEW: lambda n: ngettext(
            "%(n)s instrument reported on for the first time", "%(n)s instruments reported on for the first time", n
        ),
        PeriodChange.SILENT: lambda n: ngettext(
            "%(n)s instrument without an update this period", "%(n)s instruments without an update this period", n
        ),
        PeriodChange.STATUS: lambda n: ngettext(
            "%(n)s instrument changed status", "%(n)s instruments changed status", n
        ),
        PeriodChange.FUNDING: lambda n: ngettext(
            "%(n)s instrument with new funding figures", "%(n)s instruments with new funding figures", n
        ),
        DELIVERED: lambda n: ngettext(
            "%(n)s instrument with commitments delivered", "%(n)s instruments with commitments delivered", n
        ),
        OVERDUE: lambda n: ngettext(
            "%(n)s instrument with commitments overdue", "%(n)s instruments with commitments overdue", n
        ),
    }
    return [words[kind](counts[kind]) % {"n": counts[kind]} for kind in words if counts.get(kind)]
