"""The secretariat's funding pages through the test client: who may open and post them (and that a
refused request changes nothing), a period's sheet saved all or nothing with each error next to
its cell, the reason a published period's figures need, a record's history, and a page whose
number of queries does not grow with the instruments."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.actions import allocate_from_window, record_contribution, record_funding
from restrack.funding.models import FundingRecord, WindowAllocation, WindowContribution
from restrack.registry.models import Instrument
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "viewer": "viewer",
    "focal": "focal_point",
    "reviewer": "reviewer",
    "coordinator": "coordinator",
    "finance": "finance_officer",
}
EDITORS = {"coordinator", "finance"}


@pytest.fixture
def people(db):
    return {name: UserFactory(username=name, role=role) for name, role in ROLES.items()}


@pytest.fixture
def published():
    return ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)


@pytest.fixture
def draft():
    return ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)


def sheet_url(period):
    return reverse("funding:sheet", args=[period.label])


def history_url(period, reference):
    kind, number = reference.split(" ")
    prefix, sequence = number.split("/")
    return reverse("funding:record_history", args=[period.label, kind, int(prefix), int(sequence)])


def row_prefix(reference):
    return f"i{find_instrument(reference).pk}"


def sheet_data(client, period) -> dict:
    """What the browser posts for the sheet as loaded: every input, and (hidden) what each held."""
    page = client.get(sheet_url(period))
    assert page.status_code == 200
    data = {}
    for form in page.context["rows"]:
        for name in form.fields:
            data[f"{form.prefix}-{name}"] = data[f"initial-{form.prefix}-{name}"] = form.initial.get(name, "")
    return data


def sheet_post(client, period, figures: dict[str, dict[str, str]], *, reason="", follow=False, data=None):
    """Post the sheet with `figures` (reference → {field: text}) typed over its inputs."""
    data = {**(data or sheet_data(client, period)), "reason": reason}
    for reference, fields in figures.items():
        for name, value in fields.items():
            data[f"{row_prefix(reference)}-{name}"] = value
    return client.post(sheet_url(period), data, follow=follow)


def login(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])


# The permission matrix ---------------------------------------------------------------------------


def everything():
    return (
        FundingRecord.objects.count(),
        FundingRecord.history.count(),
        WindowContribution.objects.count(),
        WindowAllocation.objects.count(),
    )


@pytest.fixture
def books(people, published):
    """A record, a contribution and an allocation, so that every page has something to act on."""
    finance = people["finance"]
    resolution = find_instrument("resolution 2/6")
    record_funding(resolution, published, requirements_usd="100.00", acting_user=finance, reason="Test figures")
    contribution = record_contribution(
        donor="Norway", received_on=date(2024, 1, 10), amount="1000.00", acting_user=finance
    )
    allocation = allocate_from_window(
        instrument=resolution, allocated_on=date(2024, 2, 1), amount_usd="100.00", acting_user=finance
    )
    return {"contribution": contribution, "allocation": allocation}


def pages(period, books):
    contribution, allocation = books["contribution"].pk, books["allocation"].pk
    return {
        "overview": (reverse("funding:overview"), None),
        "sheet": (sheet_url(period), {f"{row_prefix('resolution 2/7')}-requirements_usd": "5", "reason": "Why"}),
        "history": (history_url(period, "resolution 2/6"), None),
        "window": (reverse("funding:window"), None),
        "contribution_new": (
            reverse("funding:contribution_new"),
            {"donor": "Sweden", "received_on": "2024-03-01", "currency": "USD", "amount": "10", "kind": "new"},
        ),
        "contribution_edit": (
            reverse("funding:contribution_edit", args=[contribution]),
            {
                "donor": "Norway",
                "received_on": "2024-01-10",
                "currency": "USD",
                "amount": "2000",
                "kind": "new",
                "reason": "Corrected",
            },
        ),
        "contribution_withdraw": (reverse("funding:contribution_withdraw", args=[contribution]), {"reason": "Error"}),
        "allocation_new": (
            reverse("funding:allocation_new"),
            {"instrument": find_instrument("resolution 2/7").pk, "allocated_on": "2024-03-01", "amount_usd": "10"},
        ),
        "allocation_edit": (
            reverse("funding:allocation_edit", args=[allocation]),
            {
                "instrument": find_instrument("resolution 2/6").pk,
                "allocated_on": "2024-02-01",
                "amount_usd": "50",
                "reason": "Corrected",
            },
        ),
        "allocation_cancel": (reverse("funding:allocation_cancel", args=[allocation]), {"reason": "Error"}),
    }


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_only_coordinators_and_finance_officers_open_the_funding_pages(client, people, published, books, who):
    login(client, people, who)
    for name, (url, _data) in pages(published, books).items():
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        elif who in EDITORS:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 403, name


@pytest.mark.parametrize("who", ["anonymous", "viewer", "focal", "reviewer"])
def test_refused_posts_change_nothing(client, people, published, books, who):
    login(client, people, who)
    before = everything()
    for name, (url, data) in pages(published, books).items():
        if data is None:
            continue
        response = client.post(url, data)
        assert response.status_code == (302 if who == "anonymous" else 403), name
    assert everything() == before


@pytest.mark.parametrize("who", sorted(EDITORS))
def test_editors_posts_are_recorded(client, people, published, books, who):
    login(client, people, who)
    for name, (url, data) in pages(published, books).items():
        if data is None or name == "contribution_withdraw":  # the allocation relies on it until cancelled
            continue
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    assert FundingRecord.objects.get(instrument=find_instrument("resolution 2/7")).requirements_usd == Decimal("5.00")
    assert WindowContribution.objects.get(donor="Norway").amount == Decimal("2000.00")
    assert list(WindowAllocation.objects.values_list("amount_usd", flat=True)) == [Decimal("10.00")]
    response = client.post(*pages(published, books)["contribution_withdraw"])
    assert response.status_code == 302 and not WindowContribution.objects.filter(donor="Norway").exists()


def test_the_navigation_and_the_workspace_lead_editors_to_the_funding_pages(client, people):
    client.force_login(people["finance"])
    html = client.get(reverse("reporting:workspace")).content.decode()
    assert html.count(f'href="{reverse("funding:overview")}"') == 2  # the navigation and the workspace
    assert f'href="{reverse("funding:window")}"' in html and f'href="{reverse("funding:import")}"' in html
    assert "Waiting for review" not in html
    client.force_login(people["reviewer"])
    html = client.get(reverse("reporting:workspace")).content.decode()
    assert reverse("funding:overview") not in html


# The overview ------------------------------------------------------------------------------------


def test_the_overview_lists_periods_newest_first_with_totals_and_visibility(client, people, published, draft):
    finance = people["finance"]
    record_funding(
        find_instrument("resolution 2/6"),
        published,
        requirements_usd="1000.00",
        mobilized_core_usd="250.00",
        acting_user=finance,
        reason="Test",
    )
    record_funding(
        find_instrument("resolution 2/7"),
        published,
        requirements_usd="100.00",
        mobilized_other_usd="300.00",
        acting_user=finance,
        reason="Test",
    )
    client.force_login(finance)
    response = client.get(reverse("funding:overview"))
    html = response.content.decode()
    assert [period.label for period, _summary in response.context["rows"]] == ["2025-H1", "2024-H2"]
    summary = dict((period.label, summary) for period, summary in response.context["rows"])["2024-H2"]
    assert (summary.requirements, summary.mobilized, summary.gap, summary.instruments) == (
        Decimal("1100.00"),
        Decimal("550.00"),
        Decimal("550.00"),
        2,
    )
    assert "$1,100.00" in html and "$550.00" in html and "50 %" in html
    assert "draft, private" in html and "public" in html
    assert f'href="{sheet_url(draft)}"' in html and reverse("funding:import") in html


def test_a_net_surplus_is_shown_net_and_never_as_a_negative_percentage(client, people, published):
    finance = people["finance"]
    record_funding(
        find_instrument("resolution 2/6"),
        published,
        requirements_usd="1000.00",
        mobilized_core_usd="900.00",
        acting_user=finance,
        reason="Test",
    )  # 100 short
    record_funding(
        find_instrument("resolution 2/7"),
        published,
        requirements_usd="1000.00",
        mobilized_other_usd="1300.00",
        acting_user=finance,
        reason="Test",
    )  # 300 over
    client.force_login(finance)
    overview = client.get(reverse("funding:overview")).content.decode()
    sheet = client.get(sheet_url(published)).content.decode()
    for html in (overview, sheet):
        assert "surplus $200.00" in html and "surplus 10 %" in html  # net: 300 over less 100 short
        assert "surplus $300.00" not in html.split("</tbody>")[-1] and "-10 %" not in html


# The sheet ---------------------------------------------------------------------------------------


def test_the_sheet_has_a_labelled_row_for_every_instrument(client, people, published):
    record_funding(
        find_instrument("resolution 2/6"),
        published,
        requirements_usd="1858000.55",
        mobilized_core_usd="100000.10",
        acting_user=people["finance"],
        reason="Test",
    )
    client.force_login(people["finance"])
    html = client.get(sheet_url(published)).content.decode()
    assert html.count("data-instrument=") == Instrument.objects.count()
    prefix = row_prefix("resolution 2/6")
    assert 'value="1,858,000.55"' in html and f'name="{prefix}-requirements_usd"' in html
    assert (
        f'<label class="visually-hidden" for="id_{prefix}-requirements_usd">resource requirements (USD), resolution 2/6</label>'
        in html
    )
    assert "$100,000.10" in html and "$1,758,000.45" in html and "95 %" in html  # mobilized, gap, gap %
    assert history_url(published, "resolution 2/6") in html
    assert "are public" in html


def test_saving_the_sheet_records_the_edited_rows_in_one_go(client, people, draft):
    client.force_login(people["finance"])
    response = sheet_post(
        client,
        draft,
        {
            "resolution 2/6": {
                "requirements_usd": "1,858,000.00",
                "mobilized_core_usd": "$100,000.10",
                "note": "Made up",
            },
            "decision 1/3": {"requirements_usd": "500 000", "mobilized_other_usd": "600000"},
        },
        follow=True,
    )
    assert response.status_code == 200
    records = {record.instrument.reference: record for record in FundingRecord.objects.select_related("instrument")}
    assert set(records) == {"resolution 2/6", "decision 1/3"}  # rows not edited are not written
    assert records["resolution 2/6"].requirements_usd == Decimal("1858000.00")
    assert records["resolution 2/6"].mobilized_core_usd == Decimal("100000.10")
    assert records["resolution 2/6"].note == "Made up"
    assert records["decision 1/3"].gap_usd == Decimal("-100000.00")
    html = response.content.decode()
    assert "Saved (2 instruments added)" in html and "stay private until 2025-H1 is published" in html
    assert "surplus $100,000.00" in html

    response = sheet_post(client, draft, {}, follow=True)  # saving again changes nothing
    assert "Nothing changed" in response.content.decode()
    assert FundingRecord.history.count() == 2


def test_one_bad_cell_writes_nothing_and_is_shown_with_its_instrument(client, people, draft):
    client.force_login(people["finance"])
    response = sheet_post(
        client,
        draft,
        {
            "resolution 2/6": {"requirements_usd": "1000"},
            "resolution 2/7": {"mobilized_earmarked_usd": "12,5O0"},
            "resolution 2/8": {"requirements_usd": "-5"},
        },
    )
    assert response.status_code == 400
    assert FundingRecord.objects.count() == 0
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "resolution 2/7</a>, mobilized: earmarked (USD): &#x27;12,5O0&#x27; is not an amount in USD." in html
    assert "resolution 2/8</a>, resource requirements (USD): -5 is negative; amounts are zero or more." in html
    prefix = row_prefix("resolution 2/7")
    assert f'id="id_{prefix}-mobilized_earmarked_usd_error"' in html  # next to the cell
    assert 'value="12,5O0"' in html and 'value="1000"' in html  # what was typed is kept
    assert 'aria-invalid="true"' in html


def test_a_published_period_needs_a_reason(client, people, published):
    client.force_login(people["coordinator"])
    response = sheet_post(
        client,
        published,
        {"resolution 2/6": {"requirements_usd": "1000"}, "resolution 2/7": {"requirements_usd": "2000"}},
    )
    assert response.status_code == 400
    assert FundingRecord.objects.count() == 0
    html = response.content.decode()
    assert html.count("The figures of 2024-H2 are public; say why they change") == 2  # summary and field, once each
    response = sheet_post(
        client, published, {"resolution 2/6": {"requirements_usd": "1000"}}, reason="Certified figures", follow=True
    )
    assert "The figures of 2024-H2 are public: the public pages show them now." in response.content.decode()
    record = FundingRecord.objects.get()
    assert record.history.get().history_change_reason == "Certified figures"


def test_clearing_a_cell_makes_the_amount_unknown(client, people, draft):
    record_funding(
        find_instrument("resolution 2/6"),
        draft,
        requirements_usd="10",
        mobilized_core_usd="4",
        acting_user=people["finance"],
    )
    client.force_login(people["finance"])
    sheet_post(client, draft, {"resolution 2/6": {"mobilized_core_usd": ""}})
    assert FundingRecord.objects.get().mobilized_core_usd is None


def test_only_the_cells_changed_are_sent_so_a_figure_saved_meanwhile_is_kept(client, people, draft):
    resolution = find_instrument("resolution 2/6")
    record_funding(resolution, draft, requirements_usd="1000", mobilized_core_usd="100", acting_user=people["finance"])
    client.force_login(people["finance"])
    loaded = sheet_data(client, draft)
    record_funding(resolution, draft, mobilized_core_usd="400", note="Core revised", acting_user=people["coordinator"])
    response = sheet_post(client, draft, {"resolution 2/6": {"requirements_usd": "1,500.00"}}, data=loaded, follow=True)
    assert "1 instrument changed" in response.content.decode()
    record = FundingRecord.objects.get()
    assert (record.requirements_usd, record.mobilized_core_usd, record.note) == (
        Decimal("1500.00"),
        Decimal("400.00"),
        "Core revised",
    )


def test_the_history_shows_who_changed_what_and_why(client, people, published):
    resolution = find_instrument("resolution 2/6")
    record_funding(
        resolution, published, requirements_usd="1000.00", acting_user=people["coordinator"], reason="First figures"
    )
    client.force_login(people["finance"])
    sheet_post(
        client,
        published,
        {"resolution 2/6": {"requirements_usd": "1,200.00", "mobilized_window_usd": "300"}},
        reason="Certified figures",
    )
    response = client.get(history_url(published, "resolution 2/6"))
    html = response.content.decode()
    newest, first = response.context["entries"]
    assert (
        newest.version.history_user == people["finance"] and newest.version.history_change_reason == "Certified figures"
    )
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("requirements_usd", Decimal("1000.00"), Decimal("1200.00")),
        ("mobilized_window_usd", None, Decimal("300.00")),
    ]
    assert [(c.field, c.new) for c in first.changes] == [("requirements_usd", Decimal("1000.00"))]
    assert html.index("finance") < html.index("coordinator")  # newest first
    assert "Certified figures" in html and "First figures" in html
    assert "<del>$1,000.00</del>" in html and "<ins>$1,200.00</ins>" in html


def test_the_history_of_unknown_instruments_and_periods_is_404(client, people, published):
    client.force_login(people["finance"])
    assert client.get(history_url(published, "resolution 9/9")).status_code == 404
    assert client.get(reverse("funding:record_history", args=["2031-H1", "resolution", 2, 6])).status_code == 404
    assert client.get(reverse("funding:sheet", args=["2031-H1"])).status_code == 404
    response = client.get(history_url(published, "resolution 2/6"))  # known, nothing recorded yet
    assert response.status_code == 200 and "No funding figures have been recorded" in response.content.decode()


def test_the_sheet_reads_as_many_queries_for_more_instruments(client, people, published, django_assert_num_queries):
    from restrack.registry.tests.factories import InstrumentFactory

    finance = people["finance"]
    record_funding(
        find_instrument("resolution 2/6"), published, requirements_usd="10", acting_user=finance, reason="Test"
    )
    client.force_login(finance)
    client.get(sheet_url(published))
    with CaptureQueriesContext(connection) as before:
        client.get(sheet_url(published))
    for instrument in InstrumentFactory.create_batch(10):
        record_funding(instrument, published, requirements_usd="10", acting_user=finance, reason="Test")
    with django_assert_num_queries(len(before)):
        response = client.get(sheet_url(published))
    assert len(response.context["rows"]) == Instrument.objects.count()
