"""The import page through the test client: who may use it, upload → preview → confirm, a bad
file's problems with rows and columns, and a confirmation that finds the figures changed since
its preview (it shows the new preview and writes nothing)."""

import re
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.actions import record_funding
from restrack.funding.models import FundingRecord
from restrack.funding.tests.test_import import xlsx_bytes
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "instrument,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,mobilized_window_usd,"
    "mobilized_other_usd,note"
)
GOOD = (
    HEADER + "\nresolution 2/6,2024-H2,1858000.00,100000.10,,,,Certified\nresolution 2/7,2024-H2,500000,,,,600000,\n"
).encode()
URL = reverse("funding:import")


@pytest.fixture(autouse=True)
def uploads_kept_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "uploads" / "funding-imports"


@pytest.fixture
def period():
    return ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)


@pytest.fixture
def officer_client(client, finance_officer):
    client.force_login(finance_officer)
    return client


def upload(client, data=GOOD, name="figures.csv", reason=""):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "reason": reason})


def confirm(client, preview):
    return client.post(URL, {"confirm": "1", "confirmation": preview.context["confirmation"]})


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, "login"),
        ("viewer", 403),
        ("focal_point", 403),
        ("reviewer", 403),
        ("coordinator", 200),
        ("finance_officer", 200),
        ("administrator", 200),
    ],
)
def test_who_may_import(client, period, role, expected):
    if role:
        client.force_login(UserFactory(role=role))
    for response in (client.get(URL), upload(client)):
        if expected == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == expected
    assert not FundingRecord.objects.exists()


def test_upload_preview_and_confirm(officer_client, period, uploads_kept_in_tmp):
    record_funding(
        find_instrument("resolution 2/7"),
        period,
        requirements_usd="450000",
        note="Old",
        acting_user=UserFactory(role="coordinator"),
        reason="Earlier figures",
    )
    page = officer_client.get(URL)
    assert b'enctype="multipart/form-data"' in page.content
    preview = upload(officer_client)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-row="2" data-kind="new"' in html and 'data-row="3" data-kind="changed"' in html
    assert re.search(r"\$450,000\.00\s*→\s*<strong>\$500,000\.00</strong>", html)
    assert "2024-H2 is published: confirming changes its public figures at once." in html
    assert "Imported from figures.csv" in html
    assert FundingRecord.objects.count() == 1  # the preview writes nothing
    assert len(list(uploads_kept_in_tmp.iterdir())) == 1

    done = confirm(officer_client, preview)
    assert done.status_code == 302 and done["Location"] == reverse("funding:sheet", args=["2024-H2"])
    assert FundingRecord.objects.count() == 2
    changed = FundingRecord.objects.get(instrument=find_instrument("resolution 2/7"))
    assert (changed.requirements_usd, changed.mobilized_other_usd, changed.note) == (
        Decimal("500000.00"),
        Decimal("600000.00"),
        "",
    )
    assert changed.history.first().history_change_reason == "Imported from figures.csv"
    followed = officer_client.get(URL)
    assert "figures.csv imported: 1 new, 1 changed, 0 unchanged." in followed.content.decode()
    assert list(uploads_kept_in_tmp.iterdir()) == []  # the kept upload is gone


def test_an_xlsx_over_several_periods_lands_on_the_overview(officer_client, period):
    ReportingPeriodFactory(label="2020-H1")
    data = xlsx_bytes(
        {0: HEADER.split(","), 1: ["resolution 1/1", "2020-H1", 2400000.0], 2: ["resolution 1/1", "2024-H2", 2650000.0]}
    )
    preview = upload(officer_client, data, "figures.xlsx", reason="Certified statements")
    assert "The history of each figure records the reason “Certified statements”." in preview.content.decode()
    done = confirm(officer_client, preview)
    assert done["Location"] == reverse("funding:overview")
    record = FundingRecord.objects.get(period=period)
    assert record.history.get().history_change_reason == "Certified statements"


def test_a_bad_file_shows_every_problem_and_writes_nothing(officer_client, period, uploads_kept_in_tmp):
    data = (
        HEADER + "\nresolution 2/6,2024-H2,1,,,,,\nresolution 2/7,2024-H2,1,-3,,,,\nresolution 2/8,2025-H1,1,,,,,\n"
    ).encode()
    response = upload(officer_client, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file has 2 problems; nothing was recorded." in html
    assert re.search(r"<td>3</td><td>mobilized_core_usd \(column D\)</td><td>-3 is negative", html)
    assert re.search(r"<td>4</td><td>period \(column B\)</td><td>There is no reporting period 2025-H1", html)
    assert "confirmation" not in response.context
    assert not FundingRecord.objects.exists()
    assert list(uploads_kept_in_tmp.iterdir()) == []


def test_confirming_after_a_concurrent_change_shows_the_new_preview(officer_client, period):
    preview = upload(officer_client)
    coordinator = UserFactory(role="coordinator")
    record_funding(
        find_instrument("resolution 2/6"), period, requirements_usd="1", acting_user=coordinator, reason="Meanwhile"
    )
    again = confirm(officer_client, preview)
    assert again.status_code == 200
    html = again.content.decode()
    assert "The figures changed since your preview" in html
    assert 'data-row="2" data-kind="changed"' in html and re.search(r"\$1\.00\s*→", html)
    assert FundingRecord.objects.count() == 1  # nothing of the file was written
    assert FundingRecord.objects.get().requirements_usd == Decimal("1.00")

    assert confirm(officer_client, again).status_code == 302  # the new preview confirms
    assert FundingRecord.objects.get(instrument=find_instrument("resolution 2/6")).requirements_usd == Decimal(
        "1858000.00"
    )


def test_a_preview_is_confirmed_only_by_its_own_user_and_only_once(officer_client, period, client):
    preview = upload(officer_client)
    other = UserFactory(role="coordinator")
    client.force_login(other)
    refused = client.post(URL, {"confirm": "1", "confirmation": preview.context["confirmation"]}, follow=True)
    assert "This preview has expired or its file is no longer kept" in refused.content.decode()
    assert not FundingRecord.objects.exists()

    assert confirm(officer_client, preview).status_code == 302
    history = FundingRecord.history.count()
    twice = officer_client.post(URL, {"confirm": "1", "confirmation": preview.context["confirmation"]}, follow=True)
    assert "This preview has expired" in twice.content.decode()
    assert FundingRecord.history.count() == history


def test_a_tampered_confirmation_is_refused(officer_client, period):
    preview = upload(officer_client)
    token = preview.context["confirmation"]
    payload = signing.loads(token, salt="restrack.funding.import")
    forged = token.replace(token.split(":")[0], signing.b64_encode(b'{"token":"x"}').decode())
    response = officer_client.post(URL, {"confirm": "1", "confirmation": forged}, follow=True)
    assert "This preview has expired" in response.content.decode()
    assert payload["name"] == "figures.csv" and not FundingRecord.objects.exists()


def test_an_upload_over_the_limit_is_refused_with_the_limit(officer_client, period):
    response = upload(officer_client, b"x" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 200
    assert "The file is 5.0 MB; the limit is 5 MB." in response.content.decode()
    assert not FundingRecord.objects.exists()


def test_a_file_that_changes_nothing_has_nothing_to_confirm(officer_client, period):
    confirm(officer_client, upload(officer_client))
    preview = upload(officer_client)
    html = preview.content.decode()
    assert "Every row equals the figures already recorded" in html
    assert re.search(r'<button class="btn btn-primary" name="confirm" value="1" disabled>', html)
