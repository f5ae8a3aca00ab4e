"""The two real reports parse exactly: every paragraph, its section, its text without page
furniture or footnote markers, its footnotes and the facts it states."""

import re

import pytest

from restrack.reading.tests.seeds import REPORT_2020, REPORT_2024, parsed

SECTIONS_2024 = (
    {1: "intro"}
    | {n: "resolution 1/1" for n in [2]}
    | {n: "resolution 1/2" for n in (3, 4)}
    | {n: "resolution 1/3" for n in (5, 6, 7)}
    | {n: "resolution 1/4" for n in (8, 9, 10)}
    | {n: "resolution 1/5" for n in range(11, 15)}
    | {n: "resolution 2/1" for n in range(15, 19)}
    | {n: "resolution 2/2" for n in range(19, 24)}
    | {n: "resolution 2/3" for n in range(24, 27)}
    | {n: "resolution 2/4" for n in range(27, 32)}
    | {n: "resolution 2/5" for n in range(32, 35)}
    | {n: "resolution 2/6" for n in range(35, 38)}
    | {n: "resolution 2/7" for n in range(38, 42)}
    | {n: "resolution 2/8" for n in range(42, 46)}
    | {46: "resolution 2/9"}
    | {n: "resolution 2/10" for n in range(47, 50)}
)

# (number, first characters, last characters) of every paragraph, as printed in the report.
TEXTS_2024 = [
    (1, "本报告概述了联合国人", "资金有限的制约。"),
    (2, "根据第 1/1 号决", "/4）已经完成。"),
    (3, "继续执行第 1/2 ", "段业务现已结束。"),
    (4, "目前正在制定该项目的", "体开展联合活动。"),
    (5, "根据第 1/3 号决", "目开发提供支持。"),
    (6, "此外，正在以实现可持", "课程）进行开发。"),
    (7, "与区域英才中心（如国", "可持续发展目标。"),
    (8, "根据关于实现性别平等", "和社会包容手册。"),
    (9, "根据人居署在联合国全", "于年底全面推出。"),
    (10, "与其他联合国实体和利", "金仍然至关重要。"),
    (11, "为响应第 1/5 号", "系统和城乡联系。"),
    (12, "人居署与内罗毕大学合", "了能力发展材料。"),
    (13, "与上海大学签署了一份", "察站开展了合作。"),
    (14, "人居署开发了更多的知", "趋势和见解报告。"),
    (15, "根据第 2/1 号决", "有关的各种视角。"),
    (16, "2024 年 4 月", "署提供专家见解。"),
    (17, "人居署还于 6月至 ", "的代表举行磋商。"),
    (18, "与此同时，爱丁堡龙比", "/15 号文件。"),
    (19, "人居署与核心合作伙伴", "系准则的第一步。"),
    (20, "人居署与非洲、加勒比", "倡导执行该决议。"),
    (21, "此外，人居署与南非政", "长理事会的批准。"),
    (22, "联合国人居署正在与联", "求的贫民窟改造。"),
    (23, "根据第 7段，人居署", "来支持执行工作。"),
    (24, "根据第 2/3 号决", "ld 合作组织。"),
    (25, "2024 年 9 月", "行一次相关活动。"),
    (26, "2024 年第四季度", "6 年纪念活动。"),
    (27, "根据第 2/4 号决", "收集和实地验证。"),
    (28, "一次相关的专家组会议", "性的城市的做法。"),
    (29, "与此同时，人居署在 ", "将其完善和扩大。"),
    (30, "在内部，人居署正在通", "的征集提案呼吁。"),
    (31, "还将在 2024 年", "/16 号文件。"),
    (32, "为推进第 2/5 号", "问题部长级会议。"),
    (33, "根据第 1段，人居署", "员国的直接支助。"),
    (34, "2024 年执行局第", "强国家自主贡献。"),
    (35, "根据第 2/6 号决", "市电子学习课程。"),
    (36, "根据第 4 (a)段", "期报告提供参考。"),
    (37, "被选为联合国高影响力", "发展目标的实现。"),
    (38, "第 2/7 号决议的", "日与会员国分享。"),
    (39, "根据第 8 段，正在", "和作出知情决策。"),
    (40, "此外，人居署正在协助", "决议的国家联盟。"),
    (41, "收到的自愿资金有限，", "来支持执行工作。"),
    (42, "根据第 2/8 号决", "金机制联系起来。"),
    (43, "根据第 6段，已就该", "施和融资的方案。"),
    (44, "根据第 5段，关于城", "融资全球委员会。"),
    (45, "计划在世界城市论坛第", "设施的自有收入。"),
    (46, "根据第 2/9 号决", "，包括应急基金。"),
    (47, "人居大会在第 2/1", "窗口的职权范围。"),
    (48, "2024 年，修订了", "方参与此类转移。"),
    (49, "决议执行情况跟踪系统", "每半年更新一次。"),
]

