"""The shared page cache (restrack.publish.page_cache): anonymous readers of public pages, public
downloads and the API get stored answers, with no query, until an action changes what the public
sees; 304s without rendering; never for signed-in readers; no cookie of one reader reaches another.

Every test runs twice: with the default store (files, indexed by diskcache) and with a real Redis
(database 7 on 127.0.0.1:6379, flushed; skipped when Redis does not answer). Actions run inside
`django_capture_on_commit_callbacks(execute=True)`, so their events are sent as after a real commit.
"""

import gzip

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from restrack import config
from restrack.accounts.tests.factories import UserFactory
from restrack.publish import page_cache
from restrack.registry.models import Instrument
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory, UpdateEntryFactory

pytestmark = pytest.mark.django_db

INSTRUMENT_PAGE = "/en/resolutions/2/6/"
REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture(params=["files", "redis"])
def store(request, settings, tmp_path):
    """The page cache on, over an empty store of each kind."""
    url = None
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"Redis does not answer at {REDIS_URL}: start it to test the page cache on Redis")
        url = REDIS_URL
    settings.CACHES = {**settings.CACHES, "pages": config.cache(url, tmp_path, name="pages")}
    settings.RESTRACK_PAGE_CACHE = True
    page_cache.RECENT.clear()
    yield caches["pages"]
    caches["pages"].clear()
    page_cache.RECENT.clear()


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinator")


@pytest.fixture
def published(db):
    """Resolution 2/6 with one published update in the published period 2024-H2."""
    period = ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)
    update = ProgressUpdateFactory(period=period, workflow_state=WorkflowState.PUBLISHED)
    UpdateEntryFactory(update=update, text_en="UN-Habitat held a housing workshop in Nairobi.")
    return period


