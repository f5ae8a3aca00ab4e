"""Every model has a working admin for the coordinator: list with search and filters, forms,
history view; and saves in the admin are recorded with the user who made them."""

import pytest
from django.contrib import admin
from django.urls import reverse

from restrack.registry.models import Instrument

pytestmark = pytest.mark.django_db

RESTRACK_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"registry", "reporting", "funding"}
]


@pytest.fixture
def coordinator(client):
    from restrack.accounts.tests.factories import UserFactory

    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_every_restrack_model_is_in_the_admin():
    from django.apps import apps

    models = {
        m
        for m in apps.get_models()
        if m._meta.app_label in {"registry", "reporting", "funding"} and not m.__name__.startswith("Historical")
    }
    assert models == set(RESTRACK_MODELS)


@pytest.mark.parametrize("model", RESTRACK_MODELS, ids=lambda m: m.__name__)
def test_list_search_and_add_pages_work(client, coordinator, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "人居"}).status_code == 200
    # Records the workflow governs and the logs the actions write have no add form; the others do.
    read_only_log = not admin.site._registry[model].has_add_permission(type("Request", (), {"user": coordinator})())
    expected = 403 if read_only_log else 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == expected


def test_instrument_change_and_history_pages(client, coordinator):
    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    change = reverse("admin:registry_instrument_change", args=[instrument.pk])
    page = client.get(change).content.decode()
    assert "可持续发展目标本地化" in page and "title_zh_hans" in page
    history = client.get(reverse("admin:registry_instrument_history", args=[instrument.pk]))
    assert history.status_code == 200
    assert "restrack-system" in history.content.decode()


def test_an_admin_edit_is_recorded_with_the_user(client, coordinator):
    instrument = Instrument.objects.get(kind="resolution", number="2/7")
    change = reverse("admin:registry_instrument_change", args=[instrument.pk])
    form = {
        "kind": "resolution",
        "body": instrument.body_id,
        "session": instrument.session_id,
        "number": "2/7",
        "title_en": "Adequate housing for all",
        "title_zh_hans": "人人享有适当住房",
        "status": "under_implementation",
        "is_active": "on",
        "operative_paragraphs-TOTAL_FORMS": "0",
        "operative_paragraphs-INITIAL_FORMS": "0",
    }
    response = client.post(change, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = instrument.history.first()
    assert record.status == "under_implementation"
    assert record.history_user == coordinator
    assert record.history_change_reason == "Edited in the admin"


def test_an_admin_edit_with_a_bad_number_is_refused_with_the_message(client, coordinator):
    instrument = Instrument.objects.get(kind="resolution", number="2/7")
    form = {
        "kind": "resolution",
        "body": instrument.body_id,
        "session": instrument.session_id,
        "number": "2-7",
        "title_en": "x",
        "is_active": "on",
        "operative_paragraphs-TOTAL_FORMS": "0",
        "operative_paragraphs-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:registry_instrument_change", args=[instrument.pk]), form)
    assert response.status_code == 200
    assert "is not a valid instrument number" in response.content.decode()
    instrument.refresh_from_db()
    assert instrument.number == "2/7"


def test_an_admin_edit_is_an_event_of_the_registry(client, coordinator):
    from restrack.core.events import events_about

    instrument = Instrument.objects.get(kind="resolution", number="2/7")
    test_an_admin_edit_is_recorded_with_the_user(client, coordinator)
    event = events_about(instrument).last()
    assert (event.kind, event.actor, event.reason) == ("registry.record_edited", coordinator, "Edited in the admin")


@pytest.mark.parametrize("name", ["progressupdate", "updateentry", "entryfootnote", "commitment", "fundingrecord"])
def test_records_the_workflow_governs_are_read_only_in_the_admin(client, coordinator, name, samples):
    """An administrator cannot publish an update, or change what it says, behind the workflow's back:
    no version, no snapshot, no event would record it."""
    from django.apps import apps

    model = next(m for m in apps.get_models() if m._meta.model_name == name)
    if name == "fundingrecord":  # the reports bring no figures: record some
        from restrack.accounts.system_user import get_system_user
        from restrack.funding.actions import record_funding
        from restrack.reporting.models import ReportingPeriod

        record_funding(
            Instrument.objects.get(kind="resolution", number="2/6"),
            ReportingPeriod.objects.get(label="2024-H2"),
            requirements_usd="10",
            reason="Test figures",
            acting_user=get_system_user(),
        )
    record = model.objects.first()
    change = reverse(f"admin:{model._meta.app_label}_{name}_change", args=[record.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    assert client.post(change, {"workflow_state": "draft"}).status_code == 403
    assert client.post(reverse(f"admin:{model._meta.app_label}_{name}_delete", args=[record.pk])).status_code == 403


def test_a_period_is_edited_through_its_action_and_its_state_never(client, coordinator, samples):
    from restrack.core.events import events_about
    from restrack.reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.get(label="2024-H2")
    change = reverse("admin:reporting_reportingperiod_change", args=[period.pk])
    form = {
        "start_date": "2024-07-01",
        "end_date": "2024-12-31",
        "input_deadline": "2024-10-01",
        "board_session": period.board_session_id or "",
        "introduction_en": "",
        "introduction_zh_hans": period.introduction_zh_hans,
        "state": "planned",  # not a field of the form: ignored
    }
    response = client.post(change, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    period.refresh_from_db()
    assert str(period.input_deadline) == "2024-10-01" and period.state == "published"
    event = events_about(period).last()
    assert (event.kind, event.actor) == ("period.edited", coordinator)
