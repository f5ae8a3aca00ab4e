"""GET /api/v1/commitments/: a commitment promised in an update is visible to those who may see the
update (drafts' promises never public), its fields, filters, ordering, pages, ?lang=, conditional
requests, and its export opened back."""

import datetime

import pytest
from django.utils import timezone, translation

from restrack.core.guard import writes_allowed
from restrack.core.partial_dates import DatePrecision
from restrack.core.tests.api_helpers import client_as, everything, read_csv, read_json, read_xlsx
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import CommitmentState
from restrack.reporting.models import Commitment
from restrack.reporting.tests.conftest import draft_of
from restrack.reporting.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

SAMPLE_COMMITMENTS = 13


@pytest.fixture
def world(shared_opened, shared_people):
    """The samples' 13 commitments (promised in published reports); one promised in the 2025-H1
    draft of resolution 2/6; one recorded without a paragraph (due 2099); and a sample commitment of
    resolution 2/3 reported delivered in that instrument's 2025-H1 draft."""
    draft = draft_of(shared_opened, "resolution 2/6")
    in_draft = CommitmentFactory(
        description_en="A guide by March 2026.",
        due_date=datetime.date(2026, 3, 31),
        due_precision=DatePrecision.MONTH,
        promised_in=draft.entries.order_by("position").first(),
    )
    unattached = CommitmentFactory(
        description_en="", description_zh_hans="2099 年的报告。", due_date=datetime.date(2099, 12, 31)
    )
    delivered = Commitment.objects.filter(instrument=find_instrument("resolution 2/3")).order_by("pk").first()
    delivery = draft_of(shared_opened, "resolution 2/3").entries.order_by("position").first()
    delivered.state, delivered.delivered_in = CommitmentState.DELIVERED, delivery
    with writes_allowed():
        delivered.save()
    return {
        "people": shared_people,
        "in_draft": in_draft,
        "unattached": unattached,
        "delivered": delivered,
        "delivery": delivery,
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["results"]]


def test_anonymous_callers_do_not_see_promises_of_drafts(world):
    anonymous = client_as()
    listed = ids(anonymous.get("/api/v1/commitments/"))
    assert len(listed) == SAMPLE_COMMITMENTS + 1 and world["unattached"].pk in listed
    assert world["in_draft"].pk not in listed
    hidden = anonymous.get(f"/api/v1/commitments/{world['in_draft'].pk}/")
    assert hidden.status_code == 404 and hidden.json()["detail"]
    # the delivery is reported in a draft: the commitment is public, the draft's paragraph is not
    delivered = anonymous.get(f"/api/v1/commitments/{world['delivered'].pk}/").json()
    assert delivered["state"] == "delivered" and delivered["delivered_in"] is None


@pytest.mark.parametrize(("role", "sees_drafts"), [("coordinator", True), ("focal", True), ("viewer", False)])
def test_signed_in_people_see_what_their_role_allows(world, role, sees_drafts):
    client = client_as(world["people"][role])
    listed = ids(client.get("/api/v1/commitments/"))
    assert (world["in_draft"].pk in listed) is sees_drafts
    assert len(listed) == SAMPLE_COMMITMENTS + 1 + sees_drafts
    assert client.get(f"/api/v1/commitments/{world['in_draft'].pk}/").status_code == (200 if sees_drafts else 404)
    delivered = client.get(f"/api/v1/commitments/{world['delivered'].pk}/").json()
    assert (delivered["delivered_in"] is not None) is sees_drafts


def test_a_commitment_has_its_instrument_due_date_state_and_paragraphs(world):
    body = client_as(world["people"]["coordinator"]).get(f"/api/v1/commitments/{world['in_draft'].pk}/").json()
    assert body["url"] == f"http://testserver/api/v1/commitments/{world['in_draft'].pk}/"
    assert (body["instrument"], body["instrument_slug"]) == ("resolution 2/6", "resolution-2-6")
    assert body["description"]["en"] == "A guide by March 2026."
    assert (body["due"], body["due_date"], body["due_precision"]) == ("2026-03", "2026-03-31", "month")
    assert (body["state"], body["state_label"]) == ("pending", "pending")
    assert body["overdue"] is (timezone.localdate() > datetime.date(2026, 3, 31))
    entry = world["in_draft"].promised_in
    assert body["promised_in"] == {
        "period": "2025-H1",
        "update_id": entry.update_id,
        "paragraph_id": entry.pk,
        "position": entry.position,
    }
    assert body["delivered_in"] is None and body["modified"]
    unattached = client_as().get(f"/api/v1/commitments/{world['unattached'].pk}/").json()
    assert unattached["promised_in"] is None and unattached["due"] == "2099" and unattached["overdue"] is False
    delivered = client_as(world["people"]["focal"]).get(f"/api/v1/commitments/{world['delivered'].pk}/").json()
    assert delivered["delivered_in"]["paragraph_id"] == world["delivery"].pk
    assert delivered["delivered_in"]["period"] == "2025-H1" and delivered["overdue"] is False


