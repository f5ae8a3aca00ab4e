"""A made-up English progress report of any size, in the UN layout the parser reads: a masthead,
an introduction, then a section per instrument whose paragraphs cite operative paragraphs, name
partners, announce commitments, note funding constraints and carry footnotes. Used by the test
that queries per update do not grow with its paragraphs and by benchmarks/bench_ingest.py."""

from __future__ import annotations

MASTHEAD = """United Nations                                                    HSP/EB.{year}/9
Executive Board of the
United Nations Human
Settlements Programme
Distr.: General
1 October {year}
Original: English

Second session of {year}
Nairobi, 10–12 November {year}
Item 5 of the provisional agenda
Implementation of all resolutions

Implementation of all resolutions adopted by the United Nations Habitat Assembly

Report of the Executive Director

I. Introduction
1. The present report describes the progress made on the resolutions of the Assembly.
2. Implementation of several resolutions remains constrained by limited funding.

II. Implementation of the resolutions
"""

SENTENCES = [
    "Pursuant to paragraph {op} of the resolution, UN-Habitat worked with UNODC in {n} cities.",
    "Together with the World Bank, the secretariat trained {n} municipal officials.",
    "A second phase of the programme will be launched by the end of {next_year}.",
    "Progress on paragraph {op} was slowed by a lack of consistent voluntary funding.",
    "{n} countries reported on their national urban policies, in accordance with paragraph {op}.",
]


# Said instead of the commitment when a report without commitments is wanted.
NO_COMMITMENT = "The first phase of the programme ended in {n} cities."


def synthetic_report(
    instruments: list[str], paragraphs_per_instrument: int, *, year: int = 2032, commitments: bool = True
) -> str:
    """The report's text: `instruments` are references as in the registry ("resolution 1/2")."""
    lines = [MASTHEAD.format(year=year)]
    footnotes = []
    number = 3
    for index, reference in enumerate(instruments):
        kind, instrument_number = reference.split(" ", 1)
        lines.append(f"{chr(ord('A') + index % 26)}. {kind.capitalize()} {instrument_number}")
        lines.append(f"Title of {reference}")
        for k in range(paragraphs_per_instrument):
            marker = ""
            if k % 4 == 1:
                footnotes.append(f"See https://unhabitat.org/report-{number}.")
                marker = str(len(footnotes))
            template = SENTENCES[k % len(SENTENCES)]
            if not commitments and "will" in template:
                template = NO_COMMITMENT
            sentence = template.format(op=f"{k % 5 + 1}", n=k + 2, next_year=year + 1)
            lines.append(f"{number}. {sentence}{marker}")
            number += 1
        lines.append("")
    # The footnote bodies at the end of the page they are called on would do as well; the parser
    # matches them by number anywhere.
    lines.extend(f"{marker} {text}" for marker, text in enumerate(footnotes, start=1))
    return "\n".join(lines) + "\n"
