"""The six-monthly cycle through the REST API: a whole cycle, who may do what in which state, and
the answers to refused requests (400 saying why, 401, 403, 404 for what one may not see, 409 for a
stale save).

The people, the sample reports and two periods (2025-H1 open, 2026-H1 planned) are made once for
the module, inside a transaction rolled back at its end; every test runs in a savepoint of it, so
what a test does is undone before the next one."""

import pytest
from rest_framework.test import APIClient

from restrack.accounts.actions import issue_api_token
from restrack.accounts.system_user import get_system_user
from restrack.core.tests.event_helpers import kinds
from restrack.registry.models import OperativeParagraph
from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions import create_reporting_period
from restrack.reporting.models import ProgressUpdate, ReportingPeriod
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "focal", "focal2", "reviewer", "coordinator", "administrator"]


@pytest.fixture(scope="module")
def _with_a_planned_period(_shared_opened, django_db_blocker):
    """The conftest's shared setting with 2025-H1 open, plus 2026-H1 planned."""
    with django_db_blocker.unblock():
        create_reporting_period("2026-H1", acting_user=get_system_user())


@pytest.fixture
def world(_with_a_planned_period, shared_people):
    """The people by name; 2025-H1 open with a draft per active instrument, 2026-H1 planned."""
    return shared_people


def client_for(world, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world[role])
    return client


def update_in(world, state, reference="resolution 2/6"):
    """The 2025-H1 update of `reference`, brought to `state` by the people whose step it is."""
    update = draft_of(ReportingPeriod.objects.get(label="2025-H1"), reference)
    if state in ("submitted", "returned", "approved"):
        update = actions.submit_update(update, acting_user=world["coordinator"])
    if state == "returned":
        update = actions.return_update(update, comment="Add the 2025 figures.", acting_user=world["reviewer"])
    if state == "approved":
        update = actions.approve_update(update, acting_user=world["reviewer"])
    return update


# --- a whole cycle -------------------------------------------------------------------------------


