"""The history page of a progress update: its versions, two of them compared paragraph by
paragraph with a word-level difference (Chinese included), the workflow log, and reverting."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.core.events import events_about
from restrack.core.tests.event_helpers import kinds
from restrack.core.translation_fields import get_translations
from restrack.registry.models import Partner
from restrack.reporting import actions
from restrack.reporting.actions import EntryDraft, save_draft
from restrack.reporting.models import ProgressUpdate
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db

DELETED = '<del><span class="visually-hidden" lang="en">deleted: </span>'
INSERTED = '<ins><span class="visually-hidden" lang="en">inserted: </span>'


def url(update, query="", language="en"):
    return f"/{language}/work/updates/{update.pk}/history/{query}"


def revert_url(update):
    return f"/en/work/updates/{update.pk}/revert/"


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def zh(entry):
    return get_translations(entry, "text")["zh-hans"]


def save(update, user, entries, **changes):
    """Save the whole draft with `entries` as EntryDrafts or (id, {lang: text}) pairs."""
    update.refresh_from_db()
    drafts = [entry if isinstance(entry, EntryDraft) else EntryDraft(id=entry[0], text=entry[1]) for entry in entries]
    save_draft(update, version=update.version, acting_user=user, entries=drafts, **changes)
    update.refresh_from_db()
    return update


def entries_of(update):
    return list(update.entries.order_by("position"))


def paragraphs(html):
    """The paragraph cards of the comparison, as (kinds, html) pairs."""
    return [
        (match.group(1).split(), match.group(2))
        for match in re.finditer(
            r'<article class="card mb-3 history-paragraph[^"]*"[^>]*data-kind="([^"]*)">(.*?)</article>',
            html,
            re.DOTALL,
        )
    ]


@pytest.fixture
def people(shared_people):
    """The module's shared setting (see conftest): the samples and people are built once."""
    return shared_people


@pytest.fixture
def opened(shared_opened):
    return shared_opened


@pytest.fixture
def update(opened):
    """The draft of resolution 2/6: three paragraphs, in Chinese only."""
    return draft_of(opened, "resolution 2/6")


@pytest.fixture
def edited(update, people):
    """Version 2 of the draft: one word of the second paragraph changed (能力建设 → 技术援助)."""
    first, second, third = entries_of(update)
    assert "能力建设" in zh(second)
    return save(
        update,
        people["focal"],
        [(first.pk, {}), (second.pk, {"zh-hans": zh(second).replace("能力建设", "技术援助")}), (third.pk, {})],
    )


def test_an_update_without_recorded_versions_says_so(client, people, update):
    client.force_login(people["coordinator"])
    html = page(client, url(update))
    assert 'data-versions="none"' in html and "No versions of this update have been recorded yet" in html
    assert "Revert to this version" not in html


def test_versions_are_listed_newest_first_and_a_chinese_word_change_is_shown_as_words(client, people, edited):
    client.force_login(people["focal"])
    html = page(client, url(edited))
    assert html.index('id="version-2"') < html.index('id="version-1"')
    assert "As first recorded" in html and "Draft saved" in html
    assert 'name="from" value="1" form="compare-form" id="from-1" checked' in html
    assert 'name="to" value="2" form="compare-form" id="to-2" checked' in html
    assert "Version 1 compared with version 2" in html
    # The page is in English, the texts only in Chinese: shown in Chinese.
    assert 'class="history-text" lang="zh-Hans"' in html and "Texts in 简体中文." in html
    cards = paragraphs(html)
    assert [kinds for kinds, _card in cards] == [["unchanged"], ["changed"], ["unchanged"]]
    changed = cards[1][1]
    assert f"{DELETED}能力建设</del>" in changed and f"{INSERTED}技术援助</ins>" in changed
    assert changed.count("<del>") == 1 and changed.count("<ins>") == 1  # not a character soup
    assert "OP</span>" not in changed  # badges are complete
    assert "OP4(a)" in re.sub(r"<[^>]+>", "", changed)
    assert "Revert to this version" not in html  # the focal point does not revert


