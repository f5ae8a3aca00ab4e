"""One funding arithmetic everywhere: the report's funding annex lists the same instruments and
adds up to the same totals as the tracker's dashboard and the API, to the cent and the per cent,
for every sample period with figures."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from restrack.edreport.compose import ReportOptions, compose_report
from restrack.funding.models import FundingRecord
from restrack.funding.samples import load_sample_figures
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db

SAMPLE_FUNDING = Path(settings.BASE_DIR) / "samples" / "funding"


@pytest.fixture
def sample_figures(samples):
    from restrack.accounts.tests.factories import UserFactory

    load_sample_figures(SAMPLE_FUNDING, acting_user=UserFactory(role="finance_officer"))
    periods = list(ReportingPeriod.objects.filter(funding_records__isnull=False).distinct().order_by("start_date"))
    assert len(periods) >= 2, "the sample figures cover both sample periods"
    return periods


def _cents(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_annex_adds_up_to_the_dashboard_and_the_api_in_every_sample_period(client, sample_figures, language):
    for period in sample_figures:
        annex = compose_report(period, language, ReportOptions(funding_annex=True, allow_missing=True)).annex
        dashboard = client.get("/en/", {"period": period.label}).context["totals"]
        api = client.get("/api/v1/funding/summary/", {"period": period.label}).json()
        total = annex.total
        assert (total.requirements, total.mobilized, total.gap, total.gap_percent) == (
            dashboard.requirements,
            dashboard.mobilized,
            dashboard.gap,
            dashboard.gap_percent,
        ), period.label
        assert (_cents(total.requirements), _cents(total.mobilized), _cents(total.gap)) == (
            _cents(api["requirements"]),
            _cents(api["mobilized"]),
            _cents(api["gap"]),
        ), period.label
        assert total.gap_percent == api["gap_percent"], period.label
        with_figures = FundingRecord.objects.filter(period=period).exclude(
            requirements_usd=None,
            mobilized_core_usd=None,
            mobilized_earmarked_usd=None,
            mobilized_window_usd=None,
            mobilized_other_usd=None,
        )
        assert len(annex.rows) == with_figures.count() == dashboard.instruments, period.label
