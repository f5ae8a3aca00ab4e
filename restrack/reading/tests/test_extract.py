"""Facts read out of report paragraphs: the real paragraphs of the two Chinese seeds first, then
English forms, then the traps (things that look like facts and are not)."""

import re
from dataclasses import asdict
from pathlib import Path

import pytest

from restrack.reading.extract import ExtractionContext, extract_facts
from restrack.reading.report import ParagraphFacts
from restrack.reading.tests.seeds import gazetteer

REPORTS = Path(__file__).resolve().parents[3] / "samples" / "reports"
REPORT_2024 = REPORTS / "zh-HSP-EB.2024-20.txt"
REPORT_2020 = REPORTS / "zh-HSP-EB.2020-first-session-implementation.txt"
GAZETTEER = gazetteer()
# Lines of the PDF text that are page furniture, not paragraph text.
PAGE_HEADER = re.compile(r"^(?:HSP/EB\.\d{4}/\d+|\d+)$")


def seed_paragraph(path: Path, first: int, last: int, skip: tuple[int, ...] = ()) -> str:
    """Lines first..last (1-based) of a seed joined without spaces (the 2024 report breaks lines
    inside sentences), without blank lines, page headers, the given footnote lines, or the
    paragraph number."""
    lines = path.read_text(encoding="utf-8").splitlines()[first - 1 : last]
    kept = [
        line.strip()
        for number, line in enumerate(lines, start=first)
        if line.strip() and number not in skip and not PAGE_HEADER.match(line.strip())
    ]
    return re.sub(r"^\d+\.\s*", "", "".join(kept))


def extract(text: str, instrument: str | None = None, year: int | None = 2024, language: str = "zh") -> ParagraphFacts:
    return extract_facts(text, ExtractionContext(language, instrument, year, GAZETTEER))


def found(facts: ParagraphFacts) -> dict:
    """The facts that are not empty, so that a test states everything a paragraph yields."""
    return {name: value for name, value in asdict(facts).items() if value}


def values(facts: ParagraphFacts, name: str, key: str) -> list:
    return [item[key] for item in getattr(facts, name)]


def paragraph_2024(first: int, last: int, instrument: str | None) -> ParagraphFacts:
    return extract(seed_paragraph(REPORT_2024, first, last), instrument, 2024)


# --- HSP/EB.2024/20 ---------------------------------------------------------------------------


def test_2024_paragraph_1_introduction():
    text = seed_paragraph(REPORT_2024, 13, 21)
    assert text.startswith("本报告概述了联合国人居大会在 2019年和 2023年举行的前两届会议上通过的 15项决议")
    facts = extract(text, None)
    assert found(facts) == {
        "dates": [
            {"value": "2019", "text": "2019年"},
            {"value": "2023", "text": "2023年"},
            {"value": "2024", "text": "2024 年"},
            {"value": "2024-05", "text": "2024 年 5 月"},
            {"value": "2024-12", "text": "2024 年 12 月"},
        ],
        # "预计在 2024 年 12 月之前开展的任何重大活动": forward-looking, so it is kept as a commitment.
        "commitments": [
            {
                "due": "2024-12",
                "text": "本报告是为联合国人类住区规划署（人居署）执行局 2024 年第二次会议起草的，涵盖了自 2024 年 5 月"
                "执行局第一次会议以来取得的进展，以及预计在 2024 年 12 月之前开展的任何重大活动",
            }
        ],
        "funding_constraint": True,  # 受到资金有限的制约
    }


def test_2024_paragraph_8_commitment_by_year_end_and_a_partner_split_across_lines():
    facts = paragraph_2024(108, 116, "resolution 1/4")
    assert found(facts) == {
        "instrument_refs": [{"instrument": "resolution 1/4", "text": "第 1/4 号决议"}],
        "dates": [{"value": "2024-12", "text": "2024年底前"}],
        "entities": [{"code": "UNCDF", "text": "联合国资本发展基金"}],
        "commitments": [
            {"due": "2024-12", "text": "此外，预计将于 2024年底前在内部推出针对项目管理人员的人权、性别和社会包容手册"}
        ],
    }


def test_2024_paragraph_9_year_end_without_a_year_is_the_report_year():
    facts = paragraph_2024(117, 121, "resolution 1/4")
    assert facts.dates == [{"value": "2024-12", "text": "年底"}]
    assert values(facts, "commitments", "due") == ["2024-12"]


def test_2024_paragraph_10_funding_still_crucial_is_a_constraint_and_twelfth_session_is_no_op():
    facts = paragraph_2024(123, 127, "resolution 1/4")
    assert found(facts) == {"funding_constraint": True}