SECTIONS_2020 = (
    {1: "intro"}
    | {n: "resolution 1/2" for n in range(2, 6)}
    | {n: "resolution 1/3" for n in (6, 7, 8)}
    | {n: "resolution 1/4" for n in (9, 10, 11)}
    | {n: "resolution 1/5" for n in (12, 13, 14)}
    | {15: "decision 1/3"}
)

TEXTS_2020 = [
    (1, "本报告概述了人居大会", "结构过渡的安排的第 1/3 号决定。"),
    (2, "2019 年 12 月", "国家和地方一级的干预措施。"),
    (3, "将编写一本社区安全手", "加强城市安全方案活动上推出。"),
    (4, "预计加强城市安全方案", "，以提交执行局 2020 年第二次会议。"),
    (5, "还在探索与毒品和犯罪", "安全的多层面方法”的联合项目。"),
    (6, "人居署联系了各种能力", "和酌情纳入能力建设战略草案。"),
    (7, "在 2019 年 8 月", "能力建设战略草案提出的建议。"),
    (8, "人居署编写的能力建设", "涉及基础广泛的伙伴关系。"),
    (9, "通过项目咨询小组会议", "九个项目和两个概念说明。"),
    (10, "秘书处与人居署各分支", "出版物中优先考虑性别因素。"),
    (11, "人居署继续开展各种内", "反对强奸”相关的自卫课。"),
    (12, "已经开发并正在使用以", "政策和战略提供指导。"),
    (13, "鉴于各合作伙伴对将城", "城乡同步发展的决策和政策制定。"),
    (14, "人居署记录了加强城乡", "城乡联系的第一套和第二套案例研究简编。"),
    (15, "在 2019 年 11", "特设工作组第一次会议于 2020 年 2 月 26 日举行。"),
]


def sections(report):
    return {p.number: p.section.reference or p.section.kind for p in report.paragraphs}


@pytest.mark.parametrize(
    ("path", "expected_sections", "texts"),
    [
        (REPORT_2024, SECTIONS_2024, TEXTS_2024),
        (REPORT_2020, SECTIONS_2020, TEXTS_2020),
    ],
    ids=["2024", "2020"],
)
def test_every_paragraph_in_order_with_its_section_and_text(path, expected_sections, texts):
    report = parsed(path)
    assert [p.number for p in report.paragraphs] == list(range(1, len(texts) + 1))
    assert sections(report) == expected_sections
    for paragraph, (number, start, end) in zip(report.paragraphs, texts):
        assert (paragraph.number, paragraph.text[: len(start)], paragraph.text[-len(end) :]) == (number, start, end)


@pytest.mark.parametrize("path", [REPORT_2024, REPORT_2020], ids=["2024", "2020"])
def test_no_page_furniture_markers_or_line_breaks_inside_texts(path):
    for paragraph in parsed(path).paragraphs:
        text = paragraph.text
        assert "HSP/EB.2024/20" not in text and "  " not in text
        # A line break only sets off the item of a list set out item by item (issue 20).
        assert all(re.match(r"\([a-z]\) ", line) for line in text.split("\n")[1:]), paragraph.number
        assert not re.search(r"[。”）][0-9]\s*\S", text.replace("。2", "")), paragraph.number  # no glued markers
        assert "https://" not in text
        assert "* HSP" not in text


