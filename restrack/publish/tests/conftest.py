import pytest


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
    record_funding(
        Instrument.objects.get(kind="resolution", number="2/6"),
        period,
        requirements_usd="1858000.55",
        mobilized_core_usd="100000.10",
        mobilized_earmarked_usd="758000.20",
        acting_user=user,
        reason="Made-up test figures",
    )
    record_funding(
        Instrument.objects.get(kind="resolution", number="2/7"),
        period,
        requirements_usd="500000.00",
        mobilized_other_usd="600000.00",
        acting_user=user,
        reason="Made-up test figures",
    )
    draft = create_reporting_period("2025-H1", acting_user=user)
    record_funding(
        Instrument.objects.get(kind="resolution", number="2/7"),
        draft,
        requirements_usd="999999999.00",
        acting_user=user,
    )
