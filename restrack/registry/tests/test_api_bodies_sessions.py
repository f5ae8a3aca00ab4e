"""GET /api/v1/bodies/ and /api/v1/sessions/: the governing bodies and their sessions, public."""

import pytest

from restrack.registry.tests.api_helpers import anonymous, assert_cached, get_json, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["anonymous", "signed_in"])
def client(request, db):
    return anonymous() if request.param == "anonymous" else signed_in()


def test_bodies_by_code_with_their_names_in_every_language(client):
    bodies = get_json(client, "/api/v1/bodies/")["results"]
    assert [body["code"] for body in bodies] == ["assembly", "executive-board"]
    assembly = bodies[0]
    assert set(assembly) == {"code", "name", "abbreviation", "symbol_prefix", "sessions_numbered_by_year", "url"}
    assert assembly["name"]["en"] == "UN-Habitat Assembly" and assembly["name"]["zh-hans"] == "联合国人居大会"
    assert assembly["symbol_prefix"] == "HSP/HA" and assembly["sessions_numbered_by_year"] is False
    assert assembly["url"] == "http://testserver/api/v1/bodies/assembly/"
    board = get_json(client, "/api/v1/bodies/executive-board/")
    assert board["sessions_numbered_by_year"] is True and board["abbreviation"]["en"] == "Executive Board"
    assert client.get("/api/v1/bodies/council/").status_code == 404


def test_bodies_in_one_language_and_filtered(client):
    bodies = get_json(client, "/api/v1/bodies/?lang=zh-hans")["results"]
    assert bodies[0]["name"] == "联合国人居大会" and bodies[1]["abbreviation"] == "执行局"
    assert [b["code"] for b in get_json(client, "/api/v1/bodies/?sessions_numbered_by_year=true")["results"]] == [
        "executive-board"
    ]
    assert [b["code"] for b in get_json(client, "/api/v1/bodies/?ordering=-code")["results"]] == [
        "executive-board",
        "assembly",
    ]
    refused = get_json(client, "/api/v1/bodies/?sessions_numbered_by_year=perhaps", status=400)
    assert "perhaps" in refused["detail"]


def test_sessions_with_codes_parts_and_places(client, samples):
    sessions = get_json(client, "/api/v1/sessions/")["results"]
    assert [session["code"] for session in sessions] == ["1", "2020-1", "2", "2024-2"]  # oldest first
    second = next(session for session in sessions if session["code"] == "2")
    assert set(second) == {
        "id",
        "code",
        "body",
        "number",
        "year",
        "sequence_in_year",
        "start_date",
        "end_date",
        "place",
        "parts",
        "url",
    }
    assert second["body"] == "assembly" and second["year"] == 2023 and second["start_date"] == "2023-06-05"
    assert second["parts"] == [
        {"kind": "resumed", "start_date": "2025-05-29", "end_date": "2025-05-30", "place": second["parts"][0]["place"]}
    ]
    assert second["parts"][0]["place"]["en"]
    assert get_json(client, second["url"])["code"] == "2"
    chinese = get_json(client, "/api/v1/sessions/?lang=zh-hans")["results"]
    assert chinese[0]["place"] == "内罗毕" and chinese[2]["parts"][0]["place"] == "内罗毕"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("body=executive-board", ["2020-1", "2024-2"]),
        ("year=2023", ["2"]),
        ("number=1", ["1"]),
        ("ordering=-year", ["2024-2", "2", "2020-1", "1"]),
        ("ordering=start_date", ["2024-2", "1", "2020-1", "2"]),  # unknown dates first, as the database sorts null
    ],
)
def test_session_filters_and_ordering(client, samples, query, codes):
    results = get_json(client, f"/api/v1/sessions/?{query}")["results"]
    if query.startswith("ordering=start_date"):
        dated = [s["code"] for s in results if s["start_date"]]
        assert dated == ["1", "2020-1", "2"]
    else:
        assert [session["code"] for session in results] == codes


@pytest.mark.parametrize(
    ("query", "field", "names"),
    [
        ("body=council", "body", "council"),
        ("year=soon", "year", "number"),
    ],
)
def test_bad_session_filters_are_400_with_detail(client, query, field, names):
    body = get_json(client, f"/api/v1/sessions/?{query}", status=400)
    assert field in body and names in body["detail"].lower()


def test_session_pagination(client, samples):
    first = get_json(client, "/api/v1/sessions/?limit=2")
    assert first["count"] == 4 and len(first["results"]) == 2 and first["previous"] is None
    second = get_json(client, first["next"])
    assert [s["code"] for s in second["results"]] == ["2", "2024-2"] and second["next"] is None


def test_last_modified_and_not_modified(client, samples):
    assert_cached(client, "/api/v1/bodies/")
    assert_cached(client, "/api/v1/bodies/assembly/")
    assert_cached(client, "/api/v1/sessions/?body=assembly")


def test_read_only(client):
    assert client.post("/api/v1/bodies/", {"code": "x"}).status_code in (401, 403, 405)
    assert client.delete("/api/v1/bodies/assembly/").status_code in (401, 403, 405)
