"""Links in e-mails name the address people reach the server at: RESTRACK_SITE_URL when set;
otherwise the address the request came to, or the host and port `restrack serve` binds."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory

from restrack import config
from restrack.core.site import SiteUrlMiddleware, absolute_url, site_url


def answered_under(request):
    return SiteUrlMiddleware(lambda request: absolute_url("/en/work/updates/1/"))(request)


def test_a_request_driven_link_uses_the_requests_address(settings):
    settings.SITE_URL_FROM_ENVIRONMENT = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8123")
    assert answered_under(request) == "http://127.0.0.1:8123/en/work/updates/1/"
    assert site_url() == "http://127.0.0.1:8000"  # outside the request: the served address


def test_an_explicit_site_url_always_wins(settings):
    settings.SITE_URL_FROM_ENVIRONMENT = True
    settings.SITE_URL = "https://tracker.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/", HTTP_HOST="10.0.0.5:8123")
    assert answered_under(request) == "https://tracker.example.org/en/work/updates/1/"


def test_a_host_not_allowed_falls_back_to_the_setting(settings):
    settings.SITE_URL_FROM_ENVIRONMENT = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    request = RequestFactory().get("/", HTTP_HOST="evil.example.com")
    assert answered_under(request) == "http://127.0.0.1:8000/en/work/updates/1/"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "http://127.0.0.1:8000"),
        ("", "http://127.0.0.1:8000"),
        ("https://tracker.example.org/", "https://tracker.example.org"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ],
)
def test_site_url_setting(raw, expected):
    assert config.site_url(raw) == expected


@pytest.mark.parametrize("raw", ["tracker.example.org", "ftp://x.org", "https://x.org/?a=1"])
def test_a_site_url_that_is_not_an_address_is_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="scheme, host and port"):
        config.site_url(raw)


def test_served_at_names_the_bound_host_and_port():
    assert config.served_at("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert config.served_at("::1", 9000) == "http://[::1]:9000"
    assert not config.served_at("0.0.0.0", 8000).startswith("http://0.0.0.0")


@pytest.mark.django_db
def test_serve_makes_links_name_its_port(settings, monkeypatch, tmp_path):
    from gunicorn.app.base import BaseApplication

    ran = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: ran.append(self.cfg.bind))
    settings.SITE_URL_FROM_ENVIRONMENT = False
    settings.VAR_DIR = tmp_path
    call_command("serve", "--port", "8123", "--no-collectstatic", stdout=open("/dev/null", "w"))
    assert ran == [["127.0.0.1:8123"]]
    assert site_url() == "http://127.0.0.1:8123"
    assert absolute_url("/en/") == "http://127.0.0.1:8123/en/"
    # Another command (reminders sent by cron) started later finds the address the server binds.
    assert config.site_url(None, tmp_path) == "http://127.0.0.1:8123"
    assert config.site_url("https://tracker.example.org", tmp_path) == "https://tracker.example.org"


@pytest.mark.django_db
def test_serve_leaves_an_explicit_site_url(settings, monkeypatch, tmp_path):
    from gunicorn.app.base import BaseApplication

    monkeypatch.setattr(BaseApplication, "run", lambda self: None)
    settings.SITE_URL_FROM_ENVIRONMENT = True
    settings.SITE_URL = "https://tracker.example.org"
    settings.VAR_DIR = tmp_path
    call_command("serve", "--port", "8123", "--no-collectstatic", stdout=open("/dev/null", "w"))
    assert site_url() == "https://tracker.example.org"
    assert not (tmp_path / config.SERVED_AT_FILE).exists()