def test_lang_gives_strings(world):
    body = client_as().get(f"/api/v1/commitments/{world['unattached'].pk}/?lang=zh-hans").json()
    assert body["description"] == "2099 年的报告。"
    with translation.override("zh-hans"):
        assert body["state_label"] == str(CommitmentState.PENDING.label)
    assert client_as().get(f"/api/v1/commitments/{world['unattached'].pk}/?lang=en").json()["description"] == (
        "2099 年的报告。"
    )  # no English: the Chinese rather than nothing


def _count(client, query) -> int:
    response = client.get(f"/api/v1/commitments/?{query}")
    assert response.status_code == 200, response.json()
    return response.json()["count"]


def test_filters(world):
    anonymous, coordinator = client_as(), client_as(world["people"]["coordinator"])
    stored = Commitment.objects.exclude(pk=world["in_draft"].pk)
    assert _count(anonymous, "instrument=resolution-2-3") == stored.filter(instrument__number="2/3").count() >= 2
    assert _count(anonymous, "instrument=resolution 2/6") == 1
    assert _count(coordinator, "instrument=resolution-2-6") == 2
    assert _count(anonymous, "state=delivered") == 1
    assert _count(anonymous, "state=pending") == stored.filter(state="pending").count()
    today = timezone.localdate()
    overdue = stored.filter(state="pending", due_date__lt=today).count()
    assert _count(anonymous, "overdue=true") == overdue and _count(anonymous, "overdue=yes") == overdue
    assert _count(anonymous, "overdue=false") == stored.count() - overdue
    assert _count(anonymous, "due_after=2099-01-01") == 1
    assert _count(anonymous, "due_before=2020-12-31") == stored.filter(due_date__lte="2020-12-31").count()
    assert _count(anonymous, "due_after=2024-01-01&due_before=2024-12-31") == stored.filter(due_date__year=2024).count()
    assert _count(anonymous, "period=2024-H2") == stored.filter(promised_in__update__period__label="2024-H2").count()
    assert _count(anonymous, "period=2025-H1") == 0
    assert _count(coordinator, "period=2025-H1") == 1


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("instrument=resolution-9-99", "instrument", "9/99"),
        ("state=forgotten", "state", "forgotten"),
        ("overdue=maybe", "overdue", "true or false"),
        ("due_before=soon", "due_before", "date"),
        ("due_after=2024-13-01", "due_after", "date"),
        ("period=2024-H3", "period", "2024-H3"),
    ],
)
def test_a_bad_filter_is_a_400_saying_why(world, query, field, words):
    response = client_as().get(f"/api/v1/commitments/?{query}")
    assert response.status_code == 400
    assert field in response.json() and words in response.json()["detail"]


def test_ordering_and_pages(world):
    anonymous = client_as()
    dates = [item["due_date"] for item in everything(anonymous, "/api/v1/commitments/?limit=4")]
    assert len(dates) == SAMPLE_COMMITMENTS + 1 and dates == sorted(dates)
    latest_first = [
        item["due_date"] for item in anonymous.get("/api/v1/commitments/?ordering=-due_date").json()["results"]
    ]
    assert latest_first == sorted(dates, reverse=True)
    page = anonymous.get("/api/v1/commitments/?limit=4&offset=4").json()
    assert page["count"] == SAMPLE_COMMITMENTS + 1 and len(page["results"]) == 4 and page["previous"]


