"""Property-based tests: the 2024 report mangled the way PDF extraction mangles text (line
breaks moved, spaces added, page headers inserted) still gives the same paragraphs."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restrack.reading.tests.seeds import REPORT_2024, parse_lines, parsed

LINES = REPORT_2024.read_text(encoding="utf-8").split("\n")
EXPECTED = [
    (p.number, p.section.reference, p.text, [f.marker for f in p.footnotes]) for p in parsed(REPORT_2024).paragraphs
]
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def comparable(report):
    return [(p.number, p.section.reference, p.text, [f.marker for f in p.footnotes]) for p in report.paragraphs]


def splittable(line: str) -> list[int]:
    """Where a line may break without changing its text: between two ideographs."""
    return [i for i in range(1, len(line)) if IDEOGRAPH.match(line[i - 1]) and IDEOGRAPH.match(line[i])]


@st.composite
def moved_line_breaks(draw):
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 25))):
        index = draw(st.integers(0, len(lines) - 1))
        positions = splittable(lines[index])
        if not positions or re.match(r"^\s*([A-Z]\.|[一二三四五六七八九十]+、)", lines[index]):
            continue  # headings keep their line
        cut = draw(st.sampled_from(positions))
        lines[index : index + 1] = [lines[index][:cut], lines[index][cut:]]
    return lines


@st.composite
def joined_lines(draw):
    """Lines inside a paragraph joined back together (the opposite of a moved break)."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 15))):
        index = draw(st.integers(0, len(lines) - 2))
        left, right = lines[index].rstrip(), lines[index + 1].strip()
        if (
            left
            and right
            and IDEOGRAPH.match(left[-1])
            and IDEOGRAPH.match(right[0])
            and not re.match(r"^(\d+\.|[A-Z]\.|[一二三四五六七八九十]+、)", right)
        ):
            lines[index : index + 2] = [left + right]
    return lines


@st.composite
def extra_spaces(draw):
    lines = list(LINES)
    for index in draw(st.lists(st.integers(0, len(lines) - 1), max_size=40)):
        lines[index] = (
            draw(st.sampled_from([" ", "  ", "\t", "\u3000"])) + lines[index] + draw(st.sampled_from(["", " ", "  "]))
        )
    return lines


@st.composite
def page_headers(draw):
    """Page headers (symbol and page number, with blank lines) between any two lines."""
    lines = list(LINES)
    for page, index in enumerate(
        sorted(draw(st.lists(st.integers(1, len(lines) - 1), max_size=8, unique=True)), reverse=True)
    ):
        header = draw(
            st.sampled_from(
                [
                    ["", "HSP/EB.2024/20", "", str(page + 2), ""],
                    ["HSP/EB.2024/20", str(page + 2)],
                    [str(page + 2), "", "HSP/EB.2024/20"],
                    ["\f", "HSP/EB.2024/20"],
                ]
            )
        )
        lines[index:index] = header
    return lines


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(moved_line_breaks())
def test_moved_line_breaks(lines):
    assert comparable(parse_lines(lines)) == EXPECTED


@SETTINGS
@given(joined_lines())
def test_joined_lines(lines):
    assert comparable(parse_lines(lines)) == EXPECTED


@SETTINGS
@given(extra_spaces())
def test_spaces_added_around_lines(lines):
    assert comparable(parse_lines(lines)) == EXPECTED


@SETTINGS
@given(page_headers())
def test_page_headers_inserted(lines):
    report = parse_lines(lines)
    assert comparable(report) == EXPECTED
    assert report.symbol == "HSP/EB.2024/20"
