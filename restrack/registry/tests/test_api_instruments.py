"""GET /api/v1/instruments/: slugs, addresses, the latest reported period, operative paragraphs in
the detail, lookup by id and by slug, InstrumentFilterSet's filters and the natural number order."""

import pytest

from restrack.registry.models import Instrument
from restrack.registry.tests.api_helpers import anonymous, assert_cached, get_json, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["anonymous", "signed_in"])
def client(request, db):
    return anonymous() if request.param == "anonymous" else signed_in()


def references(body):
    return [item["reference"] for item in body["results"]]


def test_list_fields(client, samples):
    item = next(i for i in get_json(client, "/api/v1/instruments/")["results"] if i["reference"] == "resolution 2/6")
    assert {"id", "slug", "url", "tracker_url", "latest_reported_period", "status", "title"} <= set(item)
    assert "operative_paragraphs" not in item
    assert item["slug"] == "resolution-2-6"
    assert item["url"] == "http://testserver/api/v1/instruments/resolution-2-6/"
    assert item["tracker_url"] == "http://testserver/en/resolutions/2/6/"
    assert item["latest_reported_period"] == "2024-H2"
    decision = next(i for i in get_json(client, "/api/v1/instruments/")["results"] if i["slug"] == "decision-1-3")
    assert decision["latest_reported_period"] == "2020-H1"


def test_an_instrument_never_reported_on_has_no_latest_period(client, samples):
    from restrack.registry.tests.factories import InstrumentFactory

    instrument = InstrumentFactory()
    assert get_json(client, f"/api/v1/instruments/{instrument.slug}/")["latest_reported_period"] is None


def test_detail_by_slug_and_by_id_with_operative_paragraphs(client, samples):
    by_slug = get_json(client, "/api/v1/instruments/resolution-2-6/")
    assert by_slug == get_json(client, f"/api/v1/instruments/{by_slug['id']}/")
    paragraphs = by_slug["operative_paragraphs"]
    assert [(p["number"], p["parent"]) for p in paragraphs] == [("2", None), ("2(a)", "2"), ("4", None), ("4(a)", "4")]
    assert set(paragraphs[0]) == {
        "id",
        "number",
        "parent",
        "text",
        "order",
        "action",
        "addressee",
        "is_mandate",
        "deliverable",
    }
    # Their text was never imported: what they ask is not known, and they make no report due.
    assert (paragraphs[0]["action"], paragraphs[0]["is_mandate"], paragraphs[0]["deliverable"]) == ("", False, None)
    assert by_slug["preamble"]["en"] in (None, "") and by_slug["builds_on"] == by_slug["built_on_by"] == []
    assert [p["order"] for p in paragraphs] == sorted(p["order"] for p in paragraphs)
    assert get_json(client, "/api/v1/instruments/RESOLUTION-2-6/")["slug"] == "resolution-2-6"
    for missing in ("resolution-9-9", "treaty-2-6", "999999"):
        assert client.get(f"/api/v1/instruments/{missing}/").status_code == 404


def test_one_language(client):
    item = get_json(client, "/api/v1/instruments/resolution-1-1/?lang=zh-hans")
    assert (
        isinstance(item["title"], str)
        and item["title"]
        and item["title"] != get_json(client, "/api/v1/instruments/resolution-1-1/?lang=en")["title"]
    )
    assert item["tracker_url"] == "http://testserver/zh-hans/resolutions/1/1/"
    listed = get_json(client, "/api/v1/instruments/?lang=zh-hans")["results"]
    assert all(isinstance(i["title"], str) for i in listed)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=decision", ["decision 1/3"]),
        (
            "session=1&kind=resolution",
            ["resolution 1/1", "resolution 1/2", "resolution 1/3", "resolution 1/4", "resolution 1/5"],
        ),
        # The statuses derived from the sample reports' texts: five of session 2 constrained by funding.
        (
            "body=assembly&session=2&status=constrained&kind=resolution",
            [f"resolution 2/{n}" for n in (2, 4, 5, 7, 9)],
        ),
        ("status=under_implementation&kind=decision", ["decision 1/3"]),
        ("status=not_reported&kind=decision", []),
        ("status=none&kind=decision", []),  # the dashboard's older value
        ("status=completed", []),
        ("body=executive-board", []),
        ("session=2024-2", []),
        ("is_active=false", []),
    ],
)
def test_filters(client, samples, query, expected):
    assert references(get_json(client, f"/api/v1/instruments/?{query}")) == expected


