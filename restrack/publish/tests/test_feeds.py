"""Atom feeds (restrack.publish.feeds): the whole tracker, an instrument, a period, a partner and a
search, in the page's language, valid as a feed parser reads them, linked from the pages they
follow, public content only."""

import feedparser
import pytest

from restrack.reporting.tests.conftest import load_samples_and_people

pytestmark = pytest.mark.django_db


def parsed(client, address: str):
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (address, feed.get("bozo_exception"))
    return feed


def test_the_trackers_feed_in_english_and_chinese(client, samples):
    feed = parsed(client, "/en/feed/")
    assert feed.feed.title == "Restrack: what changed on the tracker" and feed.feed.language == "en"
    titles = [entry.title for entry in feed.entries]
    assert any(title.startswith("Resolution 2/7: status Implementation constrained") for title in titles)
    assert any(": commitment due " in title for title in titles)  # the samples' overdue promises
    assert all(entry.link.startswith("http://testserver/en/") for entry in feed.entries)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    zh = parsed(client, "/zh-hans/feed/")
    assert zh.feed.language == "zh-hans" and zh.feed.title.startswith("Restrack：")
    dashboard = client.get("/en/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in dashboard and 'href="/en/feed/"' in dashboard


def test_an_instrument_a_period_a_partner_and_a_search(client, samples):
    instrument = parsed(client, "/en/resolutions/2/7/feed/")
    assert instrument.feed.title == "Restrack: Resolution 2/7"
    assert instrument.entries and all("Resolution 2/7" in entry.title for entry in instrument.entries)
    assert 'href="/en/resolutions/2/7/feed/"' in client.get("/en/resolutions/2/7/").content.decode()
    period = parsed(client, "/en/periods/2024-H2/feed/")
    assert period.entries and all("2024-H2" in entry.title or "2024-H2" in entry.link for entry in period.entries)
    partner = parsed(client, "/en/partners/UNODC/feed/")
    assert partner.entries and all("#entry-" in entry.link for entry in partner.entries)
    search = parsed(client, "/zh-hans/search/feed/?q=住房")
    assert search.entries and "住房" in search.feed.title
    page = client.get("/zh-hans/search/?q=住房").content.decode()
    assert "/zh-hans/search/feed/?q=%E4%BD%8F%E6%88%BF" in page
    assert client.get("/en/search/feed/").status_code == 404
    assert client.get("/en/periods/2099-H1/feed/").status_code == 404


def test_drafts_are_not_in_the_feeds(client, samples):
    from restrack.reporting import actions
    from restrack.reporting.actions.drafts import EntryDraft, save_draft
    from restrack.reporting.models import ProgressUpdate

    people = load_samples_and_people()
    period = actions.create_reporting_period("2025-H1", acting_user=people["coordinator"])
    actions.open_period(period, acting_user=people["coordinator"])
    update = ProgressUpdate.objects.get(period=period, instrument__number="2/6", instrument__kind="resolution")
    save_draft(
        update,
        version=update.version,
        acting_user=people["focal"],
        entries=[EntryDraft(key="p1", text={"en": "Made-up draft paragraph, not public."})],
    )
    for address in ("/en/feed/", "/en/resolutions/2/6/feed/"):
        assert "2025-H1" not in client.get(address).content.decode()
    assert client.get("/en/periods/2025-H1/feed/").status_code == 404


def test_figures_recorded_per_paragraph_are_told_once_by_their_instrument(client, samples):
    from restrack.accounts.tests.factories import UserFactory
    from restrack.funding.actions import record_paragraph_funding
    from restrack.registry.actions import add_operative_paragraph
    from restrack.registry.models import Instrument
    from restrack.reporting.models import ReportingPeriod

    instrument = Instrument.objects.get(kind="resolution", number="2/10")
    paragraph = add_operative_paragraph(instrument, "3", acting_user=UserFactory(role="coordinator"))
    period = ReportingPeriod.objects.get(label="2024-H2")  # published
    record_paragraph_funding(
        paragraph,
        period,
        requirements_usd="1000",
        acting_user=UserFactory(role="finance_officer"),
        reason="Made-up certified figures",
    )
    titles = [entry.title for entry in parsed(client, "/en/resolutions/2/10/feed/").entries]
    assert titles.count("Resolution 2/10: funding figures of 2024-H2") == 1