def test_a_whole_cycle_through_the_api(world):
    coordinator, reviewer, anonymous = (client_for(world, role) for role in ("coordinator", "reviewer", "anonymous"))
    focal = APIClient()  # with a real token, as a script would
    focal.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(world['focal'], acting_user=world['focal'])}")

    created = coordinator.post(
        "/api/v1/periods/",
        {"label": "2025-h2", "input_deadline": "2025-11-15", "board_session": "2026-1"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["label"] == "2025-H2" and created.json()["state"] == "planned"
    assert created.json()["board_session"] == "2026-1"
    assert created["Location"].endswith("/api/v1/periods/2025-H2/")

    opened = coordinator.post("/api/v1/periods/2025-H2/open/")
    assert opened.status_code == 200 and opened.json()["drafts"] == 16
    assert opened.json()["period"]["state"] == "open" and opened.json()["period"]["updates"] == {"draft": 16}
    assert coordinator.get("/api/v1/periods/2025-h2/").json()["state"] == "open"

    listed = focal.get("/api/v1/updates/?period=2025-H2&instrument=resolution-2-6").json()
    assert listed["count"] == 1
    item = listed["results"][0]
    assert (item["instrument"], item["period"], item["workflow_state"]) == ("resolution 2/6", "2025-H2", "draft")
    assert item["instrument_slug"] == "resolution-2-6"
    assert coordinator.get("/api/v1/updates/?period=2025-H2&state=draft").json()["count"] == 16
    assert client_for(world, "viewer").get("/api/v1/updates/?period=2025-H2").json()["count"] == 0  # drafts
    assert focal.get("/api/v1/updates/?state=draft&instrument=resolution-2-6").json()["count"] == 2  # 2025-H1 and H2

    url = f"/api/v1/updates/{item['id']}/"
    detail = focal.get(url).json()
    assert detail["version"] == 1 and detail["editing_mode"] == "draft" and detail["latest_return"] is None
    first, second = detail["entries"][:2]
    assert first["carried_over"] and first["text"]["zh-hans"]
    assert second["operative_paragraph_numbers"] == ["4(a)"] and len(second["operative_paragraphs"]) == 1
    op_4a = second["operative_paragraphs"][0]

    body = {
        "version": 1,
        "status": "under_implementation",
        "summary": {"en": "More cities localise the SDGs."},
        "entries": [
            {"id": first["id"], "text": {"en": "Eight more cities adopted the Urban Monitoring Framework."}},
            {"id": second["id"]},
            {
                "text": {"en": "UNICEF and UNODC joined the work.", "zh-hans": "儿基会和毒罪办加入了这项工作。"},
                "operative_paragraphs": [op_4a],
                "partners": ["UNICEF", "unodc"],
                "funding_constraint": True,
            },
        ],
        "comment": "First round of inputs",
    }
    saved = focal.put(url, body, format="json")
    assert saved.status_code == 200, saved.json()
    saved = saved.json()
    assert saved["changed"] and saved["version"] == 2 and saved["status"] == "under_implementation"
    assert saved["summary"]["en"] == "More cities localise the SDGs."
    assert len(saved["entries"]) == 3  # the third carried-over paragraph was left out: deleted
    assert saved["entries"][0]["text"]["en"].startswith("Eight more") and not saved["entries"][0]["carried_over"]
    assert saved["entries"][0]["text"]["zh-hans"] == first["text"]["zh-hans"]  # other languages kept
    new = saved["entries"][2]
    assert new["partners"] == ["UNICEF", "UNODC"] and new["operative_paragraph_numbers"] == ["4(a)"]
    assert new["funding_constraint"] and new["position"] == 3

    stale = coordinator.put(url, {**body, "summary": {"en": "Someone else's summary."}}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and "version 1" in stale.json()["detail"]
    assert focal.get(url).json()["summary"]["en"] == "More cities localise the SDGs."  # nothing saved

    unchanged = focal.put(url, {"version": 2, "summary": {"en": "More cities localise the SDGs."}}, format="json")
    assert unchanged.status_code == 200 and not unchanged.json()["changed"] and unchanged.json()["version"] == 2

    submitted = focal.post(f"{url}submit/")
    assert submitted.status_code == 200 and submitted.json()["workflow_state"] == "submitted"
    assert submitted.json()["author"] == "focal"

    returned = reviewer.post(
        f"{url}return/",
        {"comment": "Name the eight cities.", "paragraph_comments": {str(first["id"]): "Which cities?"}},
        format="json",
    )
    assert returned.status_code == 200 and returned.json()["workflow_state"] == "returned"
    remarks = focal.get(url).json()["latest_return"]
    assert remarks["comment"] == "Name the eight cities." and remarks["by"] == "reviewer"
    assert remarks["paragraph_comments"] == [{"entry": first["id"], "text": "Which cities?"}]
    assert client_for(world, "viewer").get(url).status_code == 404  # returned: back with the focal point

    version = focal.get(url).json()["version"]
    revised = focal.put(
        url,
        {
            "version": version,
            "entries": [
                {"id": first["id"], "text": {"en": "Eight more cities (Nairobi, ...) adopted the Framework."}},
                {"id": second["id"]},
                {"id": new["id"]},
            ],
        },
        format="json",
    )
    assert revised.status_code == 200 and revised.json()["version"] == version + 1
    assert focal.post(f"{url}submit/").status_code == 200
    approved = reviewer.post(f"{url}approve/")
    assert approved.status_code == 200 and approved.json()["workflow_state"] == "approved"
    assert approved.json()["reviewer"] == "reviewer"

    assert anonymous.get(url).status_code == 404  # not public before publication
    published = coordinator.post("/api/v1/periods/2025-H2/publish/")
    assert published.status_code == 200
    assert published.json()["published"] == 1 and published.json()["period"]["state"] == "published"

    public = anonymous.get(url)
    assert public.status_code == 200
    public = public.json()
    assert public["workflow_state"] == "published" and public["entries"][0]["text"]["en"].startswith("Eight more")
    assert public["author"] is None and public["reviewer"] is None and public["latest_return"] is None
    assert public["editing_mode"] is None
    everything_public = anonymous.get("/api/v1/updates/?period=2025-H2").json()
    assert [u["id"] for u in everything_public["results"]] == [item["id"]]
    assert anonymous.get("/api/v1/periods/2025-H2/").json()["updates"] == {"published": 1}
    assert find_instrument("resolution 2/6").status == "under_implementation"
    assert kinds(ProgressUpdate.objects.get(pk=item["id"])) == [
        "drafted",
        "submitted",
        "returned",
        "drafted",
        "submitted",
        "approved",
        "published",
    ]


# --- who may do what, in which state --------------------------------------------------------------


def _codes(text: str) -> list[int]:
    return [int(code) for code in text.split()]


#                         anonymous viewer focal focal2 reviewer coordinator administrator
UPDATE_MATRIX = {
    ("get", "draft"): "404 404 200 200 200 200 200",
    ("get", "submitted"): "404 200 200 200 200 200 200",
    ("get", "returned"): "404 404 200 200 200 200 200",
    ("get", "approved"): "404 200 200 200 200 200 200",
    ("put", "draft"): "401 404 200 403 403 200 200",
    ("put", "submitted"): "401 403 400 403 403 400 400",
    ("put", "returned"): "401 404 200 403 403 200 200",
    ("put", "approved"): "401 403 400 403 403 400 400",
    ("submit", "draft"): "401 404 200 403 403 200 200",
    ("submit", "submitted"): "401 403 400 403 403 400 400",
    ("submit", "returned"): "401 404 200 403 403 200 200",
    ("submit", "approved"): "401 403 400 403 403 400 400",
    ("return", "draft"): "401 404 403 403 400 400 400",
    ("return", "submitted"): "401 403 403 403 200 200 200",
    ("return", "approved"): "401 403 403 403 400 400 400",
    ("approve", "draft"): "401 404 403 403 400 400 400",
    ("approve", "submitted"): "401 403 403 403 200 200 200",
    ("approve", "approved"): "401 403 403 403 400 400 400",
}


def _update_request(client, action, update):
    url = f"/api/v1/updates/{update.pk}/"
    if action == "get":
        return client.get(url)
    if action == "put":
        return client.put(url, {"version": update.version, "summary": {"en": "Edited through the API."}}, format="json")
    if action == "return":
        return client.post(f"{url}return/", {"comment": "Add the 2025 figures."}, format="json")
    return client.post(f"{url}{action}/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "state"), list(UPDATE_MATRIX))
def test_who_may_act_on_an_update(world, action, state, role):
    update = update_in(world, state)
    expected = _codes(UPDATE_MATRIX[action, state])[ROLES.index(role)]
    response = _update_request(client_for(world, role), action, update)
    assert response.status_code == expected, response.json()
    if expected >= 400:
        assert response.json()["detail"]
    if expected in (400, 403):  # refused by the action: nothing changed
        update.refresh_from_db()
        assert update.workflow_state == state


#                                anonymous viewer focal focal2 reviewer coordinator administrator
PERIOD_MATRIX = {
    ("create", "2027-H1"): "401 403 403 403 403 201 201",
    ("create", "2025-H1"): "401 403 403 403 403 400 400",  # exists already
    ("open", "2026-H1"): "401 403 403 403 403 200 200",
    ("open", "2025-H1"): "401 403 403 403 403 400 400",  # open already
    ("publish", "2025-H1"): "401 403 403 403 403 200 200",
    ("publish", "2026-H1"): "401 403 403 403 403 400 400",  # planned: nothing to publish
    ("remind", "2025-H1"): "401 403 403 403 403 200 200",
    ("remind", "2026-H1"): "401 403 403 403 403 400 400",
    ("get", "2024-H2"): "200 200 200 200 200 200 200",  # published (an imported report)
    ("get", "2026-H1"): "404 200 200 200 200 200 200",  # planned: not public yet
    ("get", "2099-H1"): "404 404 404 404 404 404 404",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "label"), list(PERIOD_MATRIX))
def test_who_may_act_on_a_period(world, action, label, role):
    client = client_for(world, role)
    expected = _codes(PERIOD_MATRIX[action, label])[ROLES.index(role)]
    if action == "create":
        response = client.post("/api/v1/periods/", {"label": label, "input_deadline": "2027-05-15"}, format="json")
    elif action == "get":
        response = client.get(f"/api/v1/periods/{label}/")
    else:
        response = client.post(f"/api/v1/periods/{label}/{action}/")
    assert response.status_code == expected, response.json()
    if expected == 400:
        assert label in response.json()["detail"]
    if expected == 403 and action == "create":
        assert "may not create reporting periods" in response.json()["detail"]
        assert not ReportingPeriod.objects.filter(label="2027-H1").exists()


def test_what_each_role_lists(world):
    update_in(world, "submitted", "resolution 2/7")
    counts = {role: client_for(world, role).get("/api/v1/updates/?period=2025-H1").json()["count"] for role in ROLES}
    # the secretariat sees every draft; Member States' viewers what was submitted; the public nothing yet
    assert counts == {
        "anonymous": 0,
        "viewer": 1,
        "focal": 16,
        "focal2": 16,
        "reviewer": 16,
        "coordinator": 16,
        "administrator": 16,
    }
    # the published updates of earlier periods (the imported reports) are public
    assert client_for(world, "anonymous").get("/api/v1/updates/?instrument=resolution-2-6").json()["count"] >= 1


def test_return_comments_are_for_the_people_in_the_cycle(world):
    update = update_in(world, "returned")
    actions.submit_update(update, acting_user=world["focal"])
    url = f"/api/v1/updates/{update.pk}/"
    for role in ("focal", "reviewer", "coordinator"):
        assert client_for(world, role).get(url).json()["latest_return"]["comment"] == "Add the 2025 figures."
    for role in ("focal2", "viewer"):
        assert client_for(world, role).get(url).json()["latest_return"] is None


# --- refusals say why -----------------------------------------------------------------------------


def _put(world, body, role="focal"):
    update = update_in(world, "draft")
    return client_for(world, role).put(
        f"/api/v1/updates/{update.pk}/", {"version": update.version, **body}, format="json"
    )


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"entries": [{"text": {"xx": "Hello"}}]}, None, "unknown language xx"),
        ({"summary": {"klingon": "Qapla'"}}, None, "unknown language klingon"),
        ({"entries": [{"text": {"en": "A"}, "partners": ["NOBODY"]}]}, None, "no partner 'NOBODY'"),
        ({"entries": [{"id": 999999, "text": {"en": "A"}}]}, None, "paragraph 999999 is not part of this update"),
        ({"status": "finished"}, "status", 'status: "finished" is not a valid choice.'),
        (
            {"entries": [{"text": {"en": "A"}, "operative_paragraphs": ["4(a)"]}]},
            "entries",
            "entries.0.operative_paragraphs.0: A valid integer is required.",
        ),
    ],
)
def test_a_bad_save_is_a_400_naming_the_problem(world, body, field, words):
    response = _put(world, body)
    assert response.status_code == 400
    assert words in response.json()["detail"]
    if field:
        assert field in response.json()