def test_2024_paragraph_11_month_and_partners_with_bracketed_short_name():
    facts = paragraph_2024(133, 141, "resolution 1/5")
    assert found(facts) == {
        "instrument_refs": [{"instrument": "resolution 1/5", "text": "第 1/5 号决议"}],
        "dates": [{"value": "2024-04", "text": "2024 年 4 月"}],
        "entities": [
            {"code": "WFMC", "text": "世界农民市场联盟"},
            {"code": "GAIN", "text": "全球改善营养联盟"},
            {"code": "FAO", "text": "联合国粮食及农业组织"},
        ],
    }


def test_2024_paragraph_15_explicit_op_ref():
    facts = paragraph_2024(171, 175, "resolution 2/1")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/1", "paragraph": "3", "text": "第 2/1 号决议第 3 段"}],
        "instrument_refs": [{"instrument": "resolution 2/1", "text": "第 2/1 号决议"}],
    }


def test_2024_paragraph_17_month_range_without_year_and_planned_consultations():
    facts = paragraph_2024(193, 197, "resolution 2/1")
    assert found(facts) == {
        "dates": [
            {"value": "2024-06", "text": "6月"},
            {"value": "2024-08", "text": "8月"},
            {"value": "2024-12", "text": "2024年底前"},
        ],
        # The June–August consultations are past ("举行了"); only the planned ones are due.
        "commitments": [
            {
                "due": "2024-12",
                "text": "人居署还于 6月至 8月与学术界、民间社会组织以及地方和区域政府的代表举行了磋商，"
                "计划于 2024年底前与区域专家以及私营部门和国际组织的代表举行磋商",
            }
        ],
    }


def test_2024_paragraph_19_the_resolution_anaphor_across_a_line_break():
    facts = paragraph_2024(211, 215, "resolution 2/2")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/2", "paragraph": "8", "text": "该决议第8 段"}],
        "instrument_refs": [{"instrument": "resolution 2/2", "text": "第 2/2 号决议"}],
        "entities": [{"code": "IIED", "text": "国际环境与发展学会"}],
    }


def test_2024_paragraph_22_five_hundred_million_children_are_not_money():
    facts = paragraph_2024(227, 231, "resolution 2/2")
    assert facts.amounts == []
    assert found(facts) == {
        "entities": [
            {"code": "UNICEF", "text": "联合国儿童基金会"},
            {"code": "SDI", "text": "贫民窟居住者国际联合会"},
        ]
    }


def test_2024_paragraph_23_bare_op_ref_resolves_to_the_section_and_no_voluntary_funding():
    facts = paragraph_2024(233, 239, "resolution 2/2")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/2", "paragraph": "7", "text": "第 7段"}],
        "entities": [
            {"code": "Habitat for Humanity", "text": "仁人家园"},
            {"code": "Government of South Africa", "text": "南非政府"},
            {"code": "Cities Alliance", "text": "城市联盟"},
        ],
        "funding_constraint": True,
    }


def test_2024_paragraph_24_dates_without_year_and_past_events_are_no_commitments():
    facts = paragraph_2024(245, 259, "resolution 2/3")
    assert found(facts) == {
        "instrument_refs": [{"instrument": "resolution 2/3", "text": "第 2/3 号决议"}],
        "dates": [
            {"value": "2024-05-14", "text": "5 月 14 日"},
            {"value": "2024-06-10", "text": "2024 年 6 月 10日"},
            {"value": "2024", "text": "2024年"},
            {"value": "2024-07-15", "text": "2024 年 7 月 15 日"},
        ],
        "entities": [
            {"code": "Norwegian Retailers' Environment Fund", "text": "挪威零售商环境基金"},
            {"code": "Norway KDD", "text": "地方政府和区域发展部"},
            {"code": "GRID-Arendal", "text": "阿伦达尔全球资源信息数据库"},
            {"code": "Fram Centre", "text": "FRAM-高北气候与环境研究中心"},
            {"code": "Let's Do It World", "text": "Let's Do It World"},
        ],
    }


def test_2024_paragraph_25_a_date_before_its_future_marker():
    facts = paragraph_2024(261, 265, "resolution 2/3")
    assert found(facts) == {
        "dates": [
            {"value": "2024-09-20", "text": "2024 年 9 月 20 日"},
            {"value": "2024-09-24", "text": "9 月 24 日"},
        ],
        "commitments": [
            {
                "due": "2024-09-20",
                "text": "2024 年 9 月 20 日将举行主题为“北极城市和海洋垃圾”的世界清洁日活动，包括圆桌讨论、清理活动和来自不同地点的最新情况",
            },
            {"due": "2024-09-24", "text": "此外，人居署将在未来峰会期间于 9 月 24 日在纽约举行一次相关活动"},
        ],
    }


