"""An instrument's page: its history across periods, paragraphs with their citations, funding,
commitments and operative paragraphs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.accounts.system_user import get_system_user
from restrack.registry.actions import add_operative_paragraph
from restrack.registry.models import Instrument
from restrack.reporting.choices import WorkflowState
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory, UpdateEntryFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_resolution_1_2_history_from_2020_to_2024(client, samples):
    html = page(client, "/en/resolutions/1/2/")
    assert html.index('id="update-2024-H2"') < html.index('id="update-2020-H1"')  # newest first
    assert "继续执行第 1/2 号决议" in html and "2019 年 12 月 5 日至 7 日" in html
    assert 'href="https://undocs.org/HSP/EB.2024/20"' in html and '<bdi dir="ltr">HSP/EB.2024/20</bdi>, para. 3' in html
    assert 'href="/en/partners/UNODC/"' in html
    assert "Dec. 5, 2019" in html  # a date the paragraph states, written the page's way
    assert "Funding figures: not reported." in html


def test_resolution_and_decision_1_3_have_their_own_pages(client, samples):
    resolution = page(client, "/en/resolutions/1/3/")
    decision = page(client, "/en/decisions/1/3/")
    assert "Enhancing capacity-building" in resolution and "Arrangements for the transition" in decision
    assert "第 2019/3 号决定" in decision and "第 2019/3 号决定" not in resolution


def test_operative_paragraph_chips_and_never_cited_paragraphs(client, samples):
    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    add_operative_paragraph(
        instrument, "5", text={"en": "Requests the Executive Director to report."}, acting_user=get_system_user()
    )
    html = page(client, "/en/resolutions/2/6/")
    assert 'href="#op-4a"' in html and 'OP<bdi dir="ltr">4(a)</bdi>' in html
    assert 'id="op-4a"' in html and "reported in" in html
    op_5 = html.split('id="op-5"')[1].split("</li>")[0]
    assert "never cited in a report" in op_5 and "uncited" in html


def test_commitments_show_due_dates_and_overdue_state(client, samples):
    html = page(client, "/en/resolutions/2/7/")
    assert "2024-10-28" in html and "2024-12-11" in html
    assert ">overdue<" in html  # due in 2024, still pending today


def test_drafts_are_not_public(client, samples):
    update = ProgressUpdateFactory(period=ReportingPeriodFactory(label="2025-H1"), workflow_state=WorkflowState.DRAFT)
    UpdateEntryFactory(update=update, text_en="A draft nobody may see yet.")
    assert "A draft nobody may see yet." not in page(client, "/en/resolutions/2/6/")


def test_unknown_instruments_are_404(client, samples):
    assert client.get("/en/resolutions/2/99/").status_code == 404
    assert client.get("/en/decisions/2/6/").status_code == 404


def test_a_period_without_a_published_update_is_404(client, samples):
    assert client.get("/en/resolutions/1/2/?period=2019-H1").status_code == 404
    assert client.get("/en/resolutions/1/2/?period=nonsense").status_code == 404


def test_queries_do_not_grow_with_paragraphs(client, samples, django_assert_num_queries):
    with CaptureQueriesContext(connection) as baseline:
        page(client, "/en/resolutions/2/2/")
    update = Instrument.objects.get(kind="resolution", number="2/2").updates.get()
    for n in range(5):
        UpdateEntryFactory(update=update, position=100 + n, text_en=f"Extra paragraph {n}")
    with django_assert_num_queries(len(baseline)):
        page(client, "/en/resolutions/2/2/")


def test_fallback_language_is_marked(client, samples):
    html = page(client, "/en/resolutions/2/4/")
    assert '<span lang="zh-Hans" dir="ltr" class="fallback">根据第 2/4 号决议' in html
    assert "Not available in this language" in html
