"""Who may see and do what: Restrack's one access policy.

Two tables decide everything:

- `READ`: which records each audience (the anonymous public, or a role) may read, by model and
  state. Every list, page, search, export, feed and report narrows its querysets with
  `visible_to(user, queryset)`; a record someone may not read does not exist for them (404), so a
  draft's address reveals nothing. Models without a rule (the registry) are public.
- `ABILITIES`: which roles may do what; some abilities are given to a role only for the instruments
  assigned to the person (a focal point drafts only their instruments' updates). Every action
  checks `require(user, ability, obj)`; pages ask `allows(...)` to show or hide a button.

Models are named by label and states by value, so this module imports no app above it (the layers
contract); a system check (restrack.accounts.checks) verifies every name against the models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from restrack.accounts.choices import Ability, Role
from restrack.accounts.models import FocalPointAssignment
from restrack.core.choices import EventKind

# The roles are Django groups of these names (restrack.accounts.roles keeps them in step).
GROUP_NAMES = {
    Role.ADMINISTRATOR: "Administrators",
    Role.COORDINATOR: "Coordinators",
    Role.FOCAL_POINT: "Focal points",
    Role.REVIEWER: "Reviewers",
    Role.FINANCE_OFFICER: "Finance officers",
    Role.VIEWER: "Viewers",
}
ROLES_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}

ANONYMOUS = "anonymous"  # the audience of visitors who are not signed in (and of accounts with no role)

COORDINATING = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})
REVIEWING = COORDINATING | {Role.REVIEWER}
SECRETARIAT = REVIEWING | {Role.FOCAL_POINT}  # drafts included: a focal point may read a colleague's draft
MEMBER_STATES = frozenset({Role.VIEWER, Role.FINANCE_OFFICER})  # read before publication, not drafts
KEEPS_FUNDING = COORDINATING | {Role.FINANCE_OFFICER}

EVERY_STATE = None
DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED = "draft", "submitted", "returned", "approved", "published"


@dataclass(frozen=True)
class ByState:
    """Readable in the states listed per audience (EVERY_STATE: all); an audience not listed reads
    nothing. `field` is the field or path holding the state."""

    field: str
    readable: Mapping[str, frozenset[str] | None]


@dataclass(frozen=True)
class Follows:
    """Readable when the record `path` leads to is (a paragraph follows its update). With
    `unlinked_public`, a record whose `link` is empty is public (a commitment no paragraph promised)."""

    path: str
    model: str
    link: str = ""
    unlinked_public: bool = False


def _each(roles, states):
    return {role: states for role in roles}


READ: dict[str, ByState | Follows] = {
    "reporting.progressupdate": ByState(
        "workflow_state",
        {
            ANONYMOUS: frozenset({PUBLISHED}),
            **_each(MEMBER_STATES, frozenset({SUBMITTED, APPROVED, PUBLISHED})),
            **_each(SECRETARIAT, EVERY_STATE),
        },
    ),
    "reporting.updateentry": Follows("update", "reporting.progressupdate"),
    "reporting.entryfootnote": Follows("entry__update", "reporting.progressupdate"),
    "reporting.commitment": Follows(
        "promised_in__update", "reporting.progressupdate", link="promised_in", unlinked_public=True
    ),
    # Periods: the public sees published ones; everyone signed in follows the cycle.
    "reporting.reportingperiod": ByState(
        "state", {ANONYMOUS: frozenset({PUBLISHED}), **_each(SECRETARIAT | MEMBER_STATES, EVERY_STATE)}
    ),
    # A period's funding figures become public with the period; Member States read them then too,
    # the secretariat and finance officers while they are prepared.
    "funding.fundingrecord": ByState(
        "period__state",
        {
            ANONYMOUS: frozenset({PUBLISHED}),
            Role.VIEWER: frozenset({PUBLISHED}),
            **_each(SECRETARIAT | {Role.FINANCE_OFFICER}, EVERY_STATE),
        },
    ),
}
# A paragraph's figures are read as its instrument's are (they add up to them).
READ["funding.paragraphfunding"] = READ["funding.fundingrecord"]


@dataclass(frozen=True)
class Owned:
    """Readable by the person the record belongs to (`owner`, a user field) and by `roles`; by
    nobody else, the public included."""

    owner: str
    roles: frozenset[str]


# Records that belong to the person who asked for them: a job (a report being written, a report
# being imported) is seen by whoever asked and by administrators, who look after the workers.
OWNED: dict[str, Owned] = {
    "jobs.job": Owned("requested_by", frozenset({Role.ADMINISTRATOR})),
}


@dataclass(frozen=True)
class Allowed:
    """`roles` may; `assigned` may too, for the instruments assigned to them (the record's
    `instrument` field). `refusal` says why not (formatted with user, what and instrument)."""

    roles: frozenset[str]
    assigned: str | None = None
    refusal: str = field(default="")


ABILITIES: dict[str, Allowed] = {
    Ability.CREATE_PERIOD: Allowed(COORDINATING),
    Ability.EDIT_PERIOD: Allowed(COORDINATING),
    Ability.OPEN_PERIOD: Allowed(COORDINATING, refusal="Only coordinators manage reporting periods."),
    Ability.PUBLISH_PERIOD: Allowed(COORDINATING),
    Ability.SEND_REMINDERS: Allowed(COORDINATING),
    Ability.DRAFT_UPDATE: Allowed(
        COORDINATING, assigned=Role.FOCAL_POINT, refusal="%(user)s does not draft %(instrument)s."
    ),
    Ability.REVIEW_UPDATE: Allowed(REVIEWING),
    Ability.READ_REVIEW: Allowed(REVIEWING, assigned=Role.FOCAL_POINT),
    Ability.CORRECT_UPDATE: Allowed(COORDINATING),
    Ability.REVERT_UPDATE: Allowed(COORDINATING),
    Ability.IMPORT_REPORT: Allowed(COORDINATING),
    Ability.GENERATE_REPORT: Allowed(COORDINATING, refusal="Only coordinators write the Executive Director's report."),
    Ability.EDIT_FUNDING: Allowed(
        KEEPS_FUNDING,
        refusal="Only coordinators and finance officers may change funding figures or the funding window's books.",
    ),
    Ability.EDIT_REGISTRY: Allowed(COORDINATING),
    Ability.ASSIGN_FOCAL_POINTS: Allowed(COORDINATING),
    Ability.ISSUE_TOKENS: Allowed(COORDINATING),
    Ability.MANAGE_PEOPLE: Allowed(frozenset({Role.ADMINISTRATOR})),
}

# Events whose details need more than reading the record they are about, by the record's model: a
# return's comments are for the reviewers and the people who revise the update.
EVENT_DETAILS = {"reporting.progressupdate": {EventKind.UPDATE_RETURNED: Ability.READ_REVIEW}}
# Events of records everyone reads (no READ rule) are otherwise the secretariat's log; these kinds
# say what the public pages show anyway, so everyone reads them (the tracker's feeds).
PUBLIC_EVENT_KINDS = frozenset({EventKind.INSTRUMENT_STATUS_SET})

# What the admin lets each role open, as Django permissions on its groups (restrack.accounts.roles).
# The admin only shows what the tables above allow: workflow records are read-only there.
ADMIN_VIEWS = [
    *(
        ("registry", m)
        for m in (
            "governingbody",
            "session",
            "sessionpart",
            "instrument",
            "operativeparagraph",
            "document",
            "documentversion",
            "partner",
            "partneralias",
        )
    ),
    *(
        ("reporting", m)
        for m in (
            "reportingperiod",
            "progressupdate",
            "updateentry",
            "entryfootnote",
            "commitment",
            "updateversion",
            "reviewcomment",
        )
    ),
    *(("funding", m) for m in ("fundingrecord", "fundingwindow", "windowcontribution", "windowallocation")),
    ("core", "event"),
]
ADMIN_CHANGES = {
    Role.COORDINATOR: [
        *(
            ("registry", f"{verb}_{m}")
            for verb in ("add", "change")
            for m in (
                "session",
                "sessionpart",
                "instrument",
                "operativeparagraph",
                "document",
                "documentversion",
                "partner",
                "partneralias",
            )
        ),
        ("reporting", "change_reportingperiod"),
        ("accounts", "view_focalpointassignment"),
        ("accounts", "add_focalpointassignment"),
        ("accounts", "change_focalpointassignment"),
        ("accounts", "delete_focalpointassignment"),
        ("ingest", "view_reportimport"),
        ("ingest", "add_reportimport"),
    ],
}


# --- who someone is -----------------------------------------------------------------------------


def role_of(user) -> str | None:
    """The person's role; superusers (`createsuperuser`, the system account) are administrators."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if not hasattr(user, "_restrack_role"):  # read once per user object (a request, a command)
        names = user.groups.values_list("name", flat=True)
        user._restrack_role = next((ROLES_BY_GROUP[name] for name in names if name in ROLES_BY_GROUP), None)
    return user._restrack_role


