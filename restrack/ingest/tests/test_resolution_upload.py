"""Importing a resolution text on the web: coordinators only; upload, see what would change, confirm;
a refused file says why and writes nothing; a preview cannot be confirmed by someone else. The
texts are MADE UP for the tests."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from restrack.accounts.tests.factories import UserFactory
from restrack.ingest.tests.test_import_resolution import ENGLISH
from restrack.registry.models import Deliverable, OperativeParagraph

pytestmark = pytest.mark.django_db
URL = "/en/work/texts/import/"


@pytest.fixture
def coordinator_client(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(UserFactory(role="coordinator"))
    return client


def upload(client, text=ENGLISH, name="res.txt"):
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode()), "language": ""})


def test_upload_preview_and_confirm(coordinator_client):
    assert "Import a resolution text" in coordinator_client.get("/en/work/").content.decode()
    preview = upload(coordinator_client)
    html = preview.content.decode()
    assert preview.status_code == 200 and 'data-read="resolution 2/3"' in html
    assert "operative paragraphs created: 5" in html
    assert not OperativeParagraph.objects.filter(instrument__number="2/3", text_en__startswith="Decides").exists()
    confirmation = re.search(r'name="confirmation" value="([^"]+)"', html)[1]
    done = coordinator_client.post(URL, {"confirm": "1", "confirmation": confirmation})
    assert done.status_code == 302 and done["Location"] == "/en/resolutions/2/3/"
    assert OperativeParagraph.objects.filter(instrument__number="2/3", text_en__startswith="Decides").exists()
    again = coordinator_client.post(URL, {"confirm": "1", "confirmation": confirmation})
    assert again.status_code == 302 and again["Location"] == URL  # the kept file is gone: upload again


def test_a_file_that_is_no_resolution_is_refused_with_the_reason(coordinator_client):
    answer = upload(coordinator_client, "Dear colleagues,\n\nThe agenda is attached.\n", "letter.txt")
    assert answer.status_code == 400
    assert "does not look like a resolution" in answer.content.decode()


def test_only_coordinators_import_and_previews_are_personal(client, coordinator_client, settings):
    html = upload(coordinator_client).content.decode()
    confirmation = re.search(r'name="confirmation" value="([^"]+)"', html)[1]
    other = UserFactory(role="coordinator")
    client.force_login(other)
    answer = client.post(URL, {"confirm": "1", "confirmation": confirmation})
    assert answer.status_code == 302 and answer["Location"] == URL
    assert not OperativeParagraph.objects.filter(instrument__number="2/3", text_en__startswith="Decides").exists()
    client.force_login(UserFactory(role="focal_point"))
    assert client.get(URL).status_code == 403


def test_the_coordinator_sets_what_a_paragraph_asks_and_imports_keep_it(coordinator_client, tmp_path):
    upload_and_confirm(coordinator_client)
    page = "/en/work/texts/resolution/2/3/"
    assert 'href="/en/work/texts/resolution/2/3/"' in coordinator_client.get("/en/resolutions/2/3/").content.decode()
    paragraph = OperativeParagraph.objects.get(instrument__number="2/3", instrument__kind="resolution", number="3")
    assert (paragraph.action, paragraph.addressee) == ("invites", "member_states")
    answer = coordinator_client.post(page, {"paragraph": paragraph.pk, "action": "urges", "addressee": "partners"})
    assert answer.status_code == 302
    paragraph.refresh_from_db()
    assert (paragraph.action, paragraph.addressee, paragraph.classified_by_coordinator) == ("urges", "partners", True)
    assert paragraph.history.first().history_change_reason.startswith("Verb and addressee set")
    upload_and_confirm(coordinator_client, ENGLISH.replace("plant trees", "plant more trees"))
    paragraph.refresh_from_db()
    assert (paragraph.action, paragraph.addressee) == ("urges", "partners")  # kept over the import
    bad = coordinator_client.post(page, {"paragraph": paragraph.pk, "action": "sings", "addressee": "partners"})
    assert bad.status_code == 400 and "Unknown operative verb" in bad.content.decode()


def test_the_coordinator_marks_a_report_due_delivered(coordinator_client):
    upload_and_confirm(coordinator_client)
    deliverable = Deliverable.objects.get(paragraph__instrument__number="2/3", paragraph__number="2(b)")
    assert deliverable.session_number == 3 and deliverable.state == "pending"
    page = "/en/work/texts/resolution/2/3/"
    html = coordinator_client.get(page).content.decode()
    assert 'data-paragraph="2(b)"' in html and "session 3" in html
    unknown = coordinator_client.post(
        page, {"deliverable": deliverable.pk, "state": "delivered", "delivered_in": "HSP/HA.3/9"}
    )
    assert unknown.status_code == 400 and "No document HSP/HA.3/9" in unknown.content.decode()
    done = coordinator_client.post(page, {"deliverable": deliverable.pk, "state": "delivered", "delivered_in": ""})
    assert done.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.state == "delivered" and deliverable.set_by_coordinator


def upload_and_confirm(client, text=ENGLISH):
    html = upload(client, text).content.decode()
    confirmation = re.search(r'name="confirmation" value="([^"]+)"', html)[1]
    assert client.post(URL, {"confirm": "1", "confirmation": confirmation}).status_code == 302


def test_the_coordinator_links_and_unlinks_goals(coordinator_client):
    upload_and_confirm(coordinator_client)
    page = "/en/work/texts/resolution/2/3/"
    assert coordinator_client.post(page, {"goal": "SDG-11.7"}).status_code == 302
    html = coordinator_client.get(page).content.decode()
    assert 'data-goal-link="SDG-11.7"' in html and "set by hand" in html
    assert 'data-goal="SDG-11.7"' in coordinator_client.get("/en/resolutions/2/3/").content.decode()
    bad = coordinator_client.post(page, {"goal": "SDG-99"})
    assert bad.status_code == 400 and "Choose a goal" in bad.content.decode()
    from restrack.registry.models import GoalLink

    link = GoalLink.objects.get(goal__code="SDG-11.7")
    assert coordinator_client.post(page, {"unlink": link.pk}).status_code == 302
    assert not GoalLink.objects.filter(goal__code="SDG-11.7").exists()
