"""The API's documentation in a real browser (Debian's chromium), loading nothing from elsewhere: a
test that commits for real, in a module of its own."""

from urllib.parse import urlsplit

import pytest

from restrack.publish.tests.test_browser import CHROMIUM, chromium


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