def test_2024_paragraph_26_quarter():
    facts = paragraph_2024(267, 269, "resolution 2/3")
    assert found(facts) == {
        "dates": [
            {"value": "2024-Q4", "text": "2024 年第四季度"},
            {"value": "2025", "text": "2025 年"},
            {"value": "2026", "text": "2026 年"},
        ],
        # The note is due in Q4; the 2025 and 2026 observances are its subject, not commitments.
        "commitments": [
            {"due": "2024-Q4", "text": "2024 年第四季度将发出普通照会，邀请会员国表示有意主办 2025 年和2026 年纪念活动"}
        ],
    }


def test_2024_paragraph_31_quarter_commitment_op_ref_symbol_and_unfunded_request():
    facts = paragraph_2024(307, 315, "resolution 2/4")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/4", "paragraph": "2", "text": "第 2/4 号决议第 2 段"}],
        "instrument_refs": [{"instrument": "resolution 2/4", "text": "第 2/4 号决议"}],
        "symbols": ["HSP/EB.2024/INF/16"],
        "dates": [{"value": "2024-Q4", "text": "2024 年第四季度"}],
        "entities": [{"code": "CBD", "text": "生物多样性公约"}],
        "commitments": [
            {
                "due": "2024-Q4",
                "text": "还将在 2024 年第四季度在哥伦比亚卡利举行的生物多样性公约缔约方大会第十六次会议的会外活动中"
                "和世界城市论坛第十二届会议上介绍“热点信号灯”项目",
            }
        ],
        "funding_constraint": True,  # 会员国尚未按照…的要求提供资金
    }


def test_2024_paragraph_33_core_funding_limits():
    facts = paragraph_2024(335, 341, "resolution 2/5")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/5", "paragraph": "1", "text": "第 1段"}],
        "funding_constraint": True,
    }


def test_2024_paragraph_35_sub_paragraph_and_counts_that_are_not_amounts():
    facts = paragraph_2024(360, 374, "resolution 2/6")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/6", "paragraph": "2(a)", "text": "第 2 (a)段"}],
        "instrument_refs": [{"instrument": "resolution 2/6", "text": "第 2/6 号决议"}],
        "dates": [{"value": "2024", "text": "2024 年"}],
        "entities": [{"code": "Italy MASE", "text": "意大利环境和能源安全部"}],
    }


def test_2024_paragraph_36_op_4a_and_titles():
    facts = paragraph_2024(376, 382, "resolution 2/6")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/6", "paragraph": "4(a)", "text": "第 4 (a)段"}],
        "dates": [{"value": "2026", "text": "2026年"}],
    }


def test_2024_paragraph_37_amount_with_space_separator_and_local2030_is_no_year():
    facts = paragraph_2024(384, 396, "resolution 2/6")
    assert found(facts) == {
        "dates": [{"value": "2024", "text": "2024年"}],
        "amounts": [{"value": 24000000, "currency": "USD", "text": "约 2 400 万美元"}],
        "entities": [
            {"code": "Local2030", "text": "地方 2030联盟"},
            {"code": "Government of Spain", "text": "西班牙政府"},
            {"code": "SDG Fund", "text": "可持续发展目标联合基金"},
        ],
    }


def test_2024_paragraph_38_day_range_deadline_and_symbol():
    facts = paragraph_2024(402, 414, "resolution 2/7")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/7", "paragraph": "2", "text": "该决议第 2 段"}],
        "instrument_refs": [{"instrument": "resolution 2/7", "text": "第 2/7 号决议"}],
        "symbols": ["HSP/EB.2024/17"],
        "dates": [
            {"value": "2024", "text": "2024 年"},
            {"value": "2024-12-09", "text": "2024 年 12 月 9 日"},
            {"value": "2024-12-11", "text": "11 日"},
            {"value": "2024-10-28", "text": "2024 年 10月 28 日"},
        ],
        "commitments": [
            {
                "due": "2024-12-11",  # the end of the meeting
                "text": "根据该决议第 2 段，执行局在2024 年第一次会议上核准了将于 2024 年 12 月 9 日至 11 日在内罗毕举行的"
                "人人享有适当住房问题不限成员名额政府间专家工作组第一届会议的议程草案和日期",
            },
            {"due": "2024-10-28", "text": "秘书处正在最后确定会前工作文件，将至迟于 2024 年 10月 28 日与会员国分享"},
        ],
    }


def test_2024_paragraph_39_expected_launch_year():
    facts = paragraph_2024(416, 422, "resolution 2/7")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/7", "paragraph": "8", "text": "第 8 段"}],
        "dates": [{"value": "2025", "text": "2025 年"}],
        "commitments": [
            {
                "due": "2025",
                "text": "根据第 8 段，正在进行一项需求评估，为拟定预计于 2025 年启动的人人享有适当住房问题拟议平台提供参考",
            }
        ],
    }


