"""GET /api/v1/search/ over the two sample reports: Chinese without spaces and English, plain-text
snippets whose highlights point at the matched words, filters (kind, period, language, instrument,
limit), published content only, and a 400 naming the parameter for a missing query or a bad filter."""

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from restrack.accounts.actions import issue_api_token
from restrack.accounts.tests.factories import UserFactory
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, UpdateEntry

pytestmark = pytest.mark.usefixtures("indexed")

HIT_KEYS = {
    "kind",
    "kind_label",
    "object_id",
    "language",
    "title",
    "snippet",
    "highlights",
    "instrument",
    "period",
    "tracker_url",
}


def found(query: str, client=None, status=200) -> dict:
    response = (client or APIClient()).get(f"/api/v1/search/?{query}")
    assert response.status_code == status, response.json()
    return response.json()


def test_chinese_without_spaces():
    body = found("q=住房")
    assert body["query"] == "住房" and body["total"] == len(body["results"]) > 0
    assert body["capped"] is False  # every match counted
    for hit in body["results"]:
        assert set(hit) == HIT_KEYS
        assert "<" not in hit["snippet"] and "&" not in hit["snippet"]  # plain text, never HTML
        assert hit["highlights"] and all(
            hit["snippet"][h["start"] : h["end"]] == h["text"] and "住房" in h["text"] for h in hit["highlights"]
        )
    titles = {hit["title"] for hit in body["results"]}
    assert "第 2/7 号决议：人人享有适当住房" in titles
    paragraph = next(hit for hit in body["results"] if hit["kind"] == "paragraph")
    assert paragraph["instrument"] == {
        "id": paragraph["instrument"]["id"],
        "reference": "resolution 2/7",
        "slug": "resolution-2-7",
    }
    assert paragraph["period"] == "2024-H2" and paragraph["language"] == "zh-hans"
    assert paragraph["tracker_url"] == f"http://testserver/zh-hans/resolutions/2/7/#entry-{paragraph['object_id']}"


def test_english_words():
    body = found("q=adequate housing&kind=instrument")
    (hit,) = body["results"]
    assert (hit["title"], hit["snippet"], hit["language"]) == (
        "Resolution 2/7: Adequate housing for all",
        "Adequate housing for all",
        "en",
    )
    assert hit["highlights"] == [{"start": 0, "end": 16, "text": "Adequate housing"}]
    assert hit["tracker_url"] == "http://testserver/en/resolutions/2/7/" and hit["period"] is None
    assert hit["kind_label"] == "resolution or decision"


def test_a_partner_code_finds_its_chinese_names():
    body = found("q=UNICEF&kind=partner")
    assert {"UNICEF", "儿基会"} <= set(body["phrases"])
    # Its English and Chinese names both match: one partner, one hit; with ?lang=, from that language's names.
    assert body["facets"]["partner"] == 1 and len(body["results"]) == 1
    (hit,) = found("q=UNICEF&kind=partner&lang=zh-hans")["results"]
    assert hit["language"] == "zh-hans" and "儿基会" in hit["snippet"]
    assert all(hit["instrument"] is None and hit["period"] is None for hit in body["results"])


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("q=住房&kind=paragraph", lambda hit: hit["kind"] == "paragraph"),
        ("q=住房&kind=paragraph,instrument", lambda hit: hit["kind"] in {"paragraph", "instrument"}),
        ("q=住房&kind=paragraph&kind=partner", lambda hit: hit["kind"] in {"paragraph", "partner"}),
        ("q=housing&language=en", lambda hit: hit["language"] == "en"),
        ("q=UNICEF&language=zh", lambda hit: hit["language"] == "zh-hans"),
        ("q=住房&period=2024-h2", lambda hit: hit["period"] == "2024-H2"),
        ("q=住房&instrument=resolution 2/7", lambda hit: hit["instrument"]["reference"] == "resolution 2/7"),
        ("q=住房&instrument=resolution-2-7&kind=paragraph", lambda hit: hit["instrument"]["slug"] == "resolution-2-7"),
    ],
)
def test_filters(query, check):
    body = found(query)
    assert body["results"] and all(check(hit) for hit in body["results"])
    assert body["total"] == len(body["results"])


def test_facets_count_every_kind_before_the_kind_filter():
    everything, paragraphs = found("q=住房"), found("q=住房&kind=paragraph")
    assert paragraphs["facets"] == everything["facets"]
    assert paragraphs["total"] == everything["facets"]["paragraph"] < everything["total"]


def test_limit_keeps_the_best_hits():
    everything = found("q=住房")
    two = found("q=住房&limit=2")
    assert two["total"] == everything["total"] and len(two["results"]) == 2
    assert two["results"] == everything["results"][:2]


def test_a_period_with_nothing_finds_nothing():
    body = found("q=住房&period=2019-H1")
    assert (body["total"], body["results"]) == (0, [])


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("", "q", "Give something to search for"),
        ("q=", "q", "Give something to search for"),
        ("q=%20%20", "q", "Give something to search for"),
        ("q=住房&kind=treaty", "kind", "treaty: no such kind"),
        ("q=住房&kind=paragraph,bad", "kind", "bad"),
        ("q=住房&language=fr-ca", "language", "fr-ca"),
        ("q=住房&period=2024-H3", "period", "2024-H3"),
        ("q=住房&instrument=treaty 1/1", "instrument", "treaty 1/1"),
        ("q=住房&limit=0", "limit", "1 to 100"),
        ("q=住房&limit=many", "limit", "1 to 100"),
        ("q=住房&limit=101", "limit", "1 to 100"),
    ],
)
def test_a_missing_query_or_a_bad_filter_is_a_400_naming_it(query, field, words):
    body = found(query, status=400)
    assert field in body and words in body["detail"]


def test_labels_follow_lang():
    body = found("q=adequate housing&kind=instrument&lang=zh-hans")
    assert body["results"][0]["kind_label"] == "决议或决定"
    # The title in that language too, though the text that matched is English.
    assert body["results"][0]["title"] == "第 2/7 号决议：人人享有适当住房"
    assert body["results"][0]["language"] == "en"


def test_only_published_paragraphs_are_found():
    hit = found("q=热点信号灯&kind=paragraph")["results"][0]
    update = UpdateEntry.objects.get(pk=hit["object_id"]).update
    ProgressUpdate.objects.filter(pk=update.pk).update(workflow_state=WorkflowState.DRAFT)
    # Even an index that fell behind never shows an unpublished paragraph.
    assert hit["object_id"] not in {h["object_id"] for h in found("q=热点信号灯&kind=paragraph")["results"]}


def test_signed_in_callers_search_the_same_public_content():
    user = UserFactory(role="coordinator")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user, acting_user=user)}")
    assert found("q=住房", client) == found("q=住房")


def test_the_schema_describes_the_search(tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(path))
    schema = yaml.safe_load(path.read_text())
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert operation["summary"].startswith("Search the public tracker") and "Chinese" in operation["description"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert {"q", "kind", "period", "language", "instrument", "limit", "lang"} <= set(parameters)
    assert parameters["q"]["required"] is True and all(p.get("description") for p in parameters.values())
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchResults"
    }
    assert "400" in operation["responses"]
    for name in ("SearchResults", "SearchHit", "Highlight", "SearchInstrument"):
        properties = schema["components"]["schemas"][name]["properties"]
        assert all(field.get("description") for field in properties.values()), name