def test_a_deleted_an_added_and_a_moved_paragraph_are_labelled(client, people, update):
    first, second, third = entries_of(update)
    save(
        update,
        people["focal"],
        [(third.pk, {}), (first.pk, {}), EntryDraft(text={"zh-hans": "新增的段落：人居署在乌干达开展工作。"})],
    )
    client.force_login(people["coordinator"])
    html = page(client, url(update))
    cards = paragraphs(html)
    kinds = [kinds for kinds, _card in cards]
    assert ["added"] in kinds and ["deleted"] in kinds
    assert sum(kinds.count(label) for label in (["moved"], ["unchanged"])) == 2 and ["moved"] in kinds
    deleted = next(card for kinds, card in cards if kinds == ["deleted"])
    added = next(card for kinds, card in cards if kinds == ["added"])
    assert (
        "Former paragraph 2" in deleted
        and '<span class="badge history-label history-label-deleted">deleted</span>' in deleted
    )
    assert zh(second)[:20] in deleted and "<del>" in deleted and "Not in this version." in deleted
    assert "Paragraph 3" in added and "新增的段落" in added and "<ins>" in added
    assert '<span class="badge history-label history-label-added">added</span>' in added


def test_choosing_the_versions_to_compare(client, people, edited):
    first, second, third = entries_of(edited)
    save(
        edited,
        people["focal"],
        [(first.pk, {}), (second.pk, {}), (third.pk, {"zh-hans": zh(third).replace("高级别政治论坛", "世界城市论坛")})],
    )
    client.force_login(people["reviewer"])

    latest = page(client, url(edited))  # by default: the version before the latest against the latest
    assert "Version 2 compared with version 3" in latest
    assert "世界城市论坛</ins>" in latest and "技术援助</ins>" not in latest

    whole = page(client, url(edited, "?from=1&to=3"))
    assert "Version 1 compared with version 3" in whole
    assert "世界城市论坛</ins>" in whole and "技术援助</ins>" in whole
    assert 'id="from-1" checked' in whole and 'id="to-3" checked' in whole

    backwards = page(client, url(edited, "?from=3&to=1"))
    assert "Version 3 compared with version 1" in backwards and "技术援助</del>" in backwards

    only_to = page(client, url(edited, "?to=2"))
    assert "Version 1 compared with version 2" in only_to

    nonsense = page(client, url(edited, "?from=99&to=abc"))
    assert "Version 2 compared with version 3" in nonsense


def test_texts_in_the_language_asked_for(client, people, update):
    first, second, third = entries_of(update)
    save(
        update,
        people["focal"],
        [(first.pk, {"en": "UN-Habitat supports 22 countries."}), (second.pk, {}), (third.pk, {})],
    )
    save(
        update,
        people["focal"],
        [(first.pk, {"en": "UN-Habitat supports 25 countries."}), (second.pk, {}), (third.pk, {})],
    )
    client.force_login(people["coordinator"])
    english = page(client, url(update))
    assert f"{DELETED}22</del>{INSERTED}25</ins>" in english
    # Paragraphs 2 and 3 are in Chinese only: shown in Chinese, marked as such.
    cards = paragraphs(english)
    assert 'lang="en"' in cards[0][1] and "No text in English." not in cards[0][1]
    assert "No text in English." in cards[1][1] and 'lang="zh-Hans">简体中文</span>' in cards[1][1]
    assert 'class="history-text" lang="zh-Hans"' in cards[1][1] and "能力建设" in cards[1][1]
    chinese = page(client, url(update, "?lang=zh-hans"))
    assert (
        'class="nav-link py-1 active" lang="zh-Hans"' in chinese
        and "能力建设" in chinese
        and "25 countries" not in chinese
    )
    in_chinese_page = page(client, url(update, language="zh-hans"))
    assert "能力建设" in in_chinese_page and "25 countries" not in in_chinese_page