def test_2024_paragraph_41_limited_voluntary_funds():
    assert found(paragraph_2024(428, 430, "resolution 2/7")) == {"funding_constraint": True}


def test_2024_paragraph_46_goal_before_a_bracketed_month_and_no_resources_mobilized():
    facts = paragraph_2024(479, 491, "resolution 2/9")
    assert found(facts) == {
        "op_refs": [{"instrument": "resolution 2/9", "paragraph": "1", "text": "第 2/9 号决议第 1 段"}],
        "instrument_refs": [{"instrument": "resolution 2/9", "text": "第 2/9 号决议"}],
        "dates": [{"value": "2024-11", "text": "2024 年 11 月"}],
        "commitments": [
            {
                "due": "2024-11",
                "text": "人居署的目标是在世界城市论坛第十二届会议（2024 年 11 月）之前制定一个预稿框架，以进行更广泛的动员和讨论",
            }
        ],
        "funding_constraint": True,
    }


def test_2024_paragraph_47_board_decision_with_a_glued_footnote_marker():
    facts = paragraph_2024(497, 503, "resolution 2/10")
    assert found(facts) == {
        "instrument_refs": [{"instrument": "resolution 2/10", "text": "第 2/10 号决议"}],
        "board_decisions": ["2023/6"],
        "dates": [{"value": "2023", "text": "2023 年"}],
    }
    # "改善资金不足的决议的供资情况" describes the funding window, not a shortfall of this one.
    assert facts.funding_constraint is False


def test_2024_paragraph_49_tracking_system_due_by_the_end_of_2024():
    facts = paragraph_2024(513, 515, "resolution 2/10")
    assert facts.commitments == [
        {"due": "2024-12", "text": "决议执行情况跟踪系统预计将于 2024 年底前投入使用，并将每半年更新一次"}
    ]


# --- first session of 2020 (report year 2020) -------------------------------------------------


def test_2020_paragraph_2_partners_each_once_and_a_day_range():
    text = seed_paragraph(REPORT_2020, 28, 32, skip=(30,))  # line 30 is the asterisk footnote
    facts = extract(text, "resolution 1/2", 2020)
    assert found(facts) == {
        "dates": [
            {"value": "2019-12-05", "text": "2019 年 12 月 5 日"},
            {"value": "2019-12-07", "text": "7 日"},
            {"value": "2020", "text": "2020 年"},
        ],
        "entities": [
            {"code": "UNESCO", "text": "联合国教育、科学及文化组织"},
            {"code": "UN-Women", "text": "联合国促进性别平等和增强妇女权能署"},
            {"code": "UNODC", "text": "联合国毒品和犯罪问题办公室"},
            {"code": "UNICEF", "text": "联合国儿童基金会"},
            {"code": "GNSC", "text": "全球更安全城市网络"},  # joined across the footnote
            {"code": "University of Ottawa", "text": "渥太华大学"},
            {"code": "CMNCP", "text": "加拿大预防犯罪市政网络"},
        ],
    }


def test_2020_paragraph_5_short_names():
    facts = extract(seed_paragraph(REPORT_2020, 38, 38), "resolution 1/2", 2020)
    assert found(facts) == {
        "entities": [
            {"code": "UNODC", "text": "毒品和犯罪问题办公室"},
            {"code": "UNICEF", "text": "儿基会"},
            {"code": "UNTFHS", "text": "联合国人的安全信托基金"},
        ]
    }


def test_2020_paragraph_15_board_decision_and_days_joined_by_and():
    facts = extract(seed_paragraph(REPORT_2020, 66, 66), "decision 1/3", 2020)
    assert found(facts) == {
        "board_decisions": ["2019/3"],
        "dates": [
            {"value": "2019-11-19", "text": "2019 年 11 月 19 日"},
            {"value": "2019-11-20", "text": "20 日"},
            {"value": "2019-12-16", "text": "2019 年 12 月 16 日"},
            {"value": "2020-02-26", "text": "2020 年 2 月 26 日"},
        ],
    }


def test_2020_paragraph_1_lists_instruments_a_resolution_and_a_decision_sharing_a_number():
    text = seed_paragraph(REPORT_2020, 18, 24)
    facts = extract(text, None, 2020)
    assert values(facts, "instrument_refs", "instrument") == [
        "resolution 1/2",
        "resolution 1/3",
        "resolution 1/4",
        "resolution 1/5",
        "decision 1/3",
    ]
    assert facts.dates == []  # 《2030 年可持续发展议程》 is a title


