"""Saving a draft as a whole: paragraphs edited per language, moved, deleted and added; links
checked; optimistic locking; commitments; who may edit when; versions; reverting; and what a
submitted update must contain."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restrack.core.events import events_about
from restrack.core.tests.event_helpers import kinds_by
from restrack.reporting import actions
from restrack.reporting.actions import CommitmentDraft, EntryDraft, StaleUpdate, revert_update, save_draft
from restrack.reporting.log import update_log
from restrack.reporting.models import Commitment, ProgressUpdate, UpdateEntry, UpdateVersion
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_people):
    return shared_people


@pytest.fixture
def opened(shared_opened):
    return shared_opened


def paragraphs(update):
    return list(UpdateEntry.objects.filter(update=update).order_by("position"))


def unchanged(entry, **changes):
    """An EntryDraft that sends `entry` back as it is, apart from `changes`."""
    return EntryDraft(id=entry.pk, text=changes.pop("text", {}), **changes)


def events(update):
    return kinds_by(update)


@pytest.fixture
def draft(opened):
    """The draft of resolution 2/6: three paragraphs carried over, in Chinese only."""
    return draft_of(opened, "resolution 2/6")


def test_editing_one_language_leaves_the_others_and_clears_carried_over(people, draft):
    first, second, third = paragraphs(draft)
    chinese = first.text_zh_hans
    result = save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        summary={"en": "A good half-year."},
        entries=[unchanged(first, text={"en": "  Twenty-two countries.  "}), unchanged(second), unchanged(third)],
    )
    assert result.changed and result.update.version == 2
    first.refresh_from_db()
    assert (first.text_en, first.text_zh_hans) == ("Twenty-two countries.", chinese)
    assert [entry.carried_over for entry in paragraphs(draft)] == [False, True, True]
    draft.refresh_from_db()
    assert (draft.summary_en, draft.version) == ("A good half-year.", 2)


def test_links_and_the_funding_flag_are_edits_too(people, draft):
    first, second, third = paragraphs(draft)
    other_paragraph = draft.instrument.operative_paragraphs.get(number="4")
    save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        entries=[
            unchanged(first, partners=[]),
            unchanged(second, operative_paragraphs=[other_paragraph.pk]),
            unchanged(third, funding_constraint=True),
        ],
    )
    first, second, third = paragraphs(draft)
    assert not any(entry.carried_over for entry in (first, second, third))
    assert list(first.partners.all()) == [] and [op.number for op in second.operative_paragraphs.all()] == ["4"]
    assert third.funding_constraint


def test_moving_deleting_and_adding_paragraphs(people, draft):
    first, second, third = paragraphs(draft)
    op = draft.instrument.operative_paragraphs.get(number="4(a)")
    result = save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        entries=[
            EntryDraft(
                key="new-1",
                text={"en": "A new paragraph.", "fr": "Un nouveau paragraphe."},
                operative_paragraphs=[op.pk],
            ),
            unchanged(third),
            unchanged(first),
        ],
    )
    added = UpdateEntry.objects.get(pk=result.entry_ids["new-1"])
    assert result.entry_ids == {"new-1": added.pk}
    assert [entry.pk for entry in paragraphs(draft)] == [added.pk, third.pk, first.pk]
    assert [entry.position for entry in paragraphs(draft)] == [1, 2, 3]
    assert (added.text_en, added.text_fr, added.carried_over) == ("A new paragraph.", "Un nouveau paragraphe.", False)
    assert list(added.operative_paragraphs.all()) == [op]
    assert not UpdateEntry.objects.filter(pk=second.pk).exists()
    # Moved, not edited: still marked as carried over.
    assert [entry.carried_over for entry in paragraphs(draft)] == [False, True, True]


def test_operative_paragraphs_of_another_instrument_are_refused(people, opened, draft):
    first, second, third = paragraphs(draft)
    foreign = draft_of(opened, "resolution 2/7").instrument.operative_paragraphs.first()
    with pytest.raises(
        ValidationError, match=rf"Paragraph 2: operative paragraph {foreign.pk} is not one of resolution 2/6's"
    ):
        save_draft(
            draft,
            version=1,
            acting_user=people["focal"],
            entries=[
                unchanged(first, text={"en": "Edited"}),
                unchanged(second, operative_paragraphs=[foreign.pk]),
                unchanged(third),
            ],
        )
    first.refresh_from_db()
    assert first.text_en == "" and ProgressUpdate.objects.get(pk=draft.pk).version == 1


def test_unknown_languages_are_refused(people, draft):
    first, second, third = paragraphs(draft)
    with pytest.raises(ValidationError, match="Paragraph 3: unknown language de; use en, zh-hans"):
        save_draft(
            draft,
            version=1,
            acting_user=people["focal"],
            entries=[unchanged(first), unchanged(second), unchanged(third, text={"de": "Neu"})],
        )
    with pytest.raises(ValidationError, match="Summary: unknown language klingon"):
        save_draft(draft, version=1, acting_user=people["focal"], summary={"klingon": "Qapla'"})


def test_a_save_that_changes_nothing_keeps_the_version(people, draft):
    first, second, third = paragraphs(draft)
    result = save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        status="",
        entries=[unchanged(first, text={"zh-hans": first.text_zh_hans, "en": ""}), unchanged(second), unchanged(third)],
    )
    assert not result.changed
    assert ProgressUpdate.objects.get(pk=draft.pk).version == 1
    assert events(draft) == []
    assert list(draft.versions.values_list("version", flat=True)) == [1]  # recorded as it was first


def test_a_stale_save_is_refused_and_writes_nothing(people, draft):
    first, second, third = paragraphs(draft)
    save_draft(draft, version=1, acting_user=people["focal"], status="under_implementation")
    with pytest.raises(StaleUpdate) as refusal:
        save_draft(
            draft,
            version=1,
            acting_user=people["coordinator"],
            status="constrained",
            entries=[unchanged(first, text={"en": "From an old tab"})],
        )
    assert (refusal.value.expected_version, refusal.value.current_version) == (1, 2)
    assert "you had version 1, it is now version 2" in refusal.value.messages[0]
    draft.refresh_from_db()
    first.refresh_from_db()
    assert (draft.status, draft.version, first.text_en) == ("under_implementation", 2, "")
    assert list(draft.versions.values_list("version", flat=True)) == [1, 2]
    assert events(draft) == [("drafted", "focal")]


def test_a_new_commitment_promised_in_a_new_paragraph(people, draft):
    first, second, third = paragraphs(draft)
    result = save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        entries=[
            unchanged(first),
            unchanged(second),
            unchanged(third),
            EntryDraft(key="p4", text={"en": "A workshop is planned."}),
        ],
        commitments=[
            CommitmentDraft(key="c1", description={"en": "Hold the workshop"}, due="2025-Q3", promised_in="p4"),
            CommitmentDraft(description={"en": ""}, due="2025"),
        ],
    )  # an empty row: ignored
    commitment = Commitment.objects.get(pk=result.commitment_ids["c1"])
    assert set(result.commitment_ids) == {"c1"}
    assert (commitment.description_en, str(commitment.due), commitment.state) == (
        "Hold the workshop",
        "2025-Q3",
        "pending",
    )
    assert commitment.promised_in_id == result.entry_ids["p4"]
    assert commitment.instrument == draft.instrument
    with pytest.raises(ValidationError, match="the due date 'soon' is not a date"):
        save_draft(
            draft,
            version=2,
            acting_user=people["focal"],
            commitments=[CommitmentDraft(description={"en": "Later"}, due="soon")],
        )


def test_earlier_commitments_delivered_or_missed(people, opened):
    draft = draft_of(opened, "resolution 2/7")
    first = paragraphs(draft)[0]
    earlier = list(Commitment.objects.filter(instrument=draft.instrument).exclude(promised_in=None)[:2])
    delivered, missed = earlier
    promised_in = {c.pk: c.promised_in_id for c in earlier}
    assert all(c.promised_in.update_id != draft.pk for c in earlier)

    def as_drafted(commitment, **changes):
        return CommitmentDraft(
            id=commitment.pk, description={"en": commitment.description_en}, due=str(commitment.due), **changes
        )

    with pytest.raises(ValidationError, match="Say which paragraph reports the delivery"):
        save_draft(
            draft, version=1, acting_user=people["focal2"], commitments=[as_drafted(delivered, state="delivered")]
        )
    save_draft(
        draft,
        version=1,
        acting_user=people["focal2"],
        commitments=[
            as_drafted(delivered, state="delivered", delivered_in=first.pk),
            as_drafted(missed, state="missed"),
        ],
    )
    delivered.refresh_from_db()
    missed.refresh_from_db()
    assert (delivered.state, delivered.delivered_in_id) == ("delivered", first.pk)
    assert missed.state == "missed"
    # Where they were promised (a paragraph of an earlier period's update) stays as it was.
    assert {c.pk: c.promised_in_id for c in (delivered, missed)} == promised_in
    assert Commitment.objects.filter(instrument=draft.instrument).count() == 3  # the one not sent is left alone


def test_only_the_instruments_focal_points_and_coordinators_edit(people, opened, draft):
    with pytest.raises(PermissionDenied, match="focal2 does not draft resolution 2/6"):
        save_draft(draft, version=1, acting_user=people["focal2"], status="completed")
    for role in ("reviewer", "viewer"):
        with pytest.raises(PermissionDenied):
            save_draft(draft, version=1, acting_user=people[role], status="completed")
    save_draft(draft, version=1, acting_user=people["coordinator"], status="completed")
    assert ProgressUpdate.objects.get(pk=draft.pk).status == "completed"


def test_a_submitted_update_cannot_be_edited(people, draft):
    actions.submit_update(draft, acting_user=people["focal"])
    with pytest.raises(
        ValidationError, match="is submitted in a period that is open for inputs: it cannot be edited now"
    ):
        save_draft(draft, version=2, acting_user=people["focal"], status="completed")
    with pytest.raises(ValidationError, match="cannot be edited now"):
        save_draft(draft, version=2, acting_user=people["coordinator"], status="completed")


def test_a_published_update_is_corrected_by_a_coordinator_with_a_reason(people, opened, draft):
    actions.submit_update(draft, acting_user=people["focal"])
    actions.approve_update(draft, acting_user=people["reviewer"])
    actions.publish_period(opened, acting_user=people["coordinator"])
    assert ProgressUpdate.objects.get(pk=draft.pk).version == 4  # submitted 2, approved 3, published 4
    first, second, third = paragraphs(draft)
    fix = [unchanged(first, text={"en": "Twenty-two countries (corrected)."}), unchanged(second), unchanged(third)]
    with pytest.raises(ValidationError, match="cannot be edited now"):
        save_draft(draft, version=4, acting_user=people["focal"], entries=fix)
    with pytest.raises(ValidationError, match="corrected with a reason"):
        save_draft(draft, version=4, acting_user=people["coordinator"], entries=fix, comment="  ")
    result = save_draft(
        draft, version=4, acting_user=people["coordinator"], entries=fix, comment="The count was wrong."
    )
    assert (result.update.workflow_state, result.update.version) == ("published", 5)
    event = events_about(draft).last()
    assert (event.kind, event.actor, event.reason) == (
        "update.corrected",
        people["coordinator"],
        "The count was wrong.",
    )
    version = draft.versions.get(version=5)
    assert (version.workflow_state, version.reason, version.user) == (
        "published",
        "The count was wrong.",
        people["coordinator"],
    )
    assert version.snapshot["entries"][0]["text"]["en"] == "Twenty-two countries (corrected)."


def test_every_version_is_recorded_with_what_it_said(people, draft):
    first, second, third = paragraphs(draft)
    save_draft(draft, version=1, acting_user=people["focal"], status="under_implementation")
    save_draft(
        draft, version=2, acting_user=people["focal"], entries=[unchanged(first, text={"en": "v3"}), unchanged(third)]
    )
    actions.submit_update(draft, acting_user=people["focal"])
    versions = {v.version: v for v in UpdateVersion.objects.filter(update=draft)}
    assert {n: v.workflow_state for n, v in versions.items()} == {1: "draft", 2: "draft", 3: "draft", 4: "submitted"}
    assert [versions[n].snapshot["status"] for n in (1, 2)] == ["", "under_implementation"]
    assert [e["id"] for e in versions[2].snapshot["entries"]] == [first.pk, second.pk, third.pk]
    assert [e["id"] for e in versions[3].snapshot["entries"]] == [first.pk, third.pk]
    assert versions[3].snapshot["entries"][0] == {
        "id": first.pk,
        "text": {"en": "v3", "zh-hans": first.text_zh_hans},
        "operative_paragraphs": [op.pk for op in first.operative_paragraphs.all()],
        "partners": sorted(p.pk for p in first.partners.all()),
        "funding_constraint": False,
        "carried_over": False,
        "footnotes": [],
    }
    assert versions[4].snapshot == versions[3].snapshot
    # The version before the first save is credited to whoever made it: the coordinator who opened the period.
    assert versions[1].user == people["coordinator"] and versions[1].reason == "As first recorded"
    assert versions[2].user == versions[3].user == people["focal"]


def test_every_save_is_an_event_and_the_log_tells_a_drafting_run_once(people, draft):
    for version in (1, 2, 3):  # autosave
        save_draft(draft, version=version, acting_user=people["focal"], summary={"en": f"Autosave {version}"})
    assert events(draft) == [("drafted", "focal")] * 3
    assert [(line.event.kind, line.actor.username) for line in update_log(people["coordinator"], draft)] == [
        ("update.drafted", "focal")
    ]
    save_draft(draft, version=4, acting_user=people["coordinator"], summary={"en": "Coordinator's touch"})
    save_draft(draft, version=5, acting_user=people["focal"], summary={"en": "Back to the focal point"})
    actions.submit_update(draft, acting_user=people["focal"])
    actions.return_update(draft, comment="Shorter, please.", acting_user=people["reviewer"])
    save_draft(draft, version=8, acting_user=people["focal"], summary={"en": "Shorter"})
    save_draft(draft, version=9, acting_user=people["focal"], summary={"en": "Shorter still"})
    logged = [(line.event.kind.split(".")[1], line.actor.username) for line in update_log(people["coordinator"], draft)]
    assert logged[::-1] == [  # the log is newest first
        ("drafted", "focal"),
        ("drafted", "coordinator"),
        ("drafted", "focal"),
        ("submitted", "focal"),
        ("returned", "reviewer"),
        ("drafted", "focal"),
    ]


def test_revert_restores_an_earlier_version(people, draft):
    first, second, third = paragraphs(draft)
    save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        status="constrained",
        entries=[unchanged(first, text={"zh-hans": "改写", "en": "Rewritten"}), unchanged(third)],
    )
    with pytest.raises(PermissionDenied):
        revert_update(draft, 1, acting_user=people["focal"])
    with pytest.raises(ValidationError, match="no recorded version 7"):
        revert_update(draft, 7, acting_user=people["coordinator"])
    reverted = revert_update(draft, 1, acting_user=people["coordinator"], comment="The rewrite lost the figures.")
    assert (reverted.version, reverted.status, reverted.workflow_state) == (3, "", "draft")
    restored = paragraphs(draft)
    assert [(e.text_zh_hans, e.text_en) for e in restored] == [
        (first.text_zh_hans, ""),
        (second.text_zh_hans, ""),
        (third.text_zh_hans, ""),
    ]
    assert restored[0].pk == first.pk and restored[2].pk == third.pk
    assert [sorted(op.pk for op in e.operative_paragraphs.all()) for e in restored] == [
        e["operative_paragraphs"] for e in draft.versions.get(version=1).snapshot["entries"]
    ]
    event = events_about(draft).last()
    assert (event.kind, event.reason) == ("update.reverted", "Reverted to version 1. The rewrite lost the figures.")
    assert draft.versions.get(version=3).snapshot["entries"] == [
        {**entry, "id": restored[n].pk, "carried_over": restored[n].carried_over}
        for n, entry in enumerate(draft.versions.get(version=1).snapshot["entries"])
    ]


def test_submitting_needs_paragraphs_none_of_them_empty(people, draft):
    first, second, third = paragraphs(draft)
    save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        entries=[unchanged(first), unchanged(second, text={"zh-hans": "  "}), unchanged(third)],
    )
    with pytest.raises(ValidationError, match="Paragraph 2 of resolution 2/6 — 2025-H1 is empty"):
        actions.submit_update(draft, acting_user=people["focal"])
    save_draft(draft, version=2, acting_user=people["focal"], entries=[])
    with pytest.raises(ValidationError, match="has no paragraphs yet"):
        actions.submit_update(draft, acting_user=people["focal"])
    assert ProgressUpdate.objects.get(pk=draft.pk).workflow_state == "draft"


def test_a_paragraph_listed_twice_is_named_as_such(people, draft):
    first = draft.entries.order_by("position").first()
    with pytest.raises(ValidationError, match=f"Paragraph 2: paragraph {first.pk} is listed twice"):
        save_draft(
            draft,
            version=draft.version,
            acting_user=people["focal"],
            entries=[EntryDraft(id=first.pk, text={}), EntryDraft(id=first.pk, text={})],
        )


def test_reverting_a_published_update_needs_a_reason(people, opened):
    published = ProgressUpdate.objects.filter(workflow_state="published").first()
    save_draft(
        published,
        version=published.version,
        acting_user=people["coordinator"],
        status="completed",
        comment="Status confirmed by the branch.",
    )
    published.refresh_from_db()
    with pytest.raises(ValidationError, match="needs a reason"):
        revert_update(published, published.version - 1, acting_user=people["coordinator"])
    assert ProgressUpdate.objects.get(pk=published.pk).status == "completed"


def test_paragraph_comments_must_name_paragraphs(people, draft):
    actions.submit_update(draft, acting_user=people["focal"])
    with pytest.raises(ValidationError, match="'abc' does not name a paragraph"):
        actions.return_update(draft, comment="Fix it.", paragraph_comments={"abc": "?"}, acting_user=people["reviewer"])
    assert ProgressUpdate.objects.get(pk=draft.pk).workflow_state == "submitted"


def test_a_commitment_that_comes_back_every_year(people, draft):
    """Recurring is kept by saves that do not say (the API without the field), changed by those that
    do (the editor's box), and anything but once or every year is refused."""
    from django.http import QueryDict

    from restrack.reporting.forms import parse_editor_post

    entries = [unchanged(entry) for entry in paragraphs(draft)]
    result = save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        entries=entries,
        commitments=[
            CommitmentDraft(key="c", description={"en": "Hold the day"}, due="2024-11-25", recurrence="annual")
        ],
    )
    commitment = Commitment.objects.get(pk=result.commitment_ids["c"])
    assert commitment.recurrence == "annual" and not commitment.is_overdue()
    save_draft(
        draft,
        version=2,
        acting_user=people["focal"],
        commitments=[CommitmentDraft(id=commitment.pk, description={}, due="2024-11-25", state="pending")],
    )
    commitment.refresh_from_db()
    assert commitment.recurrence == "annual"

    post = QueryDict(mutable=True)
    post.update({"version": "3", "status": "", "commitment": "k", "commitment-k-id": str(commitment.pk)})
    post.update({"commitment-k-due": "2024-11-25", "commitment-k-state": "pending"})
    assert parse_editor_post(post, language="en")["commitments"][0].recurrence == ""
    post["commitment-k-recurring"] = "on"
    assert parse_editor_post(post, language="en")["commitments"][0].recurrence == "annual"

    with pytest.raises(ValidationError, match="unknown recurrence 'weekly'"):
        save_draft(
            draft,
            version=2,  # the save before changed nothing: no new version
            acting_user=people["focal"],
            commitments=[CommitmentDraft(id=commitment.pk, description={}, due="2024-11-25", recurrence="weekly")],
        )


