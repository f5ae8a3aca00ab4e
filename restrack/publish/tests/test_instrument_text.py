"""An instrument's page shows the text imported for it: its preamble and each operative paragraph's
text in the page's language, another language's marked as such where the page's is missing, and,
for an instrument whose text was never imported, a note saying so and how to import it. The texts
here are MADE UP for the tests."""

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.ingest.actions import import_resolution
from restrack.ingest.pipeline import parse_resolution_file

pytestmark = pytest.mark.django_db

TEXT = """Made-up test text: not a real United Nations resolution

Resolution adopted by the UN-Habitat Assembly on 9 June 2023

2/3. Shade for every street

The UN-Habitat Assembly,

Recalling its resolution 1/2 of 31 May 2019,

Noting that streets without trees grow hotter every summer,

1. Decides to count the trees of every member city;

2. Invites Member States to plant trees along their streets;

3. Requests the Executive Director to report to the Assembly at its second session on the
implementation of the present resolution.
"""


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(TEXT, encoding="utf-8")
    import_resolution(parse_resolution_file(path), acting_user=UserFactory(role="coordinator"))


def test_the_page_shows_the_preamble_and_the_paragraphs_text(client, imported):
    html = client.get("/en/resolutions/2/3/").content.decode()
    assert "<summary>Preamble</summary><p>Recalling its resolution 1/2 of 31 May 2019,</p>" in html
    assert "Invites Member States to plant trees along their streets;" in html
    assert 'data-text="missing"' not in html


def test_a_page_in_another_language_shows_the_english_text_marked(client, imported):
    html = client.get("/zh-hans/resolutions/2/3/").content.decode()
    assert 'class="fallback"><p>Recalling its resolution 1/2' in html
    assert 'lang="en"' in html and "English" in html  # the badge names the text's language


def test_an_instrument_without_its_text_says_so_and_how_to_import_it(client, imported):
    html = client.get("/en/resolutions/2/4/").content.decode()
    assert 'data-text="missing"' in html and "restrack import-resolution" in html
    assert "<summary>Preamble</summary>" not in html


def test_each_paragraph_says_what_it_asks_of_whom_and_the_report_it_makes_due(client, imported):
    html = client.get("/en/resolutions/2/3/").content.decode()
    assert 'data-action="invites" data-addressee="member_states">invites · Member States' in html
    assert html.count("data-mandate") == 1  # paragraph 3 alone asks the secretariat
    # Due at the Assembly's second session, which began on 5 June 2023: long past, not delivered.
    assert (
        'data-deliverable="pending">Report due to the UN-Habitat Assembly: session 2 (<bdi dir="ltr">2023-06-05</bdi>)'
        in html
    )
    assert "overdue" in html
    chinese = client.get("/zh-hans/resolutions/2/3/").content.decode()
    assert "data-mandate" in chinese and 'data-deliverable="pending"' in chinese
