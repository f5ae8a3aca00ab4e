"""Security headers (docs/deploying.md#security-headers): the Content-Security-Policy of every kind
of page (restrack.core.csp), what the pages hold that it would refuse, and HTTPS (HSTS, the
redirect) only with RESTRACK_HTTPS=on, checked as `restrack check --deploy` sees the production
settings."""

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from restrack.core.csp import DOCUMENT_POLICY, RestrackCSPMiddleware

RESTRACK = str(Path(sys.executable).with_name("restrack"))
NONCE = re.compile(r"'nonce-([^']+)'")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

# Every kind of public page (the tracker's, with the samples), in the three filled languages.
PUBLIC_PAGES = [
    "/en/",
    "/en/periods/",
    "/en/periods/2024-H2/",
    "/en/periods/compare/",
    "/en/funding/",
    "/en/funding/window/",
    "/en/partners/",
    "/en/partners/UNICEF/",
    "/en/resolutions/2/8/",
    "/en/search/?q=housing",
    "/zh-hans/funding/",
    "/ar/",
    "/en/accounts/login/",
    "/en/accounts/password/reset/",
]
# Pages others wrote: styles may be inline there, scripts no more than anywhere else.
THIRD_PARTY_PAGES = ["/api/docs/", "/api/redoc/", "/api/v1/instruments/?format=api", "/admin/login/"]


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class InlineCode(HTMLParser):
    """What in a page the policy governs: inline scripts, event handler attributes, <style> elements
    and style="" attributes, and the nonces they carry."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.style_elements, self.style_attributes, self.nonces = [], [], [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        where = f"<{tag}{' id=' + attrs['id'] if attrs.get('id') else ''}>"
        if attrs.get("nonce"):
            self.nonces.append(attrs["nonce"])
        self.handlers += [f"{where} {name}=" for name in attrs if name.startswith("on")]
        if "style" in attrs:
            self.style_attributes.append(f"{where} style={attrs['style']!r}")
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.scripts.append((where, attrs.get("nonce")))
        if tag == "style":
            self.style_elements.append((where, attrs.get("nonce")))


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    return parser


def check_page(response, *, inline_styles_allowed: bool = False) -> dict[str, list[str]]:
    """The page's policy and content against the rules; {directives} for further checks."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    header = response["Content-Security-Policy"]
    directives = policy(header)
    script_src = directives["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, header
    assert set(script_src) - {"'self'"} <= {f"'nonce-{nonce}'" for nonce in NONCE.findall(header)}, header
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]
    if not inline_styles_allowed:
        assert directives["style-src"] == ["'self'"], header

    page = inline_code(response.content.decode())
    header_nonces = set(NONCE.findall(header))
    assert set(page.nonces) <= header_nonces, f"nonces {page.nonces} not in the header {header}"
    assert not [where for where, nonce in page.scripts if nonce not in header_nonces], page.scripts
    assert page.handlers == []
    if not inline_styles_allowed:
        assert page.style_attributes == [] and page.style_elements == []
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_run_only_the_sites_own_files(client, samples, path):
    response = client.get(path)
    check_page(response)
    # Public pages are stored whole by the page cache and given to every reader: no nonce.
    assert "nonce" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_working_pages_of_a_signed_in_person(client, samples):
    from restrack.accounts.tests.factories import UserFactory
    from restrack.reporting.models import ProgressUpdate

    client.force_login(UserFactory(role="coordinator"))
    update = ProgressUpdate.objects.order_by("pk").first()
    for path in ["/en/work/", "/en/work/periods/2024-H2/", f"/en/work/updates/{update.pk}/", "/en/accounts/token/"]:
        check_page(client.get(path))


