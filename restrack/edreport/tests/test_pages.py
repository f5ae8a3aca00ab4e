"""The coordinator's report page and its downloads."""

import pytest

from restrack.accounts.choices import Role
from restrack.accounts.tests.factories import UserFactory

PAGE = "/en/work/periods/2024-H2/report/"


@pytest.fixture
def coordinator(client, samples):
    user = UserFactory(role=Role.COORDINATOR)
    client.force_login(user)
    return user


def test_only_coordinators_see_the_report_page(client, samples):
    assert client.get(PAGE).status_code == 302  # to the login page
    client.force_login(UserFactory(role=Role.FOCAL_POINT))
    refused = client.get(PAGE)
    assert refused.status_code == 403 and "Only coordinators" in refused.content.decode()
    assert client.get("/en/work/periods/2024-H2/report.pdf?language=zh").status_code == 403


def test_the_page_starts_from_the_recorded_details_and_links_the_downloads(client, coordinator):
    html = client.get(PAGE).content.decode()
    assert 'value="HSP/EB.2024/20"' in html and 'value="HSP/EB.2024/14"' in html
    assert "/en/work/periods/2024-H2/report.docx?language=zh" in html
    assert "/en/work/periods/2024-H2/report.pdf?language=zh" in html
    assert "/en/work/periods/2024-H2/report.xml?language=zh" in html
    assert "data-report-frame" in html
    # Where each paragraph comes from, with its citation in the report's language.
    assert "第 2/6 号决议第 4 (a)段" in html
    assert 'href="/en/work/updates/' in html


def file_of_job(client, url):
    """Ask for a report file (a job; without a broker it runs at once) and download it from the job."""
    asked = client.post(url)
    assert asked.status_code == 302 and asked["Location"].startswith("/en/work/jobs/"), asked.content.decode()[:500]
    job_page = client.get(asked["Location"]).content.decode()
    assert 'data-job-state="done"' in job_page, job_page
    return client.get(asked["Location"] + "file")


def test_downloads_are_files_of_each_format(client, coordinator):
    query = "?language=zh&symbol=HSP/EB.2024/20&agenda_item=6"
    docx = file_of_job(client, f"/en/work/periods/2024-H2/report.docx{query}")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert docx["Content-Disposition"] == 'attachment; filename="HSP-EB.2024-20-zh.docx"'
    assert b"".join(docx.streaming_content)[:2] == b"PK"
    pdf = file_of_job(client, f"/en/work/periods/2024-H2/report.pdf{query}")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-") and pdf["Content-Disposition"].endswith('-zh.pdf"')
    akn = file_of_job(client, f"/en/work/periods/2024-H2/report.xml{query}")
    assert akn["Content-Type"].startswith("application/akn+xml") and akn["Content-Disposition"].endswith('-zh.xml"')
    assert b"<docNumber>HSP/EB.2024/20</docNumber>" in b"".join(akn.streaming_content)
    framed = client.get(f"/en/work/periods/2024-H2/report.html{query}&inline=1")
    assert framed["Content-Disposition"].startswith("inline") and framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "第 2/6 号决议" in framed.content.decode()


def test_missing_translations_are_listed_until_allowed(client, coordinator):
    html = client.get(PAGE + "?language=en").content.decode()
    assert "49 texts have no version in this language" in html and "paragraph 47 (resolution 2/10)" in html
    assert "report.pdf" not in html
    asked = client.post("/en/work/periods/2024-H2/report.pdf?language=en")
    refused = client.get(asked["Location"]).content.decode()
    assert 'data-job-state="failed"' in refused, refused[refused.find("<main") :]
    assert "paragraph 47 (resolution 2/10)" in refused
    allowed = client.get(PAGE + "?language=en&allow_missing=on").content.decode()
    assert "49 texts are marked as missing in this language." in allowed
    assert "report.pdf?language=en&amp;allow_missing=on" in allowed


def test_bad_details_are_shown_next_to_the_form(client, coordinator):
    response = client.get(PAGE + "?language=zh&symbol=nonsense&agenda_item=six")
    html = response.content.decode()
    assert "is not a valid UN document symbol" in html or "is not an agenda item number" in html
    assert "data-report-frame" not in html
    assert client.get("/en/work/periods/2024-H2/report.docx?language=xx").status_code == 400
    assert client.post("/en/work/periods/2024-H2/report.docx?language=xx").status_code == 400


def test_the_period_board_links_the_report(client, coordinator):
    assert "/en/work/periods/2024-H2/report/" in client.get("/en/work/periods/2024-H2/").content.decode()
    assert client.get("/en/work/periods/1999-H1/report/").status_code == 404


def test_asking_for_a_file_from_the_page_shows_the_job_in_the_progress_area(client, coordinator):
    html = client.get(PAGE).content.decode()
    assert 'hx-post="/en/work/periods/2024-H2/report.pdf?language=zh' in html and 'id="report-jobs"' in html
    area = client.post("/en/work/periods/2024-H2/report.docx?language=zh", HTTP_HX_REQUEST="true").content.decode()
    assert area.lstrip().startswith('<div class="card') and "<html" not in area  # the area alone, for htmx
    assert 'data-job-state="done"' in area and "/file" in area and "-zh.docx" in area
    assert client.get("/en/work/periods/2024-H2/report.docx?language=zh")["Location"] == PAGE + "?language=zh"


def test_a_period_with_nothing_approved_shows_why_and_offers_no_file(client, coordinator):
    from restrack.reporting.tests.factories import ReportingPeriodFactory

    ReportingPeriodFactory(label="2032-H1")
    html = client.get("/en/work/periods/2032-H1/report/?language=zh").content.decode()
    assert "data-empty" in html and "it has no update of an Assembly resolution or decision" in html
    assert "report.pdf" not in html
    asked = client.post("/en/work/periods/2032-H1/report.pdf?language=zh")
    refused = client.get(asked["Location"]).content.decode()
    assert 'data-job-state="failed"' in refused and "would have no paragraph on any resolution" in refused