# --- Chinese forms beyond the seeds -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据第 2/6 号决议第 4 (a)段", [("resolution 2/6", "4(a)")]),
        ("第 2/4 号决议第 2 段", [("resolution 2/4", "2")]),
        ("根据第 2/6 号决议第 4 (a)(i)段", [("resolution 2/6", "4(a)(i)")]),
        ("根据第 2/6 号决议的第 3 段", [("resolution 2/6", "3")]),
        ("根据第 1/3 号决定第 2 段", [("decision 1/3", "2")]),
        ("根据第 3 和第 4 段", [("resolution 2/7", "3"), ("resolution 2/7", "4")]),
        ("根据第 3、4 段", [("resolution 2/7", "3"), ("resolution 2/7", "4")]),
        ("根据第 3 至 5 段", [("resolution 2/7", "3"), ("resolution 2/7", "4"), ("resolution 2/7", "5")]),
        ("根据第 4 (a)和(b)段", [("resolution 2/7", "4(a)"), ("resolution 2/7", "4(b)")]),
        ("根据该决议第 2 段", [("resolution 2/7", "2")]),
        ("关于第 2/1 号决议，根据该决议第 5 段", [("resolution 2/1", "5")]),
        ("根据第 ２ (ａ)段", [("resolution 2/7", "2(a)")]),  # full-width
    ],
)
def test_chinese_op_ref_forms(text, expected):
    facts = extract(text, "resolution 2/7")
    assert [(ref["instrument"], ref["paragraph"]) for ref in facts.op_refs] == expected


def test_op_refs_are_unique_and_keep_their_text():
    facts = extract("根据第 2/6 号决议第 4 (a)段和该决议第 4 (a)段", "resolution 2/6")
    assert facts.op_refs == [{"instrument": "resolution 2/6", "paragraph": "4(a)", "text": "第 2/6 号决议第 4 (a)段"}]


def test_no_op_refs_without_an_instrument():
    assert extract("根据第 7段，人居署开展了工作。", None).op_refs == []
    assert extract("Pursuant to paragraph 7, work continued.", None, language="en").op_refs == []


@pytest.mark.parametrize(
    "text",
    [
        "即将在开罗举行的第十二届世界城市论坛",
        "人居大会在第 2/10号决议中寻求",
        "执行局第 2023/6 号决定第 3 段",
        "见《新城市议程》第 15 段",
        "见 HSP/EB.2024/20 第 49 段",
        "如上文第 12 段所述",
    ],
)
def test_things_that_are_not_op_refs(text):
    assert extract(text, "resolution 2/7").op_refs == []


def test_chinese_instrument_refs_and_board_decisions():
    facts = extract("第 2/6 号和第 2/7 号决议、第 1/3 号决定、执行局第 2023/6号决定和第 2019/3 号决定", None)
    assert values(facts, "instrument_refs", "instrument") == ["resolution 2/6", "resolution 2/7", "decision 1/3"]
    assert facts.board_decisions == ["2023/6", "2019/3"]


def test_symbols_without_trailing_chinese_punctuation():
    facts = extract(
        "（HSP/EB.2024/4）、见 HSP/EB.2024/INF/15 号文件、A/RES/71/256 和 HSP/HA.2/Res.1。另见 HSP/EB.2024/4。", None
    )
    assert facts.symbols == ["HSP/EB.2024/4", "HSP/EB.2024/INF/15", "A/RES/71/256", "HSP/HA.2/Res.1"]


def test_urls_without_trailing_punctuation():
    facts = extract(
        "可查阅 https://urbanpolicyplatform.org/download/url-7th-newsletter/。 另见（https://undocs.org/zh/HSP/EB.2024/20）；"
        "https://example.org/a，https://example.org/a",
        None,
    )
    assert facts.urls == [
        "https://urbanpolicyplatform.org/download/url-7th-newsletter/",
        "https://undocs.org/zh/HSP/EB.2024/20",
        "https://example.org/a",
    ]
    assert facts.symbols == []  # the symbol inside a link belongs to the link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 年 4 月", ["2024-04"]),
        ("2024年4月", ["2024-04"]),
        ("２０２４年４月１５日", ["2024-04-15"]),
        ("2024 年 7 月 15 日", ["2024-07-15"]),
        ("2024 年 12 月 9 日至 11 日", ["2024-12-09", "2024-12-11"]),
        ("2020 年 3 月 31 日至 4 月 2 日", ["2020-03-31", "2020-04-02"]),
        ("2024 年 5 月至 6 月", ["2024-05", "2024-06"]),
        ("2024 年第四季度", ["2024-Q4"]),
        ("2024 年底前", ["2024-12"]),
        ("2024 年底", ["2024-12"]),
        ("年底前", ["2024-12"]),
        ("2023 年举行的会议；5 月 14 日", ["2023", "2023-05-14"]),  # the latest year written before
        ("5 月 14 日", ["2024-05-14"]),  # else the report year
        # A span of years is a period: neither year is a date.
        ("2020–2023 年期间战略计划", []),
        ("人居署 2026–2029 年战略计划", []),
        # Years in titles are names, but prose years count.
        ("《2030 年可持续发展议程》", []),
        ("到 2030 年加快改造非正规住区和贫民窟", ["2030"]),
        ("地方 2030联盟", []),
        ("2 月 30 日", []),  # no such day
    ],
)
def test_chinese_dates(text, expected):
    assert values(extract(text, None), "dates", "value") == expected


