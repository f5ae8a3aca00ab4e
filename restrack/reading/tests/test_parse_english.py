"""An English report of the same layout (written for the tests, with the same PDF noise as the
Chinese sample) parses to the same structure."""

from restrack.reading.tests.seeds import FIXTURES, parse_lines, parsed

ENGLISH = FIXTURES / "english-report.txt"


def test_front_matter():
    report = parsed(ENGLISH)
    assert (report.symbol, report.agenda_symbol, report.language) == ("HSP/EB.2024/20", "HSP/EB.2024/14", "en")
    assert report.title == "Implementation of all resolutions adopted by the United Nations Habitat Assembly"
    meeting = report.meeting
    assert (
        meeting.body,
        meeting.year,
        meeting.session,
        meeting.start,
        meeting.end,
        meeting.place,
        meeting.agenda_item,
    ) == ("executive-board", 2024, 2, "2024-11-12", "2024-11-14", "Nairobi", "6")
    assert report.warnings == []


def test_paragraphs_sections_and_texts():
    report = parsed(ENGLISH)
    assert [(p.number, p.section.reference or p.section.kind) for p in report.paragraphs] == [
        (1, "intro"),
        (2, "resolution 1/2"),
        (3, "resolution 1/2"),
        (4, "resolution 1/5"),
        (5, "resolution 2/2"),
        (6, "resolution 2/2"),
        (7, "resolution 2/6"),
        (8, "resolution 2/7"),
        (9, "resolution 2/9"),
        (10, "resolution 2/10"),
    ]
    texts = {p.number: p.text for p in report.paragraphs}
    # Lines joined with one space; markers, page headers and footnote bodies gone.
    assert texts[2] == (
        "With funding from the United Nations Trust Fund for Human Security, UN-Habitat, together with the "
        "United Nations Office on Drugs and Crime (UNODC), developed an urban safety monitoring tool. "
        "The project phase has now ended."
    )
    assert texts[4].endswith("(FAO). A newsletter was published.")
    assert texts[5].endswith("requested in paragraph 8 of the resolution.")  # "8 of the resolution" is no footnote
    assert texts[10].startswith("The terms of reference") and "decision 2023/6. The resolution" in texts[10]
    assert report.paragraphs[8].section.title.startswith("Building a human settlements resilience framework")


def test_footnotes_and_facts():
    report = {p.number: p for p in parsed(ENGLISH).paragraphs}
    assert [(f.marker, f.urls) for f in report[2].footnotes] == [
        (
            "1",
            [
                "https://urbanpolicyplatform.org/expert-group-meeting-concludes-with-strong-calls-to-enhance-the-role-of-intermediary-cities/"
            ],
        )
    ]
    assert [(f.marker, f.symbols) for f in report[4].footnotes] == [("2", ["HSP/EB.2024/INF/15"])]
    assert [(f.marker, f.symbols) for f in report[10].footnotes] == [("3", ["HSP/EB.2023/23"])]
    assert [(r["instrument"], r["paragraph"]) for r in report[7].facts.op_refs] == [("resolution 2/6", "4(a)")]
    assert [(r["instrument"], r["paragraph"]) for r in report[8].facts.op_refs] == [("resolution 2/7", "2")]
    assert [(r["instrument"], r["paragraph"]) for r in report[6].facts.op_refs] == [("resolution 2/2", "7")]
    assert [a["value"] for a in report[7].facts.amounts] == [24000000]
    assert [c["due"] for c in report[8].facts.commitments] == ["2024-12-11", "2024-10-28"]
    assert [c["due"] for c in report[3].facts.commitments] == ["2024-12"]
    assert [c["due"] for c in report[9].facts.commitments] == ["2024-11"]
    assert [e["code"] for e in report[2].facts.entities] == ["UNTFHS", "UNODC"]
    assert report[10].facts.board_decisions == ["2023/6"]
    assert report[9].facts.funding_constraint and report[6].facts.funding_constraint
    assert not report[7].facts.funding_constraint


def test_the_2020_layout_puts_the_instrument_in_the_chapter_heading():
    report = parse_lines(
        [
            "Executive Board of the United Nations Human Settlements Programme",
            "First session of 2020",
            "Nairobi, 31 March–2 April 2020",
            "Item 6 of the provisional agenda*",
            "",
            "Report of the Executive Director",
            "I. Introduction",
            "1. The present report covers four of the five resolutions.",
            "II. Resolution 1/2: United Nations system-wide guidelines on safer cities and human settlements",
            "2. An expert group meeting was held in Guadalajara, Mexico, from 5 to 7 December 2019.",
            "III. Decision 1/3 on arrangements for the transition to the new governance structure of UN-Habitat",
            "3. The Board established an ad hoc working group in its decision 2019/3.",
        ]
    )
    assert report.meeting.start == "2020-03-31" and report.meeting.end == "2020-04-02"
    sections = [(p.section.reference, p.section.title) for p in report.paragraphs]
    assert sections == [
        (None, None),
        ("resolution 1/2", "United Nations system-wide guidelines on safer cities and human settlements"),
        ("decision 1/3", "arrangements for the transition to the new governance structure of UN-Habitat"),
    ]
    assert [d["value"] for d in report.paragraphs[1].facts.dates] == ["2019-12-05", "2019-12-07"]


def test_warnings_instead_of_silence():
    report = parse_lines(
        [
            "一、 导言",
            "1. 导言段落。",
            "二、 2023 年举行的第二届会议通过的各项决议的执行情况",
            "A. 第 2/1 号决议",
            "以人为本的智慧城市的国际准则",
            "B. 第 2/2 号决议",
            "到 2030 年加快改造非正规住区和贫民窟",
            "2. 关于第 2/2 号决议的段落。",
            "4. 跳过了第 3 段的段落。",
            "",
            "1 可查阅 https://example.org/never-cited。",
        ]
    )
    messages = [(w.line, w.message) for w in report.warnings]
    assert (4, "Section 'A. 第 2/1 号决议' has no paragraphs") in messages
    assert (9, "Paragraph numbers jump from 2 to 4") in messages
    assert (11, "Footnote 1 is never cited in the text") in messages
    assert report.paragraphs[-1].text == "跳过了第 3 段的段落。"
