"""Progress updates store their instrument's place in the report order (ProgressUpdate.
instrument_order), which the API's list sorts a period's updates by through one index: written when
an update is created, rewritten when its instrument or session moves, and the list's order is the
one the joins through the instrument gave (Instrument.Meta.ordering)."""

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.core.tests.api_helpers import client_as, everything
from restrack.registry import actions as registry_actions
from restrack.registry.models import Instrument, instrument_order_key
from restrack.registry.tests.factories import AssemblySessionFactory, InstrumentFactory
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, fill_update_order
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def stored_orders_match() -> bool:
    stored = set(ProgressUpdate.objects.values_list("pk", "instrument_order"))
    expected = set(ProgressUpdate.objects.values_list("pk", instrument_order_key("instrument__")))
    return stored == expected and all(order for _pk, order in stored)


def joined_order(**filters) -> list[int]:
    """The updates in the list's order as the joins gave it (newest period, instrument, id)."""
    updates = ProgressUpdate.objects.filter(workflow_state=WorkflowState.PUBLISHED, **filters)
    return list(updates.order_by("-period__start_date", "instrument", "pk").values_list("pk", flat=True))


@pytest.fixture
def updates(samples):
    """The samples' published updates, and some of a new period on instruments of new sessions."""
    period = ReportingPeriodFactory(label="2029-H2", state="published")
    later, earlier = AssemblySessionFactory(year=2032), AssemblySessionFactory(year=2031)
    made = [InstrumentFactory(session=session) for session in (later, earlier, later, earlier)]
    for instrument in [*made, *Instrument.objects.filter(body__code="assembly")[:3]]:
        ProgressUpdateFactory(instrument=instrument, period=period, workflow_state=WorkflowState.PUBLISHED)
    return made, later, earlier


def test_the_list_is_in_the_order_the_joins_gave(updates):
    assert stored_orders_match()
    listed = [update["id"] for update in everything(client_as(), "/api/v1/updates/")]
    assert listed == joined_order()
    reversed_listed = everything(client_as(), "/api/v1/updates/?ordering=period,-instrument")
    expected = ProgressUpdate.objects.filter(workflow_state=WorkflowState.PUBLISHED).order_by(
        "period__start_date", "-instrument", "pk"
    )
    assert [update["id"] for update in reversed_listed] == list(expected.values_list("pk", flat=True))


def test_the_stored_order_follows_an_instrument_moved_and_a_session_renumbered(updates):
    made, later, earlier = updates
    user = UserFactory(role="coordinator")
    registry_actions.save_record(later, acting_user=user)  # nothing moved: nothing rewritten
    assert stored_orders_match()
    earlier.refresh_from_db()
    earlier.year = 2033
    registry_actions.save_record(earlier, acting_user=user)
    assert stored_orders_match()
    moved = Instrument.objects.get(pk=made[2].pk)
    moved.kind = "decision"  # decisions come after resolutions (an edit in the admin)
    registry_actions.save_record(moved, acting_user=user)
    assert stored_orders_match()
    listed = [update["id"] for update in everything(client_as(), "/api/v1/updates/")]
    assert listed == joined_order()


def test_writes_in_bulk_are_caught_up_by_fill_update_order(updates):
    with writes_allowed():
        ProgressUpdate.objects.update(instrument_order="")  # as a bulk load leaves them
    assert not stored_orders_match()
    assert fill_update_order() == ProgressUpdate.objects.count()
    assert stored_orders_match()


def test_the_order_computed_in_python_is_the_database_s(samples):
    from restrack.registry.models import Instrument, instrument_order_key, instrument_order_of

    for instrument in Instrument.objects.select_related("session"):
        stored = Instrument.objects.filter(pk=instrument.pk).values_list(instrument_order_key(), flat=True).get()
        assert instrument_order_of(instrument) == stored, instrument
    assert instrument_order_of(Instrument.objects.first()) is None  # session not loaded: ask the database
