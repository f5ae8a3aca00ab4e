"""The import limits (settings.RESTRACK_IMPORT_LIMITS) refuse the same report with the same message
from `restrack import-report` and from the admin's upload page, writing nothing."""

from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from restrack.ingest.models import ReportImport
from restrack.reading.limits import Limits
from restrack.reading.tests.seeds import FIXTURES
from restrack.reading.tests.test_limits import with_member
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


def refusals(client, path) -> tuple[str, str]:
    """The command's message and the upload page's for the file at `path`."""
    with pytest.raises(CommandError) as caught:
        call_command("import_report", str(path))
    response = client.post(
        reverse("admin:ingest_reportimport_upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 200
    return str(caught.value), " ".join(response.context["form"].non_field_errors())


def test_a_zip_bomb_is_refused_alike_by_the_command_and_the_upload(client, coordinator, tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(with_member((FIXTURES / "seed-2020.docx").read_bytes(), "word/media/a.emf", bytes(4 * 2**20)))
    command, page = refusals(client, path)
    assert command == page
    assert command.startswith("bomb.docx: the part word/media/a.emf of the DOCX file is compressed")
    assert "RESTRACK_IMPORT_ZIP_MAX_RATIO" in command
    assert not ReportImport.objects.exists() and not Document.objects.exists() and not ProgressUpdate.objects.exists()


def test_the_configured_limits_apply_to_the_command_and_the_upload(client, coordinator, settings, tmp_path):
    settings.RESTRACK_IMPORT_LIMITS = replace(Limits(), zip_members=3)
    path = tmp_path / "report.docx"
    path.write_bytes((FIXTURES / "seed-2020.docx").read_bytes())
    command, page = refusals(client, path)
    assert command == page and "over the limit of 3 (RESTRACK_IMPORT_ZIP_MAX_MEMBERS)" in command
    assert not ReportImport.objects.exists() and not ProgressUpdate.objects.exists()


def test_the_upload_form_refuses_a_file_over_the_configured_size(client, coordinator, settings):
    settings.RESTRACK_IMPORT_LIMITS = replace(Limits(), report_mb=1)
    response = client.post(
        reverse("admin:ingest_reportimport_upload"),
        {"file": SimpleUploadedFile("big.txt", b"1. text\n" * 200_000)},
    )
    errors = " ".join(response.context["form"].errors["file"])
    assert "the limit is 1 MB" in errors and "RESTRACK_IMPORT_REPORT_MAX_MB" in errors
    assert not ReportImport.objects.exists()