def forget_role(user) -> None:
    """After a user's groups change: read the role again next time."""
    user.__dict__.pop("_restrack_role", None)


def audience_of(user) -> str:
    return role_of(user) or ANONYMOUS


def is_assigned(user, instrument_id) -> bool:
    return FocalPointAssignment.objects.filter(user=user, instrument_id=instrument_id).exists()


# --- reading -----------------------------------------------------------------------------------


EVERYTHING = Q()  # no condition: every record


def _readable_q(audience: str, rule: ByState | Follows, prefix: str = "") -> Q:
    if isinstance(rule, Follows):
        inner = _readable_q(audience, READ[rule.model], prefix + rule.path + "__")
        if rule.unlinked_public and inner != EVERYTHING:  # (Q() | q would be q alone: nothing is wider than all)
            return Q(**{f"{prefix}{rule.link}__isnull": True}) | inner
        return inner
    if audience not in rule.readable:
        return Q(pk__in=[])
    states = rule.readable[audience]
    return EVERYTHING if states is EVERY_STATE else Q(**{f"{prefix}{rule.field}__in": sorted(states)})


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """The records of `queryset` that `user` may read."""
    label = queryset.model._meta.label_lower
    if label == "core.event":
        return queryset.filter(_events_q(user))
    if label in OWNED:
        return queryset.filter(_owned_q(user, OWNED[label]))
    rule = READ.get(label)
    return queryset if rule is None else queryset.filter(_readable_q(audience_of(user), rule))


