"""People in every role and a reporting period, on top of the two sample reports: the setting
every test of the cycle starts from.

`people`, `period` and `opened` build it for each test. A module with many tests uses the
`shared_*` fixtures instead: the setting is built once for the module inside a transaction that
each test's savepoint nests in, and rolled back after the module's last test (importing the samples
for every test would take most of such a module's time)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.core.tests.samples import import_samples_unless_shared
from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions import create_reporting_period
from restrack.reporting.models import ProgressUpdate, ReportingPeriod

ROLES = {
    "administrator": ("administrator", None),
    "coordinator": ("coordinator", None),
    "focal": ("focal_point", "resolution 2/6"),
    "focal2": ("focal_point", "resolution 2/7"),
    "reviewer": ("reviewer", None),
    "viewer": ("viewer", None),
}


def load_samples_and_people() -> dict:
    """The samples (the session's, or imported here in a test that commits for real), then
    administrator, coordinator, focal (resolution 2/6), focal2 (resolution 2/7), reviewer and
    viewer, each with an e-mail address."""
    import_samples_unless_shared()
    return make_people()


def make_people() -> dict:
    """Administrator, coordinator, focal (resolution 2/6), focal2 (resolution 2/7), reviewer and
    viewer, each with an e-mail address (the registry's reference data is all they need)."""
    system = get_system_user()
    return {
        name: set_user_role(
            name,
            role,
            email=f"{name}@example.org",
            acting_user=system,
            instruments=[find_instrument(reference)] if reference else [],
        )
        for name, (role, reference) in ROLES.items()
    }


def make_period(people) -> ReportingPeriod:
    """2025-H1, planned (not yet open), with an input deadline."""
    return create_reporting_period("2025-H1", input_deadline="2025-05-15", acting_user=people["coordinator"])


def draft_of(period, reference):
    return ProgressUpdate.objects.get(period=period, instrument=find_instrument(reference))


@pytest.fixture
def people(_shared_samples, db):
    return load_samples_and_people()


@pytest.fixture
def period(people):
    return make_period(people)


@pytest.fixture
def opened(people, period):
    """2025-H1 opened by the coordinator: a draft for every active instrument."""
    actions.open_period(period, acting_user=people["coordinator"])
    period.refresh_from_db()
    return period


@pytest.fixture(scope="module")
def _shared_setting(_shared_samples, django_db_blocker):
    """The people (by name → pk) and 2025-H1 planned, once per module; see the module docstring."""
    with django_db_blocker.unblock(), transaction.atomic():
        people = load_samples_and_people()
        period = make_period(people)
        yield {"people": {name: user.pk for name, user in people.items()}, "period": period.pk}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _shared_opened(_shared_setting, django_db_blocker):
    """The module's 2025-H1, opened by the coordinator (inside the module's transaction)."""
    with django_db_blocker.unblock():
        coordinator = get_user_model().objects.get(pk=_shared_setting["people"]["coordinator"])
        actions.open_period(ReportingPeriod.objects.get(pk=_shared_setting["period"]), acting_user=coordinator)
    return _shared_setting


@pytest.fixture
def shared_people(_shared_setting, db):
    """As `people`, from the module's shared setting."""
    users = get_user_model().objects.in_bulk(_shared_setting["people"].values())
    return {name: users[pk] for name, pk in _shared_setting["people"].items()}


@pytest.fixture
def shared_period(_shared_setting, db):
    """As `period`, from the module's shared setting (planned, unless the module uses shared_opened)."""
    return ReportingPeriod.objects.get(pk=_shared_setting["period"])


@pytest.fixture
def shared_opened(_shared_opened, db):
    """As `opened`, from the module's shared setting."""
    return ReportingPeriod.objects.get(pk=_shared_opened["period"])
