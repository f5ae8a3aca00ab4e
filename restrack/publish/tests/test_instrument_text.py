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


TEXT_2_6 = """Made-up test text: not a real United Nations resolution

2/6. A made-up text standing for resolution 2/6

The UN-Habitat Assembly,

Recalling its resolution 1/1,

1. Decides to localize the goals;

2. Requests the Executive Director:

(a) To support voluntary local reviews;

(b) To publish a guide;

3. Invites Member States to share their reviews;

4. Requests the Executive Director:

(a) To train local governments;

(b) To report to the Assembly at its third session on the implementation of the present resolution.
"""


def test_coverage_counts_the_mandates_the_last_two_periods_reported_on(client, samples, tmp_path):
    # The sample reports cite 2(a) and 4(a) of resolution 2/6 in 2024-H2 (restrack.publish.tests).
    path = tmp_path / "2-6.txt"
    path.write_text(TEXT_2_6, encoding="utf-8")
    import_resolution(parse_resolution_file(path), acting_user=UserFactory(role="coordinator"))
    from restrack.publish.mandates import coverage
    from restrack.registry.models import Instrument

    figures = coverage(Instrument.objects.get(kind="resolution", number="2/6").operative_paragraphs.all())
    assert (figures.mandates, figures.reported, figures.never, figures.percent) == (4, 2, 2, 50)
    html = client.get("/en/resolutions/2/6/").content.decode()
    assert 'data-coverage="2/4"' in html and "<strong>2 of 4</strong> mandates reported on" in html
    assert 'Mandates never reported on: <a href="#op-2b">OP<bdi dir="ltr">2(b)</bdi></a>, <a href="#op-4b">' in html


def test_the_dashboard_and_the_mandates_page_show_coverage_and_list_the_mandates(client, samples, tmp_path):
    path = tmp_path / "2-6.txt"
    path.write_text(TEXT_2_6, encoding="utf-8")
    import_resolution(parse_resolution_file(path), acting_user=UserFactory(role="coordinator"))
    dashboard = client.get("/en/").content.decode()
    assert 'data-coverage="2/4"' in dashboard and "/en/mandates/?reported=never" in dashboard
    every = client.get("/en/mandates/").content.decode()
    assert every.count("data-mandate=") == 4
    never = client.get("/en/mandates/?reported=never").content.decode()
    assert 'data-mandate="resolution-2-6:2(b)"' in never and 'data-mandate="resolution-2-6:4(b)"' in never
    assert never.count("data-mandate=") == 2
    recent = client.get("/en/mandates/?reported=recent&sort=last_reported").content.decode()
    assert 'data-mandate="resolution-2-6:2(a)"' in recent and ">2024-H2<" in recent
    assert "is not a choice" in client.get("/en/mandates/?reported=sometimes").content.decode()
    assert client.get("/zh-hans/mandates/").status_code == 200


def test_lineage_where_an_instrument_comes_from_and_what_built_on_it(client, db, tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(
        TEXT.replace(
            "Recalling its resolution 1/2 of 31 May 2019,",
            "Recalling its resolution 1/2 of 31 May 2019 and General Assembly resolution 71/256,",
        ),
        encoding="utf-8",
    )
    import_resolution(parse_resolution_file(path), acting_user=UserFactory(role="coordinator"))
    html = client.get("/en/resolutions/2/3/").content.decode()
    assert (
        'data-link-out="recalls:assembly:resolution:1/2">Recalls <a href="/en/resolutions/1/2/">Resolution 1/2</a>'
        in html
    )
    assert (
        'data-link-out="recalls:general-assembly:resolution:71/256">Recalls General Assembly resolution 71/256' in html
    )
    built_on = client.get("/en/resolutions/1/2/").content.decode()
    assert 'data-link-in="resolution-2-3:recalls"><a href="/en/resolutions/2/3/">Resolution 2/3</a>' in built_on
    chinese = client.get("/zh-hans/resolutions/1/2/").content.decode()
    assert "第 2/3 号决议" in chinese


def test_goals_named_in_the_text_are_linked_shown_and_filter_the_dashboard(client, samples, tmp_path):
    path = tmp_path / "2-6.txt"
    path.write_text(
        TEXT_2_6.replace(
            "Recalling its resolution 1/1,", "Recalling Sustainable Development Goal 11 and the New Urban Agenda,"
        ).replace("(a) To support voluntary local reviews;", "(a) To support voluntary local reviews of target 11.3;"),
        encoding="utf-8",
    )
    summary = import_resolution(parse_resolution_file(path), acting_user=UserFactory(role="coordinator"))
    assert summary.goals == ["SDG-11 (preamble)", "NUA (preamble)", "SDG-11.3 (2(a))"]
    page = client.get("/en/resolutions/2/6/").content.decode()
    assert 'data-goal="SDG-11.3"' in page and 'data-goal="NUA"' in page and 'data-op-goal="SDG-11.3"' in page
    dashboard = client.get("/en/?goal=SDG-11").content.decode()
    assert 'data-instrument="resolution 2/6"' in dashboard and dashboard.count("data-instrument=") == 1
    assert client.get("/en/?goal=SDG-99").status_code == 200  # an unknown goal is ignored, saying so
    api = client.get("/api/v1/instruments/?goal=SDG-11.3").json()["results"]
    assert [row["slug"] for row in api] == ["resolution-2-6"]
    assert client.get("/api/v1/instruments/resolution-2-6/").json()["goals"] == ["NUA", "SDG-11", "SDG-11.3"]
    assert client.get("/zh-hans/resolutions/2/6/").status_code == 200
