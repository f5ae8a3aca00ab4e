"""The data cache (restrack.publish.memo and `{% shared %}`): what several answers share is computed
once per public generation, answers are the same with it as without it, in each language, and a
public change (an action's committed event) makes every kept part stale.

With the page cache off, so that every answer is rendered; each test runs over the file store and
over a real Redis (database 8 on 127.0.0.1:6379, skipped when Redis does not answer)."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack import config
from restrack.publish import memo, page_cache

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/8"
PAGES = [
    "/en/",
    "/en/?sort=gap&descending=on",
    "/en/funding/",
    "/en/funding/under-funded/",
    "/en/funding/trend/",
    "/en/funding/window/",
    "/en/funding/window/?c_per_page=1&c_page=2&a_sort=amount",
    "/en/funding/instruments/?sort=gap",
    "/en/funding/under-funded/?gap_per_page=2&gap_page=2",
    "/en/funding/mandates/",
    "/en/funding/mandates/?sort=gap&per_page=1&page=2",
    "/en/periods/2024-H2/",
    "/en/periods/2024-H2/?sort=paragraphs&reported=yes",
    "/en/periods/compare/",
    "/en/periods/compare/?change=funding",
    "/en/partners/",
    "/en/partners/?sort=code&per_page=2&page=2",
    "/en/partners/UNICEF/?per_page=1&page=2",
    "/en/mandates/",
    "/en/mandates/?reported=never&per_page=2&page=2",
    "/zh-hans/mandates/overlaps/",
    "/zh-hans/",
    "/zh-hans/funding/",
    "/en/resolutions/1/2/",
    "/en/resolutions/1/2/?period=2024-H2&per_page=2&page=2",
    "/en/resolutions/1/2/?period=2024-H2&per_page=3&page=2",
    "/zh-hans/resolutions/2/6/",
    "/en/feed/",
    "/zh-hans/periods/2024-H2/feed/",
    "/en/partners/UNODC/feed/",
    "/en/embed/",
    "/en/search/?q=住房",
    "/api/v1/search/?q=住房&limit=3",
    "/api/v1/search/?q=housing&kind=paragraph&language=en",
    "/zh-hans/search/?q=housing&kind=paragraph&page=2",
    "/api/v1/period-changes/?limit=2",
    "/api/v1/period-changes/?period=2024-H2&change=funding",
    "/api/v1/operative-paragraphs/?limit=5&offset=3",
    "/api/v1/commitments/?limit=2",
    "/api/v1/partners/?limit=3&ordering=-code",
    "/api/v1/instruments/?limit=4&lang=zh-hans",
]


@pytest.fixture(params=["files", "redis"])
def data_cache(request, settings, tmp_path):
    url = None
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"Redis does not answer at {REDIS_URL}: start it to test the data cache on Redis")
        url = REDIS_URL
    settings.CACHES = {**settings.CACHES, "pages": config.cache(url, tmp_path, name="pages")}
    settings.RESTRACK_DATA_CACHE = True
    yield caches["pages"]
    caches["pages"].clear()


def render(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode(), len(queries)


def totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-total="([a-z-]+)"><span title="([^"]+)"', html))


def test_remember_computes_once_per_generation(data_cache):
    calls = []

    def compute():
        calls.append(1)
        return {"answer": len(calls)}

    assert memo.remember("test", ("a",), compute) == {"answer": 1}
    assert memo.remember("test", ("a",), compute) == {"answer": 1}
    assert memo.remember("test", ("b",), compute) == {"answer": 2}  # another `vary`: its own value
    page_cache.forget_all("a test")
    assert memo.remember("test", ("a",), compute) == {"answer": 3}
    assert len(calls) == 3


def test_with_the_data_cache_off_everything_is_computed(settings):
    settings.RESTRACK_DATA_CACHE = False
    calls = []
    for _ in range(2):
        memo.remember("test", (), lambda: calls.append(1))
    assert len(calls) == 2


def test_answers_are_the_same_with_and_without_it_cold_and_warm(client, published_funding, settings, data_cache):
    settings.RESTRACK_DATA_CACHE = False
    expected = {path: render(client, path)[0] for path in PAGES}
    settings.RESTRACK_DATA_CACHE = True
    for attempt in ("cold", "warm"):
        for path in PAGES:
            assert render(client, path)[0] == expected[path], (attempt, path)


def test_other_sorts_and_pages_share_the_totals_and_charts(client, published_funding, data_cache):
    first, cold = render(client, "/en/")
    other, warm = render(client, "/en/?sort=gap&descending=on")
    assert warm < cold  # the aggregates were not computed again
    assert totals(other) == totals(first) and totals(first)["requirements"] == "$2,358,000.55"
    assert other.index('id="by-session"') and 'id="gap-data"' in other
    # A filter is another set of figures, computed for it.
    filtered = render(client, "/en/?funding=under_funded")[0]
    assert totals(filtered)["requirements"] == "$1,858,000.55"


def test_a_public_change_makes_every_kept_part_stale(
    client, published_funding, data_cache, django_capture_on_commit_callbacks
):
    from restrack.publish.tests.test_dashboard import record

    render(client, "/en/")
    render(client, "/en/funding/")
    with django_capture_on_commit_callbacks(execute=True):
        record("resolution 2/6", "2024-H2", requirements_usd="2858000.55")
    assert totals(render(client, "/en/?sort=gap")[0])["requirements"] == "$3,358,000.55"
    assert totals(render(client, "/en/funding/?sort=gap")[0])["requirements"] == "$3,358,000.55"


def test_a_period_s_changes_are_counted_once_per_generation(client, published_funding, data_cache):
    import json

    first, cold = render(client, "/api/v1/period-changes/?limit=2")
    second, warm = render(client, "/api/v1/period-changes/?limit=2&offset=2")
    assert warm == cold - 1  # the count, kept
    assert json.loads(first)["count"] == json.loads(second)["count"] > 2
    new = json.loads(render(client, "/api/v1/period-changes/?limit=2&change=new")[0])  # another list: its own count
    assert 0 < new["count"] < json.loads(first)["count"] and len(new["results"]) == min(2, new["count"])


def test_anonymous_api_lists_keep_their_counts_until_a_public_change(
    client, published_funding, data_cache, django_capture_on_commit_callbacks
):
    import datetime
    import json

    from restrack.accounts.tests.factories import UserFactory
    from restrack.funding.actions import record_contribution

    path = "/api/v1/funding/window/contributions/?limit=1"
    first, cold = render(client, path)
    second, warm = render(client, path + "&offset=1")
    assert warm == cold - 1  # the count, kept
    count = json.loads(first)["count"]
    assert json.loads(second)["count"] == count
    coordinator = UserFactory(role="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        record_contribution(
            acting_user=coordinator, donor="Made-up donor", received_on=datetime.date(2024, 3, 1), amount="10.00"
        )
    assert json.loads(render(client, path)[0])["count"] == count + 1  # the public change: counted again
    client.force_login(coordinator)
    for _ in range(2):  # signed in: counted on each request (drafts change without a public change)
        with CaptureQueriesContext(connection) as queries:
            assert json.loads(client.get(path).content)["count"] == count + 1
        assert any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_signed_in_readers_share_the_public_parts(client, published_funding, data_cache):
    from restrack.accounts.tests.factories import UserFactory

    render(client, "/en/funding/")
    client.force_login(UserFactory(role="coordinator"))
    html, queries = render(client, "/en/funding/")
    assert totals(html)["requirements"] == "$2,358,000.55"


def test_a_cache_that_does_not_answer_computes_everything(client, published_funding, settings, caplog):
    settings.CACHES = {**settings.CACHES, "pages": config.cache("redis://127.0.0.1:1/0", None, name="pages")}
    settings.RESTRACK_DATA_CACHE = True
    html, _queries = render(client, "/en/")
    assert totals(html)["requirements"] == "$2,358,000.55"
    assert "Data cache skipped" in caplog.text