def test_changes_of_operative_paragraphs_and_partners_are_shown_with_their_numbers_and_codes(client, people, update):
    first, second, third = entries_of(update)
    other_op = update.instrument.operative_paragraphs.exclude(number="4(a)").order_by("order").first()
    unep = Partner.objects.exclude(entries=first).order_by("code").first()
    save(
        update,
        people["focal"],
        [
            EntryDraft(id=first.pk, text={}, partners=[unep.pk]),
            EntryDraft(
                id=second.pk,
                text={},
                operative_paragraphs=[op.pk for op in second.operative_paragraphs.all()] + [other_op.pk],
                funding_constraint=True,
            ),
            EntryDraft(id=third.pk, text={}),
        ],
        status="under_implementation",
        summary={"zh-hans": "人居署在22个国家支持地方化进程。"},
    )
    client.force_login(people["coordinator"])
    html = page(client, url(update))
    status = html[html.index("Implementation status") : html.index('id="summary-heading"')]
    assert 'deleted: </span><span class="badge text-bg-light border">Not reported' in status
    assert 'inserted: </span><span class="badge text-bg-primary">' in status
    summary = html[html.index('id="summary-heading"') : html.index("</article>", html.index('id="summary-heading"'))]
    assert f"{INSERTED}人居署在22个国家支持地方化进程。</ins>" in summary and "No summary in this language." in summary
    cards = paragraphs(html)
    assert [kinds for kinds, _card in cards] == [["changed"], ["changed"], ["unchanged"]]
    text = lambda html: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # noqa: E731
    assert "deleted: Italy MASE" in text(cards[0][1]) and f"inserted: {unep.code}" in text(cards[0][1])
    assert f"inserted: OP{other_op.number}" in text(cards[1][1]) and "OP4(a)" in text(cards[1][1])
    assert "inserted: funding constraint" in text(cards[1][1])
    assert "Changes" not in text(cards[1][1])  # the text itself did not change


def test_the_workflow_log_is_shown(client, people, edited):
    actions.submit_update(edited, acting_user=people["focal"])
    actions.return_update(edited, comment="Add the 2025 figures.", acting_user=people["reviewer"])
    client.force_login(people["viewer"])  # a submitted update is visible to viewers; this one is returned again
    assert client.get(url(edited)).status_code == 404
    client.force_login(people["focal"])
    html = page(client, url(edited))
    log = html[html.index('id="log-heading"') :]
    assert log.index("Returned with comments") < log.index("Submitted") < log.index("Drafted")
    assert "Add the 2025 figures." in log and "reviewer" in log


def test_a_coordinator_reverts_to_an_earlier_version(client, people, edited):
    original = zh(entries_of(edited)[1]).replace("技术援助", "能力建设")
    client.force_login(people["coordinator"])
    html = page(client, url(edited))
    assert html.count("Revert to this version") == 1  # version 1; version 2 is the current one
    response = client.post(revert_url(edited), {"version": "1", "comment": "The change was premature."}, follow=True)
    assert response.redirect_chain == [(url(edited), 302)]
    html = response.content.decode()
    assert "Reverted to version 1: its text is now version 3." in html
    edited.refresh_from_db()
    assert edited.version == 3 and edited.workflow_state == "draft"
    assert zh(entries_of(edited)[1]) == original
    event = events_about(edited).last()
    assert event.kind == "update.reverted" and event.actor == people["coordinator"]
    assert event.reason == "Reverted to version 1. The change was premature."
    assert event.request_id and event.request_id in html  # the log shows the request the revert was made in
    assert "Version 2 compared with version 3" in html and "技术援助</del>" in html and "能力建设</ins>" in html
    assert edited.versions.get(version=3).reason == "Reverted to version 1. The change was premature."

    html = client.post(revert_url(edited), {"version": "1"}, follow=True).content.decode()
    assert "Version 1 says what the current version says: nothing was changed." in html
    edited.refresh_from_db()
    assert edited.version == 3 and kinds(edited, "reverted") == ["reverted"]


def test_reverting_to_the_current_version_or_an_unknown_one_is_refused_with_a_message(client, people, edited):
    client.force_login(people["administrator"])
    html = client.post(revert_url(edited), {"version": "2"}, follow=True).content.decode()
    assert "Version 2 is the current version; there is nothing to revert." in html
    html = client.post(revert_url(edited), {"version": "7"}, follow=True).content.decode()
    assert "has no recorded version 7" in html
    html = client.post(revert_url(edited), {"version": "one"}, follow=True).content.decode()
    assert "Choose the version to revert to." in html
    edited.refresh_from_db()
    assert edited.version == 2


def test_only_coordinators_may_revert(client, people, edited):
    for role in ("focal", "reviewer"):
        client.force_login(people[role])
        assert client.post(revert_url(edited), {"version": "1"}).status_code == 403
    edited.refresh_from_db()
    assert edited.version == 2 and not kinds(edited, "reverted")


