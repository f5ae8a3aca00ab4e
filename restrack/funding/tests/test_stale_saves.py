"""Optimistic concurrency on funding figures and the window's books: a save made from a page or an
API read that someone else has saved over since is refused (409 on the API; the sheet and the
forms shown again with what was typed and who changed what), and the other person's edit
survives. Cells of the sheet that the person did not change do not conflict."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from restrack.accounts.tests.factories import UserFactory
from restrack.core.concurrency import StaleRecord
from restrack.funding.actions import allocate_from_window, record_contribution, record_funding
from restrack.funding.models import FundingRecord, WindowAllocation, WindowContribution
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "amina": UserFactory(username="amina", first_name="Amina", last_name="Diallo", role="finance_officer"),
        "li": UserFactory(username="li", first_name="Li", last_name="Wei", role="coordinator"),
    }


@pytest.fixture
def period():
    return ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)


@pytest.fixture
def resolution():
    return find_instrument("resolution 2/6")


def record(resolution, period):
    return FundingRecord.objects.get(instrument=resolution, period=period)


# The action -----------------------------------------------------------------------------------


def test_a_save_from_an_older_version_is_refused_and_names_who_changed_what(people, period, resolution):
    first = record_funding(resolution, period, requirements_usd="1000", acting_user=people["amina"])
    assert first.version == 1
    record_funding(resolution, period, requirements_usd="1500", version=1, acting_user=people["li"])
    with pytest.raises(StaleRecord) as refused:
        record_funding(resolution, period, requirements_usd="2000", version=1, acting_user=people["amina"])
    error = refused.value
    assert (error.expected_version, error.current_version) == (1, 2)
    assert error.changed_by == ["Li Wei"]
    assert [(c.field, c.before, c.after) for c in error.changes] == [
        ("requirements_usd", Decimal("1000.00"), Decimal("1500.00"))
    ]
    assert "Li Wei" in error.messages[0] and "1,000.00 → 1,500.00" in error.messages[0]
    assert record(resolution, period).requirements_usd == Decimal("1500.00")
    assert FundingRecord.history.count() == 2  # nothing recorded for the refused save


def test_version_zero_expects_to_create_the_record(people, period, resolution):
    record_funding(resolution, period, requirements_usd="1000", version=0, acting_user=people["li"])
    with pytest.raises(StaleRecord) as refused:
        record_funding(resolution, period, requirements_usd="2000", version=0, acting_user=people["amina"])
    assert "created by Li Wei" in refused.value.messages[0]
    assert record(resolution, period).requirements_usd == Decimal("1000.00")


def test_no_version_applies_the_figures_to_the_record_as_it_is(people, period, resolution):
    record_funding(resolution, period, requirements_usd="1000", acting_user=people["li"])
    saved = record_funding(resolution, period, mobilized_core_usd="10", acting_user=people["amina"])
    assert (saved.requirements_usd, saved.mobilized_core_usd, saved.version) == (Decimal("1000"), Decimal("10"), 2)


# The API --------------------------------------------------------------------------------------


def api(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def post(client, **body):
    return client.post("/api/v1/funding/records/", {"instrument": "resolution 2/6", "period": "2025-H1", **body})


def test_the_api_answers_409_to_a_stale_version_and_keeps_the_first_edit(people, period, resolution):
    amina, li = api(people["amina"]), api(people["li"])
    created = post(amina, requirements_usd="1000", version=0)
    assert created.status_code == 201 and created.json()["version"] == 1
    read = amina.get(created.json()["url"]).json()["version"]
    assert post(li, requirements_usd="1500", version=read).status_code == 200
    stale = post(amina, requirements_usd="2000", version=read)
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2 and body["your_version"] == 1
    assert body["changed_by"] == ["Li Wei"] and body["changed_at"]
    assert body["changes"] == [{"field": "requirements_usd", "before": "1000.00", "after": "1500.00"}]
    assert "Li Wei" in body["detail"] and "not saved" in body["detail"]
    assert record(resolution, period).requirements_usd == Decimal("1500.00")
    # Read again, saved again: accepted.
    assert post(amina, requirements_usd="2000", version=body["current_version"]).status_code == 200
    assert record(resolution, period).requirements_usd == Decimal("2000.00")


def test_the_api_refuses_to_create_what_someone_created_since(people, period, resolution):
    assert post(api(people["li"]), requirements_usd="1000").status_code == 201
    again = post(api(people["amina"]), requirements_usd="2000", version=0)
    assert again.status_code == 409
    assert "created by Li Wei" in again.json()["detail"]
    assert record(resolution, period).requirements_usd == Decimal("1000.00")


def test_the_api_without_a_version_updates_and_says_200(people, period, resolution):
    assert post(api(people["li"]), requirements_usd="1000").status_code == 201
    again = post(api(people["amina"]), mobilized_core_usd="5")
    assert again.status_code == 200 and again.json()["version"] == 2
    assert post(api(people["amina"]), mobilized_core_usd="5", version=-1).status_code == 400


# The sheet ------------------------------------------------------------------------------------


def sheet_url(period):
    return reverse("funding:sheet", args=[period.label])


def loaded(client, period) -> dict:
    """What the browser posts for the sheet as loaded: every input, its hidden initial value, and
    each row's version."""
    page = client.get(sheet_url(period))
    data = {}
    for form in page.context["rows"]:
        for name in form.fields:
            value = form.initial.get(name, "")
            data[form.add_prefix(name)] = value
            if name != "version":
                data[form.add_initial_prefix(name)] = value
    return data


