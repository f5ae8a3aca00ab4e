"""Forms of the working pages: creating a period, returning an update, and reading the editor's
post into the arguments of save_draft."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from restrack.core.translation_fields import language_codes
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import Session
from restrack.reporting import limits
from restrack.reporting.actions import CommitmentDraft, EntryDraft
from restrack.reporting.choices import CommitmentState, Recurrence


class PeriodCreateForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=7,
        help_text=gettext_lazy("The half-year: 2025-H1 (January to June) or 2025-H2."),
    )
    input_deadline = forms.DateField(
        label=gettext_lazy("Deadline for inputs"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Focal points are reminded before it; late drafts show as overdue."),
    )
    board_session = forms.ModelChoiceField(
        label=gettext_lazy("Executive Board session reported to"),
        required=False,
        queryset=Session.objects.filter(body__sessions_numbered_by_year=True).order_by("-year", "-sequence_in_year"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


def _board_sessions():
    return Session.objects.filter(body__sessions_numbered_by_year=True).order_by("-year", "-sequence_in_year")


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs["class"] = css


def introduction_field(code: str, name: str = "introduction") -> str:
    """The form field of the introduction (or another of the period's texts: `name`) in language
    `code` (introduction_zh_hans, as the model's)."""
    return f"{name}_" + code.replace("-", "_")


# The period's texts in the report, per language: (field, label, length limit, rows).
PERIOD_TEXTS = [
    ("introduction", gettext_lazy("Introduction to the report, in %(language)s"), limits.INTRODUCTION, 4),
    ("closing_title", gettext_lazy("Title of the closing chapter, in %(language)s"), limits.TITLE, 0),
    ("closing", gettext_lazy("Closing chapter, in %(language)s"), limits.INTRODUCTION, 3),
]


class PeriodSettingsForm(forms.Form):
    """A period's settings, as update_reporting_period changes them (which checks the dates)."""

    input_deadline = forms.DateField(
        label=gettext_lazy("Deadline for inputs"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Within the period or after it. Focal points are reminded before it; late drafts show as overdue."
        ),
    )
    board_session = forms.ModelChoiceField(
        label=gettext_lazy("Executive Board session reported to"), required=False, queryset=Session.objects.none()
    )
    start_date = forms.DateField(label=gettext_lazy("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=gettext_lazy("Why (optional, kept in the period's history)"),
        required=False,
        max_length=200,
    )
    # The period's version the form was filled from (restrack.core.concurrency).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board_session"].queryset = _board_sessions()
        for text, label, limit, rows in PERIOD_TEXTS:
            for code, name in settings.LANGUAGES:
                widget = (
                    forms.Textarea(attrs={"rows": rows, "lang": code})
                    if rows
                    else forms.TextInput(attrs={"lang": code})
                )
                self.fields[introduction_field(code, text)] = forms.CharField(
                    label=label % {"language": _(str(name))}, required=False, max_length=limit, widget=widget
                )
        _styled(self)

    def introduction_fields(self):
        return [self[introduction_field(code)] for code in language_codes()]

    def closing_fields(self):
        """Per language, the closing chapter's title and text."""
        return [
            (self[introduction_field(code, "closing_title")], self[introduction_field(code, "closing")])
            for code in language_codes()
        ]

    def changes(self) -> dict:
        """The changed settings, as keyword arguments of update_reporting_period."""
        data = self.cleaned_data
        changes = {
            name: data[name]
            for name in ("input_deadline", "board_session", "start_date", "end_date")
            if name in self.changed_data
        }
        for text, *_rest in PERIOD_TEXTS:
            given = {
                code: data[introduction_field(code, text)]
                for code in language_codes()
                if introduction_field(code, text) in self.changed_data
            }
            if given:
                changes[text] = given
        return changes


class BoardSessionForm(forms.Form):
    """A new session of the Executive Board (the registry's get_or_create_board_session)."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1978, max_value=2100)
    order = forms.IntegerField(
        label=gettext_lazy("Session of the year"),
        min_value=1,
        max_value=9,
        help_text=gettext_lazy("1 for the year's first session, 2 for the second, ..."),
    )
    start_date = forms.DateField(
        label=gettext_lazy("Opening day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)

    @staticmethod
    def next_session() -> dict:
        """The session after the latest one recorded (its year, the next order), to start from."""
        latest = _board_sessions().exclude(sequence_in_year=None).first()
        if latest is None:
            return {"year": timezone.localdate().year, "order": 1}
        return {"year": latest.year, "order": latest.sequence_in_year + 1}

    def clean(self):
        data = super().clean()
        start = data.get("start_date")
        if start and data.get("year") and start.year != data["year"]:
            self.add_error("start_date", _("The opening day is not in %(year)s.") % {"year": data["year"]})
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("What needs changing"), widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def paragraph_comments(data) -> dict[int, str]:
        """Remarks on single paragraphs, posted as paragraph-comment-<entry id>."""
        prefix = "paragraph-comment-"
        return {
            int(name[len(prefix) :]): value
            for name, value in data.items()
            if name.startswith(prefix) and name[len(prefix) :].isdigit() and value.strip()
        }


def _integer(value: str, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("%(where)s: %(value)r is not a number.") % {"where": where, "value": value}) from error


def _integers(values: list[str], where: str) -> list[int]:
    return [_integer(value, where) for value in values if value != ""]


def _optional_integer(value: str | None, where: str) -> int | None:
    return None if value in (None, "") else _integer(value, where)


def parse_editor_post(data, *, language: str) -> dict:
    """The editor's post as keyword arguments of save_draft. Paragraphs and commitments come in the
    order of their `entry` / `commitment` keys; texts are in `language`, the one being edited."""
    if language not in language_codes():
        raise ValidationError(_("Unknown language %(code)r.") % {"code": language})
    status = data.get("status", "")
    if status and status not in ImplementationStatus.values:
        raise ValidationError(_("Unknown implementation status %(status)r.") % {"status": status})
    entries = []
    for position, key in enumerate(data.getlist("entry"), start=1):
        where = _("Paragraph %(position)s") % {"position": position}
        field = f"entry-{key}-"
        entries.append(
            EntryDraft(
                key=key,
                id=_optional_integer(data.get(field + "id"), where),
                text={language: data.get(field + "text", "")},
                operative_paragraphs=_integers(data.getlist(field + "ops"), where),
                partners=_integers(data.getlist(field + "partners"), where),
                funding_constraint=data.get(field + "funding") == "on",
                confirmed=data.get(field + "confirm") == "on",
            )
        )
    commitments = []
    for number, key in enumerate(data.getlist("commitment"), start=1):
        where = _("Commitment %(number)s") % {"number": number}
        field = f"commitment-{key}-"
        state = data.get(field + "state") or CommitmentState.PENDING
        commitment_id = _optional_integer(data.get(field + "id"), where)
        description = data.get(field + "description")
        if commitment_id is None and not (description or "").strip() and not data.get(field + "due", "").strip():
            continue  # an empty row for a new commitment, never filled in
        commitments.append(
            CommitmentDraft(
                key=key,
                id=commitment_id,
                # An earlier period's commitment shows its description read only: not posted, not changed.
                description={} if description is None else {language: description},
                due=data.get(field + "due", ""),
                state=state,
                # The editor shows the box on every row: not ticked is once.
                recurrence=Recurrence.ANNUAL if data.get(field + "recurring") == "on" else Recurrence.ONCE,
                promised_in=data.get(field + "promised_in") or None,
                delivered_in=data.get(field + "delivered_in") or None,
            )
        )
    return {
        "version": _integer(data.get("version"), _("Version")),
        "status": status,
        "summary": {language: data.get("summary", "")},
        "entries": entries,
        "commitments": commitments,
        "comment": data.get("comment", ""),
    }
