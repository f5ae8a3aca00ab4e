"""GET /api/v1/operative-paragraphs/, /partners/ and /documents/: public, filtered, paged."""

import pytest

from restrack.registry.models import Partner
from restrack.registry.tests.api_helpers import anonymous, assert_cached, get_json, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["anonymous", "signed_in"])
def client(request, db):
    return anonymous() if request.param == "anonymous" else signed_in()


# Operative paragraphs ---------------------------------------------------------------------------


def test_paragraphs_of_one_instrument(client, samples):
    for name in ("resolution-2-6", "resolution%202/6"):
        paragraphs = get_json(client, f"/api/v1/operative-paragraphs/?instrument={name}")["results"]
        assert [(p["instrument"], p["number"], p["parent"]) for p in paragraphs] == [
            ("resolution-2-6", "2", None),
            ("resolution-2-6", "2(a)", "2"),
            ("resolution-2-6", "4", None),
            ("resolution-2-6", "4(a)", "4"),
        ]
    assert set(paragraphs[0]) == {
        "id",
        "instrument",
        "number",
        "parent",
        "text",
        "order",
        "action",
        "addressee",
        "is_mandate",
        "deliverable",
        "url",
    }
    assert get_json(client, paragraphs[1]["url"])["number"] == "2(a)"
    assert isinstance(get_json(client, paragraphs[1]["url"] + "?lang=zh-hans")["text"], str)
    assert set(get_json(client, paragraphs[1]["url"])["text"]) >= {"en", "zh-hans"}


def test_paragraphs_bad_instrument_pages_and_cache(client, samples):
    body = get_json(client, "/api/v1/operative-paragraphs/?instrument=resolution-9-9", status=400)
    assert "instrument" in body and body["detail"]
    first = get_json(client, "/api/v1/operative-paragraphs/?limit=1&ordering=order")
    assert first["count"] >= 4 and len(first["results"]) == 1 and first["next"]
    assert_cached(client, "/api/v1/operative-paragraphs/?instrument=resolution-2-6")


# Partners ---------------------------------------------------------------------------------------


def test_partners_with_their_published_mentions(client, samples):
    partners = get_json(client, "/api/v1/partners/?limit=1000")["results"]
    codes = [p["code"] for p in partners]
    # In code order as the database collates (PostgreSQL's ICU collation ignores case; SQLite's does not).
    in_code_order = list(Partner.objects.filter(is_self=False).order_by("code").values_list("code", flat=True))
    assert codes == in_code_order and "UN-Habitat" not in codes
    unicef = get_json(client, "/api/v1/partners/UNICEF/")
    assert set(unicef) == {"code", "kind", "name", "short_name", "website", "aliases", "mentions", "instruments", "url"}
    assert unicef["kind"] == "un_entity" and unicef["mentions"] == 3 and unicef["instruments"] == 2
    assert {"language": "zh-hans", "text": "儿基会"} in unicef["aliases"]
    assert get_json(client, "/api/v1/partners/UNICEF/?lang=zh-hans")["name"] == "联合国儿童基金会"
    assert client.get("/api/v1/partners/NOBODY/").status_code == 404


def test_self_is_not_a_partner(client, samples):
    from restrack.registry.models import Partner

    self_code = Partner.objects.filter(is_self=True).values_list("code", flat=True).first()
    if self_code:
        assert client.get(f"/api/v1/partners/{self_code}/").status_code == 404


def test_unpublished_paragraphs_do_not_count(client, samples):
    from restrack.publish import partner_counts
    from restrack.reporting.models import ProgressUpdate

    ProgressUpdate.objects.filter(entries__partners__code="UNICEF").update(workflow_state="draft")
    partner_counts.rebuild()  # a bulk write sends no signals: the kept counts are rebuilt, as after a bulk load
    assert get_json(client, "/api/v1/partners/UNICEF/")["mentions"] == 0


def test_partner_filters_ordering_and_pages(client, samples):
    by_mentions = get_json(client, "/api/v1/partners/?ordering=-mentions&limit=1000")["results"]
    mentions = [p["mentions"] for p in by_mentions]
    assert mentions == sorted(mentions, reverse=True)
    kinds = {p["kind"] for p in get_json(client, "/api/v1/partners/?kind=un_entity&limit=1000")["results"]}
    assert kinds == {"un_entity"}
    body = get_json(client, "/api/v1/partners/?kind=friends", status=400)
    assert "friends" in body["detail"]
    page = get_json(client, "/api/v1/partners/?limit=5&offset=5")
    assert len(page["results"]) == 5 and page["previous"]
    assert_cached(client, "/api/v1/partners/?kind=un_entity")
    assert_cached(client, "/api/v1/partners/UNICEF/")


# Documents --------------------------------------------------------------------------------------


def test_documents_with_versions_and_sessions(client, samples):
    documents = get_json(client, "/api/v1/documents/")["results"]
    report = next(d for d in documents if d["symbol"] == "HSP/EB.2024/20")
    assert set(report) == {
        "id",
        "symbol",
        "kind",
        "title",
        "date",
        "session",
        "agenda_item",
        "agenda_item_title",
        "agenda_symbol",
        "original_language",
        "versions",
        "url",
    }
    assert report["session"]["code"] == "2024-2" and report["agenda_symbol"] == "HSP/EB.2024/14"
    assert report["versions"] == [{"language": "zh-hans", "file_name": "zh-HSP-EB.2024-20.txt"}]
    assert report["title"]["zh-hans"] == "联合国人居大会通过的所有决议的执行情况"
    assert (
        get_json(client, report["url"] + "?lang=zh-hans")["agenda_item_title"]
        == "执行主任介绍人居大会通过的所有决议的执行情况"
    )


@pytest.mark.parametrize(
    ("query", "symbols"),
    [
        ("symbol=hsp/eb.2024/20", ["HSP/EB.2024/20"]),
        ("session=2024-2", ["HSP/EB.2024/20"]),
        ("session=2020-1", [None]),
        ("kind=agenda", []),
    ],
)
def test_document_filters(client, samples, query, symbols):
    assert [d["symbol"] for d in get_json(client, f"/api/v1/documents/?{query}")["results"]] == symbols


def test_document_bad_filters_pages_and_cache(client, samples):
    assert "kind" in get_json(client, "/api/v1/documents/?kind=memo", status=400)
    assert "session" in get_json(client, "/api/v1/documents/?session=2099-9", status=400)
    ordered = [d["symbol"] for d in get_json(client, "/api/v1/documents/?ordering=symbol")["results"]]
    assert ordered[-1] == "HSP/EB.2024/20" or ordered[0] == "HSP/EB.2024/20"
    page = get_json(client, "/api/v1/documents/?limit=1")
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    assert_cached(client, "/api/v1/documents/")