def typed(data, resolution, **cells):
    return {**data, **{f"i{resolution.pk}-{name}": value for name, value in cells.items()}}


def test_the_sheet_refuses_a_cell_someone_changed_since_and_shows_it_again(client, people, period, resolution):
    record_funding(resolution, period, requirements_usd="1000", acting_user=people["amina"])
    client.force_login(people["amina"])
    data = loaded(client, period)
    record_funding(resolution, period, requirements_usd="1500", acting_user=people["li"])

    response = client.post(sheet_url(period), typed(data, resolution, requirements_usd="2,000.00"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Li Wei" in html and "1,000.00 → 1,500.00" in html
    assert 'value="2,000.00"' in html  # what was typed is kept
    assert record(resolution, period).requirements_usd == Decimal("1500.00")

    # The page shown again carries the current version: saving it again is a deliberate overwrite.
    form = next(form for form in response.context["rows"] if form.instrument == resolution)
    again = {key: value for key, value in response.context["rows"][0].data.items()}
    assert again[form.add_prefix("version")] == "2"
    assert client.post(sheet_url(period), again).status_code == 302
    assert record(resolution, period).requirements_usd == Decimal("2000.00")


def test_the_sheet_refuses_a_row_someone_created_since(client, people, period, resolution):
    client.force_login(people["amina"])
    data = loaded(client, period)
    record_funding(resolution, period, requirements_usd="1500", acting_user=people["li"])
    response = client.post(sheet_url(period), typed(data, resolution, requirements_usd="2000"))
    assert response.status_code == 409
    assert "created by Li Wei" in response.content.decode()
    assert record(resolution, period).requirements_usd == Decimal("1500.00")


def test_the_sheet_keeps_other_cells_changed_since(client, people, period, resolution):
    record_funding(resolution, period, requirements_usd="1000", acting_user=people["amina"])
    client.force_login(people["amina"])
    data = loaded(client, period)
    record_funding(resolution, period, mobilized_core_usd="300", acting_user=people["li"])
    response = client.post(sheet_url(period), typed(data, resolution, requirements_usd="2000"))
    assert response.status_code == 302
    saved = record(resolution, period)
    assert (saved.requirements_usd, saved.mobilized_core_usd, saved.version) == (Decimal("2000"), Decimal("300"), 3)


# The window's books ---------------------------------------------------------------------------


@pytest.fixture
def books(people, resolution):
    amina = people["amina"]
    contribution = record_contribution(donor="Norway", received_on=date(2024, 1, 10), amount="1000", acting_user=amina)
    allocation = allocate_from_window(
        instrument=resolution, allocated_on=date(2024, 2, 1), amount_usd="100", acting_user=amina
    )
    return contribution, allocation


def form_data(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}


def test_a_stale_contribution_correction_is_refused_and_shown_again(client, people, books):
    contribution, _allocation = books
    client.force_login(people["amina"])
    url = reverse("funding:contribution_edit", args=[contribution.pk])
    data = form_data(client.get(url))
    record_contribution(contribution, donor="Norway (MFA)", reason="Donor's name", version=1, acting_user=people["li"])

    response = client.post(url, {**data, "note": "Received in two parts", "reason": "Note"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Li Wei" in html and "Norway (MFA)" in html and "Received in two parts" in html
    stored = WindowContribution.objects.get()
    assert (stored.donor, stored.note, stored.version) == ("Norway (MFA)", "", 2)
    again = form_data(response)
    assert again["version"] == "2"
    assert client.post(url, again).status_code == 302
    assert WindowContribution.objects.get().note == "Received in two parts"


def test_a_stale_allocation_correction_is_refused(client, people, books):
    _contribution, allocation = books
    client.force_login(people["amina"])
    url = reverse("funding:allocation_edit", args=[allocation.pk])
    data = form_data(client.get(url))
    allocate_from_window(allocation, amount_usd="200", reason="Revised", version=1, acting_user=people["li"])
    response = client.post(url, {**data, "purpose": "Training", "reason": "Purpose"})
    assert response.status_code == 409
    assert "Li Wei" in response.content.decode()
    stored = WindowAllocation.objects.get()
    assert (stored.amount_usd, stored.purpose) == (Decimal("200.00"), "")
