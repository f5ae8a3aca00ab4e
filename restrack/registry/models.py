"""The registry: who adopts what. Bodies, their sessions, the instruments they adopt and the
instruments' operative paragraphs; the documents reports are published as; the partners
reports name.

Translatable text fields (titles, paragraph texts, names) get one column per UN language from
django-modeltranslation (see translation.py, which also registers their field history).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.dispatch import Signal
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from restrack.core.concurrency import Versioned
from restrack.core.links import cached_reverse
from restrack.core.models import TimeStampedModel
from restrack.registry import citations, numbering
from restrack.registry.choices import (
    MANDATE_ACTIONS,
    Addressee,
    DeliverableState,
    DocumentKind,
    GoalFramework,
    ImplementationStatus,
    InstrumentKind,
    LinkedBody,
    LinkRelation,
    OperativeAction,
    PartnerKind,
    ReportLayout,
    SessionPartKind,
)

UNDOCS_URL = "https://undocs.org/"

# The registry's order of operative paragraphs (the API's list): their instrument's session by
# year, number and order in the year, resolutions before decisions, the instrument's sequence,
# then the paragraph's order. The first five are OperativeParagraph's stored copies (listing_*).
LISTING_ORDER = [
    "listing_year",
    "listing_session_number",
    "listing_sequence_in_year",
    "-listing_kind",
    "listing_sequence",
    "order",
]
# Each copy and what it copies, from the paragraph.
LISTING_COPIES = {
    "listing_year": "instrument__session__year",
    "listing_session_number": "instrument__session__number",
    "listing_sequence_in_year": "instrument__session__sequence_in_year",
    "listing_kind": "instrument__kind",
    "listing_sequence": "instrument__sequence",
}
SESSION_LISTING_FIELDS = ("year", "number", "sequence_in_year")
INSTRUMENT_LISTING_FIELDS = ("session_id", "kind", "sequence")


def copy_listing_place(paragraphs: models.QuerySet | None = None) -> int:
    """Write into `paragraphs` (every operative paragraph by default: after writes in bulk, which
    call no save) the copies of their instrument's place (LISTING_COPIES), in one UPDATE; how many."""
    paragraphs = OperativeParagraph.objects.all() if paragraphs is None else paragraphs
    instruments = Instrument.objects.filter(pk=OuterRef("instrument_id"))
    path = {"instrument__session__": "session__", "instrument__": ""}
    values = {}
    for copy, source in LISTING_COPIES.items():
        prefix = next(prefix for prefix in path if source.startswith(prefix))
        values[copy] = Subquery(instruments.values(path[prefix] + source.removeprefix(prefix))[:1])
    return paragraphs.order_by().update(**values)


def instrument_order_key(prefix: str = ""):
    """The report order of an instrument (Instrument.Meta.ordering: body, session year and number,
    resolutions before decisions, sequence) as one text that sorts the same way, computed by the
    database from the instrument at `prefix` ("" on an Instrument; "instrument__" on a record)."""

    def digits(path, width):
        return LPad(Cast(F(prefix + path), CharField()), width, Value("0"))

    kinds = sorted(InstrumentKind.values, reverse=True)  # "-kind"
    return Concat(
        digits("body_id", 10),
        digits("session__year", 5),
        digits("session__number", 5),
        Case(*(When(**{prefix + "kind": kind}, then=Value(str(rank))) for rank, kind in enumerate(kinds))),
        digits("sequence", 5),
        output_field=CharField(),
    )


def instrument_order_of(instrument) -> str | None:
    """instrument_order_key computed in Python from an instrument whose session is loaded (None
    when it is not: ask the database); the same text, without a query."""
    if "session" not in instrument._state.fields_cache:
        return None
    session = instrument.session

    def digits(value, width):
        return "" if value is None else str(value).rjust(width, "0")[:width]

    kinds = sorted(InstrumentKind.values, reverse=True)
    rank = str(kinds.index(instrument.kind)) if instrument.kind in kinds else ""
    return "".join(
        (
            digits(instrument.body_id, 10),
            digits(session.year if session else None, 5),
            digits(session.number if session else None, 5),
            rank,
            digits(instrument.sequence, 5),
        )
    )


