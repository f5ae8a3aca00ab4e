"""Embeds (restrack.publish.embed_views): an instrument's status and funding, and the tracker's
totals, as small pages another site may frame (and the only ones: every other page says
frame-ancestors 'none'), in every interface language, with a copy-paste snippet on each
instrument page. test_embeds_browser.py shows one in another origin's iframe."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans", "ar", "fr", "es", "ru"])
def test_an_instruments_embed_in_every_language(client, samples, language):
    response = client.get(f"/{language}/embed/resolutions/2/7/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-embed-status="constrained"' in html and "data-derived" in html
    assert 'data-embed-funding="' in html and 'target="_blank" rel="noopener"' in html
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.has_header("X-Frame-Options")


def test_the_trackers_embed_and_the_snippet(client, samples):
    response = client.get("/en/embed/")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-embed-instruments="16"' in html
    page = client.get("/en/resolutions/2/7/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"] and page["X-Frame-Options"] == "DENY"
    snippet = page.content.decode().split('id="embed-code"')[1].split("</textarea>")[0]
    assert "&lt;iframe src=&quot;http://testserver/en/embed/resolutions/2/7/&quot;" in snippet or (
        '&lt;iframe src="http://testserver/en/embed/resolutions/2/7/"' in snippet
    )
    assert client.get("/en/embed/resolutions/9/9/").status_code == 404
