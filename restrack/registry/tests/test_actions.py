"""The registry's write functions: validation with clear messages, nothing half-written, and
field history naming the acting user."""

import pytest
from django.core.exceptions import ValidationError

from restrack.registry import actions
from restrack.registry.models import Instrument, OperativeParagraph, Partner, Session
from restrack.registry.tests.factories import AssemblySessionFactory, BoardSessionFactory

pytestmark = pytest.mark.django_db


def session(number):
    return Session.objects.get(body__code="assembly", number=number)


def resolution(number):
    return Instrument.objects.get(body__code="assembly", kind="resolution", number=number)


def test_a_duplicate_instrument_is_refused_with_a_message_naming_it(user):
    with pytest.raises(ValidationError) as caught:
        actions.create_instrument(
            session=session(2), kind="resolution", number="2/6", title={"en": "Again"}, acting_user=user
        )
    assert caught.value.message_dict["number"] == [
        "Resolution 2/6 of the UN-Habitat Assembly already exists; edit it instead."
    ]
    assert Instrument.objects.filter(number="2/6").count() == 1


def test_a_resolution_and_a_decision_may_share_a_number(user):
    decision = actions.create_instrument(
        session=session(2), kind="decision", number=" 2 / 6 ", title={"en": "A decision"}, acting_user=user
    )
    assert decision.number == "2/6"
    assert decision.sequence == 6
    assert Instrument.objects.filter(number="2/6").count() == 2


def test_a_malformed_instrument_number_is_refused_and_nothing_is_written(user):
    before = Instrument.objects.count()
    with pytest.raises(ValidationError) as caught:
        actions.create_instrument(
            session=session(2), kind="resolution", number="2-6", title={"en": "x"}, acting_user=user
        )
    assert "'2-6' is not a valid instrument number" in caught.value.message_dict["number"][0]
    assert Instrument.objects.count() == before


def test_an_instrument_number_must_match_its_session(user):
    with pytest.raises(ValidationError) as caught:
        actions.create_instrument(
            session=session(1), kind="resolution", number="2/11", title={"en": "x"}, acting_user=user
        )
    assert caught.value.message_dict["number"] == [
        "Instrument 2/11 cannot belong to session 1: the part before the slash is the session number."
    ]


def test_board_decisions_are_numbered_by_year(user):
    board_session = BoardSessionFactory(year=2023, sequence_in_year=3)
    decision = actions.create_instrument(
        session=board_session,
        kind="decision",
        number="2023/6",
        title={"en": "Funding window terms of reference"},
        acting_user=user,
    )
    assert decision.body.code == "executive-board"
    with pytest.raises(ValidationError) as caught:
        actions.create_instrument(session=board_session, kind="decision", number="2024/1", acting_user=user)
    assert "the part before the slash is the year" in caught.value.message_dict["number"][0]


def test_changes_through_actions_are_recorded_with_the_acting_user(user):
    instrument = resolution("2/6")
    actions.set_instrument_status(instrument, "under_implementation", acting_user=user, reason="Board review")
    actions.update_instrument(
        instrument, title={"fr": "Localisation des objectifs de développement durable"}, acting_user=user
    )
    latest, status_change = instrument.history.all()[:2]
    assert latest.history_user == user and latest.history_type == "~"
    assert latest.title_fr == "Localisation des objectifs de développement durable"
    assert status_change.history_user == user
    assert status_change.history_change_reason == "Board review"
    assert status_change.status == "under_implementation"
    assert latest.prev_record == status_change
    delta = latest.diff_against(status_change)
    assert [change.field for change in delta.changes] == ["title_fr"]


def test_an_unknown_status_is_refused(user):
    with pytest.raises(ValidationError) as caught:
        actions.set_instrument_status(resolution("2/6"), "done", acting_user=user)
    assert "Unknown status 'done'" in caught.value.message_dict["status"][0]


def test_identity_of_an_instrument_cannot_be_edited(user):
    with pytest.raises(ValidationError, match="cannot be changed"):
        actions.update_instrument(resolution("2/6"), number="2/66", acting_user=user)


