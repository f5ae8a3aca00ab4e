"""The registry's API tests name clients by role (restrack.core.tests.api_helpers has the rest)."""

from restrack.core.tests.api_helpers import assert_cached, client_as, get_json  # noqa: F401 (re-exported)


def anonymous():
    return client_as()


def signed_in(role=None):
    from restrack.accounts.tests.factories import UserFactory

    return client_as(UserFactory(role=role) if role else UserFactory())