def get(client, path, **headers):
    """The answer, its body (a download's too) and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(queries)


# --- hits, misses, 304s --------------------------------------------------------------------------


def test_the_second_reader_gets_the_stored_page_without_a_query(store, published, client):
    first, body, queries = get(client, INSTRUMENT_PAGE)
    assert first.status_code == 200 and queries > 0
    assert b"housing workshop in Nairobi" in body
    again, cached, queries = get(Client(), INSTRUMENT_PAGE)
    assert again.status_code == 200 and queries == 0
    assert cached == body
    for name in ("Content-Type", "Content-Language", "ETag", "Last-Modified", "X-Frame-Options"):
        assert again[name] == first[name], name
    assert again["ETag"].startswith('W/"') and again["Cache-Control"] == "no-cache"
    assert again["X-Request-ID"] != first["X-Request-ID"]  # each answer its own request id
    assert int(again["Content-Length"]) == len(cached)


def test_every_language_and_query_has_its_own_entry_in_any_parameter_order(store, published, client):
    english = get(client, "/en/?kind=resolution&session=2")[1]
    chinese, chinese_body, _queries = get(client, "/zh-hans/?kind=resolution&session=2")
    assert chinese["Content-Language"] == "zh-hans" and chinese_body != english
    reordered, body, queries = get(client, "/en/?session=2&kind=resolution")
    assert queries == 0 and body == english
    assert get(client, "/en/?kind=decision")[2] > 0  # another query: rendered


def test_a_gzip_reader_gets_the_stored_compressed_body(store, published, client):
    body = get(client, INSTRUMENT_PAGE)[1]
    compressed, raw, queries = get(client, INSTRUMENT_PAGE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert queries == 0 and compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw) == body and len(raw) < len(body)
    assert "Accept-Encoding" in compressed["Vary"]
    assert not get(client, INSTRUMENT_PAGE)[0].has_header("Content-Encoding")


def test_head_gives_the_headers_without_the_body(store, published, client):
    body = get(client, INSTRUMENT_PAGE)[1]
    head = client.head(INSTRUMENT_PAGE)
    assert head.status_code == 200 and head.content == b"" and int(head["Content-Length"]) == len(body)


def test_if_none_match_and_if_modified_since_give_304_without_a_query(store, published, client):
    first = get(client, INSTRUMENT_PAGE)[0]
    for headers in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_NONE_MATCH": f'"other", {first["ETag"]}'},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        response, body, queries = get(client, INSTRUMENT_PAGE, **headers)
        assert (response.status_code, body, queries) == (304, b"", 0), headers
        assert response["ETag"] == first["ETag"]
    assert get(client, INSTRUMENT_PAGE, HTTP_IF_NONE_MATCH='"other"')[0].status_code == 200


def test_a_download_too_large_to_keep_still_gets_a_304_without_rendering(store, published, client, monkeypatch):
    monkeypatch.setattr(page_cache, "MAX_STORED_BYTES", 10)
    first, body, _queries = get(client, "/en/exports/instruments.csv")
    assert first.status_code == 200 and b"2/6" in body
    again, _body, queries = get(client, "/en/exports/instruments.csv")
    assert queries > 0  # not kept: rendered again
    assert again["ETag"] == first["ETag"]
    not_modified, _body, queries = get(client, "/en/exports/instruments.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (not_modified.status_code, queries) == (304, 0)


def test_downloads_are_stored_as_they_are_streamed(store, published, client):
    first, body, _queries = get(client, "/en/exports/instruments.csv")
    again, cached, queries = get(client, "/en/exports/instruments.csv")
    assert queries == 0 and cached == body
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_pages_outside_the_public_tracker_are_not_cached(store, published, client):
    for path in ("/en/accounts/login/", "/en/work/"):
        response = client.get(path)
        assert not response.get("ETag", "").startswith('W/"'), path


def test_switched_off_every_answer_is_rendered(store, published, client, settings):
    settings.RESTRACK_PAGE_CACHE = False
    get(client, INSTRUMENT_PAGE)
    response, _body, queries = get(client, INSTRUMENT_PAGE)
    assert queries > 0 and not response.has_header("ETag")


# --- what makes a page stale ---------------------------------------------------------------------


def test_writes_without_an_event_leave_the_stored_page(store, published, client):
    get(client, INSTRUMENT_PAGE)
    UpdateEntryFactory(update=published.updates.get(), text_en="A paragraph added behind the actions' back.")
    assert b"behind the actions" not in get(client, INSTRUMENT_PAGE)[1]


def test_publishing_a_period_renews_every_page(
    store, published, client, coordinator, django_capture_on_commit_callbacks
):
    from restrack.reporting.actions import publish_period

    period = ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)
    update = ProgressUpdateFactory(period=period, workflow_state=WorkflowState.APPROVED)
    UpdateEntryFactory(update=update, text_en="UN-Habitat trained planners in Kisumu.")
    before = get(client, INSTRUMENT_PAGE)[0]
    assert b"Kisumu" not in get(client, INSTRUMENT_PAGE)[1]
    with django_capture_on_commit_callbacks(execute=True):
        publish_period(period, acting_user=coordinator)
    after, body, queries = get(client, INSTRUMENT_PAGE)
    assert queries > 0 and b"Kisumu" in body
    assert after["ETag"] != before["ETag"]
    stale = get(client, INSTRUMENT_PAGE, HTTP_IF_NONE_MATCH=before["ETag"])[0]
    assert stale.status_code == 200


def test_recording_funding_renews_the_funding_page(
    store, published, client, coordinator, django_capture_on_commit_callbacks
):
    from restrack.funding.actions import record_funding

    assert b"1,858,000" not in get(client, "/en/funding/")[1]
    with django_capture_on_commit_callbacks(execute=True):
        record_funding(
            Instrument.objects.get(kind="resolution", number="2/6"),
            published,
            requirements_usd="1858000.55",
            acting_user=coordinator,
            reason="Made-up test figures",
        )
    assert b"1,858,000" in get(client, "/en/funding/")[1]


def test_a_registry_edit_renews_pages_and_api_answers(
    store, published, client, coordinator, django_capture_on_commit_callbacks
):
    from restrack.registry.actions import update_instrument

    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    get(client, INSTRUMENT_PAGE)
    get(client, "/api/v1/instruments/")
    with django_capture_on_commit_callbacks(execute=True):
        update_instrument(instrument, title_en="Adequate housing for all, revised", acting_user=coordinator)
    assert b"Adequate housing for all, revised" in get(client, INSTRUMENT_PAGE)[1]
    assert b"Adequate housing for all, revised" in get(client, "/api/v1/instruments/")[1]


def test_events_the_public_never_sees_leave_the_stored_pages(
    store, published, client, coordinator, django_capture_on_commit_callbacks
):
    from restrack.accounts.actions import issue_api_token

    get(client, INSTRUMENT_PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        issue_api_token(coordinator, acting_user=coordinator)
    assert get(client, INSTRUMENT_PAGE)[2] == 0


def test_clear_page_cache_renews_every_page(store, published, client):
    get(client, INSTRUMENT_PAGE)
    call_command("clear_page_cache")
    assert get(client, INSTRUMENT_PAGE)[2] > 0


# --- signed-in readers and cookies ---------------------------------------------------------------


def test_signed_in_readers_never_get_or_leave_a_stored_page(store, published, client, coordinator):
    signed_in = Client()
    signed_in.force_login(coordinator)
    theirs = get(signed_in, INSTRUMENT_PAGE)[1]
    assert b"Log out" in theirs
    public, body, queries = get(client, INSTRUMENT_PAGE)
    assert queries > 0 and b"Log out" not in body  # theirs was not stored
    response, body, queries = get(signed_in, INSTRUMENT_PAGE)
    assert queries > 0 and b"Log out" in body  # the stored one is not given to them
    assert not response.get("ETag", "").startswith('W/"')


def test_anonymous_pages_set_no_cookie_and_hold_no_csrf_token(store, published, client):
    for _ in range(2):
        response, body, _queries = get(client, INSTRUMENT_PAGE)
        assert not response.cookies and b"csrfmiddlewaretoken" not in body
    assert "csrftoken" not in client.cookies


def test_an_answer_that_sets_a_cookie_is_never_stored(store, published):
    """The browsable API renders a CSRF token into the page and sets its cookie: each reader gets
    their own, never the one another reader was given."""
    first, first_body, _queries = get(Client(), "/api/v1/instruments/", HTTP_ACCEPT="text/html")
    second, second_body, queries = get(Client(), "/api/v1/instruments/", HTTP_ACCEPT="text/html")
    assert first.cookies["csrftoken"].value and second.cookies["csrftoken"].value
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert queries > 0 and first_body != second_body
    assert not second.get("ETag", "").startswith('W/"')  # its body's hash, not the shared one


def test_a_reader_with_a_pending_message_gets_the_page_rendered(store, published, client):
    get(client, INSTRUMENT_PAGE)
    client.cookies["messages"] = "something for this reader"
    assert get(client, INSTRUMENT_PAGE)[2] > 0


# --- the API -------------------------------------------------------------------------------------


def test_api_answers_are_stored_with_the_api_middlewares_etag(store, published, client):
    first, body, _queries = get(client, "/api/v1/instruments/")
    assert first["ETag"].startswith('W/"') and first["API-Version"] == "1"
    again, cached, queries = get(client, "/api/v1/instruments/")
    assert queries == 0 and cached == body and again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]  # the records' own
    assert get(client, "/api/v1/instruments/", HTTP_IF_NONE_MATCH=first["ETag"])[0].status_code == 304


def test_api_languages_and_formats_have_their_own_entries(store, published, client):
    plain = get(client, "/api/v1/instruments/")[1]
    chosen = get(client, "/api/v1/instruments/?lang=zh-hans")[1]
    negotiated, negotiated_body, _queries = get(client, "/api/v1/instruments/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chosen != plain
    assert get(client, "/api/v1/instruments/", HTTP_ACCEPT_LANGUAGE="zh-hans")[1] == negotiated_body
    client.cookies["django_language"] = "zh-hans"
    assert get(client, "/api/v1/instruments/")[1] == negotiated_body
    assert get(Client(), "/api/v1/instruments/")[1] == plain


def test_token_clients_are_never_served_from_the_cache(store, published, client, coordinator):
    from rest_framework.authtoken.models import Token

    from restrack.accounts.actions import issue_api_token

    issue_api_token(coordinator, acting_user=coordinator)
    get(client, "/api/v1/instruments/")
    key = Token.objects.get(user=coordinator).key
    response, _body, queries = get(client, "/api/v1/instruments/", HTTP_AUTHORIZATION=f"Token {key}")
    assert queries > 0 and not response["ETag"].startswith('W/"')


def test_an_unreachable_cache_leaves_pages_rendered(published, client, settings, tmp_path):
    settings.CACHES = {**settings.CACHES, "pages": config.cache("redis://127.0.0.1:1/0", tmp_path, name="pages")}
    settings.RESTRACK_PAGE_CACHE = True
    response, body, queries = get(client, INSTRUMENT_PAGE)
    assert response.status_code == 200 and b"housing workshop" in body and queries > 0


def test_searches_are_kept_until_the_search_index_is_rewritten(
    store, published, client, django_capture_on_commit_callbacks
):
    """A worker may rewrite the search index after the change's event: rewriting it starts a new
    generation, so a search answered from the old index is not served after."""
    from restrack.search import index

    paths = ("/en/search/?q=housing", "/api/v1/search/?q=housing")
    for path in paths:
        get(client, path)
        response, _body, queries = get(client, path)
        assert response.status_code == 200 and queries == 0, path
        assert response["ETag"].startswith('W/"'), path
    with django_capture_on_commit_callbacks(execute=True):
        index.reindex({"instrument": [Instrument.objects.get(kind="resolution", number="2/6").pk]})
    for path in paths:
        response, _body, queries = get(client, path)
        assert response.status_code == 200 and queries > 0, path


def test_the_follow_form_is_stored_like_any_public_page(store, published, client):
    """It carries no CSRF token (restrack.core.cross_origin protects its post), so it is the same for
    every visitor."""
    path = "/en/follow/?instrument=resolution-2-6"
    first, body, queries = get(client, path)
    assert first.status_code == 200 and queries > 0 and b"csrfmiddlewaretoken" not in body
    again, cached, queries = get(Client(), path)
    assert queries == 0 and cached == body and not again.cookies
