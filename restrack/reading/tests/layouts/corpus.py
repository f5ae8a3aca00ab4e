"""The layout corpus: small progress reports of the UN layout, one per layout the parser must read
(issue 18), each written as the structure it has. ALL TEXT HERE IS MADE UP FOR THE TESTS: no
sentence is copied from a real UN document, and the symbols, job numbers and events are invented.

Each document exists in three formats:
- text: written by hand in `<name>.txt` next to this module, with the layout's quirks as text
  extraction gives them (number alone on its line, job numbers, hyphenation, ...);
- DOCX: built at test time from the structure below with python-docx (`docx_bytes`), with real
  Word footnotes, a page footer holding the job number and bar code, and, for the front-matter
  layout, the masthead in the first-page header;
- PDF: made at test time from that DOCX by LibreOffice (`soffice --headless --convert-to pdf`),
  so page headers and footers, footnotes at page bottoms and line breaks are a real tool's.

In the structure, a paragraph's text may hold `{fn:N}` where footnote N is cited (Word footnote in
the DOCX; the text file prints the document's own marker style) and `\u00ad` (soft hyphens, where
Word and LibreOffice may break a word at a line end); neither is part of the expected text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MADE_UP = "Made-up test document: not a real United Nations text"


@dataclass
class Para:
    number: int
    section: str  # "intro", "other" or an instrument ("resolution 2/6")
    text: str
    op_refs: list[tuple[str, str]] | None = None  # (instrument, paragraph) cited; None: not checked


@dataclass
class Doc:
    name: str
    layout: str  # the layout of issue 18 it stands for
    language: str
    front: list[str]  # masthead and title block, "" between blocks
    body: list  # "I. Heading" strings and Para
    footnotes: dict[int, str] = field(default_factory=dict)
    symbol: str | None = None
    agenda_symbol: str | None = None
    title: str | None = None
    agenda_title: str | None = None  # the agenda item's title, under the agenda item
    header_masthead: bool = False  # DOCX: the masthead in the first-page header
    formats: tuple[str, ...] = ("txt", "docx", "pdf")
    job_number: str = "GE.25-01234 (E)"
    barcode: str = "*2501234*"

    @property
    def right_to_left(self) -> bool:
        return self.language == "ar"

    @property
    def text_path(self) -> Path:
        return HERE / f"{self.name}.txt"

    @property
    def expected(self) -> list[tuple[int, str, str]]:
        return [(p.number, p.section, expected_text(p.text)) for p in self.body if isinstance(p, Para)]

    @property
    def op_refs(self) -> dict[int, list[tuple[str, str]]]:
        return {p.number: p.op_refs for p in self.body if isinstance(p, Para) and p.op_refs is not None}

    @property
    def citations(self) -> list[tuple[int, str]]:
        """(paragraph number, footnote marker) of every footnote call."""
        return [
            (p.number, marker)
            for p in self.body
            if isinstance(p, Para)
            for marker in re.findall(r"\{fn:(\d+)\}", p.text)
        ]


def expected_text(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\{fn:\d+\}", "", text).replace("\u00ad", "")).strip()


def _masthead(symbol: str, year: int = 2025, agenda: str = "HSP/EB.2025/1") -> list[str]:
    return [
        MADE_UP,
        "",
        f"United Nations {symbol}",
        "Executive Board of the",
        "United Nations Human",
        "Settlements Programme",
        "Distr.: General",
        f"3 March {year}",
        "Original: English",
        "",
        f"First session of {year}",
        f"Nairobi, 6–8 May {year}",
        "Item 5 of the provisional agenda*",
        "Progress in the implementation of the resolutions of the Assembly",
        "",
    ]


EN_TITLE = "Progress in the implementation of the resolutions of the Assembly"

NUMBER_ALONE = Doc(
    name="number-alone",
    layout="1",
    language="en",
    symbol="HSP/EB.2025/9",
    agenda_symbol="HSP/EB.2025/1",
    title=EN_TITLE,
    agenda_title=EN_TITLE,
    front=[*_masthead("HSP/EB.2025/9"), EN_TITLE, "", "Report of the Executive Director", ""],
    body=[
        "I. Introduction",
        Para(1, "intro", "The present report describes the work done on three resolutions in the second half of 2024."),
        "II. Implementation of the resolutions",
        "A. Resolution 2/6",
        "Localizing the Sustainable Development Goals",
        Para(
            2,
            "resolution 2/6",
            "Pursuant to paragraph 3 of resolution 2/6, twelve pilot towns prepared voluntary local reviews "
            "with the support of their regional networks.",
        ),
        Para(3, "resolution 2/6", "A training course on local indicators was held online for 40 planners."),
        "B. Resolution 2/7",
        "Adequate housing for all",
        Para(
            4,
            "resolution 2/7",
            "Takes note of the first meeting of the expert working group, which agreed on its programme of work.",
        ),
        Para(5, "resolution 2/7", "The group will meet again in the first half of 2025."),
    ],
)

STARTS_AT_11 = Doc(
    name="starts-at-11",
    layout="2",
    language="en",
    symbol="HSP/EB.2025/10",
    agenda_symbol="HSP/EB.2025/1",
    title=EN_TITLE,
    agenda_title=EN_TITLE,
    front=[*_masthead("HSP/EB.2025/10"), EN_TITLE, "", "Report of the Executive Director", ""],
    body=[
        "C. Resolution 2/2",
        "Accelerating the transformation of informal settlements and slums by 2030",
        Para(
            11,
            "resolution 2/2",
            "An inventory of settlement upgrading projects in seven countries was completed in November 2024.",
        ),
        Para(12, "resolution 2/2", "The inventory will be published as an online map."),
        "D. Resolution 2/3",
        "Biodiversity and ecosystem services for sustainable urbanization",
        Para(13, "resolution 2/3", "Two guides on urban green corridors were drafted with partner universities."),
        "Annex",
        "Summary of the consultations",
        Para(1, "other", "Consultations with member States took place in four regional groups."),
        Para(2, "other", "Most participants asked for shorter reports with clearer figures."),
    ],
)

RUN_TOGETHER = Doc(
    name="run-together",
    layout="3",
    language="en",
    symbol="HSP/EB.2025/11",
    agenda_symbol="HSP/EB.2025/1",
    title=EN_TITLE,
    agenda_title=EN_TITLE,
    front=[*_masthead("HSP/EB.2025/11"), EN_TITLE, "", "Report of the Executive Director", ""],
    body=[
        "Introduction",
        Para(1, "intro", "The reporting period runs from July to December 2024."),
        Para(2, "intro", "This report covers two resolutions."),
        "A. Resolution 2/2: Accelerating the transformation of informal settlements and slums by 2030",
        Para(3, "resolution 2/2", "A regional workshop on tenure security was held in Lusaka."),
        Para(4, "resolution 2/2", "Pursuant to paragraph 5, a peer exchange between five cities began."),
        "B. Resolution 2/9: Building a human settlements resilience framework",
        Para(5, "resolution 2/9", "A first outline of the framework was shared with the Board. It lists 10 steps."),
        Para(6, "resolution 2/9", "Funding remains limited."),
    ],
)

JOB_NUMBERS = Doc(
    name="job-numbers",
    layout="4",
    language="en",
    symbol="HSP/EB.2025/12",
    agenda_symbol="HSP/EB.2025/1",
    title=EN_TITLE,
    agenda_title=EN_TITLE,
    front=[*_masthead("HSP/EB.2025/12"), EN_TITLE, "", "Report of the Executive Director", ""],
    body=[
        "I. Introduction",
        Para(1, "intro", "The present report covers the period from January to June 2025."),
        "II. Implementation of the resolutions",
        "A. Resolution 2/1",
        "International guidelines on people-centred smart cities",
        Para(
            2,
            "resolution 2/1",
            "Draft guidelines were discussed at an expert meeting with 30 participants from city governments, "
            "universities and civil society, who asked for practical examples from small and medium-sized "
            "towns and for a short version that mayors can use when they plan digital services for residents.",
        ),
        Para(3, "resolution 2/1", "A revised draft will be circulated to member States in September 2025."),
        "B. Resolution 2/5",
        "Sustainable urban mobility",
        Para(4, "resolution 2/5", "Three cities joined the walking and cycling network during the period."),
    ],
    job_number="GE.25-04567 (E)",
    barcode="*2504567*",
)

HYPHENATION = Doc(
    name="hyphenation",
    layout="5",
    language="en",
    symbol="HSP/EB.2025/13",
    agenda_symbol="HSP/EB.2025/1",
    title=EN_TITLE,
    agenda_title=EN_TITLE,
    front=[*_masthead("HSP/EB.2025/13"), EN_TITLE, "", "Report of the Executive Director", ""],
    body=[
        "I. Introduction",
        Para(
            1,
            "intro",
            "The present report reviews the imple\u00admen\u00adtation of resolutions adopted in 2019 and 2023 "
            "and the work of UN-Habitat with its partners during 2020-2023.",
        ),
        "II. Implementation of the resolutions",
        "A. Resolution 2/1",
        "International guidelines on people-centred smart cities",
        Para(
            2,
            "resolution 2/1",
            "The guidelines promote people-centred digital trans\u00adfor\u00admation in cities and the "
            "partic\u00adipation of residents in decisions about the technologies used in their neigh\u00adbourhoods.",
        ),
        Para(
            3,
            "resolution 2/1",
            "UN-Habitat and its partners organized consul\u00adtations with local governments on the "
            "implemen\u00adtation of the guidelines.",
        ),
    ],
)

OLD_FOOTNOTES = Doc(
    name="old-footnotes",
    layout="6",
    language="en",
    symbol="HSP/EB.2025/14",
    agenda_symbol="HSP/EB.2025/1",
    title=EN_TITLE,
    agenda_title=EN_TITLE,
    front=[*_masthead("HSP/EB.2025/14"), EN_TITLE, "", "Report of the Executive Director", ""],
    body=[
        "I. Introduction",
        Para(1, "intro", "The present report responds to the request of the Board.{fn:1} It covers two resolutions."),
        "II. Implementation of the resolutions",
        "A. Resolution 2/6",
        "Localizing the Sustainable Development Goals",
        Para(2, "resolution 2/6", "Pursuant to paragraph 4 of resolution 2/6, a data platform was opened.{fn:2}"),
        Para(3, "resolution 2/6", "Fifteen local reviews were submitted in the period."),
        Para(4, "resolution 2/6", "A summary of the reviews is available online.{fn:3}"),
        "B. Resolution 2/7",
        "Adequate housing for all",
        Para(5, "resolution 2/7", "The expert working group met twice."),
        Para(6, "resolution 2/7", "Its second meeting adopted a work plan.{fn:4}"),
        Para(7, "resolution 2/7", "The work plan runs to the end of 2026."),
    ],
    footnotes={
        1: "See decision 2024/3 of the Executive Board.",
        2: "Available at https://example.org/made-up/local-data.",
        3: "See HSP/EB.2025/INF/2.",
        4: "HSP/EB.2025/INF/3.",
    },
)

FRONT_MATTER = Doc(
    name="front-matter",
    layout="7",
    language="en",
    symbol="HSP/EB.2025/15",
    agenda_symbol="HSP/EB.2025/1",
    title="Progress made in the implementation of the resolutions and decisions adopted by the United Nations "
    "Habitat Assembly",
    front=[
        MADE_UP,
        "",
        "United Nations HSP/EB.2025/15",
        "Executive Board of the",
        "United Nations Human",
        "Settlements Programme",
        "Distr.: General",
        "3 March 2025",
        "Original: English",
        "First session of 2025",
        "Nairobi, 6–8 May 2025",
        "Item 5 of the provisional agenda*",
        "* HSP/EB.2025/1.",
        "",
        "Progress made in the implementation of the resolutions and decisions adopted by the United",
        "Nations Habitat Assembly",
        "",
        "Report of the Executive Director",
        "",
    ],
    header_masthead=True,
    body=[
        "I. Introduction",
        Para(1, "intro", "The present report covers the first half of 2025."),
        "II. Implementation",
        "A. Decision 2/1",
        "Work programme and budget",
        Para(2, "decision 2/1", "The work programme was carried out as planned."),
    ],
)

_LANGUAGE_BODY = {
    "fr": (
        [
            "I. Introduction",
            "Le présent rapport rend compte de la mise en œuvre de deux résolutions au cours de 2024.",
            "II. Mise en œuvre des résolutions",
            "A. Résolution 2/6",
            "Localisation des objectifs de développement durable",
            "En application du paragraphe 4 de la résolution 2/6, dix villes ont établi un examen local.",
            "B. Résolution 2/7",
            "Un logement convenable pour tous",
            "Le groupe de travail d'experts a tenu sa première réunion.",
        ],
        "Rapport de la Directrice exécutive",
    ),
    "es": (
        [
            "I. Introducción",
            "El presente informe describe la aplicación de dos resoluciones durante 2024.",
            "II. Aplicación de las resoluciones",
            "A. Resolución 2/6",
            "Localización de los Objetivos de Desarrollo Sostenible",
            "De conformidad con el párrafo 4 de la resolución 2/6, diez ciudades prepararon un examen local.",
            "B. Resolución 2/7",
            "Vivienda adecuada para todos",
            "El grupo de trabajo de expertos celebró su primera reunión.",
        ],
        "Informe de la Directora Ejecutiva",
    ),
    "ru": (
        [
            "I. Введение",
            "В настоящем докладе описывается ход осуществления двух резолюций в 2024 году.",
            "II. Осуществление резолюций",
            "A. Резолюция 2/6",
            "Локализация целей в области устойчивого развития",
            "Во исполнение пункта 4 резолюции 2/6 десять городов подготовили местные обзоры.",
            "B. Резолюция 2/7",
            "Достаточное жилье для всех",
            "Рабочая группа экспертов провела свое первое совещание.",
        ],
        "Доклад Директора-исполнителя",
    ),
    "ar": (
        [
            "I. مقدمة",
            "يصف هذا التقرير تنفيذ قرارين خلال عام 2024.",
            "II. تنفيذ القرارات",
            "A. القرار 2/6",
            "توطين أهداف التنمية المستدامة",
            "عملا بالفقرة 4 من القرار 2/6، أعدت عشر مدن استعراضات محلية.",
            "B. القرار 2/7",
            "السكن اللائق للجميع",
            "عقد فريق الخبراء العامل اجتماعه الأول.",
        ],
        "تقرير المديرة التنفيذية",
    ),
}


def _language_doc(language: str) -> Doc:
    lines, report_of = _LANGUAGE_BODY[language]
    sections = [None, "intro", None, None, None, "resolution 2/6", None, None, "resolution 2/7"]
    body: list = []
    number = 0
    for index, line in enumerate(lines):
        heading = re.match(r"^(?:[IVX]+|[A-Z])\. ", line) or index in (4, 7)
        if heading:
            body.append(line)
        else:
            number += 1
            op_refs = [("resolution 2/6", "4")] if "2/6" in line else []
            body.append(Para(number, sections[index], line, op_refs))
    return Doc(
        name=f"language-{language}",
        layout="10",
        language=language,
        symbol="HSP/EB.2025/16",
        front=[MADE_UP, "", "HSP/EB.2025/16", "", report_of, ""],
        body=body,
    )


LANGUAGES = [_language_doc(language) for language in ("fr", "es", "ru", "ar")]

# Chinese goes through the same rules: number alone on its line, a heading run into paragraph 1,
# job numbers and bar codes inside a paragraph that runs across pages, the agenda note.
CHINESE = Doc(
    name="zh-layouts",
    layout="1, 3, 4, 7",
    language="zh",
    symbol="HSP/EB.2025/17",
    agenda_symbol="HSP/EB.2025/1",
    title="决议执行进展情况",
    agenda_title="决议执行进展情况",
    front=[
        MADE_UP,
        "",
        "联合国 HSP/EB.2025/17",
        "联合国人类住区规划署执行局",
        "Distr.: General",
        "2025年3月3日",
        "原文：英文",
        "",
        "2025 年第一次会议",
        "2025年5月6日至8日，内罗毕",
        "临时议程*项目 5",
        "* HSP/EB.2025/1。",
        "决议执行进展情况",
        "",
        "决议执行进展情况",
        "",
        "执行主任的报告",
        "",
    ],
    body=[
        "一、 导言",
        Para(1, "intro", "本报告介绍 2024 年下半年三项决议的执行情况。"),
        "二、 决议的执行情况",
        "A. 第 2/6 号决议",
        "可持续发展目标本地化",
        Para(
            2,
            "resolution 2/6",
            "根据第 2/6 号决议第 3 段，12 个城市编写了地方自愿审查报告。",
            [("resolution 2/6", "3")],
        ),
        Para(3, "resolution 2/6", "为 40 名规划人员举办了在线培训。"),
        "B. 第 2/7 号决议",
        "人人享有适当住房",
        Para(4, "resolution 2/7", "专家工作组举行了第一次会议。"),
    ],
    job_number="GE.25-05678 (C)",
    barcode="*2505678*",
)

CORPUS = [
    NUMBER_ALONE,
    STARTS_AT_11,
    RUN_TOGETHER,
    JOB_NUMBERS,
    HYPHENATION,
    OLD_FOOTNOTES,
    FRONT_MATTER,
    *LANGUAGES,
    CHINESE,
]
