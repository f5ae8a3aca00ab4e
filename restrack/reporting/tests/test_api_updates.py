"""GET /api/v1/updates/: who sees which updates (drafts never public), every paragraph of an update
with its citations, partners, footnotes and source, filters, ordering, pages, ?lang= and
conditional requests. Saving and the workflow's steps are tested in test_api."""

import pytest

from restrack.core.tests.api_helpers import client_as, everything
from restrack.reporting.models import EntryFootnote, ProgressUpdate, ReportingPeriod
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_opened, shared_people):
    """The samples (2024-H2 and 2020-H1 published), 2025-H1 open with 16 drafts, people in every role."""
    return shared_people


def published(reference, label="2024-H2") -> ProgressUpdate:
    return ProgressUpdate.objects.get(
        period__label=label, instrument__kind=reference.split()[0], instrument__number=reference.split()[1]
    )


def a_draft() -> ProgressUpdate:
    return draft_of(ReportingPeriod.objects.get(label="2025-H1"), "resolution 2/6")


def test_anonymous_callers_see_published_updates_only(people):
    anonymous = client_as()
    updates = everything(anonymous, "/api/v1/updates/")
    assert len(updates) == ProgressUpdate.objects.filter(workflow_state="published").count() == 20
    assert {update["workflow_state"] for update in updates} == {"published"}
    draft = anonymous.get(f"/api/v1/updates/{a_draft().pk}/")
    assert draft.status_code == 404 and draft.json()["detail"]


@pytest.mark.parametrize(
    ("role", "count", "draft_status"),
    [
        ("coordinator", 36, 200),
        ("focal", 36, 200),
        ("viewer", 20, 404),
    ],
)
def test_signed_in_people_see_what_their_role_allows(people, role, count, draft_status):
    client = client_as(people[role])
    assert client.get("/api/v1/updates/").json()["count"] == count
    assert client.get(f"/api/v1/updates/{a_draft().pk}/").status_code == draft_status


def test_an_update_has_every_paragraph_with_its_details(people):
    update = published("resolution 1/5")
    body = client_as().get(f"/api/v1/updates/{update.pk}/").json()
    assert (body["id"], body["period"], body["instrument"], body["instrument_slug"]) == (
        update.pk,
        "2024-H2",
        "resolution 1/5",
        "resolution-1-5",
    )
    assert body["workflow_state"] == "published" and body["workflow_state_label"] == "published"
    assert "status" in body and "status_label" in body and "summary" in body
    assert body["source_document"] == "HSP/EB.2024/20"
    assert body["tracker_url"] == "http://testserver/en/resolutions/1/5/#update-2024-H2"
    entries = body["entries"]
    assert [entry["id"] for entry in entries] == list(update.entries.order_by("position").values_list("pk", flat=True))
    assert [entry["position"] for entry in entries] == sorted(entry["position"] for entry in entries)
    for entry in entries:
        assert set(entry) == {
            "id",
            "position",
            "text",
            "operative_paragraphs",
            "operative_paragraph_numbers",
            "partners",
            "funding_constraint",
            "carried_over",
            "footnotes",
            "source_document",
            "source_paragraph",
        }
        assert entry["text"]["zh-hans"] and entry["source_document"] == "HSP/EB.2024/20"
        assert isinstance(entry["source_paragraph"], int)
    footnotes = [footnote for entry in entries for footnote in entry["footnotes"]]
    stored = EntryFootnote.objects.filter(entry__update=update).order_by("entry__position", "position")
    assert len(footnotes) == stored.count() == 2
    for footnote, row in zip(footnotes, stored, strict=True):
        assert footnote["position"] == row.position
        assert footnote["text"]["zh-hans"] == row.text_zh_hans
        assert footnote["anchor"]["zh-hans"] == row.anchor_zh_hans and footnote["anchor"]["en"] is None


def test_cited_operative_paragraphs_and_partners(people):
    cited = next(
        entry
        for entry in client_as().get(f"/api/v1/updates/{published('resolution 2/6').pk}/").json()["entries"]
        if entry["operative_paragraph_numbers"]
    )
    assert len(cited["operative_paragraphs"]) == len(cited["operative_paragraph_numbers"])
    assert all(isinstance(pk, int) for pk in cited["operative_paragraphs"])
    with_partners = next(
        entry
        for update in everything(client_as(), "/api/v1/updates/?period=2024-H2")
        for entry in client_as().get(update["url"]).json()["entries"]
        if entry["partners"]
    )
    assert with_partners["partners"] == sorted(with_partners["partners"])


def test_a_draft_has_no_tracker_address(people):
    body = client_as(people["focal"]).get(f"/api/v1/updates/{a_draft().pk}/").json()
    assert body["workflow_state"] == "draft" and body["tracker_url"] is None


