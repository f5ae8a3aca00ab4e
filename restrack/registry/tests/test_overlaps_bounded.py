"""Finding overlaps stays bounded when a formula is repeated in many resolutions: each paragraph
keeps its KEPT most alike (the earliest among equals), a rebuild and the refresh of one imported
text agree, and paragraphs of different texts are not linked. The texts are MADE UP."""

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import action_running
from restrack.registry import overlaps
from restrack.registry.actions import add_operative_paragraph
from restrack.registry.models import OperativeParagraph, ParagraphOverlap
from restrack.registry.tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inside_an_action():
    with action_running():  # as restrack.registry.actions and the import call them
        yield


FORMULA = "Requests the Executive Director to prepare a made-up survey of rooftop gardens in coastal towns;"
OTHER = "Invites Member States to exchange invented data on bicycle lanes along mountain rivers;"


def _paragraphs(count: int, text: str) -> list[OperativeParagraph]:
    coordinator = UserFactory(role="coordinator")
    return [
        add_operative_paragraph(InstrumentFactory(), "1", text={"en": text}, acting_user=coordinator)
        for _ in range(count)
    ]


def _links() -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for a, b in ParagraphOverlap.objects.filter(language="en").values_list("paragraph_id", "other_id"):
        found.setdefault(a, set()).add(b)
        found.setdefault(b, set()).add(a)
    return found


def test_a_repeated_formula_links_each_paragraph_to_the_earliest_that_said_it(monkeypatch):
    monkeypatch.setattr(overlaps, "COMPARED", 6)
    repeated = _paragraphs(40, FORMULA)
    apart = _paragraphs(3, OTHER)
    found = overlaps.rebuild(["en"])
    links = _links()
    earliest = [paragraph.pk for paragraph in repeated[: overlaps.KEPT]]
    assert found <= overlaps.KEPT * len(repeated)  # not the 780 pairs of every two
    for paragraph in repeated[overlaps.KEPT :]:
        assert links[paragraph.pk] == set(earliest)
    for paragraph in apart:
        assert links[paragraph.pk] == {other.pk for other in apart} - {paragraph.pk}
    assert ParagraphOverlap.objects.filter(language="en", similarity=1.0).count() == found


def test_refreshing_one_new_text_finds_the_same_as_a_rebuild(monkeypatch):
    monkeypatch.setattr(overlaps, "COMPARED", 6)
    _paragraphs(30, FORMULA)
    overlaps.rebuild(["en"])
    (new,) = _paragraphs(1, FORMULA.replace("coastal towns", "coastal towns and islands"))
    overlaps.refresh([new.pk], "en")
    refreshed = _links()[new.pk]
    overlaps.rebuild(["en"])
    assert len(refreshed) == overlaps.KEPT and refreshed == _links()[new.pk]