def test_markers_are_removed_and_sentences_continue_across_breaks():
    report = {p.number: p.text for p in parsed(REPORT_2024).paragraphs}
    assert "增强地域韧性方面的作用。人居署还为世界农民市场联盟" in report[11]
    assert "第七期“城乡联系通讯”（一份关于" in report[14]
    assert "第 2023/6 号决定核可了该供资窗口的职权范围" in report[47]
    assert "该决议第8 段所要求的多伙伴关系准则的第一步" in report[19]  # "8 段..." is not a footnote
    assert "(a) 一个在线存放平台" in report[5] and "(d) 通过在项目设计阶段" in report[5]
    assert "“热点信号灯”项目的模块化应用" in report[30]
    report_2020 = {p.number: p.text for p in parsed(REPORT_2020).paragraphs}
    assert "与全球更安全城市网络的其他国际专家" in report_2020[2]  # interrupted by the agenda footnote
    # Its list is set out item by item, each on a line of its own (issue 20); 2024's paragraph 5
    # runs its list into the sentence and stays one block.
    assert [line[:4] for line in report_2020[1].split("\n")] == ["本报告概", "(a) ", "(b) ", "(c) ", "(d) ", "(e) "]
    assert "即：\n(a) 关于联合国全系统" in report_2020[1] and "\n(e) 关于向人居署新治理结构过渡" in report_2020[1]
    assert "\n" not in report[5]


def test_front_matter_of_the_2024_report():
    report = parsed(REPORT_2024)
    assert (report.symbol, report.agenda_symbol, report.language) == ("HSP/EB.2024/20", "HSP/EB.2024/14", "zh")
    assert report.title == "联合国人居大会通过的所有决议的执行情况"
    assert (report.meeting.body, report.meeting.year, report.meeting.session) == ("executive-board", 2024, 2)
    assert report.warnings == []


def test_front_matter_of_the_2020_report_keeps_the_agenda_symbol_out():
    report = parsed(REPORT_2020)
    assert report.symbol is None  # HSP/EB.2020/1 is the agenda, not the report
    assert report.agenda_symbol == "HSP/EB.2020/1"
    assert report.title == "人居大会第一届会议所通过决议和决定的执行进展"
    meeting = report.meeting
    assert (meeting.body, meeting.year, meeting.session) == ("executive-board", 2020, 1)
    assert (meeting.start, meeting.end, meeting.place, meeting.agenda_item) == (
        "2020-03-31",
        "2020-04-02",
        "内罗毕",
        "6",
    )
    assert report.warnings == []


def test_a_given_symbol_is_used():
    from restrack.reading.parser import parse_report
    from restrack.reading.readers import read_document
    from restrack.reading.tests.seeds import gazetteer

    report = parse_report(read_document(REPORT_2020), symbol="HSP/EB.2020/2", gazetteer=gazetteer())
    assert report.symbol == "HSP/EB.2020/2"


def test_footnotes_are_attached_to_the_citing_paragraphs_with_whole_urls():
    report = parsed(REPORT_2024)
    notes = {p.number: [(f.marker, f.urls, f.symbols) for f in p.footnotes] for p in report.paragraphs if p.footnotes}
    assert notes == {
        11: [
            (
                "1",
                [
                    "https://urbanpolicyplatform.org/expert-group-meeting-concludes-with-strong-calls-to-enhance-the-"
                    "role-of-intermediary-cities-in-bridging-urban-rural-and-urban-nature-connections/"
                ],
                [],
            )
        ],
        14: [("2", ["https://urbanpolicyplatform.org/download/url-7th-newsletter/"], [])],
        47: [("3", [], ["HSP/EB.2023/23"])],
    }
    assert (
        report.paragraphs[13].footnotes[0].text
        == "可查阅 https://urbanpolicyplatform.org/download/url-7th-newsletter/。"
    )


def test_operative_paragraph_references_resolve_to_the_section_instrument():
    refs = {
        p.number: [(r["instrument"], r["paragraph"]) for r in p.facts.op_refs]
        for p in parsed(REPORT_2024).paragraphs
        if p.facts.op_refs
    }
    assert refs == {
        15: [("resolution 2/1", "3")],
        19: [("resolution 2/2", "8")],
        23: [("resolution 2/2", "7")],
        31: [("resolution 2/4", "2")],
        33: [("resolution 2/5", "1")],
        35: [("resolution 2/6", "2(a)")],
        36: [("resolution 2/6", "4(a)")],
        38: [("resolution 2/7", "2")],
        39: [("resolution 2/7", "8")],
        43: [("resolution 2/8", "6")],
        44: [("resolution 2/8", "5")],
        46: [("resolution 2/9", "1")],
    }


