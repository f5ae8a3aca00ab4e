"""The classifier of operative paragraphs (restrack.reading.mandates) measured against hand labels
written apart from it (restrack.reading.tests.resolutions.labels) on the made-up corpus and the
fictional sample resolution: verb, addressee, mandate and reporting clause, in six languages. The
agreement figures print with -s; the test holds each field at or above its floor."""

from pathlib import Path

import pytest

from restrack.reading import mandates
from restrack.reading.readers import read_document
from restrack.reading.resolution import parse_resolution
from restrack.reading.tests.resolutions.corpus import BY_NAME
from restrack.reading.tests.resolutions.labels import LABELS

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "resolutions"
SAMPLE_FILES = {"example-en": "example-resolution-en.txt", "example-zh": "example-resolution-zh.txt"}
FIELDS = ("action", "addressee", "mandate", "reporting")
# Agreement asked of each field over all labelled paragraphs; the closing note gives the figures.
FLOORS = {"action": 0.95, "addressee": 0.9, "mandate": 0.9, "reporting": 0.95}


def paragraphs_of(name: str) -> list[tuple[str, str]]:
    if name in SAMPLE_FILES:
        parsed = parse_resolution(read_document(SAMPLES / SAMPLE_FILES[name]))
        return [(p.number, p.text) for p in parsed.paragraphs]
    return [tuple(p) for p in BY_NAME[name].paragraphs]


def classified(name: str) -> dict[str, dict]:
    found: dict[str, mandates.Classification] = {}
    out = {}
    for number, text in paragraphs_of(name):
        parent = found.get(number.rsplit("(", 1)[0]) if "(" in number else None
        result = found[number] = mandates.classify(text, parent)
        due = result.reporting
        reporting = None
        if due is not None:
            reporting = {"body": due.body, "session": due.session, "year": due.year, "order": due.order}
            if due.recurring:
                reporting["recurring"] = True
        out[number] = {
            "action": result.action,
            "addressee": result.addressee,
            "mandate": result.mandate,
            "reporting": reporting,
        }
    return out


def test_agreement_with_the_hand_labels():
    agree = dict.fromkeys(FIELDS, 0)
    total = 0
    misses = []
    for name, labels in LABELS.items():
        found = classified(name)
        assert list(found) == list(labels), f"{name}: the paragraphs read differ from those labelled"
        for number, label in labels.items():
            total += 1
            for field in FIELDS:
                if found[number][field] == label[field]:
                    agree[field] += 1
                else:
                    misses.append(f"{name} {number} {field}: {found[number][field]!r}, labelled {label[field]!r}")
    rates = {field: agree[field] / total for field in FIELDS}
    print(f"\nclassification agreement over {total} paragraphs:", {f: f"{r:.1%}" for f, r in rates.items()})
    print("\n".join(misses))
    assert all(rates[field] >= FLOORS[field] for field in FIELDS), "\n".join(misses)


@pytest.mark.parametrize(
    ("text", "action", "addressee", "mandate"),
    [
        ("Also requests the Executive Director to prepare a guide;", "requests", "secretariat", True),
        ("Decides that UN-Habitat shall host the network;", "decides", "secretariat", True),
        ("Decides to establish a working group;", "decides", "body", False),
        ("Welcomes the work of the Executive Director;", "welcomes", "body", False),
        ("又请执行主任编写指南；", "requests", "secretariat", True),
        ("邀请会员国分享数据；", "invites", "member_states", False),
        ("Notes with appreciation the contributions of partners;", "takes_note", "body", False),
        ("Prie également la Directrice exécutive de rendre compte ;", "requests", "secretariat", True),
        ("وتطلب إلى المديرة التنفيذية أن تعد دليلا؛", "requests", "secretariat", True),
    ],
)
def test_verbs_and_addressees(text, action, addressee, mandate):
    result = mandates.classify(text)
    assert (result.action, result.addressee, result.mandate) == (action, addressee, mandate)