def test_a_status_and_the_board_s_sessions(client, samples):
    from restrack.accounts.system_user import get_system_user
    from restrack.registry.actions import set_instrument_status
    from restrack.registry.tests.factories import BoardSessionFactory, InstrumentFactory

    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    set_instrument_status(instrument, "completed", acting_user=get_system_user())
    decision = InstrumentFactory(session=BoardSessionFactory(year=2024, sequence_in_year=3), kind="decision")
    assert references(get_json(client, "/api/v1/instruments/?status=completed")) == ["resolution 2/6"]
    assert "resolution 2/6" not in references(get_json(client, "/api/v1/instruments/?status=not_reported"))
    assert references(get_json(client, "/api/v1/instruments/?session=2024-3")) == [decision.reference]
    assert references(get_json(client, "/api/v1/instruments/?body=executive-board&is_active=true")) == [
        decision.reference
    ]


@pytest.mark.parametrize(
    ("query", "field", "named"),
    [
        ("kind=treaty", "kind", "treaty"),
        ("status=done", "status", "done"),
        ("body=council", "body", "council"),
        ("session=second", "session", "second"),
        ("session=9", "session", "9"),
        ("is_active=maybe", "is_active", "maybe"),
    ],
)
def test_bad_filter_values_are_400_with_a_detail_naming_them(client, query, field, named):
    body = get_json(client, f"/api/v1/instruments/?{query}", status=400)
    assert field in body and named in body[field][0] and named in body["detail"]


def test_number_order_is_natural_and_can_be_reversed(client):
    ordered = references(get_json(client, "/api/v1/instruments/?ordering=number&kind=resolution&session=2"))
    assert ordered == [f"resolution 2/{n}" for n in range(1, 11)]  # 2/10 after 2/9, not after 2/1
    reversed_ = references(get_json(client, "/api/v1/instruments/?ordering=-number"))
    assert reversed_[:2] == ["resolution 2/10", "resolution 2/9"] and reversed_[-1] == "resolution 1/1"


def test_ordering_by_status_and_adoption_date(client, samples):
    Instrument.objects.update(status="")  # not the statuses derived from the samples' texts
    Instrument.objects.filter(kind="resolution", number="2/7").update(status="under_implementation")
    Instrument.objects.filter(kind="resolution", number="1/2").update(status="completed")
    statuses = [i["status"] for i in get_json(client, "/api/v1/instruments/?ordering=-status")["results"]]
    assert statuses[:2] == ["under_implementation", "completed"]
    Instrument.objects.filter(kind="resolution", number="2/3").update(adoption_date="2023-06-09")
    Instrument.objects.filter(kind="resolution", number="1/4").update(adoption_date="2019-05-31")
    dated = [
        i["reference"]
        for i in get_json(client, "/api/v1/instruments/?ordering=-adoption_date")["results"]
        if i["adoption_date"]
    ]
    assert dated == ["resolution 2/3", "resolution 1/4"]


def test_pagination(client):
    first = get_json(client, "/api/v1/instruments/?limit=5&ordering=number")
    assert first["count"] == 16 and len(first["results"]) == 5
    rest = []
    page = first
    while page["next"]:
        page = get_json(client, page["next"])
        rest += references(page)
    assert references(first) + rest == references(get_json(client, "/api/v1/instruments/?ordering=number"))


def test_last_modified_and_not_modified(client, samples):
    assert_cached(client, "/api/v1/instruments/?session=2")
    assert_cached(client, "/api/v1/instruments/resolution-2-6/")


def test_read_only(client):
    assert client.post("/api/v1/instruments/", {}).status_code in (401, 403, 405)
    assert client.patch("/api/v1/instruments/resolution-2-6/", {"title": "x"}).status_code in (401, 403, 405)