def test_symbols_decisions_and_amounts():
    report = {p.number: p.facts for p in parsed(REPORT_2024).paragraphs}
    assert {n: f.symbols for n, f in report.items() if f.symbols} == {
        2: ["HSP/EB.2024/4"],
        18: ["HSP/EB.2024/INF/15"],
        31: ["HSP/EB.2024/INF/16"],
        38: ["HSP/EB.2024/17"],
    }
    assert {n: f.board_decisions for n, f in report.items() if f.board_decisions} == {47: ["2023/6"], 48: ["2023/6"]}
    assert {n: [(a["value"], a["currency"]) for a in f.amounts] for n, f in report.items() if f.amounts} == {
        37: [(24000000, "USD")]
    }
    assert report[37].amounts[0]["text"].replace(" ", "").endswith("2400万美元")
    decisions_2020 = {
        p.number: p.facts.board_decisions for p in parsed(REPORT_2020).paragraphs if p.facts.board_decisions
    }
    assert decisions_2020 == {15: ["2019/3"]}


def test_dates_with_years_taken_from_the_report():
    report = {p.number: [d["value"] for d in p.facts.dates] for p in parsed(REPORT_2024).paragraphs}
    assert report[24] == ["2024-05-14", "2024-06-10", "2024", "2024-07-15"]
    assert report[25] == ["2024-09-20", "2024-09-24"]
    assert report[26][0] == "2024-Q4"
    assert report[38][-3:] == ["2024-12-09", "2024-12-11", "2024-10-28"]
    assert report[5] == ["2024-05", "2024-06"]
    report_2020 = {p.number: [d["value"] for d in p.facts.dates] for p in parsed(REPORT_2020).paragraphs}
    assert report_2020[15] == ["2019-11-19", "2019-11-20", "2019-12-16", "2020-02-26"]
    assert report_2020[2][:2] == ["2019-12-05", "2019-12-07"]


def test_commitments_with_their_due_dates():
    # Paragraph 1 (the introduction) states the report's scope; it is attached to no instrument.
    dues = {
        p.number: [c["due"] for c in p.facts.commitments]
        for p in parsed(REPORT_2024).paragraphs
        if p.facts.commitments and p.number != 1
    }
    assert dues == {
        8: ["2024-12"],
        9: ["2024-12"],
        17: ["2024-12"],
        25: ["2024-09-20", "2024-09-24"],
        26: ["2024-Q4"],
        31: ["2024-Q4"],
        38: ["2024-12-11", "2024-10-28"],
        39: ["2025"],
        46: ["2024-11"],
        49: ["2024-12"],
    }
    text = parsed(REPORT_2024).paragraphs[37].facts.commitments[1]["text"]
    assert "至迟于 2024 年 10 月 28 日" in text.replace("10月", "10 月")


def test_partners_named_in_the_reports():
    entities = {p.number: [e["code"] for e in p.facts.entities] for p in parsed(REPORT_2020).paragraphs}
    assert entities[2][:4] == ["UNESCO", "UN-Women", "UNODC", "UNICEF"]
    assert entities[5] == ["UNODC", "UNICEF", "UNTFHS"]
    assert entities[6][:3] == ["UNITAR", "UNESCO", "UNEP"]
    report = {p.number: [e["code"] for e in p.facts.entities] for p in parsed(REPORT_2024).paragraphs}
    assert report[8] == ["UNCDF"]
    assert report[22] == ["UNICEF", "SDI"]
    assert report[29] == ["World Bank"]
    assert "UNDP" in report[32]
    assert "UN-Habitat" not in {code for codes in report.values() for code in codes}


def test_funding_constraints():
    flagged = {p.number for p in parsed(REPORT_2024).paragraphs if p.facts.funding_constraint}
    assert {23, 31, 33, 41, 46} <= flagged
    assert not flagged & {2, 3, 15, 16, 24, 47}
