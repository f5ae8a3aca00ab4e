"""What the reliability suite's fuzz inputs found (docs/development.md, "Reliability suite"), each
kept as a test of its own: a report line of 200,000 letters read in minutes (a regular expression
backtracking over it), a UTF-16 report holding NUL characters answered 500 on PostgreSQL and so did
an instrument named with a NUL character in an API body, a workbook whose damaged ZIP directory
named an unknown ZIP version answered 500, and a JSON number of 5,000 digits was refused in
Python's words. (The PDF whose page inflates to 300 MB and the long history reason have theirs:
restrack/reading/tests/test_limits.py, test_change_reasons.py.)"""

import pytest

from restrack.reading.errors import IngestError
from restrack.reading.readers import read_document
from restrack.reading.tests.fuzz import bounded, internals_in, workbook
from restrack.reading.tests.seeds import FIXTURES, parse_lines


@pytest.mark.unit
def test_a_line_of_two_hundred_thousand_letters_is_read_at_once():
    lines = (FIXTURES / "english-report.txt").read_text(encoding="utf-8").split("\n")
    lines.insert(10, "x" * 200_000)  # among the masthead's lines, where a document symbol is looked for
    with bounded(10):  # not a timing: minutes before the fix, a fraction of a second after; interrupted if it hangs
        parse_lines(lines)


@pytest.mark.unit
def test_a_utf16_report_holding_nul_characters_is_refused_as_binary():
    text = (FIXTURES / "english-report.txt").read_text(encoding="utf-8").replace("UN-Habitat", "UN-\x00Habitat", 1)
    with pytest.raises(IngestError) as caught:
        read_document(None, data=text.encode("utf-16"), file_name="report.txt")
    assert "it contains NUL characters, so it is binary data" in str(caught.value)


@pytest.mark.unit
def test_a_workbook_whose_zip_directory_names_an_unknown_version_is_refused_in_words():
    from restrack.funding.tables import TableError, read_table
    from restrack.reading.limits import Limits

    data = bytearray(workbook([["instrument", "period"], ["resolution 2/6", "2024-H2"]]))
    directory = data.find(b"PK\x01\x02")  # the first entry of the central directory
    data[directory + 6] = 208  # "version needed to extract": 20.8, which zipfile does not implement
    with pytest.raises(TableError) as caught:
        read_table(bytes(data), Limits())
    message = str(caught.value)
    assert "damaged XLSX workbook" in message and not internals_in(message), message


@pytest.mark.django_db
def test_a_json_number_of_five_thousand_digits_is_refused_in_words():
    from restrack.accounts.tests.factories import UserFactory
    from restrack.core.tests.api_helpers import client_as

    client = client_as(UserFactory(username="coordinator", role="coordinator"))
    answer = client.generic("POST", "/api/v1/periods/", "1" * 5_000, content_type="application/json")
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "a number of more than 4,300 digits" in detail and not internals_in(detail), detail


@pytest.mark.django_db
def test_an_instrument_named_with_a_nul_character_is_a_400():
    """PostgreSQL cannot compare a string holding NUL: the lookup answered 500 before the field's
    own check refused the character."""
    from restrack.accounts.tests.factories import UserFactory
    from restrack.core.tests.api_helpers import client_as

    client = client_as(UserFactory(username="fatima", role="finance_officer"))
    body = {"instrument": "resolution\x00 2/6", "period": "2024-H2", "requirements_usd": "1.00", "reason": "x"}
    answer = client.post("/api/v1/funding/records/", body, format="json")
    assert answer.status_code == 400 and "instrument" in answer.json(), answer.content
