"""Instruments as Akoma Ntoso: the export (AKN4UN URIs and eIds, one language per expression), the
address linked from the instrument page, and the round trip: importing the export where the
instrument and its session are gone, then exporting again, gives the same bytes in English and
Chinese. The texts are MADE UP (samples/resolutions)."""

from pathlib import Path

import pytest
from defusedxml import ElementTree

from restrack.accounts.tests.factories import UserFactory
from restrack.ingest.actions import import_resolution
from restrack.ingest.pipeline import parse_resolution_file
from restrack.reading.errors import IngestError
from restrack.registry.actions import delete_record
from restrack.registry.models import Instrument, Session

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "resolutions"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
URL = "/api/v1/instruments/resolution-9-1/akn.xml"


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinator")


@pytest.fixture
def example(coordinator):
    for name in ("example-resolution-en.txt", "example-resolution-zh.txt"):
        import_resolution(parse_resolution_file(SAMPLES / name), acting_user=coordinator)
    return Instrument.objects.get(kind="resolution", number="9/1")


def test_the_export_names_work_expression_and_paragraphs_as_akn4un(client, example):
    answer = client.get(URL + "?lang=zh-hans")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/akn+xml")
    root = ElementTree.fromstring(answer.content)
    statement = root.find(f"{AKN}statement")
    assert statement.get("name") == "resolution"
    work = statement.find(f"{AKN}meta/{AKN}identification/{AKN}FRBRWork/{AKN}FRBRuri").get("value")
    assert work == "/akn/un/statement/deliberation/assembly/2051-06-09/9-1"
    language = statement.find(f"{AKN}meta/{AKN}identification/{AKN}FRBRExpression/{AKN}FRBRlanguage")
    assert language.get("language") == "zho"
    eids = [element.get("eId") for element in statement.iter() if element.get("eId", "").startswith("para_")]
    assert "para_2__list_1__point_b__list_1__point_i" in eids and "para_7" in eids
    assert client.get(URL + "?lang=xx").status_code == 400
    assert client.get("/api/v1/instruments/resolution-99-1/akn.xml").status_code == 404
    page = client.get("/zh-hans/resolutions/9/1/").content.decode()
    assert f'href="{URL}?lang=zh-hans"' in page


def test_the_export_reads_back_identically(client, example, coordinator, tmp_path):
    exported = {language: client.get(f"{URL}?lang={language}").content for language in ("en", "zh-hans")}
    session = example.session
    delete_record(example, acting_user=coordinator)
    delete_record(Session.objects.get(pk=session.pk), acting_user=coordinator)
    for language, data in exported.items():
        path = tmp_path / f"9-1.{language}.akn.xml"
        path.write_bytes(data)
        summary = import_resolution(parse_resolution_file(path), acting_user=coordinator)
        assert summary.language == language
    assert Instrument.objects.get(kind="resolution", number="9/1").session.number == 9
    for language, data in exported.items():
        assert client.get(f"{URL}?lang={language}").content == data


def test_xml_that_is_not_an_instrument_is_refused(tmp_path):
    path = tmp_path / "other.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="report"/></akomaNtoso>'
    )
    with pytest.raises(IngestError, match="not a resolution or decision in Akoma Ntoso"):
        parse_resolution_file(path)
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><akomaNtoso>&e;</akomaNtoso>')
    with pytest.raises(IngestError, match="not well-formed XML|Export the Akoma Ntoso file again"):
        parse_resolution_file(bomb)
