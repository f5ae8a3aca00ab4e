"""Instruments store their place in the report order (Instrument.report_order), which the public
tables sort by through one index: written when an instrument is created (with its session loaded
or only its id), rewritten when it or its session moves, caught up after writes in bulk, and the
tables' order is the one the joins through the session gave (Instrument.Meta.ordering)."""

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.registry import actions as registry_actions
from restrack.registry.models import Instrument, Session, fill_instrument_order, instrument_order_key
from restrack.registry.tests.factories import AssemblySessionFactory, InstrumentFactory

pytestmark = pytest.mark.django_db


def stored_orders_match() -> bool:
    stored = set(Instrument.objects.values_list("pk", "report_order"))
    expected = set(Instrument.objects.values_list("pk", instrument_order_key()))
    return stored == expected and all(order for _pk, order in stored)


def joined_order() -> list[int]:
    ordering = [*Instrument._meta.ordering, "pk"]
    return list(Instrument.objects.order_by(*ordering).values_list("pk", flat=True))


@pytest.fixture
def made():
    later, earlier = AssemblySessionFactory(year=2032), AssemblySessionFactory(year=2031)
    instruments = [InstrumentFactory(session=session) for session in (later, earlier, later, earlier)]
    # One made with its session's id only (nothing loaded): the order is read back from the database.
    with writes_allowed():
        instruments.append(
            Instrument.objects.create(
                body_id=later.body_id, session_id=later.pk, kind="decision", number=f"{later.number}/9", sequence=9
            )
        )
    return instruments, later, earlier


def test_every_instrument_stores_its_place_and_the_stored_order_is_the_joined_one(made):
    assert stored_orders_match()
    assert list(Instrument.objects.order_by("report_order", "pk").values_list("pk", flat=True)) == joined_order()


def test_the_stored_order_follows_an_instrument_moved_and_a_session_renumbered(made):
    instruments, later, earlier = made
    user = UserFactory(role="coordinator")
    earlier = Session.objects.get(pk=earlier.pk)
    earlier.year = 2033
    registry_actions.save_record(earlier, acting_user=user)
    assert stored_orders_match()
    moved = Instrument.objects.get(pk=instruments[2].pk)
    moved.kind = "decision"
    registry_actions.save_record(moved, acting_user=user)
    assert stored_orders_match()
    assert list(Instrument.objects.order_by("report_order", "pk").values_list("pk", flat=True)) == joined_order()


def test_writes_in_bulk_are_caught_up_by_fill_instrument_order(made):
    with writes_allowed():
        Instrument.objects.update(report_order="")  # as a bulk load leaves them
    assert not stored_orders_match()
    assert fill_instrument_order() == Instrument.objects.count()
    assert stored_orders_match()
