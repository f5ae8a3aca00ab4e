"""Conditional requests: every GET answer of the API has an ETag, read endpoints a Last-Modified;
a client that has the answer already gets 304 with no body, and a change gives a new ETag."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from restrack.registry.actions import update_instrument

pytestmark = pytest.mark.django_db
LIST = "/api/v1/instruments/"


def test_get_has_an_etag_and_if_none_match_gives_304(api, instrument):
    first = api.get(LIST)
    assert first.status_code == 200 and first["ETag"]
    again = api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    other = api.get(LIST, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other.json() == first.json()


def test_the_etag_depends_on_the_answer(api, instrument):
    assert api.get(LIST)["ETag"] != api.get(LIST, {"lang": "en"})["ETag"]


def test_if_modified_since_with_last_modified_gives_304(api, instrument):
    first = api.get(LIST)
    assert first["Last-Modified"] == http_date(instrument.modified.timestamp())
    again = api.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304 and again.content == b""
    earlier = http_date(instrument.modified.timestamp() - 3600)
    assert api.get(LIST, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_change_gives_a_new_etag_and_a_full_answer(api, instrument, coordinator):
    first = api.get(LIST)
    time.sleep(1.01)  # Last-Modified counts whole seconds
    update_instrument(instrument, title_en="Adequate housing for all, revised", acting_user=coordinator)
    after = api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert after["Last-Modified"] != first["Last-Modified"]
    assert "Adequate housing for all, revised" in after.content.decode()


def test_item_answers_are_conditional_too(api, instrument):
    item = api.get(LIST).json()["results"][0]["url"]
    first = api.get(item)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert api.get(item, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(item, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_writes_are_never_answered_304(token_api):
    response = token_api.post("/api/v1/periods/", {"label": "not a period"}, format="json", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400 and response.json()["detail"]


def test_an_items_last_modified_is_read_from_the_item_answered(api, instrument):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/instruments/{instrument.slug}/")
    assert response["Last-Modified"] == http_date(instrument.modified.timestamp())
    reads = [query["sql"] for query in queries if 'FROM "registry_instrument"' in query["sql"]]
    assert len(reads) == 1, reads  # not fetched a second time for the header