def test_lang_gives_strings(people):
    update = published("resolution 1/5")
    body = client_as().get(f"/api/v1/updates/{update.pk}/?lang=zh-hans").json()
    assert body["tracker_url"] == "http://testserver/zh-hans/resolutions/1/5/#update-2024-H2"
    assert all(isinstance(entry["text"], str) and entry["text"] for entry in body["entries"])
    footnote = next(f for entry in body["entries"] for f in entry["footnotes"])
    assert isinstance(footnote["text"], str) and (footnote["anchor"] is None or isinstance(footnote["anchor"], int))
    # no English text: the Chinese is given, with the marker's place in it
    english = client_as().get(f"/api/v1/updates/{update.pk}/?lang=en").json()
    assert [e["text"] for e in english["entries"]] == [e["text"] for e in body["entries"]]
    assert [f["anchor"] for e in english["entries"] for f in e["footnotes"]] == [
        f["anchor"] for e in body["entries"] for f in e["footnotes"]
    ]


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("period=2024-H2", 15),
        ("period=2024-h2", 15),
        ("period=2020-H1", 5),
        ("instrument=resolution-1-5", 2),
        ("instrument=resolution 1/5", 2),
        ("instrument=resolution-1-5&period=2020-H1", 1),
        ("state=published", 20),
        ("state=draft", 0),
    ],
)
def test_filters(people, query, count):
    assert client_as().get(f"/api/v1/updates/?{query}").json()["count"] == count


def test_filters_signed_in(people):
    coordinator = client_as(people["coordinator"])
    assert coordinator.get("/api/v1/updates/?state=draft").json()["count"] == 16
    assert coordinator.get("/api/v1/updates/?period=2025-H1&instrument=resolution-2-6").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("period=2024-H3", "period", "2024-H3"),
        ("instrument=resolution 9/99", "instrument", "9/99"),
        ("state=finished", "state", "finished"),
    ],
)
def test_a_bad_filter_is_a_400_saying_why(people, query, field, words):
    response = client_as().get(f"/api/v1/updates/?{query}")
    assert response.status_code == 400
    assert field in response.json() and words in response.json()["detail"]


def _order(response) -> list[tuple[str, str]]:
    return [(update["period"], update["instrument"]) for update in response.json()["results"]]


def test_ordering(people):
    anonymous = client_as()
    default = _order(anonymous.get("/api/v1/updates/"))
    assert [label for label, _ in default] == ["2024-H2"] * 15 + ["2020-H1"] * 5  # newest period first
    assert default[:3] == [("2024-H2", "resolution 1/1"), ("2024-H2", "resolution 1/2"), ("2024-H2", "resolution 1/3")]
    assert default[14] == ("2024-H2", "resolution 2/10")  # the instruments' own order: 2/10 after 2/9
    oldest = _order(anonymous.get("/api/v1/updates/?ordering=period,instrument"))
    assert [label for label, _ in oldest] == ["2020-H1"] * 5 + ["2024-H2"] * 15
    assert oldest[0] == ("2020-H1", "resolution 1/2") and oldest[4] == ("2020-H1", "decision 1/3")
    reverse = _order(anonymous.get("/api/v1/updates/?period=2024-H2&ordering=-instrument"))
    assert reverse == list(reversed(default[:15]))


def test_pages(people):
    anonymous = client_as()
    first = anonymous.get("/api/v1/updates/?limit=7").json()
    assert first["count"] == 20 and len(first["results"]) == 7 and "offset=7" in first["next"]
    ids = [u["id"] for u in everything(anonymous, "/api/v1/updates/?limit=7")]
    assert ids == [u["id"] for u in anonymous.get("/api/v1/updates/").json()["results"]]
    assert anonymous.get("/api/v1/updates/?limit=5000").json()["count"] == 20  # capped at 1000 a page


def test_the_public_list_pages_by_the_kept_counts_as_by_counting(people, django_assert_max_num_queries):
    """The anonymous, unfiltered list takes each period's number of published updates from
    publish.PeriodActivity; a filter (here one that keeps every row) counts them: the same pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anonymous = client_as()
    for offset in (0, 3, 14, 16, 19, 20):
        kept = anonymous.get(f"/api/v1/updates/?limit=4&offset={offset}")
        counted = anonymous.get(f"/api/v1/updates/?limit=4&offset={offset}&state=published")
        assert kept.json()["count"] == counted.json()["count"] == 20
        assert [u["id"] for u in kept.json()["results"]] == [u["id"] for u in counted.json()["results"]]
    with CaptureQueriesContext(connection) as captured:
        anonymous.get("/api/v1/updates/?limit=4")
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


@pytest.mark.parametrize("address", ["/api/v1/updates/?period=2024-H2", "detail"])
def test_last_modified_and_not_modified(people, address):
    if address == "detail":
        address = f"/api/v1/updates/{published('resolution 2/6').pk}/"
    anonymous = client_as()
    response = anonymous.get(address)
    assert response.status_code == 200 and response["Last-Modified"].endswith("GMT")
    assert anonymous.get(address, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert anonymous.get(address, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_reading_an_update_takes_the_same_queries_however_many_paragraphs(people, django_assert_max_num_queries):
    anonymous = client_as()
    with django_assert_max_num_queries(12):
        assert anonymous.get(f"/api/v1/updates/{published('resolution 2/4').pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert anonymous.get("/api/v1/updates/?limit=1000").status_code == 200
