"""Paragraphs that repeat others, found when texts are imported: shown under each paragraph of the
instrument page, listed on /mandates/overlaps/ and in the API, and found again alike by
`restrack find-overlaps`. The texts are MADE UP for the tests."""

import io

import pytest
from django.core.management import call_command

from restrack.accounts.tests.factories import UserFactory
from restrack.ingest.actions import import_resolution
from restrack.ingest.pipeline import parse_resolution_file
from restrack.registry.models import ParagraphOverlap

pytestmark = pytest.mark.django_db

TEXT = """Made-up test text: not a real United Nations resolution

{number}. {title}

The UN-Habitat Assembly,

Recalling its resolution 1/2,

1. Decides to {decides};

2. {wetlands}

3. Invites Member States to share their experience.
"""
FIRST = TEXT.format(
    number="2/3",
    title="Wetlands in cities",
    decides="give priority to the wetlands of coastal cities",
    wetlands="Requests the Executive Director to develop guidelines on the protection of urban wetlands and green "
    "corridors in coastal cities, in cooperation with local governments;",
)
SECOND = TEXT.format(
    number="2/4",
    title="Green corridors",
    decides="hold a dialogue on heat in informal settlements",
    wetlands="Also requests the Executive Director to develop guidelines for the protection of urban wetlands and of "
    "green corridors in coastal cities, in cooperation with local governments;",
)


@pytest.fixture
def imported(tmp_path):
    coordinator = UserFactory(role="coordinator")
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        summary = import_resolution(parse_resolution_file(path), acting_user=coordinator)
    return summary


def test_a_repeated_paragraph_is_found_shown_and_listed(client, imported):
    assert imported.overlaps == 1
    overlap = ParagraphOverlap.objects.select_related("paragraph__instrument", "other__instrument").get()
    assert {
        (overlap.paragraph.instrument.number, overlap.paragraph.number),
        (overlap.other.instrument.number, overlap.other.number),
    } == {
        ("2/3", "2"),
        ("2/4", "2"),
    }
    assert overlap.same_body and overlap.language == "en"
    page = client.get("/en/resolutions/2/4/").content.decode()
    assert (
        'data-overlaps="1">Alike: <a href="/en/resolutions/2/3/#op-2">Resolution 2/3 OP<bdi dir="ltr">2</bdi></a>'
        in page
    )
    listed = client.get("/en/mandates/overlaps/").content.decode()
    assert 'data-overlap="resolution-2-3:2~resolution-2-4:2"' in listed
    assert "data-overlap=" not in client.get("/en/mandates/overlaps/?scope=across_bodies").content.decode()
    assert client.get("/zh-hans/mandates/overlaps/").status_code == 200
    api = client.get("/api/v1/paragraph-overlaps/?instrument=resolution-2-4").json()["results"]
    assert [(row["paragraph"]["instrument"], row["other"]["instrument"], row["same_body"]) for row in api] == [
        ("resolution-2-3", "resolution-2-4", True)
    ]


def test_find_overlaps_finds_the_same_again(imported):
    before = set(ParagraphOverlap.objects.values_list("paragraph", "other", "language"))
    out = io.StringIO()
    call_command("find_overlaps", stdout=out)
    assert "1 overlap(s)" in out.getvalue()
    assert set(ParagraphOverlap.objects.values_list("paragraph", "other", "language")) == before
