"""An embed (restrack.publish.embed_views) in Debian's chromium, inside an iframe of a page of
another origin (another local web server): it renders, in Chinese, while an ordinary page of the
tracker is refused there (frame-ancestors 'none')."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from restrack.publish.tests.public_walk import serve_samples
from restrack.publish.tests.test_browser import SCREENSHOTS, chromium
from restrack.publish.tests.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks, pytest.mark.heavy]


def another_site(html: str) -> ThreadingHTTPServer:
    """A web server of its own (another origin) answering `html` to every GET."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_an_embed_renders_in_another_sites_iframe(live_server):
    base = serve_samples(live_server)
    server = another_site(
        f'<!doctype html><title>Another site</title><iframe id="embed" src="{base}/zh-hans/embed/resolutions/2/7/"'
        f' width="380" height="240"></iframe><iframe id="page" src="{base}/en/resolutions/2/7/"></iframe>'
    )
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            embedded = page.frame_locator("#embed")
            try:
                embedded.locator("[data-embed-status]").wait_for(timeout=15_000)
            finally:
                page.screenshot(path=str(SCREENSHOTS / "embed-in-another-site.png"))
            assert "第 2/7 号决议" in embedded.locator("main").inner_text()
            page.wait_for_timeout(1_000)
            # The ordinary page is refused: its frame shows the browser's error, not the tracker.
            assert page.frame_locator("#page").locator("a[href='#content'], [data-status-basis]").count() == 0
    finally:
        server.shutdown()
