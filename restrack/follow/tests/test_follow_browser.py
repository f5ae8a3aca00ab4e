"""Following by e-mail in Debian's chromium, in Chinese: from an instrument's page to the form,
the "check your inbox" page, the mailed link's button, and the stop page's button."""

import re

import pytest
from django.core import mail

from restrack.follow.models import Subscription
from restrack.publish.tests.public_walk import serve_samples
from restrack.publish.tests.test_browser import SCREENSHOTS, chromium
from restrack.publish.tests.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks, pytest.mark.heavy]


def test_a_visitor_follows_and_stops_in_chinese(live_server):
    base = serve_samples(live_server)
    mail.outbox.clear()
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}/zh-hans/resolutions/2/6/")
        page.get_by_role("link", name="通过电子邮件关注").click()
        page.get_by_label("您的电子邮件地址").fill("reader@example.org")
        page.get_by_label("资金缺口越过以下比例时也通知我（%）").fill("50")
        page.screenshot(path=str(SCREENSHOTS / "follow-zh-hans.png"))
        page.get_by_role("button", name="关注").click()
        page.get_by_role("heading", name="请查看收件箱").wait_for()
        assert "reader@example.org" not in page.content()

        (message,) = mail.outbox
        confirm = re.search(r"http://\S+/zh-hans/follow/confirm/\S+/", message.body).group(0)
        page.goto(confirm)
        page.get_by_role("button", name="是，关注").click()
        page.get_by_role("heading", name="您已关注第 2/6 号决议").wait_for()
        subscription = Subscription.objects.get()
        assert subscription.confirmed_at is not None and subscription.gap_threshold == 50

        page.get_by_role("link", name="停止关注").click()
        page.get_by_role("button", name="停止关注").click()
        page.get_by_role("heading", name="您已不再关注第 2/6 号决议").wait_for()
        assert not Subscription.objects.exists()


def test_the_form_posted_from_another_site_is_refused(live_server):
    """The form carries no CSRF token; what the browser itself says about a post from a page of
    another origin (Sec-Fetch-Site: cross-site) is what refuses it."""
    base = serve_samples(live_server)
    mail.outbox.clear()
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(
            f'<form method="post" action="{base}/en/follow/?instrument=resolution-2-6">'
            '<input name="email" value="victim@example.org"><button>Send</button></form>'
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Send").click()
        assert "sent from another website" in page.content()
    assert not Subscription.objects.exists() and not mail.outbox
