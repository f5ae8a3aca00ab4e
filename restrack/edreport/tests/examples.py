"""Hand-made reports for testing renderers without a database."""

from datetime import date
from decimal import Decimal

from restrack.edreport.content import (
    Anchor,
    Annex,
    AnnexRow,
    Chapter,
    Facts,
    Footnote,
    Masthead,
    Paragraph,
    Report,
    Section,
)


def example_report(language: str = "zh", *, annex: bool = True, symbol: str | None = "HSP/EB.2024/20") -> Report:
    zh = language == "zh"
    first = Footnote(1, "HSP/EB.2023/23。" if zh else "HSP/EB.2023/23.")
    second = Footnote(
        2,
        (
            "可查阅 https://urbanpolicyplatform.org/download/url-7th-newsletter/。"
            if zh
            else "Available at https://urbanpolicyplatform.org/download/url-7th-newsletter/."
        ),
        ["https://urbanpolicyplatform.org/download/url-7th-newsletter/"],
    )
    intro_text = (
        "本报告概述了联合国人居大会在 2019年和 2023年举行的前两届会议上通过的 15项决议的最新执行情况。"
        if zh
        else "The present report provides an update on the implementation of the 15 resolutions adopted "
        "by the United Nations Habitat Assembly at its first two sessions, in 2019 and 2023."
    )
    p2_text = (
        "根据第 2/6 号决议第 4 (a)段，又有 8 个城市采用了城市监测框架。执行局第 2023/6 号决定核可了该供资窗口的职权范围。"
        if zh
        else "Pursuant to paragraph 4 (a) of resolution 2/6, eight more cities adopted the urban monitoring "
        "framework. Board decision 2023/6 approved the terms of reference of the funding window."
    )
    cut = p2_text.index("。") + 1 if zh else p2_text.index(".", 60) + 1
    paragraphs = [
        Paragraph(1, intro_text),
        Paragraph(
            2,
            p2_text,
            [Anchor(cut, first), Anchor(len(p2_text), second)],
            source="resolution 2/6",
            cites="第 2/6 号决议第 4 (a)段" if zh else "paragraph 4 (a) of resolution 2/6",
        ),
        Paragraph(
            3,
            "人居署开发了更多的知识产品。" if zh else "UN-Habitat developed more knowledge products.",
            missing_note=None,
        ),
    ]
    return Report(
        language=language,
        content_language="zh-hans" if zh else "en",
        period="2024-H2",
        masthead=Masthead(
            organization="联合国" if zh else "United Nations",
            body="联合国人类住区规划署执行局"
            if zh
            else "Executive Board of the United Nations Human Settlements Programme",
            symbol=symbol,
            distribution="Distr.: General",
            date="2024 年 10 月 3 日" if zh else "3 October 2024",
            language_name="Chinese" if zh else None,
            original="Original: English",
            session="2024 年第二次会议" if zh else "Second session of 2024",
            session_dates="2024 年 11 月 12 日至 14 日，内罗毕" if zh else "Nairobi, 12–14 November 2024",
            agenda_item="临时议程项目 6" if zh else "Item 6 of the provisional agenda",
            agenda_item_title="执行主任介绍人居大会通过的所有决议的执行情况"
            if zh
            else "Report of the Executive Director on the implementation of all resolutions adopted by the UN-Habitat Assembly",
            agenda_footnote="HSP/EB.2024/14。" if zh else "HSP/EB.2024/14.",
        ),
        facts=Facts(
            symbol=symbol,
            agenda_item="6",
            agenda_symbol="HSP/EB.2024/14",
            issued=date(2024, 10, 3),
            original_language="en",
            layout="by_session",
            board_year=2024,
            board_session=2,
            board_start=date(2024, 11, 12),
            board_end=date(2024, 11, 14),
            board_place="内罗毕" if zh else "Nairobi",
        ),
        title="联合国人居大会通过的所有决议的执行情况"
        if zh
        else "Implementation of all resolutions adopted by the United Nations Habitat Assembly",
        subtitle="执行主任的报告" if zh else "Report of the Executive Director",
        chapters=[
            Chapter(
                "一、" if zh else "I.",
                "导言" if zh else "Introduction",
                paragraphs=[paragraphs[0]],
                role="introduction",
            ),
            Chapter(
                "二、" if zh else "II.",
                "2023 年举行并已休会的联合国人居大会第二届会议通过的各项决议的执行情况"
                if zh
                else "Implementation of the resolutions adopted by the United Nations Habitat Assembly at its "
                "second session, held in 2023 and adjourned",
                sections=[
                    Section(
                        "A",
                        "第 2/6 号决议" if zh else "Resolution 2/6",
                        "可持续发展目标本地化" if zh else "Localizing the Sustainable Development Goals",
                        [paragraphs[1]],
                        reference="resolution 2/6",
                    ),
                    Section(
                        "B",
                        "第 2/10 号决议" if zh else "Resolution 2/10",
                        "公平筹资和有效监测联合国人居大会通过的各项决议的执行情况"
                        if zh
                        else "Equitable financing and effective monitoring of the implementation of resolutions "
                        "adopted by the UN-Habitat Assembly",
                        [paragraphs[2]],
                        reference="resolution 2/10",
                    ),
                ],
            ),
        ],
        annex=Annex(
            heading="附件" if zh else "Annex",
            title="截至 2024 年 12 月 31 日各项决议的供资情况"
            if zh
            else "Funding by resolution as at 31 December 2024",
            unit_note="（美元）" if zh else "(United States dollars)",
            columns=(
                ["决议", "所需资源", "已调集资源", "资金缺口", "缺口百分比"]
                if zh
                else ["Resolution", "Resource requirements", "Resources mobilized", "Funding gap", "Gap (%)"]
            ),
            rows=[
                AnnexRow(
                    "第 2/6 号决议" if zh else "Resolution 2/6",
                    "可持续发展目标本地化" if zh else "Localizing the SDGs",
                    Decimal("1858000"),
                    Decimal("600000"),
                    Decimal("1258000"),
                    68,
                ),
                AnnexRow(
                    "第 2/10 号决议" if zh else "Resolution 2/10",
                    "公平筹资" if zh else "Equitable financing",
                    Decimal("500000"),
                    Decimal("550000"),
                    Decimal("-50000"),
                    -10,
                ),
            ],
            total=AnnexRow(
                "共计" if zh else "Total", "", Decimal("2358000"), Decimal("1150000"), Decimal("1208000"), 51
            ),
            notes=["数据为 2024-H2 期间公布的数据。" if zh else "Figures as published for 2024-H2."],
            surplus_format="盈余 {}" if zh else "surplus {}",
        )
        if annex
        else None,
    )