@pytest.mark.django_db
def test_the_update_editor_of_a_focal_point(client, samples):
    """The page with the most script (htmx, the editor): as its focal point drafts."""
    from restrack.reporting.actions import open_period
    from restrack.reporting.tests.conftest import draft_of, load_samples_and_people, make_period

    people = load_samples_and_people()
    period = make_period(people)
    open_period(period, acting_user=people["coordinator"])
    client.force_login(people["focal"])
    response = client.get(f"/en/work/updates/{draft_of(period, 'resolution 2/6').pk}/")
    check_page(response)
    html = response.content.decode()
    assert "htmx.min.js" in html and "editor.js" in html
    # htmx writes no <style> of its own and evaluates no attribute: both would be refused.
    config = re.search(r"""<meta name="htmx-config" content='([^']+)'>""", html)
    # nor copies a swapped element's style attribute (htmx's settling, refused as an inline style)
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "attributesToSettle": ["class", "width", "height"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", THIRD_PARTY_PAGES)
def test_pages_others_wrote_keep_scripts_strict(client, path):
    directives = check_page(client.get(path), inline_styles_allowed=True)
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.django_db
def test_swagger_ui_starts_from_a_script_of_its_own(client):
    html = client.get("/api/docs/").content.decode()
    start = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', html)
    assert start, "the page names no start-up script"
    script = client.get(start.group(1).replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_a_nonce_is_sent_only_with_the_page_that_uses_it():
    def uses_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    def uses_none(request):
        return HttpResponse("<p>no script</p>")

    factory = RequestFactory()
    response = RestrackCSPMiddleware(uses_nonce)(factory.get("/en/"))
    (nonce,) = NONCE.findall(response["Content-Security-Policy"])
    assert inline_code(response.content.decode()).nonces == [nonce]
    again = RestrackCSPMiddleware(uses_nonce)(factory.get("/en/"))
    assert NONCE.findall(again["Content-Security-Policy"]) != [nonce]  # a new one for each answer
    assert "nonce" not in RestrackCSPMiddleware(uses_none)(factory.get("/en/"))["Content-Security-Policy"]


def test_an_html_file_runs_no_script_and_may_be_framed_by_the_site():
    """The Executive Director's report as HTML, in the preview's frame or downloaded."""

    def document(request):
        response = HttpResponse("<style>p{}</style><p>report</p>", content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="report.html"'
        return response

    directives = policy(RestrackCSPMiddleware(document)(RequestFactory().get("/en/work/x/"))["Content-Security-Policy"])
    assert directives["script-src"] == ["'none'"] and directives["default-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"] and directives["form-action"] == ["'none'"]
    assert directives == {name: sources for name, sources in DOCUMENT_POLICY.items() if sources}


@pytest.mark.django_db
def test_the_report_preview_frame_gets_the_document_policy(client, samples):
    from restrack.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(role="coordinator"))
    response = client.get(
        "/en/work/periods/2024-H2/report.html?language=zh&symbol=HSP/EB.2024/20&agenda_item=6&inline=1"
    )
    assert response.status_code == 200, response.content[:500]
    directives = policy(response["Content-Security-Policy"])
    assert directives["script-src"] == ["'none'"] and directives["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert inline_code(response.content.decode()).scripts == []


@pytest.mark.django_db
def test_report_only_sends_the_same_policy_without_enforcing_it(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/en/accounts/login/")
    assert not response.has_header("Content-Security-Policy")
    assert policy(response["Content-Security-Policy-Report-Only"])["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_cached_public_pages_carry_the_policy(client, settings, samples, tmp_path):
    from restrack import config

    settings.CACHES = {**settings.CACHES, "pages": config.cache("locmem://", tmp_path, name="pages")}
    settings.RESTRACK_PAGE_CACHE = True
    first, second = Client().get("/en/partners/"), Client().get("/en/partners/")
    assert first.content == second.content
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    check_page(second)


@pytest.mark.django_db
def test_other_headers_on_every_page(client):
    response = client.get("/en/accounts/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# --- HTTPS ---------------------------------------------------------------------------------------


def settings_in_a_process(**environment) -> dict:
    """The security settings as restrack.settings reads them from this environment."""
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
        "SILENCED_SYSTEM_CHECKS",
    ]
    code = (
        "import json; from django.conf import settings; import django; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RESTRACK_HTTPS", "RESTRACK_HSTS", "RESTRACK_SSL", "RESTRACK_CSP"))
    }
    env.update(DJANGO_SETTINGS_MODULE="restrack.settings", **environment)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.subprocess
def test_https_settings_follow_restrack_https():
    plain = settings_in_a_process()
    assert not plain["SECURE_SSL_REDIRECT"] and not plain["SECURE_HSTS_SECONDS"] and not plain["SESSION_COOKIE_SECURE"]
    secure = settings_in_a_process(RESTRACK_HTTPS="on")
    assert secure["SECURE_SSL_REDIRECT"] is True and secure["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert secure["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False and secure["SESSION_COOKIE_SECURE"] is True
    chosen = settings_in_a_process(
        RESTRACK_HTTPS="on", RESTRACK_HSTS_SECONDS="600", RESTRACK_HSTS_INCLUDE_SUBDOMAINS="on"
    )
    assert chosen["SECURE_HSTS_SECONDS"] == 600 and chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert secure["SILENCED_SYSTEM_CHECKS"] == ["security.W005", "security.W021"]  # the domain owner's choice
    # what the proxy does itself, turned off here: its warning too
    behind = settings_in_a_process(RESTRACK_HTTPS="on", RESTRACK_SSL_REDIRECT="off", RESTRACK_HSTS_SECONDS="0")
    assert behind["SECURE_SSL_REDIRECT"] is False and behind["SECURE_HSTS_SECONDS"] == 0
    assert {"security.W004", "security.W008"} <= set(behind["SILENCED_SYSTEM_CHECKS"])
    report_only = settings_in_a_process(
        RESTRACK_CSP_REPORT_ONLY="on", RESTRACK_CSP_REPORT_URI="https://csp.example.org/r"
    )
    assert report_only["CONTENT_SECURITY_POLICY"] is None
    assert report_only["CONTENT_SECURITY_POLICY_REPORT_ONLY"]["DIRECTIVES"]["report-uri"] == [
        "https://csp.example.org/r"
    ]


@pytest.mark.subprocess
def test_a_wrong_hsts_value_is_refused_with_its_name():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "restrack.settings", "RESTRACK_HTTPS": "on"}
    env["RESTRACK_HSTS_SECONDS"] = "a year"
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "RESTRACK_HSTS_SECONDS='a year' is not a whole number" in result.stderr


@pytest.mark.django_db
def test_without_https_no_redirect_and_no_hsts(client):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200 and not response.has_header("Strict-Transport-Security")


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_with_https_plain_http_is_redirected_and_https_pinned(client):
    plain = client.get("/en/accounts/login/?next=/en/work/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/en/accounts/login/?next=/en/work/"
    proxied = client.get("/en/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000"
    assert "Content-Security-Policy" in proxied


@pytest.mark.subprocess
def test_check_deploy_with_the_production_settings_warns_of_nothing(tmp_path):
    """The settings docs/deploying.md gives for production."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESTRACK_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'restrack.sqlite3'}",
        RESTRACK_VAR_DIR=str(tmp_path / "var"),
        RESTRACK_SECRET_KEY=secrets.token_urlsafe(50),
        RESTRACK_ALLOWED_HOSTS="tracker.example.org",
        RESTRACK_HTTPS="on",
        RESTRACK_CSRF_TRUSTED_ORIGINS="https://tracker.example.org",
        RESTRACK_DEBUG="off",
    )
    result = subprocess.run(
        [RESTRACK, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
