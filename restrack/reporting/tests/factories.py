import factory

from restrack.reporting.models import ReportingPeriod
from restrack.reporting.periods import parse_period_label


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["label"]

    label = "2024-H2"
    start_date = factory.LazyAttribute(lambda period: parse_period_label(period.label).start)
    end_date = factory.LazyAttribute(lambda period: parse_period_label(period.label).end)