def public(queryset: QuerySet) -> QuerySet:
    """What anyone may read: the public tracker's, the feeds' and the public downloads' records."""
    label = queryset.model._meta.label_lower
    if label in OWNED:
        return queryset.none()
    rule = READ.get(label)
    return queryset if rule is None else queryset.filter(_readable_q(ANONYMOUS, rule))


def public_q(label: str, path: str = "") -> Q:
    """What anyone may read of `label`'s records, as a condition on the records `path` leads to
    (`public_q("reporting.updateentry", "entries")` on instruments: their public paragraphs), for
    annotations and subqueries."""
    return _readable_q(ANONYMOUS, READ[label], f"{path}__" if path else "")


def is_public(obj: Model) -> bool:
    """May anyone read `obj` (a record with a state rule, as in READ)? Read from the object itself."""
    rule = READ[obj._meta.label_lower]
    states = rule.readable.get(ANONYMOUS, frozenset())
    return states is EVERY_STATE or getattr(obj, rule.field) in states


def readable_states(user, label: str) -> frozenset[str] | None:
    """The states of `label`'s records (a ByState rule) that `user` may read; None: every state."""
    rule = READ[label]
    return rule.readable.get(audience_of(user), frozenset())


def can_read(user, obj: Model) -> bool:
    return visible_to(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def _owned_q(user, rule: Owned) -> Q:
    if role_of(user) in rule.roles:
        return EVERYTHING
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{rule.owner: user})


def _events_q(user) -> Q:
    """Events of records the user may read; coordinators read the whole log. An event whose
    details need an ability (EVENT_DETAILS) also needs it on its record."""
    if role_of(user) in COORDINATING:
        return Q()
    q = Q(kind__in=sorted(PUBLIC_EVENT_KINDS))
    for label in READ:
        model = apps.get_model(label)
        readable = visible_to(user, model._default_manager.all())
        of_model = Q(target_type=ContentType.objects.get_for_model(model))
        guarded = EVENT_DETAILS.get(label, {})
        q |= of_model & Q(target_id__in=readable.values("pk")) & ~Q(kind__in=list(guarded))
        for kind, ability in guarded.items():
            q |= of_model & Q(kind=kind, target_id__in=allowed_records(user, ability, readable).values("pk"))
    return q


# --- doing --------------------------------------------------------------------------------------


def allows(user, ability: str, obj: Model | None = None) -> bool:
    """May `user` do `ability` (to `obj`, whose instrument decides for assigned roles)?"""
    rule = ABILITIES[ability]
    role = role_of(user)
    if role in rule.roles:
        return True
    if rule.assigned and role == rule.assigned and obj is not None:
        return is_assigned(user, obj.instrument_id)
    return False


def refusal(user, ability: str, obj: Model | None = None) -> str:
    """Why `user` may not do `ability`, in words."""
    rule = ABILITIES[ability]
    message = _(rule.refusal) if rule.refusal else _("%(user)s may not %(what)s.")
    instrument = getattr(obj, "instrument", None) if obj is not None else None
    return message % {"user": user, "what": Ability(ability).label, "instrument": instrument}


def require(user, ability: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied, saying why, unless `user` may do `ability`."""
    if not allows(user, ability, obj):
        raise PermissionDenied(refusal(user, ability, obj))


def allowed_records(user, ability: str, queryset: QuerySet) -> QuerySet:
    """The records of `queryset` (with an `instrument` field) that `user` may do `ability` to."""
    rule = ABILITIES[ability]
    role = role_of(user)
    if role in rule.roles:
        return queryset
    if rule.assigned and role == rule.assigned:
        return queryset.filter(instrument__focal_points__user=user)
    return queryset.none()