def test_drafts_are_hidden_from_anonymous_visitors_and_viewers(client, people, edited):
    assert client.get(url(edited)).status_code == 404
    assert client.post(revert_url(edited), {"version": "1"}).status_code == 404
    client.force_login(people["viewer"])
    assert client.get(url(edited)).status_code == 404
    assert client.post(revert_url(edited), {"version": "1"}).status_code == 404
    edited.refresh_from_db()
    assert edited.version == 2


def test_no_revert_button_while_the_update_is_in_review(client, people, edited):
    actions.submit_update(edited, acting_user=people["focal"])
    client.force_login(people["coordinator"])
    html = page(client, url(edited))
    assert 'id="version-3"' in html and "Revert to this version" not in html
    html = client.post(revert_url(edited), {"version": "1", "comment": "x"}, follow=True).content.decode()
    assert "it cannot be edited now" in html
    edited.refresh_from_db()
    assert edited.version == 3 and edited.workflow_state == "submitted"
    client.force_login(people["viewer"])  # submitted: Member States' viewers see it, without the button
    html = page(client, url(edited))
    assert 'id="version-3"' in html and "Revert to this version" not in html


@pytest.fixture
def published(opened, people, edited):
    actions.submit_update(edited, acting_user=people["focal"])
    actions.approve_update(edited, acting_user=people["reviewer"])
    actions.publish_period(opened, acting_user=people["coordinator"])
    edited.refresh_from_db()
    assert edited.workflow_state == "published" and edited.version == 5
    return edited


def test_reverting_a_published_update_is_a_correction_that_needs_a_reason(client, people, published):
    client.force_login(people["coordinator"])
    html = page(client, url(published))
    assert "Reason for the correction (required)" in html and html.count("Revert to this version") == 4
    response = client.post(revert_url(published), {"version": "1", "comment": "  "}, follow=True)
    html = response.content.decode()
    assert "Say what is corrected: a published update is corrected with a reason." in html
    assert 'class="alert alert-danger"' in html
    published.refresh_from_db()
    assert published.version == 5 and not kinds(published, "reverted")

    client.post(revert_url(published), {"version": "1", "comment": "The published figure was wrong."})
    published.refresh_from_db()
    assert published.version == 6 and published.workflow_state == "published"
    assert "能力建设" in zh(entries_of(published)[1])
    assert events_about(published).last().reason == "Reverted to version 1. The published figure was wrong."


def test_anyone_sees_the_history_of_a_published_update_but_may_not_revert(client, people, published):
    html = page(client, url(published))
    assert 'id="version-5"' in html and "Revert to this version" not in html
    assert client.post(revert_url(published), {"version": "1", "comment": "x"}).status_code == 403
    published.refresh_from_db()
    assert published.version == 5


def test_the_number_of_queries_does_not_grow_with_versions_or_paragraphs(
    client, people, update, django_assert_max_num_queries
):
    first, second, third = entries_of(update)
    save(update, people["focal"], [(first.pk, {"zh-hans": "第一版。"}), (second.pk, {}), (third.pk, {})])
    client.force_login(people["coordinator"])
    with CaptureQueriesContext(connection) as few:
        page(client, url(update, "?from=1&to=2"))

    ops = [op.pk for op in update.instrument.operative_paragraphs.all()]
    partners = list(Partner.objects.values_list("pk", flat=True)[:5])
    for round in range(10):
        entries = [(entry.pk, {"zh-hans": f"第{round}版：{zh(entry)}"}) for entry in entries_of(update)]
        entries.append(
            EntryDraft(
                text={"zh-hans": f"新的段落 {round}", "en": f"New paragraph {round}"},
                operative_paragraphs=ops[: round % 3 + 1],
                partners=partners[: round % 4 + 1],
            )
        )
        save(update, people["focal"], entries)
    assert update.versions.count() == 12 and update.entries.count() == 13
    with django_assert_max_num_queries(len(few)):
        html = page(client, url(update, "?from=1&to=12"))
    assert html.count('data-kind="added"') == 10 and html.count("Revert to this version") == 11


def test_no_update_no_page(client, people):
    client.force_login(people["coordinator"])
    missing = (ProgressUpdate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(f"/en/work/updates/{missing}/history/").status_code == 404
