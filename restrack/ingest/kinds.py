"""What a document that is not a progress report looks like, so that refusing to import it can
say so and say what to do instead. Read from the document's lines (the first page or so, where
a resolution, a journal or a web page shows what it is) and from its numbered paragraphs."""

from __future__ import annotations

import re

RESOLUTION = "resolution"
JOURNAL = "journal"
WEB_PAGE = "web page"

HEAD_LINES = 40  # a document shows what it is in its first lines

# A resolution's preamble names the body acting ("The United Nations Habitat Assembly,",
# "The General Assembly,", "联合国人居大会，") and its paragraphs open with an operative verb.
_ACTING_BODY = re.compile(
    r"^\s*(?:The\s+(?:[A-Z][\w-]*\s+){0,5}(?:Assembly|Board|Council|Conference),|.{2,12}大会，)\s*$"
)
_OPERATIVE_VERB = re.compile(
    r"^\s*(?:(?:Also|Further|Again|Strongly|Once\s+again)\s+)?(?:Requests|Invites|Decides|Urges|Encourages"
    r"|Calls\s+upon|Calls\s+on|Welcomes|Takes\s+note|Notes|Recognizes|Reaffirms|Emphasizes|Stresses|Recommends"
    r"|Expresses|Acknowledges|Approves|Adopts|Appeals|Underlines|Affirms)\b"
    r"|^\s*(?:又|还|再次|进一步)?(?:请|邀请|决定|敦促|鼓励|促请|吁请|欢迎|注意到|表示|重申|强调|确认|核准|通过)"
)
_JOURNAL = re.compile(r"\bJournal\b|日刊|Programme of meetings|会议方案|\bOfficial meetings\b", re.IGNORECASE)
_MEETING_TIME = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.m\.|Conference Room|会议室", re.IGNORECASE)
_WEB = re.compile(
    r"Skip to (?:main )?content|\bcookies?\b|All rights reserved|Privacy policy|Share this page"
    r"|\bHome\s*\|\s*About|Follow us|Subscribe to (?:our )?newsletter|\bSign in\b\s*\|",
    re.IGNORECASE,
)


def looks_like(lines: list[str], paragraphs: list[str]) -> str | None:
    """RESOLUTION, JOURNAL or WEB_PAGE when the document plainly is one; None otherwise."""
    head = [line for line in lines[:HEAD_LINES] if line.strip()]
    if sum(bool(_WEB.search(line)) for line in lines) >= 2:
        return WEB_PAGE
    if any(_JOURNAL.search(line) for line in head[:5]) or (
        paragraphs and sum(bool(_MEETING_TIME.search(text)) for text in paragraphs) * 2 >= len(paragraphs)
    ):
        return JOURNAL
    operative = sum(bool(_OPERATIVE_VERB.match(text)) for text in paragraphs)
    if any(_ACTING_BODY.match(line) for line in head) or (paragraphs and operative * 2 > len(paragraphs)):
        return RESOLUTION
    return None
