"""The index follows real commits and rollbacks: a test that commits for real, in a module of its
own (the suite runs such tests after the others, whole modules at a time)."""

import pytest
from django.db import transaction

from restrack.registry import actions as registry_actions
from restrack.search.tests.test_index import resolution, rows


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_index_follows_real_commits_and_rollbacks(user):
    instrument = resolution("2/3")
    registry_actions.update_instrument(instrument, title={"en": "Cleanup Day renamed"}, acting_user=user)
    assert rows("instrument", instrument.pk)["en"].original == "Cleanup Day renamed"
    with pytest.raises(RuntimeError), transaction.atomic():
        registry_actions.update_instrument(instrument, title={"en": "Never committed"}, acting_user=user)
        raise RuntimeError
    assert rows("instrument", instrument.pk)["en"].original == "Cleanup Day renamed"
    # What the rolled-back block noted is re-read at the next commit, and changes nothing.
    instrument.refresh_from_db()  # the object in memory still holds the rolled-back title
    registry_actions.update_instrument(instrument, lead_unit="Urban Practices Branch", acting_user=user)
    assert rows("instrument", instrument.pk)["en"].original == "Cleanup Day renamed"
