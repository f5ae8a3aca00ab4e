"""What every API list and item shares: an ordering it does not know is refused with the names it
does, and an item that is not there (or not for you) is a 404 in words a client understands."""

import pytest

from restrack.core.tests.api_helpers import client_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/instruments/", "/api/v1/periods/", "/api/v1/partners/", "/api/v1/funding/window/contributions/"]
)
def test_an_unknown_ordering_is_a_400_naming_the_orderings(path):
    response = client_as().get(f"{path}?ordering=-colour")
    assert response.status_code == 400
    assert "'-colour'" in response.json()["detail"] and "ordering" in response.json()


def test_a_known_ordering_still_orders():
    assert client_as().get("/api/v1/instruments/?ordering=-number").status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/v1/updates/999999/", "/api/v1/instruments/resolution-9-9/", "/api/v1/periods/2099-H1/"]
)
def test_a_missing_item_is_a_404_without_model_names(path):
    response = client_as().get(path)
    assert response.status_code == 404
    assert response.json()["detail"] == "There is nothing at this address among what you may see."
