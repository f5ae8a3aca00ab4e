"""Registry records are edited in the admin: a change form opened before someone else saved the
record is refused (shown again, saying who changed what) instead of putting their change back;
the action checks the version again on the locked row."""

import pytest
from django.urls import reverse

from restrack.accounts.tests.factories import UserFactory
from restrack.core.concurrency import StaleRecord
from restrack.core.guard import writes_allowed
from restrack.registry.actions import save_record
from restrack.registry.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(client):
    return (
        UserFactory(username="amina", first_name="Amina", last_name="Diallo", is_staff=True, is_superuser=True),
        UserFactory(username="li", first_name="Li", last_name="Wei", is_staff=True, is_superuser=True),
    )


def change_form(instrument, **changes) -> dict:
    form = {
        "kind": instrument.kind,
        "body": instrument.body_id,
        "session": instrument.session_id,
        "number": instrument.number,
        "title_en": instrument.title_en,
        "title_zh_hans": instrument.title_zh_hans,
        "status": instrument.status,
        "is_active": "on" if instrument.is_active else "",
        "operative_paragraphs-TOTAL_FORMS": "0",
        "operative_paragraphs-INITIAL_FORMS": "0",
    }
    form.update(changes)
    return form


def test_a_stale_admin_edit_is_refused_and_the_first_edit_survives(client, admins):
    amina, li = admins
    instrument = Instrument.objects.get(kind="resolution", number="2/7")
    url = reverse("admin:registry_instrument_change", args=[instrument.pk])
    client.force_login(amina)
    page = client.get(url)
    version = page.context["adminform"].form.initial["version"]
    assert 'name="version"' in page.content.decode() and 'type="hidden"' in page.content.decode()
    opened = change_form(instrument, version=version)

    instrument.status = "under_implementation"
    save_record(instrument, acting_user=li)
    assert Instrument.objects.get(pk=instrument.pk).version == version + 1

    response = client.post(url, {**opened, "title_en": "Adequate housing for all (edited)"})
    assert response.status_code == 200  # the admin's form, shown again with the refusal
    html = response.content.decode()
    assert "Li Wei" in html and "since you opened it" in html
    stored = Instrument.objects.get(pk=instrument.pk)
    assert stored.status == "under_implementation" and stored.title_en == "Adequate housing for all"

    # Saved again from the page shown again (which carries the current version): accepted.
    again = {**opened, "title_en": "Adequate housing for all (edited)", "version": str(version + 1)}
    assert client.post(url, again).status_code == 302
    stored = Instrument.objects.get(pk=instrument.pk)
    assert stored.title_en == "Adequate housing for all (edited)" and stored.version == version + 2


def test_the_action_refuses_an_instance_read_before_a_later_save(admins):
    amina, li = admins
    mine = Instrument.objects.get(kind="resolution", number="2/7")
    theirs = Instrument.objects.get(pk=mine.pk)
    theirs.title_en = "Theirs"
    save_record(theirs, acting_user=li)
    mine.title_en = "Mine"
    with pytest.raises(StaleRecord) as refused:
        save_record(mine, acting_user=amina)
    assert refused.value.changed_by == ["Li Wei"]
    assert [change.field for change in refused.value.changes] == ["title_en"] or "title" in str(refused.value)
    with writes_allowed():
        assert Instrument.objects.get(pk=mine.pk).title_en == "Theirs"
