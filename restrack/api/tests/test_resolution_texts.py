"""The API's side of resolution texts: importing one (POST /api/v1/resolution-texts/, coordinators,
dry run or for real, refusals as 400 naming the file's problem) and reading what was imported on
the instrument and its paragraphs (preamble, texts, verb, addressee, mandate, report due). The
texts are MADE UP for the tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from restrack.accounts.tests.factories import UserFactory
from restrack.core.tests.api_helpers import client_as
from restrack.ingest.tests.test_import_resolution import CHINESE, ENGLISH
from restrack.registry.models import OperativeParagraph

pytestmark = pytest.mark.django_db
URL = "/api/v1/resolution-texts/"


def post(client, text, name="res.txt", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode()), **fields}, format="multipart")


def test_a_coordinator_imports_a_text_and_reads_it_back():
    client = client_as(UserFactory(role="coordinator"))
    preview = post(client, ENGLISH, dry_run="true")
    assert preview.status_code == 200 and preview.json()["dry_run"] and preview.json()["paragraphs_created"]
    assert not OperativeParagraph.objects.filter(instrument__number="2/3", text_en__startswith="Decides").exists()
    done = post(client, ENGLISH)
    assert done.status_code == 201, done.content
    assert done.json()["instrument"] == "resolution 2/3" and done.json()["mandates"] == 3
    assert post(client, CHINESE, "zh.txt").json()["paragraphs_filled"] == ["1", "2", "2(a)", "2(b)", "3"]
    again = post(client, ENGLISH)
    assert again.status_code == 200 and again.json()["changed"] is False

    instrument = client_as().get("/api/v1/instruments/resolution-2-3/").json()
    assert instrument["preamble"]["en"].startswith("Recalling its resolution 1/2")
    paragraphs = {p["number"]: p for p in instrument["operative_paragraphs"]}
    assert paragraphs["2(b)"]["text"]["zh-hans"].startswith("就本决议的执行情况")
    assert (paragraphs["2"]["action"], paragraphs["2"]["addressee"], paragraphs["2"]["is_mandate"]) == (
        "requests",
        "secretariat",
        True,
    )
    assert paragraphs["2(b)"]["deliverable"] == {
        "body": "assembly",
        "session_number": 3,
        "session_year": None,
        "session_order": None,
        "recurring": False,
        "due_date": None,  # the Assembly's third session is not in the registry yet
        "state": "pending",
        "delivered_in": None,
    }
    assert paragraphs["3"]["deliverable"] is None and not paragraphs["3"]["is_mandate"]
    listed = client_as().get("/api/v1/operative-paragraphs/?instrument=resolution-2-3").json()["results"]
    assert [p["number"] for p in listed if p["is_mandate"]] == ["2", "2(a)", "2(b)"]


def test_refusals_and_permissions():
    coordinator = client_as(UserFactory(role="coordinator"))
    letter = post(coordinator, "Dear colleagues,\n\nThe agenda is attached.\n", "letter.txt")
    assert letter.status_code == 400 and "does not look like a resolution" in letter.json()["file"][0]
    assert post(client_as(), ENGLISH).status_code == 401
    assert post(client_as(UserFactory(role="focal_point")), ENGLISH).status_code == 403
    assert not OperativeParagraph.objects.filter(instrument__number="2/3", text_en__startswith="Decides").exists()


def test_the_lineage_graph():
    client = client_as(UserFactory(role="coordinator"))
    assert post(client, ENGLISH).status_code == 201
    detail = client_as().get("/api/v1/instruments/resolution-2-3/").json()
    assert [(link["target"], link["relation"], link["where"]) for link in detail["builds_on"]] == [
        ("resolution-1-2", "recalls", "preamble 1")
    ]
    assert client_as().get("/api/v1/instruments/resolution-1-2/").json()["built_on_by"][0]["source"] == "resolution-2-3"
    edges = client_as().get("/api/v1/instrument-links/?instrument=resolution-1-2&relation=recalls").json()["results"]
    assert [(edge["source"], edge["target"]) for edge in edges] == [("resolution-2-3", "resolution-1-2")]
    assert client_as().get("/api/v1/instrument-links/?relation=supersedes").json()["results"] == []
