from django import forms
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from restrack.core.widgets import QuickSelect
from restrack.publish import memo
from restrack.publish.choices import DashboardSort, FundingFilter, PeriodChange, PeriodReported
from restrack.registry.choices import ImplementationStatus, InstrumentKind
from restrack.registry.filtersets import NOT_REPORTED, InstrumentFilterSet
from restrack.registry.models import Goal, GoalLink, GoverningBody, Instrument, Session

# The filters InstrumentFilterSet checks and applies, as on the API's list and the downloads.
INSTRUMENT_FILTERS = ("body", "session", "kind", "status", "goal")


PERIOD_ERRORS = {
    "invalid_choice": _(
        "There are no published funding figures for %(value)s; the latest published figures are shown instead."
    )
}


def _period_choices(periods):
    """Newest first, so that the select shows the default (the latest period) when none is chosen."""
    choices = [(period.label, period.label) for period in reversed(periods)]
    return choices or [("", _("none published yet"))]


def body_choices() -> list:
    """Every governing body that has instruments, by its name in the page's language (one query)."""
    bodies = GoverningBody.objects.filter(Exists(Instrument.objects.filter(body=OuterRef("pk")))).order_by("pk")
    # str(): the choices are kept in the data cache, for the page's language; a lazy label would be
    # pickled as a proxy, and unpickling one builds a class each time.
    return [("", str(_("All bodies"))), *((body.code, body.name) for body in bodies)]


def session_choices() -> list:
    """Every session that adopted instruments, grouped by body (one query): the value is the
    session's code as InstrumentFilterSet reads it (2, 2024-2), the label says which it is."""
    sessions = (
        Session.objects.filter(Exists(Instrument.objects.filter(session=OuterRef("pk"))))
        .select_related("body")
        .order_by("body_id", "year", "number", "sequence_in_year")
    )
    groups: dict[str, list] = {}
    for session in sessions:
        groups.setdefault(session.body.name, []).append((session.code, session.label))
    return [("", str(_("All sessions"))), *groups.items()]


def goal_choices() -> list:
    """The goals and agenda references that instruments link to, grouped by framework (one query)."""
    goals = Goal.objects.filter(Exists(GoalLink.objects.filter(goal=OuterRef("pk")))).order_by("order")
    groups: dict[str, list] = {}
    for goal in goals:
        groups.setdefault(str(goal.get_framework_display()), []).append((goal.code, f"{goal.label}: {goal.name}"))
    return [("", str(_("Any goal"))), *groups.items()]


def set_registry_choices(form) -> None:
    """Offer `form`'s body, session and goal filters from the registry, whatever it holds (kept
    until the next public change: every filtered table asks for them)."""
    form.fields["body"].widget.choices = memo.remember("body-choices", (), body_choices)
    form.fields["session"].widget.choices = memo.remember("session-choices", (), session_choices)
    if "goal" in form.fields:
        form.fields["goal"].widget.choices = memo.remember("goal-choices", (), goal_choices)


class FilterSelect(forms.CharField):
    """A select of the usual values of one of InstrumentFilterSet's filters; the FilterSet judges
    the value (DashboardFilterForm.clean), so a link means on the dashboard what it means in the API."""

    widget = QuickSelect

    def __init__(self, *, choices, **kwargs):
        super().__init__(**kwargs)
        self.widget.choices = choices


