"""People in every role and a reporting period, on top of the two sample reports: the setting
every test of the cycle starts from."""

import pytest
from django.core.management import call_command

from restrack.accounts.actions import find_instrument, set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.reporting import workflow
from restrack.reporting.actions import create_reporting_period
from restrack.reporting.models import ProgressUpdate


@pytest.fixture
def people(db, django_capture_on_commit_callbacks):
    """administrator, coordinator, focal (resolution 2/6), focal2 (resolution 2/7), reviewer and
    viewer, each with an e-mail address, after the samples are imported."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_samples", stdout=open("/dev/null", "w"))
    system = get_system_user()
    role = lambda name, role, **kw: set_user_role(name, role, email=f"{name}@example.org", acting_user=system, **kw)  # noqa: E731
    return {
        "administrator": role("administrator", "administrator"),
        "coordinator": role("coordinator", "coordinator"),
        "focal": role("focal", "focal_point", instruments=[find_instrument("resolution 2/6")]),
        "focal2": role("focal2", "focal_point", instruments=[find_instrument("resolution 2/7")]),
        "reviewer": role("reviewer", "reviewer"),
        "viewer": role("viewer", "viewer"),
    }


@pytest.fixture
def period(people):
    """2025-H1, planned (not yet open), with an input deadline."""
    return create_reporting_period("2025-H1", input_deadline="2025-05-15", acting_user=people["coordinator"])


@pytest.fixture
def opened(people, period):
    """2025-H1 opened by the coordinator: a draft for every active instrument."""
    workflow.open_period(period, acting_user=people["coordinator"])
    period.refresh_from_db()
    return period


def draft_of(period, reference):
    return ProgressUpdate.objects.get(period=period, instrument=find_instrument(reference))
