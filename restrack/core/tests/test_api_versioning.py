"""The API's version is in its address (/api/v1/) and in the `API-Version` header; /api/ names
the versions and the documentation; a version that does not exist is 404."""

import pytest

pytestmark = pytest.mark.django_db


def test_index_names_the_versions_and_the_documentation(api):
    response = api.get("/api/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["current_version"] == "v1"
    assert body["versions"] == {"v1": "http://testserver/api/v1/"}
    assert body["schema"] == "http://testserver/api/schema/"
    assert body["documentation"] == {
        "swagger_ui": "http://testserver/api/docs/",
        "redoc": "http://testserver/api/redoc/",
    }


def test_the_version_root_lists_endpoints_and_says_its_version(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert response["API-Version"] == "1"
    assert response.json()["instruments"] == "http://testserver/api/v1/instruments/"


def test_every_versioned_answer_says_its_version(api, instrument):
    for path in ("/api/v1/instruments/", "/api/v1/periods/", "/api/v1/instruments/export.csv"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert response["API-Version"] == "1", path


@pytest.mark.parametrize("path", ["/api/v2/", "/api/v2/instruments/", "/api/v0/periods/", "/api/instruments/"])
def test_an_unknown_version_is_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"  # as every API answer, not Django's HTML page
    assert "/api/v1/" in response.json()["detail"]
