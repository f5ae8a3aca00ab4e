"""Operative paragraphs keep copies of their instrument's place in the registry's order
(OperativeParagraph.listing_*), which the API's list sorts by through one index: the copies follow
every save that moves an instrument (its session, a session's year or order), and the list's order
is the one the joins through the instrument and session gave."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.core.guard import writes_allowed
from restrack.registry import actions
from restrack.registry.choices import InstrumentKind
from restrack.registry.models import LISTING_COPIES, OperativeParagraph, copy_listing_place
from restrack.registry.tests.api_helpers import anonymous, get_json
from restrack.registry.tests.factories import AssemblySessionFactory, BoardSessionFactory, InstrumentFactory

pytestmark = pytest.mark.django_db

# The order the API's list had, through the joins (the stored copies must give the same).
JOINED_ORDER = [
    "instrument__session__year",
    "instrument__session__number",
    "instrument__session__sequence_in_year",
    "-instrument__kind",
    "instrument__sequence",
    "order",
]


def copies_match() -> bool:
    stored = OperativeParagraph.objects.values_list("pk", *LISTING_COPIES)
    expected = OperativeParagraph.objects.values_list("pk", *LISTING_COPIES.values())
    return set(stored) == set(expected)


def api_order(ordering: str = "order") -> list[int]:
    results = get_json(anonymous(), f"/api/v1/operative-paragraphs/?ordering={ordering}&limit=1000")["results"]
    return [int(row["url"].rstrip("/").rsplit("/", 1)[1]) for row in results]


def registry(user):
    """Paragraphs on instruments of two Assembly sessions and two Board sessions of one year (no
    session number: NULL, which the databases sort on different sides), resolutions and decisions."""
    first, second = AssemblySessionFactory(year=2031), AssemblySessionFactory(year=2030)
    board_one = BoardSessionFactory(year=2030, sequence_in_year=1)
    board_two = BoardSessionFactory(year=2030, sequence_in_year=2)
    instruments = [
        InstrumentFactory(session=first),
        InstrumentFactory(session=second),
        InstrumentFactory(session=second, kind=InstrumentKind.DECISION),
        InstrumentFactory(session=board_one, kind=InstrumentKind.DECISION),
        InstrumentFactory(session=board_two, kind=InstrumentKind.DECISION),
    ]
    for instrument in instruments:
        for number in ("2", "1(a)"):  # and 1, created as 1(a)'s parent
            actions.add_operative_paragraph(instrument, number, acting_user=user)
    return instruments, board_one, board_two


def test_the_list_is_in_the_order_the_joins_gave(user):
    registry(user)
    assert copies_match()
    joined = list(OperativeParagraph.objects.order_by(*JOINED_ORDER, "pk").values_list("pk", flat=True))
    assert len(joined) == 15
    assert api_order() == joined
    reversed_joined = [column[1:] if column.startswith("-") else f"-{column}" for column in JOINED_ORDER]
    assert api_order("-order") == list(
        OperativeParagraph.objects.order_by(*reversed_joined, "pk").values_list("pk", flat=True)
    )


def test_the_copies_follow_an_instrument_moved_and_a_session_edited(user):
    instruments, board_one, board_two = registry(user)
    moved = instruments[3]
    actions.update_instrument(moved, session=board_two, acting_user=user)
    assert copies_match()
    board_one.refresh_from_db()
    board_one.sequence_in_year = 3
    board_one.year = 2030
    actions.save_record(board_one, acting_user=user)
    board_two.refresh_from_db()
    board_two.year, board_two.sequence_in_year = 2029, 1
    actions.save_record(board_two, acting_user=user)
    assert copies_match()
    assert api_order() == list(OperativeParagraph.objects.order_by(*JOINED_ORDER, "pk").values_list("pk", flat=True))


def test_a_save_that_moves_nothing_writes_no_copies(user):
    instruments, _board_one, _board_two = registry(user)
    for instrument in (type(instruments[0]).objects.get(pk=instruments[0].pk), instruments[1]):
        with writes_allowed(), CaptureQueriesContext(connection) as captured:
            instrument.status = "completed"
            instrument.save()
        assert captured and not [query for query in captured if "registry_operativeparagraph" in query["sql"]]


def test_writes_in_bulk_are_caught_up_by_copy_listing_place(user):
    instruments, _board_one, _board_two = registry(user)
    with writes_allowed():
        OperativeParagraph.objects.bulk_create(
            [OperativeParagraph(instrument=instruments[1], number="9", order=900)]  # no save(): no copies
        )
    assert not copies_match()
    assert copy_listing_place() == 16
    assert copies_match()
