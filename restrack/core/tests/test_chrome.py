"""What every page shares: the links of the header and footer, the favicon, the answers to
refused requests (a 400 or 413 in the site's layout and language, JSON on /api/) and how they are
logged (one line, no traceback)."""

import logging
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.icons = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.hrefs.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "icon":
            self.icons.append(attrs["href"])


def chrome_links(client, path="/en/"):
    """The links of the page's header and footer (base.html), not of its content."""
    html = client.get(path).content.decode()
    chrome = re.sub(r'<main id="content".*?</main>', "", html, flags=re.S)
    parser = Links()
    parser.feed(chrome)
    return parser


@pytest.mark.parametrize("role", [None, "viewer", "coordinator"])
@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_every_link_of_the_layout_answers(role, language):
    from restrack.accounts.tests.factories import UserFactory

    client = Client()
    if role:
        client.force_login(UserFactory(role=role))
    parser = chrome_links(client, f"/{language}/")
    assert len(parser.hrefs) >= 6
    broken = []
    for href in dict.fromkeys(parser.hrefs):
        if href == "#content":
            continue
        status = client.get(href).status_code
        if status != 200:
            broken.append(f"{href}: {status}")
    assert not broken, broken


def test_the_footer_links_the_api_documentation():
    parser = chrome_links(Client())
    assert "/api/docs/" in parser.hrefs
    assert "/api/instruments/" not in parser.hrefs


def test_favicon_is_linked_and_served():
    client = Client()
    parser = chrome_links(client)
    assert parser.icons and parser.icons[0].endswith("core/favicon.svg")
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/vnd.microsoft.icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in icon["Cache-Control"]


def test_a_refusal_is_logged_on_one_line(caplog):
    from restrack.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(role="viewer"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/en/work/funding/")
    assert response.status_code == 403
    records = [record for record in caplog.records if getattr(record, "status_code", None) == 403]
    assert len(records) == 1
    # The console handler's filter has dropped the traceback Django attached, and kept the reason.
    assert records[0].exc_info is None
    line = logging.Formatter("%(message)s").format(records[0])
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("Forbidden (Permission denied): /en/work/funding/ (Only coordinators")


def test_the_filter_drops_a_refusals_traceback():
    import sys

    from django.core.exceptions import PermissionDenied

    from restrack.core.logs import OneLineRefusals

    try:
        raise PermissionDenied("Only 50% of you may.")
    except PermissionDenied:
        record = logging.LogRecord("django.request", 30, __file__, 1, "Forbidden: %s", ("/x/",), sys.exc_info())
    record.status_code = 403
    assert OneLineRefusals().filter(record)
    assert record.exc_info is None
    assert logging.Formatter("%(message)s").format(record) == "Forbidden: /x/ (Only 50% of you may.)"


def test_the_console_handler_has_the_filter():
    from django.conf import settings

    assert "one_line_refusals" in settings.LOGGING["handlers"]["console"]["filters"]


def test_a_server_error_keeps_its_traceback():
    from restrack.core.logs import OneLineRefusals

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/",), sys.exc_info()
        )
    record.status_code = 500
    OneLineRefusals().filter(record)
    assert record.exc_info


TEN_MB = "x" * (10 * 2**20)


@pytest.mark.parametrize(
    ("language", "limit", "sent"),
    [
        ("en", "a form may hold at most 2.5 MB", "This request sent 10 MB"),
        ("zh-hans", "一个表单最多可容纳 2.5 MB", "本次请求发送了 10 MB"),
        ("ar", "2.5 ميغابايت", "أرسل هذا الطلب 10 ميغابايت"),
    ],
)
def test_a_huge_paste_gets_a_page_saying_the_limit(language, limit, sent):
    from restrack.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(role="coordinator"))
    body = urlencode({"username": "x", "password": TEN_MB})  # as a browser sends a form
    response = client.post(f"/{language}/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "Connection" not in response  # the body was read and thrown away: the browser shows the page
    html = response.content.decode().replace("\u2068", "").replace("\u2069", "")  # Arabic isolates figures
    assert limit in html and sent in html
    assert 'class="navbar' in html  # in the site's layout
    assert "<h1>Bad Request (400)</h1>" not in html


def test_a_request_beyond_what_is_worth_reading_closes_the_connection(settings):
    from restrack.core import errors

    settings.RESTRACK_UPLOAD_MAX_MB = 1
    response = Client().post(
        "/en/accounts/login/",
        "x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=errors.DISCARD_AT_MOST + 1,
    )
    assert response.status_code == 413 and "Connection" not in response  # WSGI forbids hop-by-hop headers


def test_a_huge_text_field_in_a_form_with_files_is_found_as_it_is_read():
    response = Client().post("/en/accounts/login/", {"username": "x", "password": TEN_MB})  # multipart
    assert response.status_code == 413
    html = response.content.decode()
    assert "a form may hold at most 2.5 MB" in html and "This request sent 10 MB" in html


def test_a_huge_api_request_answers_json():
    client = Client()
    response = client.put("/api/v1/updates/1/", data='{"summary": "' + TEN_MB + '"}', content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The text sent is too large")


def test_too_many_fields_is_a_page_with_the_reason(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post("/en/accounts/login/", {f"f{i}": "1" for i in range(20)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 10" in html and 'class="navbar' in html


def test_an_upload_may_be_larger_than_a_form(settings):
    from restrack.core.errors import limits

    class Request:
        content_type = "multipart/form-data"

    assert limits(Request())[0] == settings.RESTRACK_UPLOAD_MAX_MB * 2**20 > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_static_files_are_compressed_with_brotli_at_quality_9():
    """Quality 11 (whitenoise's default) spent minutes of the first `make run` for a few per cent."""
    import brotli

    from restrack import settings  # the module: the suite's fixtures swap the storage for one without a manifest
    from restrack.core.static_storage import BROTLI_QUALITY, QuickCompressor, StaticFilesStorage

    assert settings.STORAGES["staticfiles"]["BACKEND"] == "restrack.core.static_storage.StaticFilesStorage"
    assert isinstance(StaticFilesStorage().create_compressor(extensions=None, quiet=True), QuickCompressor)
    data = b"Restrack " * 5000
    assert BROTLI_QUALITY == 9 and brotli.decompress(QuickCompressor.compress_brotli(data)) == data


def test_the_arabic_interface_is_offered_and_translated():
    english = Client().get("/en/").content.decode()
    assert 'hreflang="ar" href="/ar/"' in english
    html = Client().get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    for text in (
        "القرارات",
        "التمويل",
        "فترات الإبلاغ",
        "الشركاء",
        "انتقل إلى المحتوى",
        "البيانات المفتوحة (واجهة البرمجة)",
    ):
        assert text in html, text
    for english_text in ("Skip to content", "Reporting periods", "Open data (API)", "Search reports"):
        assert english_text not in html, english_text
