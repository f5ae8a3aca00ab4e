"""The made-up sample funding figures and window books of samples/funding/, loaded as on first
start (through the importer and the window's actions), for the public pages' tests and
screenshots; and helpers that read amounts back from the pages."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from restrack.registry.selectors import find_instrument

SAMPLES = Path(settings.BASE_DIR) / "samples" / "funding"


def load_sample_funding(user):
    """Figures of 2020-H1 and 2024-H2 for the sample instruments, through the importer as on first
    start (the periods must exist; skipped when figures exist already)."""
    from restrack.funding.samples import load_sample_figures

    return load_sample_figures(SAMPLES, acting_user=user)


def load_sample_window(user):
    """The sample window books (skipped when the books already hold something)."""
    from restrack.funding.samples import load_sample_window as load

    load(SAMPLES, acting_user=user)


def load_everything():
    """The sample reports (periods 2020-H1 and 2024-H2, published) with the sample figures and
    window books, and a draft 2025-H1 whose figures must never be public. Returns the finance
    officer who recorded them."""
    from django.core.management import call_command

    from restrack.accounts.system_user import get_system_user
    from restrack.accounts.tests.factories import UserFactory
    from restrack.funding.actions import record_funding
    from restrack.reporting.actions import create_reporting_period

    call_command("load_samples", "--reports-only", stdout=open(os.devnull, "w"))
    user = UserFactory(username="sample-finance", role="finance_officer")
    load_sample_funding(user)
    load_sample_window(user)
    draft = create_reporting_period("2025-H1", acting_user=get_system_user())  # coordinators make periods
    record_funding(
        find_instrument("resolution 2/7"),
        draft,
        requirements_usd="999999999.00",
        mobilized_core_usd="1.00",
        note="Draft figures nobody may see yet",
        acting_user=user,
    )
    return user


@pytest.fixture(scope="module")
def _shared_funding(_shared_samples, django_db_blocker):
    """Everything `load_everything` makes, once per module, in a transaction rolled back at the
    module's end; each test runs in a savepoint inside it (its own changes are undone)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_everything().pk
        transaction.set_rollback(True)


@pytest.fixture
def sample_funding(_shared_funding, db):
    """The finance officer who recorded the module's shared sample funding."""
    return get_user_model().objects.get(pk=_shared_funding)


# Reading pages back ---------------------------------------------------------------------------

EXACT = re.compile(r'title="\$([\d,]+\.\d\d)"')


def exact(fragment: str) -> Decimal | None:
    """The exact amount behind a "$1,858K" (its tooltip), signed: a surplus is negative."""
    match = EXACT.search(fragment)
    if match is None:
        return None
    amount = Decimal(match.group(1).replace(",", ""))
    return -amount if "surplus" in fragment else amount


def row_of(html: str, instrument: str, *, within: str | None = None) -> str:
    """The table row of `instrument` (inside the element with id `within` when given)."""
    if within:
        html = html.split(f'id="{within}"', 1)[1].split("</table>", 1)[0]
    return html.split(f'data-instrument="{instrument}"', 1)[1].split("</tr>", 1)[0]


def cells(row: str) -> list[str]:
    return [cell.split("</td>", 1)[0] for cell in row.split("<td")[1:]]


def instruments_in(html: str, table_id: str) -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-instrument="([^"]+)"', table)


def total(html: str, name: str) -> str:
    return html.split(f'data-total="{name}">', 1)[1].split("</div>", 1)[0]