def test_an_operative_paragraph_of_another_instrument_is_refused(world):
    other = OperativeParagraph.objects.filter(instrument=find_instrument("resolution 2/7")).first()
    response = _put(world, {"entries": [{"text": {"en": "A"}, "operative_paragraphs": [other.pk]}]})
    assert response.status_code == 400
    assert f"operative paragraph {other.pk} is not one of resolution 2/6's" in response.json()["detail"]


def test_a_save_without_version_is_refused(world):
    update = update_in(world, "draft")
    response = client_for(world, "focal").put(f"/api/v1/updates/{update.pk}/", {"summary": {"en": "A"}}, format="json")
    assert response.status_code == 400
    assert response.json()["version"] == ["This field is required."]
    assert response.json()["detail"] == "version: This field is required."


def test_patch_is_not_offered(world):
    update = update_in(world, "draft")
    assert client_for(world, "focal").patch(f"/api/v1/updates/{update.pk}/", {}, format="json").status_code == 405


def test_a_return_needs_a_comment_and_paragraphs_of_the_update(world):
    update = update_in(world, "submitted")
    reviewer = client_for(world, "reviewer")
    url = f"/api/v1/updates/{update.pk}/return/"
    response = reviewer.post(url, {"comment": "  "}, format="json")
    assert response.status_code == 400
    assert response.json()["comment"] == ["Say what needs changing: a returned update needs a comment."]
    assert response.json()["detail"].startswith("comment: Say what needs changing")
    response = reviewer.post(url, {"comment": "See below.", "paragraph_comments": {"first": "?"}}, format="json")
    assert response.status_code == 400 and "'first' is not a number" in response.json()["detail"]
    response = reviewer.post(url, {"comment": "See below.", "paragraph_comments": {"999999": "?"}}, format="json")
    assert response.status_code == 400 and "Paragraph 999999 is not part of" in response.json()["detail"]


