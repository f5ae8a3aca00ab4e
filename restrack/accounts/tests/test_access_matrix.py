"""The access policy walked whole: every role × every workflow state × every way in (the working
pages, the period board, the API's updates and commitments, its export, the public downloads, the
tracker's pages, search and the Executive Director's report), and every role × step × state of the
cycle. The expected outcomes are written out here, independently of restrack.accounts.policy: a
change to the policy that changes who sees what fails this test until the table below agrees.

The setting is built once through the real actions: in 2024-H2 (published) resolution 2/5's update
is published; in 2025-H1 (open) resolution 2/1's update is a draft, 2/2's was returned and is
submitted again, 2/3's is returned, 2/4's approved. Every paragraph, footnote, commitment and
return comment carries a marker naming its state, so a leak shows as a marker where it must not be.
"""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.core.tests.api_helpers import client_as
from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions import CommitmentDraft, EntryDraft, FootnoteDraft
from restrack.reporting.models import ProgressUpdate, ReportingPeriod

ROLES = [
    "anonymous",
    "viewer",
    "focal_own",
    "focal_other",
    "reviewer",
    "finance_officer",
    "coordinator",
    "administrator",
]
STATES = ["draft", "submitted", "returned", "approved", "published"]
INSTRUMENT_OF = {"published": "2/5", "draft": "2/1", "submitted": "2/2", "returned": "2/3", "approved": "2/4"}

SECRETARIAT = {"focal_own", "focal_other", "reviewer", "coordinator", "administrator"}
MEMBER_STATES = {"viewer", "finance_officer"}

# Who may read an update (its paragraphs, footnotes and commitments) in each state.
READS = {
    "draft": SECRETARIAT,
    "submitted": SECRETARIAT | MEMBER_STATES,
    "returned": SECRETARIAT,
    "approved": SECRETARIAT | MEMBER_STATES,
    "published": set(ROLES),
}
# Who may read the reviewers' comments of a return: the reviewers and those who revise the update.
READS_RETURNS = {"reviewer", "coordinator", "administrator", "focal_own"}
COORDINATORS = {"coordinator", "administrator"}


def marker(state, what="text") -> str:
    return f"matrix{what}{state}"


def _build() -> dict:
    system = get_system_user()
    people = {}
    for name, role in [
        ("viewer", "viewer"),
        ("focal_own", "focal_point"),
        ("focal_other", "focal_point"),
        ("reviewer", "reviewer"),
        ("finance_officer", "finance_officer"),
        ("coordinator", "coordinator"),
        ("administrator", "administrator"),
    ]:
        instruments = []
        if name == "focal_own":
            instruments = [find_instrument(f"resolution {number}") for number in INSTRUMENT_OF.values()]
        elif name == "focal_other":
            instruments = [find_instrument("resolution 2/6")]
        people[name] = set_user_role(name, role, instruments=instruments, acting_user=system)
    coordinator, focal, reviewer = people["coordinator"], people["focal_own"], people["reviewer"]

    def update_of(period, state):
        return ProgressUpdate.objects.get(
            period=period, instrument=find_instrument(f"resolution {INSTRUMENT_OF[state]}")
        )

    def write(period, state):
        update = update_of(period, state)
        actions.save_draft(
            update,
            version=update.version,
            acting_user=focal,
            entries=[
                EntryDraft(
                    key="p",
                    text={"en": f"UN-Habitat reported {marker(state)} to the Board."},
                    footnotes=[FootnoteDraft(text={"en": marker(state, "note")})],
                )
            ],
            commitments=[CommitmentDraft(description={"en": marker(state, "promise")}, due="2030", promised_in="p")],
        )
        return update_of(period, state)

    def send_back(update, state):
        entry = update.entries.get()
        actions.return_update(
            update,
            comment=marker(state, "return"),
            paragraph_comments={entry.pk: marker(state, "remark")},
            acting_user=reviewer,
        )

    last_year = actions.create_reporting_period("2024-H2", acting_user=coordinator)
    actions.open_period(last_year, acting_user=coordinator)
    published = write(last_year, "published")
    actions.submit_update(published, acting_user=focal)
    actions.approve_update(published, acting_user=reviewer)
    actions.publish_period(last_year, acting_user=coordinator)

    period = actions.create_reporting_period("2025-H1", acting_user=coordinator)
    actions.open_period(period, acting_user=coordinator)
    write(period, "draft")
    submitted = write(period, "submitted")
    actions.submit_update(submitted, acting_user=focal)
    send_back(submitted, "submitted")  # returned once, then submitted again: its comments stay private
    actions.submit_update(submitted, acting_user=focal)
    returned = write(period, "returned")
    actions.submit_update(returned, acting_user=focal)
    send_back(returned, "returned")
    approved = write(period, "approved")
    actions.submit_update(approved, acting_user=focal)
    actions.approve_update(approved, acting_user=reviewer)
    call_command("rebuild_search_index", stdout=io.StringIO())
    updates = {state: update_of(period if state != "published" else last_year, state).pk for state in STATES}
    return {"people": {name: user.pk for name, user in people.items()}, "updates": updates}


