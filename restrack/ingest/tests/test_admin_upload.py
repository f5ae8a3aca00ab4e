"""Importing from the admin: upload a file, see the preview (nothing imported), confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from restrack.ingest.models import ReportImport
from restrack.reading.tests.seeds import FIXTURES, REPORT_2024
from restrack.registry.models import Document
from restrack.reporting.models import ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, settings, tmp_path):
    from restrack.accounts.tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def upload(client, path, **fields):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **fields}
    return client.post(reverse("admin:ingest_reportimport_upload"), data)


def test_the_changelist_offers_the_import(client, coordinator):
    page = client.get(reverse("admin:ingest_reportimport_changelist")).content.decode()
    assert reverse("admin:ingest_reportimport_upload") in page


def test_upload_preview_then_confirm(client, coordinator):
    response = upload(client, REPORT_2024)
    assert response.status_code == 200
    page = response.content.decode()
    assert "HSP/EB.2024/20" in page and "Updates created: 15" in page and "Confirm the import" in page
    assert "根据第 4 (a)段" in page
    assert not ProgressUpdate.objects.exists()  # the preview imports nothing
    record = ReportImport.objects.get()
    assert (record.state, record.period_label, record.symbol) == ("previewed", "2024-H2", "HSP/EB.2024/20")

    response = client.post(reverse("admin:ingest_reportimport_confirm", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == "imported" and record.document == Document.objects.get(symbol="HSP/EB.2024/20")
    assert ProgressUpdate.objects.count() == 15
    assert ProgressUpdate.objects.first().entries.first().history.first().history_user == coordinator


def test_a_bad_file_is_refused_in_the_form(client, coordinator):
    response = upload(client, FIXTURES / "scanned.pdf")
    assert response.status_code == 200
    assert "no text layer" in response.content.decode()
    assert not ReportImport.objects.exists()


def test_a_bad_period_is_refused_in_the_form(client, coordinator):
    response = upload(client, REPORT_2024, period="2024-H9")
    assert "is not a reporting period" in response.content.decode()


def test_confirming_twice_does_not_import_twice(client, coordinator):
    upload(client, REPORT_2024)
    record = ReportImport.objects.get()
    client.post(reverse("admin:ingest_reportimport_confirm", args=[record.pk]))
    assert client.post(reverse("admin:ingest_reportimport_confirm", args=[record.pk])).status_code == 404


def test_staff_without_the_permission_cannot_import(client):
    from restrack.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert upload(client, REPORT_2024).status_code == 403


def test_a_large_upload_is_read_previewed_and_imported_by_jobs(client, coordinator, settings):
    """Above RESTRACK_IMPORT_JOB_MIN_KB a worker reads, previews and imports the report (here, with
    no broker, at once); the page follows the job, then shows the same preview and confirmation."""
    from restrack.jobs.models import Job

    settings.RESTRACK_IMPORT_JOB_MIN_KB = 0
    response = upload(client, REPORT_2024)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:ingest_reportimport_job", args=[job.pk]
    )
    assert (job.kind, job.state, job.requested_by) == ("ingest.preview", "done", coordinator)
    assert "Updates created: 15" in job.result["lines"]
    record = ReportImport.objects.get()
    preview_url = reverse("admin:ingest_reportimport_preview", args=[record.pk])
    assert client.get(response["Location"])["Location"] == preview_url  # a finished job goes on to its preview
    page = client.get(preview_url).content.decode()
    assert "HSP/EB.2024/20" in page and "Updates created: 15" in page and "Confirm the import" in page
    assert "根据第 4 (a)段" in page
    assert not ProgressUpdate.objects.exists()

    confirmed = client.post(reverse("admin:ingest_reportimport_confirm", args=[record.pk]))
    job = Job.objects.get(kind="ingest.import")
    assert confirmed["Location"] == reverse("admin:ingest_reportimport_job", args=[job.pk])
    assert job.state == "done" and "Updates created: 15" in job.result["lines"]
    assert client.get(confirmed["Location"])["Location"] == reverse(
        "admin:ingest_reportimport_change", args=[record.pk]
    )
    record.refresh_from_db()
    assert record.state == "imported" and ProgressUpdate.objects.count() == 15
    assert client.get(preview_url).status_code == 404  # imported: no longer waiting for confirmation


def test_a_large_bad_upload_fails_its_job_with_the_reason(client, coordinator, settings):
    from restrack.jobs.models import Job

    settings.RESTRACK_IMPORT_JOB_MIN_KB = 0
    response = upload(client, FIXTURES / "scanned.pdf")
    job = Job.objects.get()
    assert job.state == "failed" and "no text layer" in job.error
    page = client.get(response["Location"]).content.decode()
    assert 'data-job-state="failed"' in page and "no text layer" in page
    assert not ReportImport.objects.exists()
    assert not list((settings.MEDIA_ROOT / "jobs" / "uploads").iterdir())  # the upload is not kept


def test_a_document_on_no_instrument_is_refused_until_stored_as_an_introduction(client, coordinator, tmp_path):
    from restrack.ingest.tests.test_import_safety import INTRODUCTION_ONLY
    from restrack.reporting.models import ReportingPeriod

    path = tmp_path / "overview.txt"
    path.write_text(INTRODUCTION_ONLY, encoding="utf-8")
    refused = upload(client, path).content.decode()
    assert "Store as a period" in refused and "no paragraph" in refused
    assert not ReportImport.objects.exists()

    preview = upload(client, path, force="on")
    assert preview.status_code == 200 and "Confirm the import" in preview.content.decode()
    record = ReportImport.objects.get()
    assert record.summary["force"] is True and not ReportingPeriod.objects.filter(label="2031-H2").exists()
    client.post(reverse("admin:ingest_reportimport_confirm", args=[record.pk]))
    period = ReportingPeriod.objects.get(label="2031-H2")
    assert period.introduction_en.startswith("The present report gives an overview")
    assert not ProgressUpdate.objects.exists()
