import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


@pytest.fixture(scope="module")
def _shared_samples(django_db_setup, django_db_blocker):
    """The two sample reports, imported once per module as on first start (with the search index,
    which is written when the import's transaction commits), inside a transaction rolled back at
    the module's end; each test runs in a savepoint inside it, so its own changes are undone."""
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_samples", "--reports-only", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def samples(_shared_samples, db):
    """The sample reports (see `_shared_samples`)."""


@pytest.fixture
def published_funding(samples):
    """Made-up figures for two instruments in the published 2024-H2 period, one draft period."""
    from restrack.accounts.system_user import get_system_user
    from restrack.funding.actions import record_funding
    from restrack.registry.models import Instrument
    from restrack.reporting.actions import create_reporting_period
    from restrack.reporting.models import ReportingPeriod

    user = get_system_user()
    period = ReportingPeriod.objects.get(label="2024-H2")
    record_funding(Instrument.objects.get(kind="resolution", number="2/6"), period, requirements_usd="1858000.55",
                   mobilized_core_usd="100000.10", mobilized_earmarked_usd="758000.20", acting_user=user,
                   reason="Made-up test figures")
    record_funding(Instrument.objects.get(kind="resolution", number="2/7"), period, requirements_usd="500000.00",
                   mobilized_other_usd="600000.00", acting_user=user, reason="Made-up test figures")
    draft = create_reporting_period("2025-H1", acting_user=user)
    record_funding(Instrument.objects.get(kind="resolution", number="2/7"), draft, requirements_usd="999999999.00",
                   acting_user=user)
