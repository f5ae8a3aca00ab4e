"""GET /api/v1/instruments/: every instrument with its titles in every language."""

import pytest

pytestmark = pytest.mark.django_db


def fetch_all(client, url="/api/v1/instruments/"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_lists_the_sixteen_instruments_with_both_titles(client):
    body = fetch_all(client)
    assert body["count"] == 16
    assert len(body["results"]) == 16
    for item in body["results"]:
        assert set(item) >= {"kind", "number", "body", "session", "title", "status"}
        assert item["title"]["en"] and item["title"]["zh-hans"]
        assert set(item["title"]) == {"en", "zh-hans", "fr", "es", "ru", "ar"}


def test_resolution_and_decision_1_3_are_separate_entries(client):
    items = fetch_all(client)["results"]
    one_three = [(item["kind"], item["title"]["zh-hans"]) for item in items if item["number"] == "1/3"]
    assert sorted(one_three) == [
        ("decision", "向人居署新治理结构过渡的安排"),
        ("resolution", "加强能力建设以执行《新城市议程》和《2030 年可持续发展议程》城市层面的工作"),
    ]


def test_instruments_are_in_report_order(client):
    references = [item["reference"] for item in fetch_all(client)["results"]]
    assert references[:6] == [
        "resolution 1/1",
        "resolution 1/2",
        "resolution 1/3",
        "resolution 1/4",
        "resolution 1/5",
        "decision 1/3",
    ]
    assert references[-1] == "resolution 2/10"


def test_session_and_body_are_described(client):
    item = next(i for i in fetch_all(client)["results"] if i["reference"] == "resolution 2/6")
    assert item["body"] == "assembly"
    assert item["session"]["number"] == 2 and item["session"]["year"] == 2023
    assert item["status"] == "" and item["status_label"] == ""


def test_filters(client):
    assert fetch_all(client, "/api/v1/instruments/?kind=decision")["count"] == 1
    assert fetch_all(client, "/api/v1/instruments/?session=1")["count"] == 6
    assert fetch_all(client, "/api/v1/instruments/?body=executive-board")["count"] == 0


def test_a_bad_filter_value_is_a_clear_400(client):
    response = client.get("/api/v1/instruments/?kind=treaty")
    assert response.status_code == 400
    assert "treaty" in response.json()["kind"][0]


def test_the_api_is_read_only_for_anonymous_users(client):
    assert client.post("/api/v1/instruments/", {}).status_code in (401, 403)


def test_the_schema_describes_the_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/instruments/" in response.content
