"""The API's documentation pages, Swagger UI at /api/docs/ and ReDoc at /api/redoc/, load only the
project's own static files (no CDN): checked in the HTML, in the static files, and in a real
browser that must list the operations without any request leaving the server."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

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
    # Swagger UI names the schema in its start-up script, served from the page's own address (?script)
    # as the Content-Security-Policy runs no inline script (restrack.core.csp)
    scripts = [
        client.get(url.replace("&amp;", "&")).content.decode() for url in static_references(html) if "script" in url
    ]
    assert "/api/schema/" in html or any("/api/schema/" in script for script in scripts)
    # and a browser may not load anything from elsewhere (ReDoc's bundle would fetch a logo)
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "Restrack API"
    assert "/api/v1/instruments/" in schema["paths"]
