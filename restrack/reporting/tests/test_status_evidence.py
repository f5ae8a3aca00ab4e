"""Status with evidence (issue 22): an imported report's updates get the status their text
suggests, recorded as derived from the report text with the sentences that justify it, and the
instrument takes the latest; the tracker shows it with that label and its words, never as an
assessment. In the cycle the draft proposes a status from its paragraphs; choosing one records who
assessed it, and publishing makes it the instrument's assessed status. The drafts' sentences are
made up for the test."""

import pytest

from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions.drafts import EntryDraft, save_draft
from restrack.reporting.choices import StatusSource
from restrack.reporting.models import ProgressUpdate
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


def test_imported_reports_give_derived_statuses_with_their_evidence(people, client):
    constrained = ProgressUpdate.objects.get(period__label="2024-H2", instrument=find_instrument("resolution 2/7"))
    assert (constrained.status, constrained.status_source) == ("constrained", StatusSource.DERIVED)
    assert constrained.status_assessed_by is None and constrained.status_evidence["zh-hans"]
    instrument = find_instrument("resolution 2/7")
    assert (instrument.status, instrument.status_derived) == ("constrained", True)
    # The older report does not override the newer one's status.
    assert find_instrument("resolution 1/2").status_derived and find_instrument("decision 1/3").status
    dashboard = client.get("/en/").content.decode()
    row = dashboard.split('data-instrument="resolution 2/7"')[1].split("</tr>")[0]
    assert "data-derived" in row and "derived from the report text" in row
    assert "data-derived-legend" in dashboard
    page = client.get("/en/resolutions/2/7/").content.decode()
    assert 'data-status-basis="derived"' in page and "Status derived from the report text of" in page
    evidence = page.split("data-status-evidence")[1].split("</details>")[0]
    assert '<q lang="zh-Hans">' in evidence and constrained.status_evidence["zh-hans"][0] in evidence
    zh = client.get("/zh-hans/resolutions/2/7/").content.decode()
    assert 'data-status-basis="derived"' in zh and "状态根据" in zh
    api = client.get("/api/v1/instruments/resolution-2-7/").json()
    assert (api["status"], api["status_derived"]) == ("constrained", True)
    listed = client.get("/api/v1/updates/?instrument=resolution-2-7&period=2024-H2").json()["results"][0]
    assert listed["status_source"] == "derived" and listed["status_evidence"]["zh-hans"]


def test_a_draft_proposes_and_the_chosen_status_is_an_assessment(people, opened, client):
    update = draft_of(opened, "resolution 2/6")
    assert update.status == ""  # a derived status is not carried into the next period's draft
    result = save_draft(
        update,
        version=update.version,
        acting_user=people["focal"],
        entries=[
            EntryDraft(key="p1", text={"en": "Made-up: UN-Habitat is preparing guidelines with two cities."}),
            EntryDraft(key="p2", text={"en": "Made-up: progress is limited by a lack of voluntary funding."}),
        ],
    )
    update.refresh_from_db()
    assert update.proposed_status == "constrained" and update.status == ""
    assert update.proposed_evidence == {"en": ["Made-up: progress is limited by a lack of voluntary funding."]}
    client.force_login(people["focal"])
    editor = client.get(f"/en/work/updates/{update.pk}/").content.decode()
    assert 'data-status-proposal="constrained"' in editor and 'data-use-status="constrained"' in editor
    save_draft(update, version=result.update.version, acting_user=people["focal"], status="constrained")
    update.refresh_from_db()
    assert (update.status_source, update.status_assessed_by) == (StatusSource.ASSESSED, people["focal"])
    assert update.status_evidence == update.proposed_evidence and update.status_assessed_at
    actions.submit_update(update, acting_user=people["focal"])
    actions.approve_update(update, acting_user=people["reviewer"])
    actions.publish_period(opened, acting_user=people["coordinator"])
    instrument = find_instrument("resolution 2/6")
    assert (instrument.status, instrument.status_derived) == ("constrained", False)
    page = client.get("/en/resolutions/2/6/").content.decode()
    assert 'data-status-basis="assessed"' in page and "assessed by" in page


def test_the_autosave_answers_the_proposal_the_paragraphs_now_make(people, opened, client):
    from django.urls import reverse

    from restrack.reporting.tests.editing import editor_post

    update = draft_of(opened, "resolution 2/6")
    client.force_login(people["focal"])
    save = reverse("reporting:update_save", args=[update.pk])
    text = "Made-up: the work is held back by a lack of voluntary funding."
    answer = client.post(save, editor_post(update, text), HTTP_HX_REQUEST="true").content.decode()
    # Swapped into the editor in place of the proposal the page was loaded with.
    assert '<div id="status-proposal" hx-swap-oob="true">' in answer
    assert 'data-status-proposal="constrained"' in answer and f"<q>{text}</q>" in answer
    update.refresh_from_db()
    text = "Made-up: UN-Habitat is preparing guidelines with two cities."
    answer = client.post(save, editor_post(update, text), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status-proposal="under_implementation"' in answer
    editor = client.get(f"/en/work/updates/{update.pk}/").content.decode()
    assert (
        editor.count('id="status-proposal"') == 1 and "hx-swap-oob" not in editor.split('id="status-proposal"')[1][:30]
    )