def test_dates_keep_the_text_as_written():
    assert extract("于２０２４ 年 ４ 月", None).dates == [{"value": "2024-04", "text": "２０２４ 年 ４ 月"}]


def test_a_date_without_year_and_no_report_year_is_skipped():
    assert extract("于 5 月 14 日发出", None, year=None).dates == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("约 2 400 万美元", [(24000000, "USD", "约 2 400 万美元")]),
        ("2400万美元", [(24000000, "USD", "2400万美元")]),
        ("1.5 亿美元", [(150000000, "USD", "1.5 亿美元")]),
        ("350 000 美元和 12.5 万欧元", [(350000, "USD", "350 000 美元"), (125000, "EUR", "12.5 万欧元")]),
        ("0.25 美元", [("0.25", "USD", "0.25 美元")]),
    ],
)
def test_chinese_amounts(text, expected):
    assert [(a["value"], a["currency"], a["text"]) for a in extract(text, None).amounts] == expected


@pytest.mark.parametrize("text", ["估计 5 亿生活在贫民窟和非正规住区的儿童", "支持 22 个国家", "13 场活动", "27项提案"])
def test_counts_are_not_amounts(text):
    assert extract(text, None).amounts == []


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("预计将于 2024 年底前推出。", "2024-12"),
        ("文件将至迟于 2024 年 10 月 28 日分享。", "2024-10-28"),
        ("计划于 2024年底前举行磋商。", "2024-12"),
        ("2024 年第四季度将发出普通照会。", "2024-Q4"),
        ("预计于 2025 年启动。", "2025"),
        ("将于 2024 年 12 月 9 日至 11 日在内罗毕举行。", "2024-12-11"),
        ("将在世界城市论坛第十二届会议（2024 年 11 月）之前制定。", "2024-11"),
        ("2024 年 9 月 20 日将举行活动。", "2024-09-20"),
        ("预计将于年底全面推出。", "2024-12"),
        ("拟于 2025 年 3 月召开会议。", "2025-03"),
    ],
)
def test_chinese_commitments(text, due):
    assert values(extract(text, None), "commitments", "due") == [due]


@pytest.mark.parametrize(
    "text",
    [
        "于 5 月 14 日向常驻代表团发出了一份普通照会。",
        "人居署于 2024 年 4 月组织了一次专家组会议。",
        "已邀请会员国至迟于 2024 年 6 月 10 日表示有意主办。",  # a past invitation's deadline
        "将开源数据用于预测 2050年前的城市扩张。",  # 将 marks the object here, not the future
        "与联合国开发计划署合作，于 2024 年出版了报告。",  # 计划 inside a name
        "将在世界城市论坛期间发布的《2024 年世界智慧城市展望》。",  # the year is in a title
        "2024 年，人居署将继续开展工作。",  # the year is not the marker's date
    ],
)
def test_not_commitments(text):
    assert extract(text, None).commitments == []


def test_commitment_text_is_the_sentence_as_written():
    facts = extract(
        "已向会员国发出通知。秘书处正在最后确定文件，将至迟于 2024 年 10\n月 28 日分享；其他工作继续。", None
    )
    assert facts.commitments == [
        {"due": "2024-10-28", "text": "秘书处正在最后确定文件，将至迟于 2024 年 10\n月 28 日分享"}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "大多数决议的执行受到资金有限的制约。",
        "在没有自愿供资的情况下，正在由项目供资。",
        "收到的自愿资金有限。",
        "核心供资的限制导致总部人员减少。",
        "因为没有为制定框架和执行决议调动额外资源。",
        "会员国尚未按照第 2/4 号决议第 2 段的要求提供资金。",
        "但尚未支持设立秘书处。",
        "人居署为性别平等提供资金仍然至关重要。",
    ],
)
def test_chinese_funding_constraints(text):
    assert extract(text, None).funding_constraint is True


def test_no_funding_constraint_in_ordinary_text():
    assert extract("人居署与内罗毕大学合作，对 20 多名政府官员进行了培训。", None).funding_constraint is False


# --- English forms ---------------------------------------------------------------------------