def fill_instrument_order(instruments: models.QuerySet | None = None) -> int:
    """Rewrite the report order `instruments` store (every instrument by default: after writes in
    bulk, which call no save) from their body, session, kind and sequence, in one UPDATE; how many."""
    instruments = Instrument.objects.all() if instruments is None else instruments
    key = Instrument.objects.filter(pk=OuterRef("pk")).values_list(instrument_order_key())[:1]
    return instruments.order_by().update(report_order=Subquery(key))


# Sent after saving an instrument or session changed the place of instruments in the registry's
# order, with `instruments` (a queryset of them): the apps above that store that place (reporting's
# progress updates) rewrite it. The operative paragraphs' copies are rewritten before it is sent.
listing_place_changed = Signal()


def _loaded(instance, fields) -> tuple:
    """The values of `fields` as loaded or last saved (None where a field was not loaded)."""
    return tuple(instance.__dict__.get(field) for field in fields)


def _listing_changed(instance, fields, update_fields) -> bool:
    """Whether saving `instance` changes what its instrument's paragraphs copy (LISTING_COPIES)."""
    if instance._state.adding:
        return False  # nothing refers to it yet
    if update_fields is not None and not {field.removesuffix("_id") for field in fields} & {
        field.removesuffix("_id") for field in update_fields
    }:
        return False
    return _loaded(instance, fields) != getattr(instance, "_listing_loaded", None)