def test_submitting_an_empty_draft_says_so(world):
    update = update_in(world, "draft")
    focal = client_for(world, "focal")
    assert (
        focal.put(
            f"/api/v1/updates/{update.pk}/", {"version": update.version, "entries": []}, format="json"
        ).status_code
        == 200
    )
    response = focal.post(f"/api/v1/updates/{update.pk}/submit/")
    assert response.status_code == 400 and "has no paragraphs yet" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"label": "2025-H3"}, "label", "2025-H3"),
        ({"label": "2027-H1", "board_session": "2"}, "board_session", "YEAR-ORDER"),
        ({"label": "2027-H1", "input_deadline": "soon"}, "input_deadline", "Date has wrong format"),
        ({}, "label", "This field is required."),
    ],
)
def test_a_bad_period_is_a_400_naming_the_problem(world, body, field, words):
    response = client_for(world, "coordinator").post("/api/v1/periods/", body, format="json")
    assert response.status_code == 400
    assert field in response.json() and words in response.json()["detail"]


@pytest.mark.parametrize("query", ["instrument=resolution 9/99", "instrument=treaty-1-1", "state=finished"])
def test_a_bad_filter_is_a_400(world, query):
    response = client_for(world, "reviewer").get(f"/api/v1/updates/?{query}")
    assert response.status_code == 400 and response.json()["detail"]


