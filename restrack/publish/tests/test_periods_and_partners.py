"""Period pages, the comparison of two periods, partner pages."""

import pytest

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_period_list_with_counts_and_chart(client, samples):
    html = page(client, "/en/periods/")
    assert 'href="/en/periods/2024-H2/"' in html and 'href="/en/periods/2020-H1/"' in html
    assert 'id="period-data"' in html and '"updates": 15' in html


def test_period_page_lists_every_instrument_with_or_without_update(client, samples):
    html = page(client, "/en/periods/2020-H1/")
    assert "本报告概述了人居大会第一届会议" in html  # the introduction
    assert html.count("no update") == 11 and "1 paragraph" in html  # decision 1/3 has one


def test_compare_two_periods(client, samples):
    html = page(client, "/en/periods/compare/?from=2020-H1&to=2024-H2")
    new = html.split("New in 2024-H2")[1].split("</div></div></div>")[0]
    assert "Resolution 2/1" in new and "Resolution 1/2" not in new
    silent = html.split("No update in 2024-H2")[1].split("</div></div></div>")[0]
    assert "Decision 1/3" in silent


def test_unknown_or_malformed_periods_are_404(client, samples):
    assert client.get("/en/periods/2030-H1/").status_code == 404
    assert client.get("/en/periods/nonsense/").status_code == 404


def test_partner_pages(client, samples):
    listing = page(client, "/en/partners/")
    assert 'href="/en/partners/UNICEF/"' in listing and 'href="/en/partners/UN-Habitat/"' not in listing
    html = page(client, "/en/partners/UNICEF/")
    assert "儿基会" in html and "Resolution 1/2" in html and "Resolution 2/2" in html
    assert "2020-H1 ¶2" in html and "2024-H2 ¶22" in html
    assert client.get("/en/partners/UN-Habitat/").status_code == 404