def test_confirming_a_carried_over_paragraph_keeps_its_text_and_clears_the_mark(people, draft):
    first, second, third = paragraphs(draft)
    text = first.text_zh_hans
    result = save_draft(
        draft,
        version=1,
        acting_user=people["focal"],
        entries=[unchanged(first, confirmed=True), unchanged(second), unchanged(third)],
    )
    assert result.changed and result.update.version == 2
    assert [entry.carried_over for entry in paragraphs(draft)] == [False, True, True]
    first.refresh_from_db()
    assert first.text_zh_hans == text
    assert first.history.latest().history_change_reason == "Carried-over paragraph confirmed"
    # Confirming what is not carried over (any more) changes nothing.
    again = save_draft(
        draft,
        version=2,
        acting_user=people["focal"],
        entries=[unchanged(first, confirmed=True), unchanged(second), unchanged(third)],
    )
    assert not again.changed


def test_the_editor_sends_a_confirmation_only_when_its_box_is_ticked():
    from django.http import QueryDict

    from restrack.reporting.forms import parse_editor_post

    post = QueryDict(mutable=True)
    post.update({"version": "1", "status": "", "entry": "a", "entry-a-id": "7", "entry-a-text": "Text."})
    assert parse_editor_post(post, language="en")["entries"][0].confirmed is False
    post["entry-a-confirm"] = "on"
    assert parse_editor_post(post, language="en")["entries"][0].confirmed is True