def test_the_public_lists_published_periods_only(world):
    assert [p["label"] for p in client_for(world, "anonymous").get("/api/v1/periods/").json()["results"]] == [
        "2024-H2",
        "2020-H1",
    ]
    assert [p["label"] for p in client_for(world, "viewer").get("/api/v1/periods/").json()["results"]] == [
        "2026-H1",
        "2025-H1",
        "2024-H2",
        "2020-H1",
    ]


def test_the_api_saves_a_recurring_commitment_and_keeps_it_when_not_told(world):
    """`recurrence` "annual": never overdue though its date has passed; a save that does not send
    it keeps it; anything but once or every year is a 400 naming the field."""
    focal = client_for(world, "focal")
    update = update_in(world, "draft")
    url = f"/api/v1/updates/{update.pk}/"
    version = focal.get(url).json()["version"]
    body = {
        "version": version,
        "commitments": [{"description": {"en": "A city day every year."}, "due": "2024-10-31", "recurrence": "annual"}],
    }
    assert focal.put(url, body, format="json").status_code == 200
    commitment = update.instrument.commitments.get(description_en="A city day every year.")
    listed = focal.get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert (listed["recurrence"], listed["overdue"]) == ("annual", False)

    kept = {"version": version + 1, "commitments": [{"id": commitment.pk, "due": "2024-10-31", "state": "pending"}]}
    assert focal.put(url, kept, format="json").json()["changed"] is False
    commitment.refresh_from_db()
    assert commitment.recurrence == "annual"

    kept["commitments"][0]["recurrence"] = "weekly"
    refused = focal.put(url, kept, format="json")
    assert refused.status_code == 400 and "recurrence" in str(refused.json())
    commitment.refresh_from_db()
    assert commitment.recurrence == "annual"