def extract_en(text: str, instrument: str | None = "resolution 2/6") -> ParagraphFacts:
    return extract(text, instrument, 2024, language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pursuant to paragraph 4 (a) of resolution 2/6", [("resolution 2/6", "4(a)")]),
        ("paragraph 3 of UN-Habitat Assembly resolution 2/1", [("resolution 2/1", "3")]),
        ("paragraph 2 of decision 1/3", [("decision 1/3", "2")]),
        ("Pursuant to paragraph 7, UN-Habitat", [("resolution 2/6", "7")]),
        ("paragraphs 3 and 4 of the resolution", [("resolution 2/6", "3"), ("resolution 2/6", "4")]),
        (
            "paragraphs 5 to 7 of resolution 2/7",
            [("resolution 2/7", "5"), ("resolution 2/7", "6"), ("resolution 2/7", "7")],
        ),
        ("paragraphs 3, 4 and 8 (b)", [("resolution 2/6", "3"), ("resolution 2/6", "4"), ("resolution 2/6", "8(b)")]),
        ("Under resolution 2/4 (OP3, 4)", [("resolution 2/4", "3"), ("resolution 2/4", "4")]),
        ("Progress was made (OP3, 4).", [("resolution 2/6", "3"), ("resolution 2/6", "4")]),
        ("as requested in paragraph 49 of HSP/EB.2024/20", []),
        ("see paragraph 12 above", []),
        ("paragraph 5 of General Assembly resolution 71/256", []),
    ],
)
def test_english_op_ref_forms(text, expected):
    assert [(ref["instrument"], ref["paragraph"]) for ref in extract_en(text).op_refs] == expected


def test_english_instruments_board_decisions_symbols_and_urls():
    facts = extract_en(
        "Resolutions 2/6 and 2/7 and decision 1/3 were discussed with General Assembly resolution 71/256; "
        "in its decision 2023/6 the Board approved the terms of reference (see HSP/EB.2024/INF/15 and "
        "https://undocs.org/HSP/EB.2024/20)."
    )
    assert facts.instrument_refs == [
        {"instrument": "resolution 2/6", "text": "Resolutions 2/6 and 2/7"},
        {"instrument": "resolution 2/7", "text": "Resolutions 2/6 and 2/7"},
        {"instrument": "decision 1/3", "text": "decision 1/3"},
    ]
    assert facts.board_decisions == ["2023/6"]
    assert facts.symbols == ["HSP/EB.2024/INF/15"]
    assert facts.urls == ["https://undocs.org/HSP/EB.2024/20"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 14 May 2024", ["2024-05-14"]),
        ("in May 2024", ["2024-05"]),
        ("on 14 May", ["2024-05-14"]),
        ("May 14, 2024", ["2024-05-14"]),
        ("from 9 to 11 December 2024", ["2024-12-09", "2024-12-11"]),
        ("31 March–2 April 2020", ["2020-03-31", "2020-04-02"]),
        ("May–June 2024", ["2024-05", "2024-06"]),
        ("in the fourth quarter of 2024", ["2024-Q4"]),
        ("in the First quarter of 2025 and Q3 2025", ["2025-Q1", "2025-Q3"]),
        ("at year-end", ["2024-12"]),
        ("by the end of 2024", ["2024-12"]),
        ("by the end of the year", ["2024-12"]),
        ("in 2024", ["2024"]),
        ("the strategic plan for 2020–2023", []),
        ("the 2030 Agenda for Sustainable Development", []),
        ("document HSP/EB.2024/20 and decision 2023/6", []),
        ("UN-Habitat may help", []),
    ],
)
def test_english_dates(text, expected):
    assert values(extract_en(text), "dates", "value") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$24 million", [(24000000, "USD")]),
        ("USD 24,000,000", [(24000000, "USD")]),
        ("24 million United States dollars", [(24000000, "USD")]),
        ("US$ 1.5 billion", [(1500000000, "USD")]),
        ("$1,858K", [(1858000, "USD")]),
        ("approximately $2.25", [("2.25", "USD")]),
        ("EUR 3 million", [(3000000, "EUR")]),
        ("22 countries and 500 million children", []),
    ],
)
def test_english_amounts(text, expected):
    assert [(a["value"], a["currency"]) for a in extract_en(text).amounts] == expected


def test_english_amount_text_includes_the_approximation():
    assert extract_en("It allocated approximately $24 million.").amounts == [
        {"value": 24000000, "currency": "USD", "text": "approximately $24 million"}
    ]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("The system is expected by the end of 2024.", "2024-12"),
        ("A draft is due by November 2024.", "2024-11"),
        ("The toolkit will be launched in the fourth quarter of 2024.", "2024-Q4"),
        ("Documents will be shared no later than 28 October 2024.", "2024-10-28"),
        ("The session will be held in Nairobi from 9 to 11 December 2024.", "2024-12-11"),
        ("A platform is planned for 2025.", "2025"),
    ],
)
def test_english_commitments(text, due):
    facts = extract_en(text)
    assert facts.commitments == [{"due": due, "text": text.rstrip(".")}]


