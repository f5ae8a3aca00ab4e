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


def test_every_instrument_link_on_a_period_page_answers(client, samples):
    # An instrument without an update for the period is linked without ?period= (that address
    # would name an update that does not exist).
    import re

    html = page(client, "/en/periods/2024-H2/")
    links = re.findall(r'<th scope="row"><a href="([^"]+)"', html)
    assert links and any("?period=" not in link for link in links)
    for link in links:
        assert client.get(link.split("#")[0]).status_code == 200, link


def test_compare_two_periods(client, samples):
    html = page(client, "/en/periods/compare/?from=2020-H1&to=2024-H2")
    new = html.split("New in 2024-H2")[1].split("</div></div></div>")[0]
    assert "Resolution 2/1" in new and "Resolution 1/2" not in new
    silent = html.split("No update in 2024-H2")[1].split("</div></div></div>")[0]
    assert "Decision 1/3" in silent


def test_the_comparisons_funding_columns_show_the_funding_named(client, published_funding):
    """Issue 17, 9b: under "Funding <period>" the cells showed the gap alone; they name and show
    requirements, resources mobilized and the gap."""
    html = page(client, "/en/periods/compare/?from=2020-H1&to=2024-H2")
    row = html.split('data-instrument="resolution 2/6"')[1].split("</tr>")[0]
    before = row.split('data-funding="before">')[1].split("</td>")[0]
    after = row.split('data-funding="after">')[1].split("</td>")[0]
    assert before == "—"  # no figures in 2020-H1
    assert '<div data-figure="requirements">Requirements <span title="$1,858,000.55">$1,858K</span></div>' in after
    assert '<div data-figure="mobilized">Mobilized <span title="$858,000.30">$858K</span></div>' in after
    assert 'data-figure="gap" class="small">Gap <span title="$1,000,000.25">$1,000K</span>' in after
    chinese = page(client, "/zh-hans/periods/compare/?from=2020-H1&to=2024-H2")
    cell = chinese.split('data-instrument="resolution 2/6"')[1].split('data-funding="after">')[1].split("</td>")[0]
    assert "Requirements" not in cell and "$1,858K" in cell


def test_unknown_or_malformed_periods_are_404(client, samples):
    assert client.get("/en/partners/NO-SUCH-PARTNER/").status_code == 404
    assert client.get("/en/periods/2030-H1/").status_code == 404
    assert client.get("/en/periods/nonsense/").status_code == 404


def test_partner_pages(client, samples):
    listing = page(client, "/en/partners/")
    assert 'href="/en/partners/UNICEF/"' in listing and 'href="/en/partners/UN-Habitat/"' not in listing
    html = page(client, "/en/partners/UNICEF/")
    assert "儿基会" in html and "Resolution 1/2" in html and "Resolution 2/2" in html
    assert "2020-H1 ¶2" in html and "2024-H2 ¶22" in html
    assert client.get("/en/partners/UN-Habitat/").status_code == 404