def test_the_browsable_api_shows_an_update_with_its_draft_in_the_put_form(world):
    update = update_in(world, "draft")
    page = client_for(world, "focal").get(f"/api/v1/updates/{update.pk}/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "&quot;version&quot;: 1" in page.content.decode()


def test_the_api_saves_footnotes_and_commitments_as_the_editor_does(world):
    """PUT takes the whole draft, footnotes and commitments included, through the same action as
    the editor and the importer: one new version, one event."""
    focal = client_for(world, "focal")
    update = update_in(world, "draft")
    url = f"/api/v1/updates/{update.pk}/"
    detail = focal.get(url).json()
    entries = [{"id": entry["id"]} for entry in detail["entries"]]
    entries.append(
        {
            "key": "new",
            "text": {"en": "Five more cities joined."},
            "footnotes": [{"text": {"en": "See HSP/EB.2025/INF/2."}, "anchor": {"en": 4}}],
        }
    )
    body = {
        "version": detail["version"],
        "entries": entries,
        "commitments": [{"description": {"en": "A guide by mid-2026."}, "due": "2026-06", "promised_in": "new"}],
    }
    saved = focal.put(url, body, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == detail["version"] + 1 and saved.json()["changed"] is True
    added = saved.json()["entries"][-1]
    assert added["text"]["en"] == "Five more cities joined."
    assert [(note["text"]["en"], note["anchor"]["en"]) for note in added["footnotes"]] == [
        ("See HSP/EB.2025/INF/2.", 4)
    ]
    (commitment,) = update.instrument.commitments.filter(promised_in_id=added["id"])
    assert (str(commitment.due), commitment.description_en) == ("2026-06", "A guide by mid-2026.")
    assert kinds(update)[-1] == "drafted"

    # What is stored, sent again, changes nothing; a footnote edited is changed, one left out deleted.
    note_id = added["footnotes"][0]["id"]
    entries[-1] = {
        "id": added["id"],
        "text": {"en": "Five more cities joined."},
        "footnotes": [{"id": note_id, "text": {"en": "See HSP/EB.2025/INF/2."}, "anchor": {"en": 4}}],
    }
    again = focal.put(url, {"version": detail["version"] + 1, "entries": entries}, format="json")
    assert again.status_code == 200 and again.json()["changed"] is False
    entries[-1] = {"id": added["id"], "footnotes": [{"id": note_id, "text": {"en": "See HSP/EB.2025/INF/3."}}]}
    edited = focal.put(url, {"version": detail["version"] + 1, "entries": entries}, format="json").json()
    assert edited["entries"][-1]["footnotes"][0]["text"]["en"] == "See HSP/EB.2025/INF/3."
    entries[-1] = {"id": added["id"], "footnotes": []}
    emptied = focal.put(url, {"version": detail["version"] + 2, "entries": entries}, format="json").json()
    assert emptied["entries"][-1]["footnotes"] == []
    bad = focal.put(
        url,
        {"version": detail["version"] + 3, "commitments": [{"description": {"en": "x"}, "due": "soon"}]},
        format="json",
    )
    assert bad.status_code == 400 and "soon" in bad.json()["detail"]


def test_the_api_confirms_a_carried_over_paragraph(world):
    focal = client_for(world, "focal")
    update = update_in(world, "draft")
    url = f"/api/v1/updates/{update.pk}/"
    read = focal.get(url).json()
    entries = read["entries"]
    assert entries and all(entry["carried_over"] for entry in entries)
    body = {
        "version": read["version"],
        "entries": [{"id": entries[0]["id"], "confirmed": True}] + [{"id": entry["id"]} for entry in entries[1:]],
    }
    assert focal.put(url, body, format="json").status_code == 200
    assert [entry["carried_over"] for entry in focal.get(url).json()["entries"]] == [False] + [True] * (
        len(entries) - 1
    )
