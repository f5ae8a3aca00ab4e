"""Each row's own address in the API (restrack.core.api.fields.IdentityUrlField): the route is
reversed once per request and each row's lookup value put in; the addresses are the ones
reverse() gives, quoting included, and a route whose lookup is not a number reverses per row."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_row_s_address_is_the_one_reverse_gives(api):
    from restrack.registry.tests.factories import PartnerFactory

    for code in ("A&B (Made-up)", "Ünïcode 伙伴", "x.y~z@1"):
        PartnerFactory(code=code)
    rows = api.get("/api/v1/partners/?limit=100").json()["results"]
    assert {row["code"] for row in rows} >= {"A&B (Made-up)", "Ünïcode 伙伴", "x.y~z@1"}
    for row in rows:
        path = reverse("partner-detail", kwargs={"version": "v1", "code": row["code"]})
        assert row["url"] == f"http://testserver{path}", row["code"]
        assert api.get(row["url"]).json()["code"] == row["code"]


def test_a_route_whose_lookup_is_not_a_number(api):
    from restrack.reporting.tests.factories import ReportingPeriodFactory

    ReportingPeriodFactory(label="2024-H2", state="published")
    rows = api.get("/api/v1/periods/").json()["results"]
    assert [row["url"] for row in rows] == ["http://testserver/api/v1/periods/2024-H2/"]


def test_a_value_a_route_may_refuse_gets_what_drf_s_own_field_gives(rf):
    """A '/' or '.' in a lookup value: the address, or the error, of DRF's HyperlinkedIdentityField."""
    from django.urls import NoReverseMatch
    from rest_framework import serializers
    from rest_framework.request import Request
    from rest_framework.versioning import URLPathVersioning

    from restrack.core.api.fields import IdentityUrlField
    from restrack.registry.tests.factories import PartnerFactory

    def outcome(field, partner, request):
        try:
            return field.get_url(partner, "partner-detail", request, None)
        except NoReverseMatch as error:
            return type(error)

    for code in ("UN.DESA", "UN/DESA", "PLAIN"):
        partner = PartnerFactory(code=code)
        request = Request(rf.get("/api/v1/partners/"))
        request.version, request.versioning_scheme = "v1", URLPathVersioning()
        ours = IdentityUrlField(view_name="partner-detail", lookup_field="code")
        drf = serializers.HyperlinkedIdentityField(view_name="partner-detail", lookup_field="code")
        expected = outcome(drf, partner, request)
        assert outcome(ours, partner, request) == expected, code
        assert outcome(ours, partner, request) == expected, code  # the remembered route, second time
