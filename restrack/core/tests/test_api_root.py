"""The root of version 1 lists every endpoint of the API, so that a client can find them all."""

import pytest

pytestmark = pytest.mark.django_db
ENDPOINTS = [
    "bodies",
    "sessions",
    "instruments",
    "operative-paragraphs",
    "partners",
    "documents",
    "periods",
    "updates",
    "commitments",
    "funding/records",
    "funding/summary",
    "funding/window/contributions",
    "funding/window/allocations",
    "funding/window/ledger",
    "search",
]


def test_the_root_lists_every_endpoint(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    listed = response.json()
    missing = [name for name in ENDPOINTS if name not in listed]
    assert missing == [], f"/api/v1/ does not list: {', '.join(missing)}"
    for name in ENDPOINTS:
        assert listed[name] == f"http://testserver/api/v1/{name}/", name


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_listed_endpoint_answers_anonymously(api, name):
    listed = api.get("/api/v1/").json()
    if name not in listed:
        pytest.fail(f"/api/v1/ does not list {name}")
    response = api.get(listed[name])
    assert response.status_code in (200, 400, 404), (name, response.status_code, response.content[:300])
    if response.status_code != 200:  # a parameter is needed, or (an empty database) nothing is published yet
        assert response.json()["detail"]