class InstrumentFilterForm(forms.Form):
    """Filters of a public table of instruments; GET parameters, so that a filtered view can be
    shared by its URL. body, session, kind and status are InstrumentFilterSet's filters
    (`instrument_filters()`): a value it refuses becomes this form's error on that field and the
    filter is dropped (`ignored()` says which), so a mistyped link still shows the table."""

    # The bodies and sessions come from the registry when the form is made (set_registry_choices).
    body = FilterSelect(label=_("Body"), required=False, choices=())
    session = FilterSelect(label=_("Session"), required=False, choices=())
    kind = FilterSelect(
        label=_("Kind"), required=False, choices=[("", _("Resolutions and decisions")), *InstrumentKind.choices]
    )
    status = FilterSelect(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ImplementationStatus.choices, (NOT_REPORTED, _("Not reported"))],
    )
    goal = FilterSelect(label=_("Goal"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_registry_choices(self)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-select form-select-sm"
            field.widget.attrs["class"] = css

    def clean(self):
        """Each instrument filter's value as InstrumentFilterSet judges it."""
        cleaned = super().clean()
        values = {name: cleaned[name] for name in INSTRUMENT_FILTERS if cleaned.get(name)}
        if not values:
            return self.cleaned_data
        filterset = InstrumentFilterSet(values, queryset=Instrument.objects.all())
        for name, errors in filterset.errors.items():
            if name in self.fields:
                self.add_error(name, list(errors))
        # Every value valid: instruments() filters with it (its values already looked up, a
        # goal by its code among them) instead of judging them again.
        self._filterset = None if filterset.errors else filterset
        return self.cleaned_data

    def instrument_filters(self) -> dict[str, str]:
        """The usable instrument filters as given in the URL, for InstrumentFilterSet."""
        filters = self.usable_filters()
        return {name: filters[name] for name in INSTRUMENT_FILTERS if filters.get(name)}

    def instruments(self):
        """The instruments that pass the usable instrument filters (all of them, without building
        a FilterSet, when none is given)."""
        filters = self.instrument_filters()
        if not filters:
            return Instrument.objects.all()
        judged = getattr(self, "_filterset", None)
        if judged is not None:
            return judged.qs
        return InstrumentFilterSet(filters, queryset=Instrument.objects.all()).qs

    def usable_filters(self) -> dict:
        """The filters whose values are valid; a bad value drops that filter only."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def ignored(self) -> list[tuple[str, str]]:
        """(label, message) of each filter whose value was ignored."""
        if not self.is_bound:
            return []
        return [(str(self.fields[name].label), " ".join(errors)) for name, errors in self.errors.items()]


class DashboardFilterForm(InstrumentFilterForm):
    """The dashboard's filters. `periods` are the published periods with funding figures, one of
    which the figures are of; funding, period, sort and descending are the dashboard's own."""

    field_order = ["period", "body", "session", "kind", "status", "goal", "funding", "sort", "descending"]

    period = forms.ChoiceField(
        widget=QuickSelect, label=_("Funding figures of"), required=False, error_messages=PERIOD_ERRORS
    )
    funding = forms.ChoiceField(
        widget=QuickSelect, label=_("Funding"), required=False, choices=[("", _("Any funding")), *FundingFilter.choices]
    )
    sort = forms.ChoiceField(widget=QuickSelect, label=_("Sort by"), required=False, choices=DashboardSort.choices)
    descending = forms.BooleanField(label=_("Descending"), required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices(list(periods))

    def export_query(self, period=None) -> str:
        """The query string of the downloads of the instruments shown: the usable instrument
        filters and the period whose funding figures are shown."""
        query = QueryDict(mutable=True)
        query.update(self.instrument_filters())
        if period is not None:
            query["period"] = period.label
        return query.urlencode()


class PeriodFilterForm(InstrumentFilterForm):
    """The filters of a period's table: which instruments (body, session, kind), whether they
    reported in the period, and their funding in it."""

    status = None  # an instrument's status today says little about one period

    reported = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Update in this period"),
        required=False,
        choices=[("", _("Any")), *PeriodReported.choices],
    )
    funding = forms.ChoiceField(
        widget=QuickSelect, label=_("Funding"), required=False, choices=[("", _("Any funding")), *FundingFilter.choices]
    )


class CompareFilterForm(InstrumentFilterForm):
    """The filters of the comparison's table: which instruments, and what changed."""

    status = None

    change = forms.ChoiceField(
        widget=QuickSelect,
        label=_("What changed"),
        required=False,
        choices=[("", _("Anything or nothing")), *PeriodChange.choices],
    )
