"""An account made with `createsuperuser` (as the README suggests for the admin) acts as an
administrator everywhere: on the working pages and through the API, not only in the admin."""

import pytest
from django.core.management import call_command
from django.test import Client

from restrack.accounts import policy
from restrack.accounts.choices import Role
from restrack.core.tests.api_helpers import client_as
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-test-password")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org", verbosity=0)
    return django_user_model.objects.get(username="root")


def test_a_superuser_is_an_administrator(superuser):
    assert not superuser.groups.exists()
    assert policy.role_of(superuser) == Role.ADMINISTRATOR


def test_a_superuser_manages_periods_on_the_working_pages(superuser):
    client = Client()
    client.force_login(superuser)
    page = client.get("/en/work/")
    assert page.status_code == 200
    assert "/en/work/periods/new/" in page.content.decode()
    assert client.get("/en/work/periods/new/").status_code == 200


def test_a_superuser_reads_and_writes_through_the_api(superuser):
    ReportingPeriodFactory(label="2030-H1")  # planned: the public does not see it
    api = client_as(superuser)
    labels = [period["label"] for period in api.get("/api/v1/periods/").json()["results"]]
    assert "2030-H1" in labels
    created = api.post("/api/v1/periods/", {"label": "2031-H1"}, format="json")
    assert created.status_code == 201, created.content
    assert client_as().get("/api/v1/periods/2031-H1/").status_code == 404