@pytest.mark.parametrize(
    "text",
    [
        "The meeting was held on 14 May 2024.",
        "The study was completed by May 2024.",
        "The guidelines were endorsed by the Board in May 2024.",
    ],
)
def test_english_past_events_are_not_commitments(text):
    assert extract_en(text).commitments == []


def test_english_commitments_are_split_by_sentence():
    facts = extract_en("The first meeting took place in May 2024. The next one will be held in November 2024.")
    assert facts.commitments == [{"due": "2024-11", "text": "The next one will be held in November 2024"}]


@pytest.mark.parametrize(
    "text",
    [
        "Implementation remains constrained by limited resources.",
        "Owing to limited funding, only one pilot started.",
        "There has been no voluntary funding.",
        "A lack of funding delayed the work.",
        "Funding constraints persist.",
        "No additional resources have been mobilized for the framework.",
    ],
)
def test_english_funding_constraints(text):
    assert extract_en(text).funding_constraint is True


def test_english_entities_come_from_the_gazetteer():
    facts = extract_en("UN-Habitat worked with UNODC, UN-Women and the World Bank, and with UNODC again.")
    assert facts.entities == [
        {"code": "UNODC", "text": "UNODC"},
        {"code": "UN-Women", "text": "UN-Women"},
        {"code": "World Bank", "text": "World Bank"},
    ]
    assert facts.funding_constraint is False


# --- Commitments with the date first, month-only and recurring dates; funding in other words --------
# Made-up sentences of the forms issue 18 lists.


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("In 2025, UN-Habitat will convene the third expert group meeting.", "2025"),
        ("By June 2025, the secretariat will publish the guidelines.", "2025-06"),
        ("In the fourth quarter of 2025, a review is expected to begin.", "2025-Q4"),
        ("2025 年，人居署将召开第三次专家组会议。", "2025"),
        ("2025 年 3 月，人居署将发布指南。", "2025-03"),
    ],
)
def test_a_date_that_opens_its_sentence_dates_what_the_sentence_announces(text, due):
    [commitment] = extract(text).commitments
    assert commitment["due"] == due and "recurring" not in commitment


def test_a_date_first_in_past_narrative_is_no_commitment():
    assert extract("In 2023, UN-Habitat convened the second meeting.").commitments == []
    assert extract("2023 年，人居署召开了第二次会议。").commitments == []


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("UN-Habitat will publish the guide in June.", "2024-06"),
        ("In June, UN-Habitat will publish the guide.", "2024-06"),
        ("The toolkit is expected by March.", "2024-03"),
        ("人居署将于 6 月发布指南。", "2024-06"),
    ],
)
def test_a_month_without_a_year_takes_the_report_year(text, due):
    assert [c["due"] for c in extract(text, year=2024).commitments] == [due]


def test_may_the_verb_and_a_month_name_in_a_title_are_not_dates():
    assert extract_en("Member States may wish to take note. The March for Cities will be held again.").dates == []


@pytest.mark.parametrize(
    "text",
    [
        "每年 11 月 25 日将举行纪念活动。",
        "The day will be celebrated every year on 31 October.",
        "The forum will meet on 5 June each year.",
        "Urban October will be observed annually on 31 October.",
    ],
)
def test_a_date_that_comes_back_every_year_is_recurring(text):
    [commitment] = extract(text).commitments
    assert commitment["recurring"] == "annual"


def test_a_dated_commitment_beside_a_yearly_one_stays_dated():
    facts = extract_en("The report will be issued by 30 June 2025. The day is observed every year on 31 October.")
    assert [(c["due"], c.get("recurring")) for c in facts.commitments] == [("2025-06-30", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Implementation was slowed by a lack of consistent voluntary funding.",
        "Progress depends on sustained and predictable resources, and resource constraints remain.",
        "The absence of predictable core funding delayed the pilots.",
        "A funding gap held back the second phase.",
        "由于资金不足，进展缓慢。",
        "由于资源不足，该方案尚未启动。",
        "缺乏可持续的资金，工作受到影响。",
    ],
)
def test_funding_constraints_in_other_words(text):
    assert extract(text).funding_constraint is True


@pytest.mark.parametrize(
    "text",
    [
        "UN-Habitat mobilized additional funding for the programme.",
        "The Urban Action Funding Window supports 资金不足的决议。",
        "Partners provided consistent voluntary funding.",
    ],
)
def test_funding_mentioned_without_a_constraint(text):
    assert extract(text).funding_constraint is False
