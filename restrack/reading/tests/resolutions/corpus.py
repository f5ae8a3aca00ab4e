"""The resolution corpus: short resolutions and decisions in the layouts of the United Nations, each
written as the structure it has and the parse expected of it, for the resolution reader
(`restrack.reading.resolution`). ALL TEXT HERE IS MADE UP FOR THE TESTS: no sentence is copied
from a real UN document; the numbers follow the real numbering schemes (2/6, 2025/3, HSP/HA.2/Res.6)
but the titles, paragraphs, footnotes, symbols of reports and job numbers are invented. Every
document's first line is `MADE_UP`.

Each document exists in up to three formats (`Doc.formats`):
- text: written by hand in `<name>.txt` next to this module, with the quirks of its layout as text
  extraction gives them (`Doc.quirks` lists them: page headers, job numbers, form feeds,
  hyphenation, wrapped lines, number alone on its line, footnotes at page bottoms, ...);
- DOCX: built at test time from the structure below with python-docx (`build.docx_bytes`), labels
  as literal text ("1.\tDecides ...", "(a)\tTo ...") except in the document with
  `auto_numbering`, whose labels are Word's automatic numbering (numbering.xml), with real Word
  footnotes, the page header (symbol and page number) and the job number in the first-page footer;
- PDF: made at test time from that DOCX by LibreOffice (`build.make_pdfs`, one soffice run).

In the structure, a text may hold `{fn:N}` where footnote N is cited (a Word footnote in the DOCX,
the digit N glued to the text in the text file), `{pagebreak}` (a page break in the DOCX, so that the
paragraph continues on the next page with the footnotes of the first page in between) and `\u00ad`
(soft hyphens where Word and LibreOffice may break a word); none of them is part of the expected text.

The expected parse (what the reader returns for every format of the document):
- `symbol`, `kind` ("resolution" or "decision"), `number` ("2/6", "2025/3"), `title` (one line:
  the title's lines joined with one space in Latin, Cyrillic and Arabic script, with nothing
  between Chinese characters; without the number "2/6." in front), `adoption_date`;
- `preamble`: the preambular paragraphs in order, each a single line (line breaks joined as in
  titles, hyphenation undone, footnote markers removed), ending with its comma (", " / "，" / "،");
- `paragraphs`: (number, text) of every operative paragraph and sub-paragraph in document order,
  parent before its children; number in registry form "4", "4(a)", "4(a)(i)" (Latin lower-case
  letters and lower-case roman numerals: Arabic letters أ ب ج ... and Chinese ㈠ ㈡ are mapped),
  text without its label ("1. ", "(a) ", "a) ", "(أ) ", "1 - ");
- `footnotes`: {marker: text} of the footnotes cited in the preamble and operative paragraphs
  (numbered ones; the asterisk footnote of the agenda item belongs to the masthead and is in
  `agenda_symbol`, not here);
- `references`: the instruments the preamble and operative paragraphs cite, (kind, number), in
  order of first citation (informative);
- `refusal`: for documents that are not resolutions, a word the reader's error message contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
MADE_UP = "Made-up test document: not a real United Nations text"

# Arabic and Cyrillic letters of sub-paragraphs, to the Latin letters of the registry.
ARABIC_LETTERS = dict(zip(["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"], "abcdefghij"))
CYRILLIC_LETTERS = dict(zip("абвгде", "abcdef"))
# Chinese texts print the roman sub-sub-paragraphs (i), (ii), ... as parenthesized ideographs.
CHINESE_ROMAN = dict(zip("㈠㈡㈢㈣㈤", ["i", "ii", "iii", "iv", "v"]))
ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")


@dataclass
class Item:
    """An operative paragraph or sub-paragraph: its label as printed ("1.", "(a)", "a)", "(أ)",
    "(i)", "㈠", "1 -"), its text and its sub-paragraphs."""

    label: str
    text: str
    children: list[Item] = field(default_factory=list)


def item(label: str, text: str, *children: Item) -> Item:
    return Item(label, text, list(children))


def expected_text(text: str) -> str:
    text = re.sub(r"\{fn:\d+\}|\{pagebreak\}", "", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def registry_label(label: str, depth: int) -> str:
    """ "1." / "1 -" -> "1"; "(a)" / "a)" / "(ب)" -> "a" / "b"; "(ii)" / "ii)" / "㈡" -> "ii"."""
    if depth == 0:
        return re.search(r"\d+", label).group()
    core = label.strip().strip("()")
    if depth == 1:
        letter = ARABIC_LETTERS.get(core) or CYRILLIC_LETTERS.get(core) or core
        assert re.fullmatch(r"[a-z]", letter), label
        return letter
    roman = CHINESE_ROMAN.get(core, core)
    assert ROMAN.match(roman), label
    return roman


@dataclass
class Doc:
    name: str
    language: str  # "en", "zh", "fr", "es", "ru", "ar"
    front: list[str]  # the DOCX's lines before the address line: masthead, session, title ("" between blocks)
    address: str | None = None  # "The United Nations Habitat Assembly,"
    preamble_source: list[str] = field(default_factory=list)
    operative: list[Item] = field(default_factory=list)
    annex: list[str] = field(default_factory=list)  # lines after the operative paragraphs (not paragraphs)
    notes: dict[int, str] = field(default_factory=dict)  # footnote N -> text, as the source cites them
    formats: tuple[str, ...] = ("txt", "docx", "pdf")
    refusal: str | None = None
    symbol: str | None = None
    kind: str | None = None
    number: str | None = None
    title: str | None = None
    adoption_date: date | None = None
    references: list[tuple[str, str]] = field(default_factory=list)
    agenda_symbol: str | None = None  # in the asterisk footnote of the agenda item (informative)
    header_symbol: str | None = None  # the symbol in the page headers when it is not `symbol`
    job_number: str | None = None  # first-page footer of the DOCX (the text file has its own)
    barcode: str | None = None
    auto_numbering: bool = False  # DOCX labels by Word's automatic numbering instead of literal text
    quirks: tuple[str, ...] = ()  # of the text file (informative)
    # The expected parse, derived from the structure above.
    preamble: list[str] = field(init=False)
    paragraphs: list[tuple[str, str]] = field(init=False)
    footnotes: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.preamble = [expected_text(text) for text in self.preamble_source]
        self.paragraphs = []

        def walk(items: list[Item], prefix: str, depth: int) -> None:
            for it in items:
                label = registry_label(it.label, depth)
                number = label if depth == 0 else f"{prefix}({label})"
                self.paragraphs.append((number, expected_text(it.text)))
                walk(it.children, number, depth + 1)

        walk(self.operative, "", 0)
        self.footnotes = {str(n): text for n, text in self.notes.items()}

    @property
    def text_path(self) -> Path:
        return HERE / f"{self.name}.txt"

    @property
    def right_to_left(self) -> bool:
        return self.language == "ar"

    @property
    def page_header(self) -> str | None:
        return self.header_symbol or self.symbol

    def items(self) -> list[tuple[int, Item]]:
        """(depth, item) of every operative paragraph and sub-paragraph in document order."""
        found: list[tuple[int, Item]] = []

        def walk(items: list[Item], depth: int) -> None:
            for it in items:
                found.append((depth, it))
                walk(it.children, depth + 1)

        walk(self.operative, 0)
        return found


# The italic words a preambular or operative paragraph starts with (italicized in the DOCX).
LEADS = [
    # English
    "Recalling also",
    "Recalling",
    "Reaffirming",
    "Noting with concern",
    "Noting",
    "Welcoming",
    "Recognizing",
    "Stressing",
    "Mindful",
    "Bearing in mind",
    "Taking note",
    "Concerned",
    "Having considered",
    "Decides",
    "Requests",
    "Also requests",
    "Invites",
    "Encourages",
    "Urges",
    "Calls upon",
    "Welcomes",
    "Takes note",
    # French
    "Rappelant",
    "Consciente",
    "Notant",
    "Décide",
    "Prie",
    "Invite",
    "Encourage",
    # Spanish
    "Recordando",
    "Reconociendo",
    "Preocupada",
    "Decide",
    "Solicita",
    "Exhorta",
    "Alienta",
    # Russian
    "ссылаясь",
    "признавая",
    "отмечая",
    "постановляет",
    "просит также",
    "просит",
    "предлагает",
    # Arabic
    "إذ تشير",
    "وإذ تدرك",
    "وإذ تلاحظ",
    "تقرر",
    "تطلب",
    "تدعو",
    "تشجع",
    # Chinese
    "又回顾",
    "回顾",
    "铭记",
    "关切地注意到",
    "注意到",
    "认识到",
    "决定",
    "又请",
    "请",
    "邀请",
    "鼓励",
    "敦促",
    "吁请",
]


def lead(text: str) -> str:
    """The italic words `text` starts with, or ""."""
    matches = [phrase for phrase in LEADS if text.startswith(phrase)]
    return max(matches, key=len) if matches else ""


ASSEMBLY_EN = ["United Nations Habitat Assembly of the", "United Nations Human", "Settlements Programme"]


def _masthead_en(symbol: str, issued: str, session: str, dates: str, agenda: str) -> list[str]:
    return [
        MADE_UP,
        "",
        f"United Nations {symbol}",
        *ASSEMBLY_EN,
        "Distr.: General",
        issued,
        "Original: English",
        "",
        session,
        dates,
        "Agenda item 6*",
        "Adoption of the resolutions and decisions of the Assembly",
        f"* {agenda}.",
        "",
    ]


# ---------------------------------------------------------------------------------------------
# English: a clean text (blank lines between paragraphs); the DOCX uses automatic numbering.

EN_CLEAN = Doc(
    name="en-resolution-clean",
    language="en",
    auto_numbering=True,
    symbol="HSP/HA.2/Res.6",
    kind="resolution",
    number="2/6",
    title="Local data systems for monitoring urban targets",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11236 (E)",
    barcode="*2311236*",
    quirks=("clean text", "blank lines between paragraphs", "(i) roman under a chapeau"),
    front=[
        *_masthead_en("HSP/HA.2/Res.6", "14 June 2023", "Second session", "Nairobi, 5–9 June 2023", "HSP/HA.2/1"),
        "Resolution adopted by the UN-Habitat Assembly on 9 June 2023",
        "",
        "2/6. Local data systems for monitoring urban targets",
        "",
    ],
    address="The United Nations Habitat Assembly,",
    preamble_source=[
        "Recalling its resolution 1/2 of 31 May 2019 on safer cities and its resolution 1/5 of 31 May 2019 "
        "on the links between towns and their rural surroundings,",
        "Recognizing that many towns lack reliable and timely figures on housing, basic services and land use, "
        "and that such gaps make it harder to direct public spending to where it is needed most,",
        "Welcoming the efforts of Member States, local governments and statistical offices to produce "
        "neighbourhood-level data that can be compared across cities and over time,",
    ],
    operative=[
        item(
            "1.",
            "Decides to establish an open network of city data focal points, hosted by UN-Habitat, to share "
            "methods for collecting and publishing local urban data;",
        ),
        item(
            "2.",
            "Requests the Executive Director, within available resources:",
            item(
                "(a)",
                "To prepare practical guidance on neighbourhood-level indicators for housing, basic services "
                "and public space;",
            ),
            item(
                "(b)",
                "To support interested Member States in building the capacity of local governments to:",
                item("(i)", "Collect and validate data on informal settlements;"),
                item("(ii)", "Publish open data in formats that residents can use;"),
            ),
            item("(c)", "To include the results in the regular reports to the Executive Board;"),
        ),
        item(
            "3.",
            "Invites Member States to share examples of local data systems with the network established under "
            "paragraph 1 of the present resolution;",
        ),
        item(
            "4.",
            "Encourages development partners and the private sector to support open and interoperable urban "
            "data platforms, with due regard for privacy and data protection;",
        ),
        item(
            "5.",
            "Calls upon local and regional governments to use the data collected to plan housing and services "
            "in a manner that leaves no one behind;",
        ),
        item(
            "6.",
            "Requests the Executive Director to report to the UN-Habitat Assembly at its third session on the "
            "implementation of the present resolution.",
        ),
    ],
    references=[("resolution", "1/2"), ("resolution", "1/5")],
)

# ---------------------------------------------------------------------------------------------
# English as extracted from a PDF: no blank lines, wrapped lines, hyphenation, page headers, job
# number and bar code, footnotes at page bottoms inside a paragraph that runs on, a number alone.

EN_PDF_TEXT = Doc(
    name="en-resolution-pdf-text",
    language="en",
    symbol="HSP/HA.2/Res.8",
    kind="resolution",
    number="2/8",
    title="Sustainable and affordable building materials for housing in rapidly growing cities and their "
    "peri-urban areas",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11234 (E)",
    barcode="*2311234*",
    quirks=(
        "no blank lines",
        "lines wrapped mid-sentence",
        "title on two lines",
        "words hyphenated across line ends (and UN-\\nHabitat, a real hyphen at a line end)",
        "page headers (symbol, page number; on two lines and on one)",
        "job number with dates and bar code at the bottom of page 1, short job number on later pages",
        "form feeds between pages",
        "footnote markers glued to the text (Agenda,1 / Director,2)",
        "footnote bodies at page bottoms between the lines of a paragraph that continues on the next page",
        "paragraph number alone on its line",
        "the agenda footnote (* HSP/HA.2/1.) at the bottom of page 1",
    ),
    front=[
        *_masthead_en("HSP/HA.2/Res.8", "16 June 2023", "Second session", "Nairobi, 5–9 June 2023", "HSP/HA.2/1"),
        "Resolution adopted by the UN-Habitat Assembly on 9 June 2023",
        "",
        "2/8. Sustainable and affordable building materials for housing in rapidly growing cities and their "
        "peri-urban areas",
        "",
    ],
    address="The United Nations Habitat Assembly,",
    preamble_source=[
        "Recalling its resolution 1/3 of 31 May 2019 on capacity-building and its resolution 2/7 of 9 June 2023 "
        "on adequate housing,",
        "Reaffirming the commitment, made in the New Urban Agenda,{fn:1} to promote affordable{pagebreak} and "
        "sustainable housing for all,",
        "Noting with concern that the construction sector accounts for a large share of the energy use and "
        "emissions of cities, and that the price of conventional materials keeps many households out of decent "
        "housing,",
        "Taking note of the report of the Executive Director,{fn:2} which describes local building practices in "
        "twelve countries,",
        "Mindful of the need to respect local building traditions and to create decent work in the "
        "construction sector,",
    ],
    operative=[
        item(
            "1.",
            "Encourages Member States to review building codes and standards so that they allow the use of safe, "
            "locally available and low-carbon materials;",
        ),
        item(
            "2.",
            "Requests the Executive Director, in consultation with Member States and within available resources:",
            item(
                "(a)",
                "To develop a compendium of affordable and low-carbon building technologies that are suited to "
                "different climates;",
            ),
            item(
                "(b)",
                "To support pilot projects in at least five countries, with priority given to informal settlements;",
            ),
            item(
                "(c)",
                "To promote the exchange of experience among cities through the regional offices of UN-Habitat;",
            ),
        ),
        item(
            "3.",
            "Invites Member States and other stakeholders in a position to do so to provide extrabudgetary "
            "resources for the imple\u00admen\u00adtation of the present resolution;",
        ),
        item(
            "4.",
            "Urges Member States to include the training of local builders in their national housing policies, "
            "with particular attention to the inclusion of women and young people in the con\u00adstruc\u00adtion "
            "sector;",
        ),
        item(
            "5.",
            "Welcomes the offer of the host country to organize an expert meeting on building materials in 2024;",
        ),
        item(
            "6.",
            "Takes note of the work of research institutions and universities on the recycling of construction "
            "and demolition waste;",
        ),
        item(
            "7.",
            "Requests the Executive Director to report to the UN-Habitat Assembly at its third session on the "
            "implementation of the present resolution.",
        ),
    ],
    notes={
        1: "See A/RES/71/256, annex.",
        2: "HSP/HA.2/9.",
    },
    references=[("resolution", "1/3"), ("resolution", "2/7")],
)

# ---------------------------------------------------------------------------------------------
# Chinese, as extracted from a PDF: no spaces around digits, page headers, job number, a footnote.

ZH = Doc(
    name="zh-resolution",
    language="zh",
    symbol="HSP/HA.2/Res.5",
    kind="resolution",
    number="2/5",
    title="加强城市应对极端高温的能力",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11235 (C)",
    barcode="*2311235*",
    quirks=(
        "no spaces between digits and Chinese characters (2023年6月9日, 第1/5号决议)",
        "lines broken between two Chinese characters",
        "page headers and form feeds",
        "job number and bar code",
        "footnote marker glued between 》 and the next character (《新城市议程》1及)",
        "footnote body at the page bottom inside a paragraph that continues on the next page",
        "paragraph number alone on its line",
        "sub-sub-paragraphs printed ㈠ ㈡",
    ),
    front=[
        MADE_UP,
        "",
        "联合国 HSP/HA.2/Res.5",
        "联合国人类住区规划署",
        "联合国人居大会",
        "Distr.: General",
        "2023年6月14日",
        "中文",
        "原文：英文",
        "",
        "第二届会议",
        "2023年6月5日至9日，内罗毕",
        "议程项目6*",
        "通过大会的决议和决定",
        "* HSP/HA.2/1。",
        "",
        "联合国人居大会2023年6月9日通过的决议",
        "",
        "2/5. 加强城市应对极端高温的能力",
        "",
    ],
    address="联合国人居大会，",
    preamble_source=[
        "回顾其2019年5月31日关于城乡联系的第1/5号决议，",
        "铭记《新城市议程》{fn:1}及地方政府在落实该议程方面的作用，",
        "关切地注意到极端高温事件日益频繁，{pagebreak}对老年人、儿童和非正规住区居民的健康构成严重威胁，",
        "认识到树木、水体和通风廊道等城市绿色和蓝色基础设施能够降低城市温度，",
    ],
    operative=[
        item("1.", "决定将城市降温纳入联合国人类住区规划署今后的城市复原力工作；"),
        item(
            "2.",
            "请执行主任在现有资源范围内：",
            item("(a)", "编写关于城市降温措施的技术指南；"),
            item(
                "(b)",
                "支持有意愿的会员国开展以下工作：",
                item("㈠", "绘制城市高温风险地图；"),
                item("㈡", "建立面向弱势群体的高温预警系统；"),
            ),
            item("(c)", "与世界气象组织等相关机构合作，分享高温数据；"),
        ),
        item("3.", "邀请会员国在住房和公共空间的规划中考虑降温措施；"),
        item("4.", "鼓励发展伙伴为城市绿化和降温项目提供资金；"),
        item("5.", "敦促地方政府在高温期间向无家可归者和非正规住区居民提供降温场所；"),
        item("6.", "请执行主任向联合国人居大会第三届会议报告本决议的执行情况。"),
    ],
    notes={1: "大会第71/256号决议，附件。"},
    references=[("resolution", "1/5")],
)

# Chinese with spaces between digits and characters, as the seeds print them.
ZH_SPACED = Doc(
    name="zh-resolution-spaced",
    language="zh",
    formats=("txt", "docx"),
    symbol="HSP/HA.2/Res.3",
    kind="resolution",
    number="2/3",
    title="城市固体废物管理与循环经济",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    quirks=(
        "spaces between digits and Chinese characters (2023 年 6 月 9 日, 第 1/2 号决议)",
        "no blank lines",
        "a line of the title block broken between two Chinese characters",
    ),
    front=[
        MADE_UP,
        "",
        "联合国 HSP/HA.2/Res.3",
        "联合国人类住区规划署",
        "联合国人居大会",
        "Distr.: General",
        "2023 年 6 月 14 日",
        "中文",
        "原文：英文",
        "",
        "第二届会议",
        "2023 年 6 月 5 日至 9 日，内罗毕",
        "议程项目 6*",
        "通过大会的决议和决定",
        "* HSP/HA.2/1。",
        "",
        "联合国人居大会 2023 年 6 月 9 日通过的决议",
        "",
        "2/3. 城市固体废物管理与循环经济",
        "",
    ],
    address="联合国人居大会，",
    preamble_source=[
        "回顾其 2019 年 5 月 31 日关于更安全城市和人类住区的第 1/2 号决议，",
        "又回顾其 2023 年 6 月 9 日第 2/7 号决议，",
        "注意到许多城市每年产生的固体废物中只有不到一半得到妥善收集和处理，",
    ],
    operative=[
        item("1.", "鼓励会员国制定国家和地方废物管理战略，减少废物产生并提高回收率；"),
        item(
            "2.",
            "请执行主任：",
            item("(a)", "在 2025 年底前编写一份关于城市废物管理良好做法的汇编；"),
            item("(b)", "支持至少 10 个城市开展废物数据收集；"),
        ),
        item("3.", "吁请发展伙伴为非正规废物回收者的培训和社会保护提供支助；"),
        item("4.", "又请执行主任在定期报告中向执行局通报本决议的执行情况。"),
    ],
    references=[("resolution", "1/2"), ("resolution", "2/7")],
)

# ---------------------------------------------------------------------------------------------
# An Executive Board decision: numbered <year>/<n>, no masthead of its own. Board decisions are
# printed in the report of the session; the page headers carry that report's symbol
# (HSP/EB.2025/21, invented), which is NOT the decision's symbol: the expected symbol is None.
# An annex of terms of reference with its own numbered lines follows the operative paragraphs.

EN_BOARD = Doc(
    name="en-decision-board",
    language="en",
    symbol=None,
    header_symbol="HSP/EB.2025/21",
    kind="decision",
    number="2025/3",
    title="Tracking the implementation of the resolutions of the United Nations Habitat Assembly",
    adoption_date=date(2025, 5, 8),
    quirks=(
        "no masthead: the decision as printed in the report of the session",
        "page headers with the session report's symbol (HSP/EB.2025/21), not the decision's",
        "form feed",
        "title on two lines",
        "lines wrapped mid-sentence, blank lines between paragraphs",
        "an annex after the operative paragraphs, with numbered lines that are not operative paragraphs",
    ),
    front=[
        MADE_UP,
        "",
        "Executive Board of the United Nations Human Settlements Programme",
        "First session of 2025",
        "Nairobi, 6–8 May 2025",
        "",
        "Decision adopted by the Executive Board on 8 May 2025",
        "",
        "2025/3. Tracking the implementation of the resolutions of the United Nations Habitat Assembly",
        "",
    ],
    address="The Executive Board,",
    preamble_source=[
        "Recalling resolution 2/10 of 9 June 2023 of the United Nations Habitat Assembly on the financing and "
        "monitoring of the implementation of its resolutions,",
        "Recalling also its decision 2023/6 on the terms of reference of the Urban Action Funding Window,",
        "Having considered the report of the Executive Director on the progress made in the implementation of "
        "the resolutions of the Assembly,",
        "Bearing in mind that reliable reporting helps Member States to decide where to direct their contributions,",
    ],
    operative=[
        item(
            "1.",
            "Takes note of the report of the Executive Director and of the progress made in setting up an online "
            "system for tracking the implementation of resolutions;",
        ),
        item(
            "2.",
            "Requests the Executive Director to update the tracking system every six months and to make it "
            "available to the public;",
        ),
        item(
            "3.",
            "Invites Member States to make use of the tracking system when planning their contributions to the "
            "Urban Action Funding Window;",
        ),
        item(
            "4.",
            "Decides to establish an informal working group on reporting, with the terms of reference set out in "
            "the annex to the present decision;",
        ),
        item(
            "5.",
            "Also requests the Executive Director to present an assessment of the tracking system to the "
            "Executive Board at its second session of 2026.",
        ),
    ],
    annex=[
        "Annex",
        "Terms of reference of the informal working group on reporting",
        "1. The working group shall be open to all members of the Executive Board.",
        "2. The working group shall meet at least twice a year, in person or online.",
        "3. The working group shall report to the Executive Board at each of its regular sessions.",
    ],
    references=[("resolution", "2/10"), ("decision", "2023/6")],
)

# ---------------------------------------------------------------------------------------------
# Other languages: French and Spanish "a)" / "i)", Russian "a)" (Latin letters, as UN Russian texts
# print them) with lower-case operative verbs, Arabic "(أ)" and "1 -".

FR = Doc(
    name="fr-resolution",
    language="fr",
    symbol="HSP/HA.2/Res.2",
    kind="resolution",
    number="2/2",
    title="Régularisation foncière dans les quartiers informels",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11232 (F)",
    barcode="*2311232*",
    quirks=(
        "sub-paragraphs a) b) c) and i) ii) (no opening bracket)",
        "a space before ; and : as French typography has it",
        "typographic apostrophes (’)",
        "a word hyphenated across a line end",
        "lines wrapped mid-sentence",
        "agenda footnote, job number and bar code at the bottom of page 1, then a form feed and the page header",
    ),
    front=[
        MADE_UP,
        "",
        "Nations Unies HSP/HA.2/Res.2",
        "Assemblée des Nations Unies pour l’habitat",
        "du Programme des Nations Unies pour les",
        "établissements humains",
        "Distr. générale",
        "14 juin 2023",
        "Français",
        "Original : anglais",
        "",
        "Deuxième session",
        "Nairobi, 5-9 juin 2023",
        "Point 6 de l’ordre du jour*",
        "Adoption des résolutions et des décisions de l’Assemblée",
        "* HSP/HA.2/1.",
        "",
        "Résolution adoptée par l’Assemblée d’ONU-Habitat le 9 juin 2023",
        "",
        "2/2. Régularisation foncière dans les quartiers informels",
        "",
    ],
    address="L’Assemblée d’ONU-Habitat,",
    preamble_source=[
        "Rappelant sa résolution 1/3 du 31 mai 2019 sur le renforcement des capacités,",
        "Consciente que l’insécurité foncière expose des millions de ménages au risque d’expulsion,",
        "Notant les progrès accomplis par plusieurs États membres dans l’enregistrement des droits fonciers,",
    ],
    operative=[
        item(
            "1.",
            "Décide de faire de la sécurité foncière une priorité de son programme de travail pour la période "
            "2024-2025 ;",
        ),
        item(
            "2.",
            "Prie la Directrice exécutive, dans la limite des ressources disponibles :",
            item(
                "a)",
                "D’élaborer des orientations sur l’enregistrement des droits fonciers dans les quartiers informels ;",
            ),
            item(
                "b)",
                "D’aider les autorités locales à :",
                item("i)", "Recenser les parcelles et leurs occupants ;"),
                item("ii)", "Mettre en place des registres fonciers numériques ;"),
            ),
            item("c)", "De rendre compte des progrès accomplis au Conseil exécutif ;"),
        ),
        item(
            "3.",
            "Invite les États membres à reconnaître la diversité des régimes fonciers, y compris les droits "
            "coutumiers ;",
        ),
        item(
            "4.",
            "Encourage les partenaires de développement à soutenir financièrement les programmes de "
            "régu\u00adlari\u00adsation foncière.",
        ),
    ],
    references=[("resolution", "1/3")],
)

ES = Doc(
    name="es-resolution",
    language="es",
    symbol="HSP/HA.2/Res.4",
    kind="resolution",
    number="2/4",
    title="Espacios públicos verdes y biodiversidad urbana",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11233 (S)",
    barcode="*2311233*",
    quirks=(
        "sub-paragraphs a) b)",
        "no blank lines",
        "lines wrapped mid-sentence",
        "a hyphenated word",
        "agenda footnote, job number and bar code after the last paragraph (one page)",
    ),
    front=[
        MADE_UP,
        "",
        "Naciones Unidas HSP/HA.2/Res.4",
        "Asamblea de ONU-Hábitat del Programa",
        "de las Naciones Unidas para los",
        "Asentamientos Humanos",
        "Distr. general",
        "14 de junio de 2023",
        "Español",
        "Original: inglés",
        "",
        "Segundo período de sesiones",
        "Nairobi, 5 a 9 de junio de 2023",
        "Tema 6 del programa*",
        "Aprobación de las resoluciones y decisiones de la Asamblea",
        "* HSP/HA.2/1.",
        "",
        "Resolución aprobada por la Asamblea de ONU-Hábitat el 9 de junio de 2023",
        "",
        "2/4. Espacios públicos verdes y biodiversidad urbana",
        "",
    ],
    address="La Asamblea de ONU-Hábitat,",
    preamble_source=[
        "Recordando su resolución 1/5, de 31 de mayo de 2019, relativa a los vínculos entre las zonas urbanas "
        "y rurales,",
        "Reconociendo que los parques y los árboles urbanos mejoran la salud de los residentes y protegen la "
        "biodiversidad,",
        "Preocupada por la pérdida de espacios verdes en muchas ciudades que crecen con rapidez,",
    ],
    operative=[
        item("1.", "Decide promover la planificación de redes de espacios públicos verdes en las ciudades;"),
        item(
            "2.",
            "Solicita a la Directora Ejecutiva que, con sujeción a la disponibilidad de recursos:",
            item(
                "a)", "Prepare una guía sobre la protección de la biodiversidad en la pla\u00adnifi\u00adcación urbana;"
            ),
            item("b)", "Preste apoyo a las ciudades que deseen elaborar inventarios de árboles y espacios verdes;"),
        ),
        item(
            "3.",
            "Exhorta a los Estados miembros a que protejan los humedales urbanos frente a la urbanización no "
            "planificada;",
        ),
        item("4.", "Alienta a los asociados a que compartan datos abiertos sobre la cubierta vegetal de las ciudades."),
    ],
    references=[("resolution", "1/5")],
)

RU = Doc(
    name="ru-resolution",
    language="ru",
    symbol="HSP/HA.2/Res.9",
    kind="resolution",
    number="2/9",
    title="Раннее предупреждение о наводнениях в городах",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11239 (R)",
    barcode="*2311239*",
    quirks=(
        "preambular and operative paragraphs start with a lower-case word (ссылаясь, постановляет)",
        "sub-paragraphs a) b) with Latin letters",
        "masthead partly in English (Distr.: General, Russian, Original: English)",
        "page header and form feed",
        "agenda footnote, job number and bar code between paragraphs 1 and 2",
        "lines wrapped mid-sentence",
    ),
    front=[
        MADE_UP,
        "",
        "Организация Объединенных Наций HSP/HA.2/Res.9",
        "Ассамблея Организации Объединенных Наций",
        "по населенным пунктам Программы Организации",
        "Объединенных Наций по населенным пунктам",
        "Distr.: General",
        "14 June 2023",
        "Russian",
        "Original: English",
        "",
        "Вторая сессия",
        "Найроби, 5–9 июня 2023 года",
        "Пункт 6 повестки дня*",
        "Принятие резолюций и решений Ассамблеи",
        "* HSP/HA.2/1.",
        "",
        "Резолюция, принятая Ассамблеей ООН-Хабитат 9 июня 2023 года",
        "",
        "2/9. Раннее предупреждение о наводнениях в городах",
        "",
    ],
    address="Ассамблея ООН-Хабитат,",
    preamble_source=[
        "ссылаясь на свою резолюцию 1/4 от 31 мая 2019 года о гендерном равенстве,",
        "признавая, что наводнения наносят наибольший ущерб жителям неформальных поселений,",
        "отмечая важность своевременной и понятной информации о рисках для местных общин,",
    ],
    operative=[
        item("1.", "постановляет оказывать городам содействие в создании систем раннего предупреждения о наводнениях;"),
        item(
            "2.",
            "просит Директора-исполнителя:",
            item("a)", "подготовить методические рекомендации по картированию зон затопления;"),
            item("b)", "содействовать обмену опытом между городами, расположенными в одних и тех же речных бассейнах;"),
        ),
        item("3.", "предлагает государствам-членам включать меры по защите от наводнений в планы развития городов;"),
        item(
            "4.",
            "просит также Директора-исполнителя представить Ассамблее ООН-Хабитат на ее третьей сессии доклад о "
            "ходе осуществления настоящей резолюции.",
        ),
    ],
    references=[("resolution", "1/4")],
)

AR = Doc(
    name="ar-resolution",
    language="ar",
    symbol="HSP/HA.2/Res.10",
    kind="resolution",
    number="2/10",
    title="تمويل الإسكان الميسور التكلفة على المستوى المحلي",
    adoption_date=date(2023, 6, 9),
    agenda_symbol="HSP/HA.2/1",
    job_number="GE.23-11240 (A)",
    barcode="*2311240*",
    quirks=(
        "operative paragraphs numbered 1 - 2 - (number, space, hyphen), as Arabic UN texts print them",
        "number and title line 2/10 - title",
        "sub-paragraphs (أ) (ب) (ج)",
        "dates with both month names (حزيران/يونيه)",
        "Arabic punctuation (، ؛)",
        "right-to-left paragraphs in the DOCX (the PDF holds lines in visual order)",
        "text in logical order with blank lines between paragraphs; a page header and form feed between (ب) and (ج)",
    ),
    front=[
        MADE_UP,
        "",
        "الأمم المتحدة HSP/HA.2/Res.10",
        "جمعية الأمم المتحدة للموئل التابعة لبرنامج",
        "الأمم المتحدة للمستوطنات البشرية",
        "Distr.: General",
        "14 June 2023",
        "Arabic",
        "Original: English",
        "",
        "الدورة الثانية",
        "نيروبي، 5-9 حزيران/يونيه 2023",
        "البند 6 من جدول الأعمال*",
        "اعتماد قرارات الجمعية ومقرراتها",
        "* HSP/HA.2/1.",
        "",
        "القرار الذي اتخذته جمعية الأمم المتحدة للموئل في 9 حزيران/يونيه 2023",
        "",
        "2/10 - تمويل الإسكان الميسور التكلفة على المستوى المحلي",
        "",
    ],
    address="إن جمعية الأمم المتحدة للموئل،",
    preamble_source=[
        "إذ تشير إلى قرارها 1/1 المؤرخ 31 أيار/مايو 2019 بشأن الخطة الاستراتيجية،",
        "وإذ تدرك أن كثيرا من الأسر ذات الدخل المنخفض لا تستطيع الحصول على قروض لشراء مسكن أو تحسينه،",
        "وإذ تلاحظ أهمية دور المصارف المحلية وصناديق الادخار المجتمعية في تمويل الإسكان،",
    ],
    operative=[
        item("1 -", "تقرر تشجيع آليات التمويل المحلي للإسكان الميسور التكلفة؛"),
        item(
            "2 -",
            "تطلب إلى المديرة التنفيذية:",
            item("(أ)", "أن تعد دليلا عن أدوات التمويل الصغير للإسكان؛"),
            item("(ب)", "أن تدعم الحكومات المحلية في إنشاء صناديق للإسكان؛"),
            item("(ج)", "أن تقدم تقريرا عن التقدم المحرز إلى المجلس التنفيذي؛"),
        ),
        item("3 -", "تدعو الدول الأعضاء إلى تيسير حصول الأسر ذات الدخل المنخفض على الائتمان؛"),
        item("4 -", "تشجع الشركاء في التنمية على دعم صناديق الادخار المجتمعية."),
    ],
    references=[("resolution", "1/1")],
)

# ---------------------------------------------------------------------------------------------
# A list of eleven letters: (i) after (h) is the letter i; in paragraph 2, (i) under the chapeau
# of (a) is the roman numeral one. Resolution 3/4 of an invented third session.

EN_LONG_LIST = Doc(
    name="en-long-list",
    language="en",
    symbol="HSP/HA.3/Res.4",
    kind="resolution",
    number="3/4",
    title="Inclusive and accessible public transport in cities",
    adoption_date=date(2027, 6, 11),
    agenda_symbol="HSP/HA.3/1",
    job_number="GE.27-10004 (E)",
    barcode="*2710004*",
    quirks=(
        "letters (a) to (k): (i) after (h) is a letter",
        "(i) (ii) roman under the chapeau of (a) in the next paragraph, followed by (b)",
        "clean text with blank lines",
    ),
    front=[
        *_masthead_en("HSP/HA.3/Res.4", "18 June 2027", "Third session", "Nairobi, 7–11 June 2027", "HSP/HA.3/1"),
        "Resolution adopted by the UN-Habitat Assembly on 11 June 2027",
        "",
        "3/4. Inclusive and accessible public transport in cities",
        "",
    ],
    address="The United Nations Habitat Assembly,",
    preamble_source=[
        "Recalling its resolution 2/8 of 9 June 2023 on urban planning and infrastructure,",
        "Stressing that affordable public transport gives residents access to jobs, schools and health services,",
    ],
    operative=[
        item(
            "1.",
            "Calls upon Member States, in cooperation with local governments, to take the following measures, as "
            "appropriate:",
            item("(a)", "Integrate public transport into land-use planning;"),
            item("(b)", "Make stations and vehicles accessible to persons with disabilities;"),
            item("(c)", "Improve the safety of women and girls on public transport;"),
            item("(d)", "Set fares that low-income households can afford;"),
            item("(e)", "Support the formal recognition of informal transport operators;"),
            item("(f)", "Invest in safe walking and cycling routes to stations;"),
            item("(g)", "Collect and publish data on travel times and costs;"),
            item("(h)", "Reduce emissions from public transport fleets;"),
            item("(i)", "Involve residents in the design of transport services;"),
            item("(j)", "Protect transport infrastructure against floods and heat;"),
            item("(k)", "Share good practices through regional networks;"),
        ),
        item(
            "2.",
            "Requests the Executive Director:",
            item(
                "(a)",
                "To support cities in preparing sustainable urban mobility plans, in particular by:",
                item("(i)", "Providing technical advice on data collection;"),
                item("(ii)", "Organizing training for transport planners;"),
            ),
            item("(b)", "To cooperate with regional development banks on the financing of public transport;"),
        ),
        item("3.", "Encourages the private sector to develop low-cost digital tools for journey planning;"),
        item(
            "4.",
            "Requests the Executive Director to report to the UN-Habitat Assembly at its fourth session on the "
            "implementation of the present resolution.",
        ),
    ],
    references=[("resolution", "2/8")],
)

# ---------------------------------------------------------------------------------------------
# Documents that are not resolutions: the reader refuses them (`refusal` is a word of the message).

REFUSE_REPORT = Doc(
    name="refuse-report",
    language="en",
    formats=("txt", "docx"),
    refusal="report",
    symbol="HSP/EB.2025/22",
    agenda_symbol="HSP/EB.2025/1",
    quirks=(
        "a progress report of the Executive Director: masthead, chapters I. II., numbered paragraphs",
        "a paragraph quoting an operative verb (requests the Executive Director) of a resolution",
    ),
    front=[
        MADE_UP,
        "",
        "United Nations HSP/EB.2025/22",
        "Executive Board of the",
        "United Nations Human",
        "Settlements Programme",
        "Distr.: General",
        "3 March 2025",
        "Original: English",
        "",
        "First session of 2025",
        "Nairobi, 6–8 May 2025",
        "Item 5 of the provisional agenda*",
        "Progress in the implementation of the resolutions of the Assembly",
        "* HSP/EB.2025/1.",
        "",
        "Progress in the implementation of resolution 2/6",
        "",
        "Report of the Executive Director",
        "",
        "I. Introduction",
        "1.\tThe present report describes the work done on resolution 2/6 between July and December 2024.",
        "II. Implementation",
        "2.\tIn paragraph 2 of resolution 2/6, the Assembly requests the Executive Director to prepare guidance "
        "on local indicators. A first draft was shared with ten cities.",
        "3.\tThe network of city data focal points held two online meetings.",
        "III. Recommendation",
        "4.\tThe Executive Board may wish to take note of the present report.",
    ],
)

REFUSE_LETTER = Doc(
    name="refuse-letter",
    language="en",
    formats=("txt", "docx"),
    refusal="resolution",
    quirks=("a letter: no address line, no preamble, no numbered paragraphs",),
    front=[
        MADE_UP,
        "",
        "Letter dated 2 May 2025 from the chair of an informal group of cities addressed to the Executive Director",
        "",
        "Dear Executive Director,",
        "",
        "On behalf of the cities of our informal group, I would like to thank you for the guidance on local "
        "indicators that your office shared with us in April. The cities have started to test it and will send "
        "their comments before the end of June.",
        "",
        "We would also welcome an opportunity to present our experience at the next session of the Executive "
        "Board, if time allows.",
        "",
        "Yours sincerely,",
        "(Signed) A. Example",
        "Chair of the informal group (invented)",
    ],
)

REFUSE_EMPTY = Doc(
    name="refuse-empty",
    language="en",
    formats=("txt", "docx"),
    refusal="resolution",
    quirks=("empty but for the made-up line, a page number and a form feed",),
    front=[MADE_UP, "", "1"],
)

RESOLUTIONS = [EN_CLEAN, EN_PDF_TEXT, ZH, ZH_SPACED, EN_BOARD, FR, ES, RU, AR, EN_LONG_LIST]
REFUSALS = [REFUSE_REPORT, REFUSE_LETTER, REFUSE_EMPTY]
DOCS = [*RESOLUTIONS, *REFUSALS]
BY_NAME = {doc.name: doc for doc in DOCS}