@pytest.fixture(scope="module")
def _setting(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


@pytest.fixture
def setting(_setting, db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(_setting["people"].values())
    people = {name: users[pk] for name, pk in _setting["people"].items()}
    people["anonymous"] = AnonymousUser()
    updates = ProgressUpdate.objects.in_bulk(_setting["updates"].values())
    return {"people": people, "updates": {state: updates[pk] for state, pk in _setting["updates"].items()}}


def web(person) -> Client:
    client = Client()
    if person.is_authenticated:
        client.force_login(person)
    return client


def api(person):
    return client_as(person if person.is_authenticated else None)


def markers_in(text: str, what: str = "text") -> set[str]:
    return {state for state in STATES if marker(state, what) in text}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_what_the_policy_says_everywhere(setting, role):
    person, updates = setting["people"][role], setting["updates"]
    readable = {state for state in STATES if role in READS[state]}
    public = {"published"}

    # The working pages: an update one may not read does not exist (404).
    for state, update in updates.items():
        status = web(person).get(f"/en/work/updates/{update.pk}/").status_code
        assert status == (200 if state in readable else 404), (role, state, status)

    # The API: the update itself, the list, its paragraphs' footnotes, the commitments, the export.
    for state, update in updates.items():
        response = api(person).get(f"/api/v1/updates/{update.pk}/")
        assert response.status_code == (200 if state in readable else 404), (role, state)
    ours = {update.pk for update in updates.values()}
    listed = {item["id"] for item in api(person).get("/api/v1/updates/?page_size=1000").json()["results"]}
    assert listed & ours == {updates[state].pk for state in readable}, role
    everything_read = "".join(api(person).get(f"/api/v1/updates/{updates[s].pk}/").content.decode() for s in readable)
    assert markers_in(everything_read) == readable and markers_in(everything_read, "note") == readable
    commitments = api(person).get("/api/v1/commitments/?page_size=1000").content.decode()
    assert markers_in(commitments, "promise") == readable, role
    exported = api(person).get("/api/v1/updates/export.json").getvalue().decode()
    assert markers_in(exported) == readable and markers_in(exported, "note") == readable, role

    # What is public is public for everyone, signed in or not: the tracker, its downloads, search.
    for state in STATES:
        page = web(person).get(f"/en/resolutions/{INSTRUMENT_OF[state]}/").content.decode()
        assert markers_in(page) == ({state} & public), (role, state)
    downloads = web(person).get("/en/exports/updates.json").getvalue().decode()
    downloads += web(person).get("/en/exports/commitments.json").getvalue().decode()
    assert markers_in(downloads) == public and markers_in(downloads, "promise") == public, role
    found = api(person).get("/api/v1/search/", {"q": "UN-Habitat reported"}).content.decode()
    assert markers_in(found) == public, role  # published paragraphs only, whoever asks
    assert markers_in(web(person).get("/en/search/", {"q": "UN-Habitat reported"}).content.decode()) == public

    # Reviewers' comments: never to anyone else, even where the update itself may be read.
    for state, update in updates.items():
        body = web(person).get(f"/en/work/updates/{update.pk}/").content.decode()
        body += api(person).get(f"/api/v1/updates/{update.pk}/").content.decode()
        board = web(person).get(f"/en/work/periods/{update.period.label}/").content.decode()
        for text in (body, board):
            leaked = markers_in(text, "return") | markers_in(text, "remark")
            if role not in READS_RETURNS:
                assert not leaked, (role, state)
    if role in READS_RETURNS:
        board = web(person).get("/en/work/periods/2025-H1/").content.decode()
        assert markers_in(board, "return") == {"submitted", "returned"}, role

    # The period board lists the updates one may read, no other.
    if person.is_authenticated:
        board = web(person).get("/en/work/periods/2025-H1/")
        shown = {update.pk for update in (row["update"] for row in board.context["rows"])}
        assert shown & {u.pk for u in updates.values()} == {updates[s].pk for s in readable - public}, role

    # The Executive Director's report: coordinators write it, from approved and published updates
    # (the HTML the preview's frame shows, written at once; the files are jobs, restrack/jobs/tests).
    report = web(person).get(
        "/en/work/periods/2025-H1/report.html", {"language": "en", "allow_missing": "on", "inline": "1"}
    )
    if role in COORDINATORS:
        assert report.status_code == 200 and markers_in(report.content.decode()) == {"approved"}
    else:
        assert report.status_code in (302, 403), role


def _attempt(step, update, person):
    """What a step of the cycle does for `person` now: done, forbidden or invalid (its state)."""
    try:
        with transaction.atomic():
            step(ProgressUpdate.objects.get(pk=update.pk), person)
            transaction.set_rollback(True)
    except PermissionDenied:
        return "forbidden"
    except ValidationError:
        return "invalid"
    return "done"


STEPS = {
    "edit": lambda update, person: actions.save_draft(
        update, version=update.version, status="completed", comment="A correction", acting_user=person
    ),
    "submit": lambda update, person: actions.submit_update(update, acting_user=person),
    "return": lambda update, person: actions.return_update(update, comment="Again", acting_user=person),
    "approve": lambda update, person: actions.approve_update(update, acting_user=person),
    "revert": lambda update, person: actions.revert_update(update, 1, comment="Back", acting_user=person),
}
DRAFTERS = {"focal_own", "coordinator", "administrator"}
REVIEWERS = {"reviewer", "coordinator", "administrator"}


def expected_step(step: str, role: str, state: str) -> str:
    if step in ("edit", "submit"):
        if role not in DRAFTERS:
            return "forbidden"
        if state in ("draft", "returned"):
            return "done"
        if step == "edit" and state == "published" and role in COORDINATORS:
            return "done"  # a correction, with its reason
        return "invalid"
    if step in ("return", "approve"):
        if role not in REVIEWERS:
            return "forbidden"
        return "done" if state == "submitted" else "invalid"
    if step == "revert":
        if role not in COORDINATORS:
            return "forbidden"
        return "done" if state in ("draft", "returned", "published") else "invalid"
    raise AssertionError(step)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_take_exactly_the_steps_the_policy_says(setting, role):
    person = setting["people"][role]
    outcomes = {
        (step, state): _attempt(STEPS[step], update, person)
        for step in STEPS
        for state, update in setting["updates"].items()
    }
    wanted = {(step, state): expected_step(step, role, state) for step, state in outcomes}
    assert outcomes == wanted


def test_the_periods_are_as_built(setting):
    assert dict(ReportingPeriod.objects.values_list("label", "state")) == {"2024-H2": "published", "2025-H1": "open"}
    assert {state: update.workflow_state for state, update in setting["updates"].items()} == {
        state: state for state in STATES
    }