class GoverningBody(Versioned, TimeStampedModel):
    ASSEMBLY = "assembly"
    EXECUTIVE_BOARD = "executive-board"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    symbol_prefix = models.CharField(
        _("document symbol prefix"), max_length=40, blank=True, help_text=_("For example HSP/EB.")
    )
    sessions_numbered_by_year = models.BooleanField(
        _("sessions numbered by year"),
        default=False,
        help_text=_("True for the Executive Board (second session of 2024), false for the Assembly."),
    )

    class Meta:
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Session(Versioned, TimeStampedModel):
    body = models.ForeignKey(GoverningBody, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("body"))
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Assembly sessions: 1, 2, ...")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence_in_year = models.PositiveSmallIntegerField(
        _("order in the year"),
        null=True,
        blank=True,
        help_text=_("Executive Board sessions: 1 for the first session of the year, ..."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["body", "year", "number", "sequence_in_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=Q(number__isnull=False),
                name="session_unique_number_per_body",
                violation_error_message=_("This body already has a session with this number."),
            ),
            models.UniqueConstraint(
                fields=["body", "year", "sequence_in_year"],
                condition=Q(sequence_in_year__isnull=False),
                name="session_unique_order_in_year_per_body",
                violation_error_message=_("This body already has this session in that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}, {self.label}"

    @property
    def label(self) -> str:
        """The session within its body, in the page's language: 'session 2 (2023)', '2024 session 2'."""
        if self.number is not None:
            return gettext("session %(number)s (%(year)s)") % {"number": self.number, "year": self.year}
        return gettext("%(year)s session %(order)s") % {"year": self.year, "order": self.sequence_in_year}

    @property
    def code(self) -> str:
        """Short form used in URLs and imports: '2' for the Assembly, '2024-2' for the Board."""
        if self.number is not None:
            return str(self.number)
        return f"{self.year}-{self.sequence_in_year}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._listing_loaded = _loaded(instance, SESSION_LISTING_FIELDS)
        return instance

    def save(self, *args, **kwargs):
        changed = _listing_changed(self, SESSION_LISTING_FIELDS, kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        if changed:
            fill_instrument_order(Instrument.objects.filter(session=self))
            copy_listing_place(OperativeParagraph.objects.filter(instrument__session=self))
            listing_place_changed.send(sender=Session, instruments=Instrument.objects.filter(session=self))
        self._listing_loaded = _loaded(self, SESSION_LISTING_FIELDS)

    def clean(self) -> None:
        errors = {}
        by_year = self.body_id and self.body.sessions_numbered_by_year
        if by_year and self.sequence_in_year is None:
            errors["sequence_in_year"] = _(
                "Executive Board sessions are named by year and order: give the order in the year."
            )
        if self.body_id and not by_year and self.number is None:
            errors["number"] = _("Assembly sessions are numbered: give the session number.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The session cannot end before it starts.")
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["year"] = _("The year must be the year the session starts in.")
        if errors:
            raise ValidationError(errors)


class SessionPart(Versioned, TimeStampedModel):
    """A part of a session held separately, such as the resumed part of an adjourned session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="parts", verbose_name=_("session"))
    kind = models.CharField(_("kind"), max_length=20, choices=SessionPartKind.choices, default=SessionPartKind.RESUMED)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session part")
        verbose_name_plural = _("session parts")
        ordering = ["session", "start_date"]

    def __str__(self) -> str:
        return f"{self.session}: {self.get_kind_display()} from {self.start_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The part cannot end before it starts.")})


class Instrument(Versioned, TimeStampedModel):
    """A resolution or decision adopted by a governing body.

    A resolution and a decision may share a number (resolution 1/3 and decision 1/3 are
    different instruments), so identity is (body, kind, number), never the number alone.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    body = models.ForeignKey(
        GoverningBody, on_delete=models.PROTECT, related_name="instruments", verbose_name=_("body")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="instruments", verbose_name=_("session")
    )
    number = models.CharField(_("number"), max_length=16, help_text=_("2/6 for the Assembly, 2023/6 for the Board."))
    sequence = models.PositiveSmallIntegerField(_("sequence"), editable=False, default=0)
    title = models.CharField(_("title"), max_length=500, blank=True)
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    document_symbol = models.CharField(_("document symbol"), max_length=80, blank=True)
    preamble = models.TextField(
        _("preamble"),
        blank=True,
        help_text=_("The preambular paragraphs, a blank line between two; filled by importing the text."),
    )
    status = models.CharField(
        _("implementation status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        blank=True,
        help_text=_("Empty until the implementation has been reported on."),
    )
    # The status was derived from a report's text (restrack.reading.status), not assessed.
    status_derived = models.BooleanField(_("status derived from a report's text"), default=False)
    lead_unit = models.CharField(_("lead unit"), max_length=200, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Progress updates are expected each period.")
    )
    # Its place in the report order (instrument_order_key: body, session year and number,
    # resolutions before decisions, sequence) as one text, so that a page of instruments in that
    # order is a walk of one index instead of a sort of every instrument joined to its session.
    # Written by save (and a session's save when the session moves); fill_instrument_order() after
    # writes in bulk. Not in the field history: nobody edits it.
    report_order = models.CharField(_("report order"), max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        # "-kind": resolutions before decisions within a session, as reports list them.
        ordering = ["body", "session__year", "session__number", "-kind", "sequence"]
        indexes = [
            # The dashboard counts every instrument by body, session and status: a GROUP BY read
            # from this index in its order, without the table or a sort (in the order the query
            # groups by, which PostgreSQL needs; with the id it counts, so the index alone answers).
            models.Index(fields=["status", "session", "body", "id"], name="instrument_groups"),
            models.Index(fields=["report_order", "id"], name="instrument_report_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "number"],
                name="instrument_unique_kind_number_per_body",
                violation_error_message=_("This body already has an instrument of this kind with this number."),
            ),
        ]

    def __str__(self) -> str:
        """ "resolution 2/6" in English, "第 2/6 号决议" in Chinese: the active language's citation form."""
        return citations.instrument_name(self.kind, self.number, get_language())

    @property
    def reference(self) -> str:
        """The canonical reference used by imports and the API: 'resolution 2/6'."""
        return f"{self.kind} {self.number}"

    @property
    def slug(self) -> str:
        """'resolution-2-6', used where a single path segment is needed."""
        return f"{self.kind}-{self.number.replace('/', '-')}"

    def get_absolute_url(self) -> str:
        """The instrument's page on the public tracker (/en/resolutions/2/6/)."""
        prefix, sequence = self.number.split("/")
        return cached_reverse(f"publish:{self.kind}", prefix=int(prefix), sequence=int(sequence))

    @property
    def akn_work_uri(self) -> str:
        """The Akoma Ntoso work URI, /akn/un/statement/deliberation/<actor>/<date>/<number>."""
        date = self.adoption_date.isoformat() if self.adoption_date else "unknown"
        return f"/akn/un/statement/deliberation/{self.body.code}/{date}/{self.number.replace('/', '-')}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._listing_loaded = _loaded(instance, INSTRUMENT_LISTING_FIELDS)
        return instance

    def save(self, *args, **kwargs):
        changed = _listing_changed(self, INSTRUMENT_LISTING_FIELDS, kwargs.get("update_fields"))
        placed = self._state.adding or changed
        key = instrument_order_of(self) if placed else None  # None: the session is not loaded
        if key is not None and key != self.report_order:
            self.report_order = key
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "report_order"}
        super().save(*args, **kwargs)
        if placed and key is None:
            fill_instrument_order(Instrument.objects.filter(pk=self.pk))
            self.report_order = Instrument.objects.filter(pk=self.pk).values_list("report_order", flat=True).get()
        if changed:
            copy_listing_place(OperativeParagraph.objects.filter(instrument=self))
            listing_place_changed.send(sender=Instrument, instruments=Instrument.objects.filter(pk=self.pk))
        self._listing_loaded = _loaded(self, INSTRUMENT_LISTING_FIELDS)

    def clean(self) -> None:
        errors = {}
        try:
            parsed = numbering.parse_instrument_number(self.number)
        except ValidationError as error:
            errors["number"] = error.messages
            parsed = None
        if parsed:
            self.number = str(parsed)
            self.sequence = parsed.sequence
        if self.session_id:
            if self.body_id and self.session.body_id != self.body_id:
                errors["session"] = _("The session belongs to another body than the instrument.")
            elif parsed:
                errors.update(self._number_matches_session(parsed))
        if self.document_symbol:
            try:
                self.document_symbol = numbering.normalize_symbol(self.document_symbol)
            except ValidationError as error:
                errors["document_symbol"] = error.messages
        if errors:
            raise ValidationError(errors)

    def _number_matches_session(self, parsed: numbering.InstrumentNumber) -> dict:
        session = self.session
        if session.number is not None and parsed.prefix != session.number:
            return {
                "number": _(
                    "Instrument %(number)s cannot belong to session %(session)s: the part before "
                    "the slash is the session number."
                )
                % {"number": self.number, "session": session.number}
            }
        if session.number is None and parsed.prefix != session.year:
            return {
                "number": _(
                    "Decision %(number)s cannot belong to a session held in %(year)s: the part "
                    "before the slash is the year."
                )
                % {"number": self.number, "year": session.year}
            }
        return {}


class OperativeParagraph(Versioned, TimeStampedModel):
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="operative_paragraphs",
        verbose_name=_("instrument"),
    )
    number = models.CharField(_("number"), max_length=24, help_text=_("4, 4(a) or 4(a)(i)."))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent paragraph"),
    )
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # What the paragraph asks and of whom: read from its text when it is imported
    # (restrack.reading.mandates), changed by the coordinator, whose choice imports then keep.
    action = models.CharField(_("operative verb"), max_length=20, choices=OperativeAction.choices, blank=True)
    addressee = models.CharField(_("addressed to"), max_length=20, choices=Addressee.choices, blank=True)
    classified_by_coordinator = models.BooleanField(
        _("classified by the coordinator"),
        default=False,
        help_text=_("The verb and addressee were set by hand; importing the text again keeps them."),
    )
    # Copies of the instrument's place in the registry's order (its session's year, number and
    # order in the year, its kind and sequence: LISTING_ORDER), so that the API's list in that
    # order is a walk of one index (operative_paragraph_listing) with a LIMIT instead of a sort of
    # every paragraph. Kept by this model's save, Instrument.save and Session.save (when the
    # fields they copy change); writes in bulk call copy_listing_place() after them. Not in the
    # field history: nobody edits them.
    listing_year = models.PositiveSmallIntegerField(default=0, editable=False)
    listing_session_number = models.PositiveSmallIntegerField(null=True, editable=False)
    listing_sequence_in_year = models.PositiveSmallIntegerField(null=True, editable=False)
    listing_kind = models.CharField(max_length=20, blank=True, editable=False)
    listing_sequence = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("operative paragraph")
        verbose_name_plural = _("operative paragraphs")
        ordering = ["instrument", "order"]
        indexes = [
            models.Index(
                fields=[
                    "listing_year",
                    "listing_session_number",
                    "listing_sequence_in_year",
                    "-listing_kind",
                    "listing_sequence",
                    "order",
                    "id",
                ],
                name="operative_paragraph_listing",
            ),
            # The mandates (mandates_q): an index range, not a scan of every paragraph.
            models.Index(fields=["addressee", "action"], name="operative_paragraph_mandates"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"],
                name="operative_paragraph_unique_number",
                violation_error_message=_("This instrument already has a paragraph with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}, OP {self.number}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"instrument", "instrument_id"} & set(update_fields):
            instrument = self.instrument
            session = instrument.session
            (
                self.listing_year,
                self.listing_session_number,
                self.listing_sequence_in_year,
                self.listing_kind,
                self.listing_sequence,
            ) = (session.year, session.number, session.sequence_in_year, instrument.kind, instrument.sequence)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *LISTING_COPIES}
        super().save(*args, **kwargs)

    @property
    def is_mandate(self) -> bool:
        """Whether the paragraph asks the secretariat to act or to report."""
        return self.addressee == Addressee.SECRETARIAT and self.action in MANDATE_ACTIONS

    @property
    def parsed_number(self) -> numbering.ParagraphNumber:
        return numbering.parse_paragraph_number(self.number)

    @property
    def akn_eid(self) -> str:
        return self.parsed_number.akn_eid

    def clean(self) -> None:
        try:
            parsed = numbering.parse_paragraph_number(self.number)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from error
        self.number = str(parsed)
        if not self.order:
            self.order = parsed.sort_key
        if self.parent_id:
            expected = parsed.parent
            if self.parent.instrument_id != self.instrument_id or str(expected) != self.parent.number:
                raise ValidationError(
                    {
                        "parent": _(
                            "Paragraph %(number)s must hang under paragraph %(expected)s of the same instrument."
                        )
                        % {"number": self.number, "expected": expected}
                    }
                )


def mandates_q(prefix: str = "") -> Q:
    """The operative paragraphs that are mandates (is_mandate), as a filter."""
    return Q(**{f"{prefix}addressee": Addressee.SECRETARIAT, f"{prefix}action__in": sorted(MANDATE_ACTIONS)})


class Deliverable(Versioned, TimeStampedModel):
    """A report an operative paragraph asks the secretariat for ("requests the Executive Director to
    report to the Assembly at its third session"): due at a session of a body, followed like a
    commitment until it is delivered. The session may not be in the registry yet (the Assembly's
    next): it is then named by its number (the Assembly's) or year and order (the Board's), and
    linked when the session is added."""

    paragraph = models.OneToOneField(
        OperativeParagraph, on_delete=models.CASCADE, related_name="deliverable", verbose_name=_("operative paragraph")
    )
    body = models.ForeignKey(GoverningBody, on_delete=models.PROTECT, related_name="+", verbose_name=_("due to"))
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliverables", verbose_name=_("due at")
    )
    session_number = models.PositiveSmallIntegerField(_("session number"), null=True, blank=True)
    session_year = models.PositiveSmallIntegerField(_("session year"), null=True, blank=True)
    session_order = models.PositiveSmallIntegerField(_("session order in its year"), null=True, blank=True)
    recurring = models.BooleanField(
        _("at every session"), default=False, help_text=_("A regular report, due at each session: never overdue.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=DeliverableState.choices, default=DeliverableState.PENDING
    )
    delivered_in = models.ForeignKey(
        "Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("delivered in"),
    )
    set_by_coordinator = models.BooleanField(_("set by the coordinator"), default=False)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.due_label()}"

    def due_label(self) -> str:
        """ "session 3", "2026, session 2", "every session": the session it is due at."""
        if self.recurring:
            return gettext("every session")
        if self.session_number:
            return gettext("session %(number)s") % {"number": self.session_number}
        if self.session_year and self.session_order:
            return gettext("%(year)s, session %(order)s") % {"year": self.session_year, "order": self.session_order}
        if self.session_year:
            return str(self.session_year)
        return gettext("a session not stated")

    @property
    def due_date(self):
        """The first day of the session it is due at, when the registry knows the session."""
        return self.session.start_date if self.session_id and self.session else None

    def is_overdue(self, today) -> bool:
        due = self.due_date
        return self.state == DeliverableState.PENDING and not self.recurring and due is not None and due < today

    def matching_session(self) -> Session | None:
        """The registry's session this deliverable names, if it is there."""
        sessions = Session.objects.filter(body_id=self.body_id)
        if self.session_number:
            return sessions.filter(number=self.session_number).first()
        if self.session_year and self.session_order:
            return sessions.filter(year=self.session_year, sequence_in_year=self.session_order).first()
        return None


class InstrumentLink(TimeStampedModel):
    """A reference from an instrument's text to another instrument ("Recalling its resolution 1/2",
    "General Assembly resolution 71/256"), read when the text is imported: where the instrument
    comes from and what built on it. The instrument referred to is linked when the registry has it
    (an Assembly or Board instrument), else named by its body, kind and number; one link per
    instrument referred to."""

    source = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("instrument referring")
    )
    target = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="links_in",
        verbose_name=_("instrument referred to"),
    )
    target_body = models.CharField(_("body referred to"), max_length=20, choices=LinkedBody.choices)
    target_kind = models.CharField(_("kind referred to"), max_length=20, choices=InstrumentKind.choices)
    target_number = models.CharField(_("number referred to"), max_length=16)
    relation = models.CharField(_("relation"), max_length=20, choices=LinkRelation.choices)
    where = models.CharField(_("where"), max_length=30, help_text=_("“preamble 2” or the operative paragraph: “4(a)”."))
    text = models.CharField(_("words"), max_length=300, help_text=_("The reference as the text writes it."))

    class Meta:
        verbose_name = _("link between instruments")
        verbose_name_plural = _("links between instruments")
        ordering = ["source", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target_body", "target_kind", "target_number"], name="instrument_link_unique"
            ),
        ]
        indexes = [models.Index(fields=["target_body", "target_kind", "target_number"], name="instrument_link_target")]

    def __str__(self) -> str:
        return f"{self.source} {self.relation} {self.target_body} {self.target_kind} {self.target_number}"

    @property
    def target_reference(self) -> str:
        return f"{self.target_kind} {self.target_number}"


class ParagraphFingerprint(models.Model):
    """A paragraph's text in one language as a MinHash signature (restrack.reading.similarity), and
    its bands (ParagraphBand) through which the paragraphs alike are found by an index lookup."""

    paragraph = models.ForeignKey(OperativeParagraph, on_delete=models.CASCADE, related_name="fingerprints")
    language = models.CharField(max_length=10)
    signature = models.TextField()  # the PERMUTATIONS minimum hashes, comma-separated

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paragraph", "language"], name="fingerprint_unique")]

    def __str__(self) -> str:
        return f"{self.paragraph_id} ({self.language})"

    @property
    def values(self) -> list[int]:
        return [int(value) for value in self.signature.split(",")]


class ParagraphBand(models.Model):
    fingerprint = models.ForeignKey(ParagraphFingerprint, on_delete=models.CASCADE, related_name="bands")
    language = models.CharField(max_length=10)
    bucket = models.BigIntegerField()

    class Meta:
        # A bucket's members in the order they were fingerprinted (its earliest first): an index
        # range, and a rebuild's walk of every bucket in order (restrack.registry.overlaps).
        indexes = [models.Index(fields=["language", "bucket", "fingerprint"], name="paragraph_band_bucket_member")]

    def __str__(self) -> str:
        return f"{self.fingerprint_id}: {self.bucket}"


class ParagraphOverlap(models.Model):
    """Two operative paragraphs whose texts in one language are alike (estimated Jaccard similarity
    of their terms), stored once: `paragraph` the lower id."""

    paragraph = models.ForeignKey(OperativeParagraph, on_delete=models.CASCADE, related_name="overlaps_first")
    other = models.ForeignKey(OperativeParagraph, on_delete=models.CASCADE, related_name="overlaps_second")
    language = models.CharField(_("language"), max_length=10)
    similarity = models.FloatField(_("similarity"))
    same_body = models.BooleanField(_("same body"))

    class Meta:
        verbose_name = _("overlap between paragraphs")
        verbose_name_plural = _("overlaps between paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "other", "language"], name="paragraph_overlap_unique"),
        ]
        indexes = [models.Index(fields=["-similarity", "id"], name="paragraph_overlap_order")]

    def __str__(self) -> str:
        return f"{self.paragraph_id} ~ {self.other_id} ({self.language}, {self.similarity:.0%})"


class Goal(models.Model):
    """A Sustainable Development Goal or target ("SDG-11", "SDG-11.1"), or a part of the New Urban
    Agenda ("NUA-25-42"), with a short name written for Restrack (reference/goals.json)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    framework = models.CharField(_("framework"), max_length=10, choices=GoalFramework.choices)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal or agenda reference")
        verbose_name_plural = _("goals and agenda references")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "SDG 11.1", "NUA 25–42", "NUA": the code as people write it."""
        framework, _dash, rest = self.code.partition("-")
        return f"{framework} {rest.replace('-', '–')}".strip()

    def matching_q(self, path: str = "goal__") -> Q:
        """The links to this goal and to its targets (SDG-11 covers SDG-11.1)."""
        return Q(**{f"{path}code": self.code}) | Q(**{f"{path}code__startswith": f"{self.code}."})


class GoalLink(models.Model):
    """An instrument, or one of its operative paragraphs, linked to a goal or agenda reference:
    read from its text ("Sustainable Development Goal 11", "具体目标 11.1", "New Urban Agenda") when
    it is imported (`detected`), or set by the coordinator."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="links", verbose_name=_("goal"))
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="goal_links")
    paragraph = models.ForeignKey(
        OperativeParagraph, on_delete=models.CASCADE, null=True, blank=True, related_name="goal_links"
    )
    detected = models.BooleanField(_("read from the text"), default=False)

    class Meta:
        verbose_name = _("link to a goal")
        verbose_name_plural = _("links to goals")
        constraints = [
            models.UniqueConstraint(fields=["goal", "instrument", "paragraph"], name="goal_link_unique"),
            models.UniqueConstraint(
                fields=["goal", "instrument"], condition=Q(paragraph=None), name="goal_link_unique_instrument"
            ),
        ]
        indexes = [models.Index(fields=["goal", "instrument"], name="goal_link_goal")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.paragraph.number if self.paragraph_id else ''} → {self.goal.code}"


class Document(Versioned, TimeStampedModel):
    """A UN document: a report, an information document, an agenda. Links, never copies."""

    # NULL, not "", for a document without a symbol: the symbol is unique where it is stated.
    symbol = models.CharField(  # noqa: DJ001
        _("symbol"),
        max_length=80,
        null=True,
        blank=True,
        help_text=_("For example HSP/EB.2024/20. Empty when the source does not state it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("session it was issued for"),
    )
    agenda_item = models.CharField(_("agenda item"), max_length=20, blank=True)
    agenda_item_title = models.CharField(
        _("title of the agenda item"),
        max_length=500,
        blank=True,
        help_text=_("As the masthead prints it under the agenda item."),
    )
    agenda_symbol = models.CharField(
        _("symbol of the agenda"),
        max_length=80,
        blank=True,
        help_text=_("The provisional agenda the asterisk footnote cites: HSP/EB.2024/14."),
    )
    original_language = models.CharField(_("original language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    # A report's shape, as imported: regenerating it keeps its chapters and headings.
    layout = models.CharField(
        _("layout"),
        max_length=20,
        choices=ReportLayout.choices,
        blank=True,
        help_text=_("How a report's chapters follow the instruments; empty: not a report, or not known."),
    )
    headings = models.JSONField(
        _("instrument headings"),
        default=dict,
        blank=True,
        help_text=_(
            "Each instrument's title as the report's heading gives it, per language: "
            '{"resolution 1/4": {"zh-hans": "..."}}. Empty where the registry\'s title is used.'
        ),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"],
                condition=Q(symbol__isnull=False),
                name="document_unique_symbol",
                violation_error_message=_("A document with this symbol already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.symbol or self.title or f"document {self.pk}"

    def clean(self) -> None:
        if self.symbol == "":
            self.symbol = None
        errors = {}
        for field in ("symbol", "agenda_symbol"):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, numbering.normalize_symbol(value))
                except ValidationError as error:
                    errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    def public_url(self, language: str | None = None) -> str | None:
        """https://undocs.org/<symbol>, or the language version (https://undocs.org/zh/<symbol>)."""
        if not self.symbol:
            return None
        prefix = {"zh-hans": "zh/", "fr": "fr/", "es": "es/", "ru": "ru/", "ar": "ar/"}.get(language or "en", "")
        return f"{UNDOCS_URL}{prefix}{self.symbol}"


class DocumentVersion(Versioned, TimeStampedModel):
    """One language version of a document, as received (the file Restrack read it from)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document language version")
        verbose_name_plural = _("document language versions")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="document_version_unique_language",
                violation_error_message=_("This document already has a version in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.language})"


# A partner's code is the last part of its addresses (/partners/UNODC/, /api/v1/partners/UNODC/),
# where "/" would start another part: no route takes it, so it is refused when the code is written.
partner_code_validator = RegexValidator(
    r"^[^/]+$",
    _(
        "A partner's code cannot hold “/”: the code is part of the partner's web address. "
        "Write it with a hyphen (UN-DESA for UN/DESA) and add the form with “/” as an alias, "
        "so that reports which write it that way still find the partner."
    ),
    code="partner_code_slash",
)


class Partner(Versioned, TimeStampedModel):
    """An organisation that reports name as working with UN-Habitat on a resolution."""

    code = models.CharField(
        _("code"),
        max_length=80,
        unique=True,
        validators=[partner_code_validator],
        help_text=_("English acronym or short name: UNODC."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_self = models.BooleanField(
        _("is UN-Habitat itself"), default=False, help_text=_("Recognised in text, never a partner.")
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class PartnerAlias(Versioned, TimeStampedModel):
    """A surface form under which a partner appears in reports of one language."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("partner"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.CharField(_("text"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner alias")
        verbose_name_plural = _("partner aliases")
        ordering = ["partner", "language", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "text"],
                name="partner_alias_unique_text",
                violation_error_message=_("This alias already names a partner in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language}) → {self.partner.code}"
