"""The API's documentation pages, Swagger UI at /api/docs/ and ReDoc at /api/redoc/, load only the
project's own static files (no CDN): checked in the HTML, in the static files, and in a real
browser that must list the operations without any request leaving the server."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from restrack.publish.tests.test_browser import CHROMIUM, chromium

PAGES = ["/api/docs/", "/api/redoc/"]
URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")
ABSOLUTE = re.compile(r"""https?://[^\s"'<>)]+""")


def static_references(html: str) -> list[str]:
    return [a or b for a, b in URL.findall(html)]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_the_page_uses_only_local_static_files(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    elsewhere = [url for url in ABSOLUTE.findall(html) if urlsplit(url).hostname not in {"testserver", None}]
    assert elsewhere == [], f"{path} loads from other hosts: {elsewhere}"
    references = [url for url in static_references(html) if url.startswith(static(""))]
    assert references, f"{path} names no static file"
    for url in references:
        name = url[len(static("")) :].split("?")[0]
        assert finders.find(name), f"{path} needs {url}, which no static files finder has"
    assert "/api/schema/" in html
    # and a browser may not load anything from elsewhere (ReDoc's bundle would fetch a logo)
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "Restrack API"
    assert "/api/v1/instruments/" in schema["paths"]


@pytest.mark.browser
@pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_ui_lists_the_operations_offline(live_server):
    server = urlsplit(live_server.url)
    outside = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")

        def route(route_request):
            if urlsplit(route_request.request.url).hostname != server.hostname:
                outside.append(route_request.request.url)
                return route_request.abort()
            return route_request.continue_()

        page.route("**/*", route)
        page.goto(live_server.url + "/api/docs/")
        page.wait_for_selector("text=/api/v1/instruments/", timeout=20000)
        assert page.locator(".opblock").count() > 3
        page.goto(live_server.url + "/api/redoc/")
        page.wait_for_selector("text=/api/v1/instruments/", state="attached", timeout=20000)
        page.close()
    assert outside == [], f"requests left the server: {outside}"
