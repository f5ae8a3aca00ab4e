"""Creating and editing reporting periods (their steps are restrack.reporting.actions.cycle)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.concurrency import check_version
from restrack.core.events import emit
from restrack.core.recording import save_recorded
from restrack.core.translation_fields import assign, get_translations, language_codes
from restrack.reporting import limits
from restrack.reporting.actions import introduction
from restrack.reporting.choices import IntroductionState
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.periods import parse_period_label

# What a period's own editing may change; its state moves only through the cycle's steps.
EDITABLE = {"input_deadline", "board_session", "introduction", "closing_title", "closing", "start_date", "end_date"}
# The period's own texts in the report: reviewed together (restrack.reporting.actions.introduction).
REVIEWED_TEXTS = ("introduction", "closing_title", "closing")


def shown_in_conflicts() -> list[str]:
    """What a refused stale save says changed since: the state, the settings, the introduction in
    each language."""
    texts = [f"{name}_{code.replace('-', '_')}" for name in REVIEWED_TEXTS for code in language_codes()]
    return ["state", "input_deadline", "board_session", "start_date", "end_date", *texts, "introduction_state"]


@atomic_action
def create_reporting_period(label: str, *, acting_user, reason: str = "", **fields) -> ReportingPeriod:
    """Create period `label` (2024-H2); its dates default to the half-year the label names. An
    import of a past report creates its period published (`state`)."""
    policy.require(acting_user, Ability.CREATE_PERIOD)
    parsed = parse_period_label(label)
    if ReportingPeriod.objects.filter(label=str(parsed)).exists():
        raise ValidationError({"label": _("Reporting period %(label)s already exists.") % {"label": parsed}})
    _check_texts(fields)
    period = ReportingPeriod(label=str(parsed), start_date=parsed.start, end_date=parsed.end)
    assign(period, fields)
    check_dates(period)
    save_recorded(period, acting_user=acting_user, reason=reason or "Period created")
    emit(EventKind.PERIOD_CREATED, actor=acting_user, target=period, reason=reason, data={"state": period.state})
    return period


@atomic_action
def update_reporting_period(
    period: ReportingPeriod,
    *,
    acting_user,
    reason: str = "",
    version: int | None = None,
    issued_introduction: bool = False,
    **changes,
) -> ReportingPeriod:
    """Change a period's deadline, Board session, dates or introduction (per language). `version`
    is the version the form was filled from: a period saved since (its settings, or a step such as
    opening it) is refused with StaleRecord, saying who changed what. A changed introduction is a
    draft again (restrack.reporting.actions.introduction), unless `issued_introduction`: the text
    of a report that was issued, stored by its import, which is approved."""
    policy.require(acting_user, Ability.EDIT_PERIOD)
    if issued_introduction:
        policy.require(acting_user, Ability.IMPORT_REPORT)
    refused = sorted(set(changes) - EDITABLE)
    if refused:
        raise ValidationError(
            _("%(fields)s cannot be edited: a period's state changes only by opening or publishing it.")
            % {"fields": ", ".join(refused)}
        )
    _check_texts(changes)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    check_version(period, version, fields=shown_in_conflicts())
    before = _reviewed_texts(period)
    assign(period, changes)
    check_dates(period)
    if issued_introduction:
        period.introduction_state = IntroductionState.APPROVED
    elif _reviewed_texts(period) != before:
        period.introduction_state = introduction.state_after_edit(period)
    save_recorded(period, acting_user=acting_user, reason=reason or "Period edited")
    emit(EventKind.PERIOD_EDITED, actor=acting_user, target=period, reason=reason, data={"fields": sorted(changes)})
    return period


def _reviewed_texts(period: ReportingPeriod) -> list[dict]:
    return [get_translations(period, name) for name in REVIEWED_TEXTS]


def _check_texts(fields: dict) -> None:
    """The period's texts in the report within their limits (each language, where several are given)."""
    what = {
        "introduction": (limits.INTRODUCTION, _("The introduction")),
        "closing": (limits.INTRODUCTION, _("The closing chapter")),
        "closing_title": (limits.TITLE, _("The closing chapter's title")),
    }
    for name, value in fields.items():
        if name in what:
            limit, label = what[name]
            limits.check_length(value, limit, field=name, what=label)


def _date(value):
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            raise ValidationError(_("%(value)r is not a date (YYYY-MM-DD).") % {"value": value})
        return parsed
    return value


def check_dates(period: ReportingPeriod) -> None:
    """Refuse dates that cannot be meant: a period ending before it starts, a deadline before the
    period starts (2019-01-01 for 2025-H1). A late deadline is allowed: a period may be kept open."""
    start, end, deadline = _date(period.start_date), _date(period.end_date), _date(period.input_deadline)
    errors = {}
    if start and end and end < start:
        errors["end_date"] = _("The period cannot end (%(end)s) before it starts (%(start)s).") % {
            "end": end.isoformat(),
            "start": start.isoformat(),
        }
    if deadline and start and deadline < start:
        errors["input_deadline"] = _(
            "The deadline for inputs (%(deadline)s) is before period %(label)s starts (%(start)s): give a date "
            "within the period or after it."
        ) % {"deadline": deadline.isoformat(), "label": period.label, "start": start.isoformat()}
    if errors:
        raise ValidationError(errors)
