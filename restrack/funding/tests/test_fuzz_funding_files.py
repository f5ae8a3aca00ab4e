"""The reliability suite: mangled funding files (CSV and XLSX: hostile values and formulas, odd
encodings and structure, byte flips, truncation, declared huge dimensions, zip bombs, broken XML,
files that are no spreadsheet; restrack.reading.tests.fuzz) sent to the import page and to the
import itself (what `restrack import-funding` calls). Each is imported or refused with a clear
message (no library internals), a refusal writes nothing (the database and the kept uploads as they
were), both ways agree, and each stays within the time and memory bounds. RESTRACK_FUZZ_COUNT
inputs from RESTRACK_FUZZ_SEED (see docs/development.md, "Reliability suite")."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from restrack.core.tests.fuzzing import Outcome, agreed, answered, attempt
from restrack.funding.importing import FundingImportError, import_funding_file
from restrack.reading.tests import fuzz

pytestmark = pytest.mark.django_db


def funding_world(var_dir: Path) -> dict:
    """A finance officer signed in, the periods the files name (2024-H2 published, 2025-H1 open)."""
    from restrack.accounts.actions import set_user_role
    from restrack.accounts.system_user import get_system_user
    from restrack.reporting.choices import PeriodState
    from restrack.reporting.tests.factories import ReportingPeriodFactory

    officer = set_user_role("fuzz-officer", "finance_officer", acting_user=get_system_user())
    ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)
    ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return {"user": officer, "client": client, "uploads": var_dir / "uploads"}


def page_refusal(response) -> str | None:
    answered(response)
    context = response.context or {}
    if context.get("problems"):
        return " ".join(str(problem) for problem in context["problems"])
    form = context.get("form")
    if form is not None and form.errors:
        return " ".join(str(message) for messages in form.errors.values() for message in messages)
    assert context.get("result") is not None, "the import page showed neither a preview nor a problem"
    return None


def try_funding_file(case: fuzz.Case, world: dict) -> Outcome:
    page = attempt(
        case,
        lambda: page_refusal(
            world["client"].post(reverse("funding:import"), {"file": SimpleUploadedFile(case.name, case.data)})
        ),
        media_root=world["uploads"],
    )
    imported = attempt(
        case,
        lambda: import_funding_file(case.data, case.name, acting_user=world["user"]) and None,
        refusals=(FundingImportError,),
        message_of=lambda error: " ".join(error.messages),
        media_root=world["uploads"],
    )
    return agreed({"the import page": page, "the import": imported})


@pytest.fixture
def world(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return funding_world(tmp_path)


@pytest.mark.parametrize("index", range(fuzz.count()), ids=lambda index: f"funding-{index}")
def test_a_mangled_funding_file_is_imported_or_refused_cleanly(world, index):
    outcome = try_funding_file(fuzz.case("funding", fuzz.seed(), index), world)
    assert outcome.verdict != "failure", str(outcome)
