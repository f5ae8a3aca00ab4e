"""The API's JSON bodies have limits (restrack.core.api.parsers): too deeply nested JSON is a 400
naming the limit and its setting, not a server error; too large a body a 413; ordinary bodies, and
strings that merely contain brackets, are read as before."""

import json

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.api.parsers import nesting_depth
from restrack.core.tests.api_helpers import client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return client_as(UserFactory(username="coordinator", role="coordinator"))


def post(client, body: str):
    return client.generic("POST", "/api/v1/periods/", body, content_type="application/json")


def test_json_nested_a_hundred_thousand_levels_deep_is_a_400_naming_the_limit(coordinator):
    answer = post(coordinator, "[" * 100_000 + "]" * 100_000)
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "100000 levels deep" in detail
    assert "at most 64" in detail
    assert "RESTRACK_API_JSON_MAX_DEPTH" in detail


def test_unbalanced_deep_json_is_a_400_too(coordinator):
    answer = post(coordinator, '{"label": ' + "[" * 100_000)
    assert answer.status_code == 400
    assert "RESTRACK_API_JSON_MAX_DEPTH" in answer.json()["detail"]


def test_an_ordinary_body_still_works(coordinator):
    answer = post(coordinator, json.dumps({"label": "2031-H1"}))
    assert answer.status_code == 201, answer.content
    assert answer.json()["label"] == "2031-H1"


def test_brackets_inside_strings_do_not_count(coordinator):
    answer = post(coordinator, json.dumps({"label": "2031-H1", "introduction_en": "[" * 500 + '"{' * 100}))
    assert answer.status_code != 500
    assert "RESTRACK_API_JSON_MAX_DEPTH" not in answer.content.decode()


def test_the_depth_limit_is_a_setting(coordinator, settings):
    settings.RESTRACK_API_JSON_MAX_DEPTH = 2
    body = json.dumps({"label": "2031-H1", "x": [[1]]})
    answer = post(coordinator, body)
    assert answer.status_code == 400
    assert "3 levels deep" in answer.json()["detail"]
    assert "at most 2" in answer.json()["detail"]


def test_a_body_over_the_size_limit_is_a_413_naming_it(coordinator, settings):
    settings.RESTRACK_API_JSON_MAX_KB = 1
    answer = post(coordinator, json.dumps({"label": "2031-H1", "introduction_en": "x" * 2000}))
    assert answer.status_code == 413
    assert "1 KB" in answer.json()["detail"]
    assert "RESTRACK_API_JSON_MAX_KB" in answer.json()["detail"]


def test_malformed_json_is_a_400_saying_so(coordinator):
    answer = post(coordinator, '{"label": ')
    assert answer.status_code == 400
    assert "malformed" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("text", "depth"),
    [("1", 0), ('"[{"', 0), ("[]", 1), ('[[1], {"a": [2]}]', 3), ('{"a": "]]]", "b": [[]]}', 3), ("[" * 5000, 5000)],
)
def test_nesting_depth(text, depth):
    assert nesting_depth(text) == depth