def test_translated_fields_must_be_given_per_language(user):
    with pytest.raises(ValidationError, match="per language"):
        actions.update_instrument(resolution("2/6"), title="Just a string", acting_user=user)


def test_unknown_languages_are_refused(user):
    with pytest.raises(ValueError, match="Unknown language code"):
        actions.update_instrument(resolution("2/6"), title={"de": "Lokalisierung"}, acting_user=user)


def test_actions_need_an_acting_user():
    with pytest.raises(TypeError, match="acting_user"):
        actions.set_instrument_status(resolution("2/6"), "completed")


def test_operative_paragraphs_get_their_parents_and_order(user):
    instrument = resolution("2/6")
    sub = actions.add_operative_paragraph(instrument, "4 (a)", text={"zh-hans": "子段"}, acting_user=user)
    assert sub.number == "4(a)"
    assert sub.parent.number == "4"
    assert sub.akn_eid == "para_4__list_1__point_a"
    actions.add_operative_paragraph(instrument, "2", acting_user=user)
    numbers = list(instrument.operative_paragraphs.values_list("number", flat=True))
    assert numbers == ["2", "4", "4(a)"]
    assert sub.history.get().history_user == user


def test_malformed_or_duplicate_paragraph_numbers_are_refused(user):
    instrument = resolution("2/6")
    with pytest.raises(ValidationError) as caught:
        actions.add_operative_paragraph(instrument, "4((a)", acting_user=user)
    assert "'4((a)' is not a valid operative paragraph number" in caught.value.messages[0]
    actions.add_operative_paragraph(instrument, "4", acting_user=user)
    with pytest.raises(ValidationError) as caught:
        actions.add_operative_paragraph(instrument, "4", acting_user=user)
    assert caught.value.message_dict["number"] == ["Resolution 2/6 already has operative paragraph 4."]
    assert OperativeParagraph.objects.filter(instrument=instrument).count() == 1


def test_a_failing_paragraph_leaves_no_parent_behind(user):
    instrument = resolution("2/7")
    with pytest.raises(ValueError):
        # The parent 8 is created first; the bad language then fails the whole action.
        actions.add_operative_paragraph(instrument, "8(b)", text={"de": "Text"}, acting_user=user)
    assert not instrument.operative_paragraphs.exists()


def test_session_validation_messages(user):
    with pytest.raises(ValidationError) as caught:
        actions.create_session(AssemblySessionFactory.build().body, year=2027, acting_user=user)
    assert caught.value.message_dict["number"] == ["Assembly sessions are numbered: give the session number."]
    with pytest.raises(ValidationError) as caught:
        actions.create_session(session(1).body, number=1, year=2019, acting_user=user)
    assert "already has a session with this number" in caught.value.messages[0]


def test_partners_and_aliases(user):
    partner = actions.create_partner(
        "UN-Habitat Youth",
        kind="other",
        name={"en": "Youth Advisory Board", "zh-hans": "青年咨询委员会"},
        aliases={"zh-hans": ["青年 咨询委员会"]},
        acting_user=user,
    )
    assert list(partner.aliases.values_list("text", flat=True)) == ["青年 咨询委员会"]
    with pytest.raises(ValidationError) as caught:
        actions.add_partner_alias(partner, "zh-hans", "儿基会", acting_user=user)
    assert caught.value.message_dict["text"] == ["'儿基会' already names UNICEF in this language."]
    with pytest.raises(ValidationError):
        actions.create_partner("UNICEF", kind="un_entity", acting_user=user)
    assert Partner.objects.filter(code="UNICEF").count() == 1


def test_a_partner_code_with_a_slash_is_refused_with_what_to_write_instead(user):
    with pytest.raises(ValidationError) as caught:
        actions.create_partner("UN/DESA", kind="un_entity", acting_user=user)
    (message,) = caught.value.message_dict["code"]
    assert "cannot hold “/”" in message and "UN-DESA" in message and "alias" in message
    assert not Partner.objects.filter(code__contains="DESA").exists()
    partner = actions.create_partner("UN-DESA", kind="un_entity", aliases={"en": ["UN/DESA"]}, acting_user=user)
    assert list(partner.aliases.values_list("text", flat=True)) == ["UN/DESA"]