@pytest.mark.parametrize("address", ["/api/v1/commitments/", "/api/v1/commitments/?instrument=resolution-2-3"])
def test_last_modified_and_not_modified(world, address):
    anonymous = client_as()
    response = anonymous.get(address)
    assert response.status_code == 200 and response["Last-Modified"].endswith("GMT")
    assert anonymous.get(address, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert anonymous.get(address, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# --- the export -----------------------------------------------------------------------------------


def _as_api(row: dict) -> dict:
    """An export row (JSON) in the API's shape, to compare."""
    return {
        "id": row["id"],
        "instrument": row["instrument"],
        "instrument_slug": row["instrument_slug"],
        "description": row["description"],
        "due": row["due"],
        "due_date": row["due_date"],
        "due_precision": row["due_precision"],
        "state": row["state"],
        "overdue": row["overdue"],
        "promised_in": row["promised_in_period"] and (row["promised_in_period"], row["promised_in_paragraph"]),
        "delivered_in": row["delivered_in_period"] and (row["delivered_in_period"], row["delivered_in_paragraph"]),
    }


def _api(item: dict) -> dict:
    return {
        **{
            key: item[key]
            for key in (
                "id",
                "instrument",
                "instrument_slug",
                "description",
                "due",
                "due_date",
                "due_precision",
                "state",
                "overdue",
            )
        },
        "promised_in": item["promised_in"] and (item["promised_in"]["period"], item["promised_in"]["position"]),
        "delivered_in": item["delivered_in"] and (item["delivered_in"]["period"], item["delivered_in"]["position"]),
    }


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_the_export_holds_the_rows_the_list_gives(world, role):
    client = client_as(None if role == "anonymous" else world["people"][role])
    listed = everything(client, "/api/v1/commitments/?lang=zh-hans")
    response = client.get("/api/v1/commitments/export.json?lang=zh-hans")
    assert response["Content-Type"] == "application/json"
    assert 'filename="restrack-commitments.json"' in response["Content-Disposition"]
    rows = read_json(response.getvalue())
    assert [_as_api(row) for row in rows] == [_api(item) for item in listed]
    assert {row["description_language"] for row in rows if row["id"] != world["in_draft"].pk} == {"zh-hans"}
    csv_rows = read_csv(client.get("/api/v1/commitments/export.csv?lang=zh-hans").getvalue())
    xlsx_rows = read_xlsx(client.get("/api/v1/commitments/export.xlsx?lang=zh-hans").getvalue())
    assert (
        [row["description"] for row in csv_rows]
        == [row["description"] for row in xlsx_rows]
        == [row["description"] for row in rows]
    )
    assert [int(row["id"]) for row in csv_rows] == [row["id"] for row in xlsx_rows] == [row["id"] for row in rows]
    assert [row["due_date"].date().isoformat() for row in xlsx_rows] == [row["due_date"] for row in rows]


def test_the_export_takes_the_lists_filters(world):
    rows = read_json(client_as().get("/api/v1/commitments/export.json?instrument=resolution-2-6").getvalue())
    assert [row["id"] for row in rows] == [world["unattached"].pk]
    bad = client_as().get("/api/v1/commitments/export.csv?overdue=maybe")
    assert bad.status_code == 400 and "overdue" in bad.json()["detail"]


def test_a_description_that_looks_like_a_formula_is_neutralised_in_spreadsheets(world):
    world["unattached"].description_zh_hans = '=HYPERLINK("http://evil.example")'
    with writes_allowed():
        world["unattached"].save()
    query = "?instrument=resolution-2-6&lang=zh-hans"
    assert read_csv(client_as().get(f"/api/v1/commitments/export.csv{query}").getvalue())[0]["description"] == (
        '\'=HYPERLINK("http://evil.example")'
    )
    assert read_xlsx(client_as().get(f"/api/v1/commitments/export.xlsx{query}").getvalue())[0]["description"] == (
        '\'=HYPERLINK("http://evil.example")'
    )
    assert read_json(client_as().get(f"/api/v1/commitments/export.json{query}").getvalue())[0]["description"] == (
        '=HYPERLINK("http://evil.example")'
    )


def test_reading_commitments_takes_the_same_queries_however_many(world, django_assert_max_num_queries):
    for number in range(20):
        CommitmentFactory(instrument=find_instrument("resolution 2/7"), description_en=f"Step {number}")
    with django_assert_max_num_queries(8):
        assert client_as().get("/api/v1/commitments/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client_as().get("/api/v1/commitments/export.csv").status_code == 200
