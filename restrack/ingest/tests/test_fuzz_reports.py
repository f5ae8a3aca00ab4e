"""The reliability suite: mangled progress reports (TXT, DOCX, PDF: byte flips, truncation,
shuffled and duplicated paragraphs, hostile Unicode, huge lines, broken XML, zip bombs, hostile
PDFs; restrack.reading.tests.fuzz) sent to the admin's upload page and to `restrack import-report`.
Each is imported or refused with a clear message (no library internals), a refusal writes nothing
(the database and the media files as they were), both ways agree, and each stays within the time
and memory bounds. RESTRACK_FUZZ_COUNT inputs from RESTRACK_FUZZ_SEED (see docs/development.md,
"Reliability suite"); benchmarks/fuzz.py runs the same at a large count."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from restrack.core.tests.fuzzing import Outcome, agreed, answered, attempt
from restrack.reading.tests import fuzz

pytestmark = pytest.mark.django_db


def report_world(media_root: Path) -> dict:
    """An administrator signed in to the admin (the upload page) with the reference data only."""
    from restrack.accounts.system_user import get_system_user
    from restrack.accounts.tests.factories import UserFactory

    get_system_user()  # the command's acting user, made on first use: before the inputs
    user = UserFactory(username="fuzz-admin", is_staff=True, is_superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return {"user": user, "client": client, "media_root": media_root}


def page_refusal(response) -> str | None:
    """The upload page's refusal (its form's errors), None when it shows the preview."""
    answered(response)
    form = response.context.get("form") if response.context else None
    templates = [template.name for template in response.templates]
    if "ingest/preview.html" in templates:
        return None
    assert form is not None and form.errors, "the upload page showed neither a preview nor an error"
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def try_report(case: fuzz.Case, world: dict) -> Outcome:
    """The upload page (a preview, keeping the file), then `restrack import-report` (for real)."""
    upload = attempt(
        case,
        lambda: page_refusal(
            world["client"].post(
                reverse("admin:ingest_reportimport_upload"), {"file": SimpleUploadedFile(case.name, case.data)}
            )
        ),
        media_root=world["media_root"],
    )
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / (case.name or "report")
        path.write_bytes(case.data)
        command = attempt(
            case,
            lambda: call_command("import_report", str(path), stdout=_Discard()) and None,
            refusals=(CommandError, ValidationError),
            media_root=world["media_root"],
        )
    return agreed({"the upload page": upload, "import-report": command})


class _Discard:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RESTRACK_IMPORT_JOB_MIN_KB = 10**9  # read in the request: a job's record is a write of its own
    return report_world(settings.MEDIA_ROOT)


@pytest.mark.parametrize("index", range(fuzz.count()), ids=lambda index: f"reports-{index}")
def test_a_mangled_report_is_imported_or_refused_cleanly(world, index):
    outcome = try_report(fuzz.case("reports", fuzz.seed(), index), world)
    assert outcome.verdict != "failure", str(outcome)
