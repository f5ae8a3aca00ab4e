"""The reliability suite: random bodies sent to the API's write endpoints (saving a draft, creating
and opening periods, the review steps, funding figures and the window's books) by an administrator
signing in with a token, as a script would: valid bodies, bodies with values replaced by hostile ones
(huge numbers, wrong types, NUL and lone surrogates, right-to-left text, deep nesting), and raw bytes
under odd content types (restrack.reading.tests.fuzz). The API never answers 500: it accepts, or
answers 4xx with a JSON body saying why and writes nothing; each request stays within the time and
memory bounds. RESTRACK_FUZZ_COUNT bodies from RESTRACK_FUZZ_SEED (see docs/development.md,
"Reliability suite")."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from restrack.core.tests.fuzzing import Outcome, answered, attempt
from restrack.reading.tests import fuzz

pytestmark = pytest.mark.django_db


def api_world() -> dict:
    """An administrator with a token; 2025-H1 opened (a draft per active instrument), its draft of
    resolution 2/6 at version 1."""
    from restrack.accounts.actions import issue_api_token, set_user_role
    from restrack.accounts.system_user import get_system_user
    from restrack.registry.selectors import find_instrument
    from restrack.reporting import actions
    from restrack.reporting.models import ProgressUpdate

    system = get_system_user()
    administrator = set_user_role("fuzz-api", "administrator", acting_user=system)
    period = actions.create_reporting_period("2025-H1", input_deadline="2025-05-15", acting_user=administrator)
    actions.open_period(period, acting_user=administrator)
    update = ProgressUpdate.objects.get(period=period, instrument=find_instrument("resolution 2/6"))
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(administrator, acting_user=administrator)}")
    return {"client": client, "update": update.pk, "period": period.label}


def answer_refusal(response) -> str | None:
    """None for a 2xx answer; a 4xx answer's `detail` (it must be JSON); a failure otherwise."""
    answered(response, None)
    status = response.status_code
    if status < 400:
        return None
    assert response["Content-Type"].startswith("application/json"), (
        f"the API answered {status} with {response['Content-Type']}: {response.content[:200]!r}"
    )
    body = json.loads(response.content)
    detail = body.get("detail") if isinstance(body, dict) else None
    assert detail, f"the API answered {status} without saying why: {body!r}"
    return f"{status} {detail}"


def try_api_body(case: fuzz.Case, world: dict) -> Outcome:
    path = case.path.replace("{update}", str(world["update"])).replace("{period}", world["period"])

    def send():
        response = world["client"].generic(case.method, path, case.data, content_type=case.content_type)
        return answer_refusal(response)

    return attempt(case, send)


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):
    """The world, made once for the module in a transaction rolled back after its last test (each
    test's own transaction nests in it); opening a period costs more than most bodies."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield api_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_shared_world, db):
    return _shared_world


@pytest.mark.parametrize("index", range(fuzz.count()), ids=lambda index: f"api-{index}")
def test_a_random_body_is_accepted_or_refused_with_json(world, index):
    outcome = try_api_body(fuzz.case("api", fuzz.seed(), index), world)
    assert outcome.verdict != "failure", str(outcome)
