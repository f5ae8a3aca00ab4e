"""What an operative paragraph asks, and of whom: its operative verb (decides, requests, invites,
…; 决定, 请, 邀请, …), the party it addresses (the secretariat, Member States, the Board, partners,
or the body itself), whether it is a **mandate** (it asks the secretariat to act or to report), and
whether it is a **reporting clause** ("requests the Executive Director to report to the Assembly at
its third session"), with the session the report is due at. In the six UN languages, through the
same code. Touches no database; the registry stores the result, which the coordinator may change.

A sub-paragraph completes its chapeau ("Requests the Executive Director: (a) To prepare …"): it
takes the chapeau's verb and addressee unless it opens with a verb of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from restrack.reading.text import ENGLISH_ORDINALS, chinese_numeral, nfkc

# The kinds of operative verb (restrack.registry.choices.OperativeAction holds their labels).
DECIDES, REQUESTS, INVITES, ENCOURAGES, URGES, CALLS_UPON = (
    "decides",
    "requests",
    "invites",
    "encourages",
    "urges",
    "calls_upon",
)
WELCOMES, TAKES_NOTE, REAFFIRMS, RECOGNIZES, EMPHASIZES = (
    "welcomes",
    "takes_note",
    "reaffirms",
    "recognizes",
    "emphasizes",
)
APPROVES, AUTHORIZES, EXPRESSES, RECOMMENDS, OTHER = "approves", "authorizes", "expresses", "recommends", "other"
# The parties (restrack.registry.choices.Addressee).
SECRETARIAT, MEMBER_STATES, BOARD, PARTNERS, BODY = "secretariat", "member_states", "board", "partners", "body"

# Verbs that ask someone to do something; the others state the body's own view.
ASKING = frozenset({DECIDES, REQUESTS, INVITES, ENCOURAGES, URGES, CALLS_UPON, APPROVES, AUTHORIZES, RECOMMENDS})

# The opening words of each kind, per language, longest first where one begins another. An
# adverb may come first ("Also requests", "Further decides", "又请", "还决定", "Prie également").
_VERBS: list[tuple[str, str]] = [
    # English
    (URGES, r"(?:strongly\s+)?urges"),
    (CALLS_UPON, r"calls\s+(?:up)?on|appeals\s+to"),
    (TAKES_NOTE, r"takes\s+note|notes"),
    (EXPRESSES, r"expresses|commends|thanks|appreciates"),
    (DECIDES, r"decides"),
    (REQUESTS, r"requests|asks"),
    (INVITES, r"invites"),
    (ENCOURAGES, r"encourages"),
    (WELCOMES, r"welcomes"),
    (REAFFIRMS, r"reaffirms|reiterates"),
    (RECOGNIZES, r"recognizes|acknowledges"),
    (EMPHASIZES, r"emphasizes|stresses|underlines|underscores"),
    (APPROVES, r"approves|endorses|adopts"),
    (AUTHORIZES, r"authorizes"),
    (RECOMMENDS, r"recommends"),
    # French
    (URGES, r"exhorte|demande\s+instamment|prie\s+instamment"),
    (TAKES_NOTE, r"prend\s+note"),
    (WELCOMES, r"se\s+félicite|accueille\s+avec\s+satisfaction|salue"),
    (DECIDES, r"décide"),
    (REQUESTS, r"prie"),
    (CALLS_UPON, r"demande|engage|appelle|lance\s+un\s+appel"),
    (INVITES, r"invite"),
    (ENCOURAGES, r"encourage"),
    (REAFFIRMS, r"réaffirme"),
    (RECOGNIZES, r"reconnaît|reconnait|constate"),
    (EMPHASIZES, r"souligne|insiste"),
    (APPROVES, r"approuve|adopte|fait\s+sien"),
    (AUTHORIZES, r"autorise"),
    (EXPRESSES, r"remercie|exprime|félicite"),
    (RECOMMENDS, r"recommande"),
    # Spanish
    (WELCOMES, r"acoge\s+con\s+(?:beneplácito|satisfacción)|celebra"),
    (TAKES_NOTE, r"toma\s+nota"),
    (CALLS_UPON, r"exhorta|hace\s+un\s+llamamiento"),
    (URGES, r"insta"),
    (DECIDES, r"decide"),
    (REQUESTS, r"solicita|pide"),
    (INVITES, r"invita"),
    (ENCOURAGES, r"alienta|anima"),
    (REAFFIRMS, r"reafirma"),
    (RECOGNIZES, r"reconoce"),
    (EMPHASIZES, r"destaca|subraya|pone\s+de\s+relieve"),
    (APPROVES, r"aprueba|hace\s+suy[oa]"),
    (AUTHORIZES, r"autoriza"),
    (EXPRESSES, r"expresa|agradece|encomia"),
    (RECOMMENDS, r"recomienda"),
    # Russian (often lower case after the address)
    (URGES, r"настоятельно\s+призывает"),
    (TAKES_NOTE, r"принимает\s+к\s+сведению|отмечает"),
    (REAFFIRMS, r"вновь\s+подтверждает|подтверждает"),
    (DECIDES, r"постановляет|решает"),
    (REQUESTS, r"просит"),
    (INVITES, r"предлагает"),
    (ENCOURAGES, r"поощряет|рекомендует\s+(?=\S+\s+(?:продолжать|активизировать))"),
    (CALLS_UPON, r"призывает"),
    (WELCOMES, r"приветствует"),
    (RECOGNIZES, r"признает|признаёт"),
    (EMPHASIZES, r"подчеркивает|особо\s+отмечает"),
    (APPROVES, r"одобряет|утверждает|принимает"),
    (AUTHORIZES, r"уполномочивает"),
    (EXPRESSES, r"выражает|благодарит"),
    (RECOMMENDS, r"рекомендует"),
    # Arabic
    (TAKES_NOTE, r"تحيط\s+علما|تلاحظ"),
    (REAFFIRMS, r"تؤكد\s+من\s+جديد|تعيد\s+تأكيد"),
    (CALLS_UPON, r"تهيب|تناشد"),
    (DECIDES, r"تقرر"),
    (REQUESTS, r"تطلب"),
    (INVITES, r"تدعو"),
    (ENCOURAGES, r"تشجع"),
    (URGES, r"تحث"),
    (WELCOMES, r"ترحب"),
    (RECOGNIZES, r"تسلم|تعترف"),
    (EMPHASIZES, r"تشدد|تؤكد"),
    (APPROVES, r"توافق|تعتمد|تقر"),
    (AUTHORIZES, r"تأذن"),
    (EXPRESSES, r"تعرب|تشكر|تثني"),
    (RECOMMENDS, r"توصي"),
    # Chinese (no space after the verb; the longer verb first: 邀请 before 请, 注意到 before 注意)
    (TAKES_NOTE, r"注意到|表示注意到"),
    (EXPRESSES, r"感谢|表示感谢|赞赏|表示赞赏|表扬|赞扬"),
    (CALLS_UPON, r"吁请|呼吁"),
    (INVITES, r"邀请"),
    (DECIDES, r"决定"),
    (REQUESTS, r"请|要求"),
    (ENCOURAGES, r"鼓励"),
    (URGES, r"敦促|促请"),
    (WELCOMES, r"欢迎|赞赏地欢迎"),
    (REAFFIRMS, r"重申"),
    (RECOGNIZES, r"确认|认识到|承认"),
    (EMPHASIZES, r"强调"),
    (APPROVES, r"核可|批准|通过|赞同|认可"),
    (AUTHORIZES, r"授权"),
    (RECOMMENDS, r"建议"),
]
_ADVERB = (
    r"(?:(?:also|further|again|once\s+again|in\s+this\s+regard|kindly|strongly|in\s+addition|"
    r"également|en\s+outre|aussi|de\s+plus|además|también|asimismo|"
    r"также|далее|кроме\s+того|"
    r"أيضا|كذلك|"
    r"又|还|并|也|再次|进一步|同时|另)\s*,?\s*)*"
)
_CJK_PATTERN_RE = re.compile(r"[\u4e00-\u9fff]")
# A verb ends where its word ends ("notes", not "noteworthy"); a Chinese verb runs on into its
# object with no space, so it has no such end.
_VERB_RES = [
    (kind, re.compile(rf"^{_ADVERB}(?:{pattern})" + ("" if _CJK_PATTERN_RE.search(pattern) else r"(?![^\W\d_])"), re.I))
    for kind, pattern in _VERBS
]
_ARABIC_PREFIX_RE = re.compile(r"^(?:و|ف)(?=ت)")  # "وتطلب": "and requests"

# Who is addressed, per language; the first named after the verb is the one asked to act.
_PARTIES: list[tuple[str, str]] = [
    (
        SECRETARIAT,
        r"Executive\s+Director|secretariat|Secretary-General|UN-Habitat(?!\s+Assembly)|the\s+Programme"
        r"|Direct(?:rice|eur)\s+exécuti(?:ve|f)|secrétariat|ONU-Habitat|Secrétaire\s+général"
        r"|Direct(?:ora|or)\s+Ejecutiv[ao]|secretaría|ONU-Hábitat|Secretari[oa]\s+General"
        r"|Директор\w*-исполнител\w*|секретариат\w*|ООН-Хабитат|Генеральн\w+\s+секретар\w*"
        r"|المدير(?:ة)?\s+التنفيذي(?:ة)?|الأمانة|موئل\s+الأمم\s+المتحدة|الأمين\s+العام"
        r"|执行主任|秘书处|人居署|秘书长",
    ),
    (
        MEMBER_STATES,
        r"Member\s+States|Governments|all\s+States|States\s+members"
        r"|États\s+membres|gouvernements|Estados\s+miembros|gobiernos"
        r"|государств\w*-член\w*|правительств\w*|الدول\s+الأعضاء|الحكومات"
        r"|会员国|成员国|各国政府|各国",
    ),
    (
        BOARD,
        r"Executive\s+Board|Conseil\s+exécutif|Junta\s+Ejecutiva|Исполнительн\w+\s+совет\w*|المجلس\s+التنفيذي|执行局",
    ),
    (
        PARTNERS,
        r"partners|stakeholders|United\s+Nations\s+(?:entities|agencies|system|funds)|local\s+(?:and\s+regional\s+)?"
        r"(?:authorities|governments)|donors|financial\s+institutions|private\s+sector|civil\s+society|organizations"
        r"|partenaires|parties\s+prenantes|donateurs|autorités\s+locales|socios|asociados|partes\s+interesadas|donantes"
        r"|autoridades\s+locales|партнер\w*|заинтересованн\w+\s+сторон\w*|доноров|الشركاء|أصحاب\s+المصلحة|الجهات\s+المانحة"
        r"|伙伴|利益攸关方|捐助方|地方政府|联合国系统|私营部门|民间社会",
    ),
]
_PARTY_RES = [(party, re.compile(pattern, re.I)) for party, pattern in _PARTIES]
# How far past the verb the party asked to act is looked for (a chapeau names it at once).
PARTY_WINDOW = 160
# Where the paragraph asks its party to do something: "X to …", "X that …", "请 X…".
_DECIDES_THAT_RE = re.compile(r"^(?:decides|décide|decide|постановляет|تقرر|决定)\s*(?:that|que|,?\s*что|أن)?", re.I)

_REPORT_RE = re.compile(
    r"report|present|submit|rendre\s+compte|faire\s+rapport|présenter|informe|presentar|доклад|представить|تقدم|تقرير"
    r"|报告|提交|提出|通报",
    re.I,
)
# Ordinals of sessions in the other languages ("à sa troisième session", "en su tercer período de
# sesiones", "на ее третьей сессии", "في دورتها الثالثة").
_OTHER_ORDINALS = {
    **dict.fromkeys(["première", "primer", "primera", "первой", "الأولى"], 1),
    **dict.fromkeys(["deuxième", "seconde", "segundo", "segunda", "второй", "الثانية"], 2),
    **dict.fromkeys(["troisième", "tercer", "tercera", "третьей", "الثالثة"], 3),
    **dict.fromkeys(["quatrième", "cuarto", "cuarta", "четвертой", "четвёртой", "الرابعة"], 4),
    **dict.fromkeys(["cinquième", "quinto", "quinta", "пятой", "الخامسة"], 5),
}
_ORDINAL_WORDS = "|".join(_OTHER_ORDINALS)
_OTHER_SESSION_RE = re.compile(
    rf"(?:sa|su|ее|её)\s+(?P<ordinal>{_ORDINAL_WORDS})\s+(?:session|período\s+de\s+sesiones|сессии)"
    rf"|دورتها\s+(?P<arabic>{_ORDINAL_WORDS})",
    re.I,
)
_BOARD_WORDS_RE = re.compile(
    r"Board|Conseil\s+exécutif|Junta\s+Ejecutiva|Исполнительн\w+\s+совет|المجلس\s+التنفيذي|执行局", re.I
)
_EN_SESSION_RE = re.compile(
    rf"(?P<body>Assembly|Executive\s+Board|Board)\s+at\s+its\s+(?P<ordinal>{'|'.join(ENGLISH_ORDINALS)})\s+"
    r"(?:regular\s+)?session(?:\s+of\s+(?P<year>\d{4}))?",
    re.I,
)
_EN_RECURRING_RE = re.compile(
    r"(?:Assembly|Board)\s+at\s+(?:each\s+of\s+its|every|all\s+its)\s+(?:regular\s+)?sessions?"
    r"|regular\s+reports?|regularly|periodic",
    re.I,
)
_ZH_SESSION_RE = re.compile(
    r"(?P<body>人居大会|大会|执行局)(?:(?P<year>\d{4})\s*年\s*)?第\s*(?P<ordinal>[一二三四五六七八九十]+|\d{1,2})\s*(?:届|次)(?:常会|会议)?"
)
_ZH_RECURRING_RE = re.compile(r"(?:人居大会|执行局)(?:每届|各届)|定期")


@dataclass(frozen=True)
class ReportingDue:
    """A report the paragraph asks the secretariat for: to which body, at which session (the
    Assembly's number; the Board's year and order), or at each session (recurring)."""

    body: str  # "assembly" or "executive-board"
    session: int | None = None
    year: int | None = None
    order: int | None = None
    recurring: bool = False


@dataclass(frozen=True)
class Classification:
    action: str
    addressee: str
    reporting: ReportingDue | None = None

    @property
    def mandate(self) -> bool:
        return is_mandate(self.action, self.addressee)


def is_mandate(action: str, addressee: str) -> bool:
    """A paragraph that asks the secretariat to act or to report."""
    return addressee == SECRETARIAT and action in ASKING


def classify(text: str, parent: Classification | None = None) -> Classification:
    """What `text`, an operative paragraph (without its number), asks and of whom; a sub-paragraph
    gives its chapeau's classification as `parent`."""
    plain = _ARABIC_PREFIX_RE.sub("", nfkc(text).strip())
    action, rest = _verb(plain)
    if action is None and parent is not None:
        addressee = parent.addressee
        return Classification(parent.action, addressee, _reporting(plain, parent.action, addressee))
    if action is None:
        return Classification(OTHER, _party(plain) or BODY, None)
    addressee = _addressee(action, plain, rest)
    return Classification(action, addressee, _reporting(plain, action, addressee))


def _verb(text: str) -> tuple[str | None, str]:
    for kind, pattern in _VERB_RES:
        match = pattern.match(text)
        if match:
            return kind, text[match.end() :]
    return None, text


def _addressee(action: str, text: str, rest: str) -> str:
    """The party asked to act: the first named right after the verb; for the body's own views
    (welcomes, notes, reaffirms, …) and for decisions about itself, the body."""
    if action == DECIDES:
        # "Decides that UN-Habitat shall …" addresses UN-Habitat; "Decides to establish …" the body.
        named = _party(rest[:PARTY_WINDOW]) if _DECIDES_THAT_RE.match(text) else None
        return named if named in (SECRETARIAT, BOARD) and _names_at_start(rest, named) else BODY
    if action not in ASKING:
        return BODY
    return _party(rest[:PARTY_WINDOW]) or BODY


def _names_at_start(rest: str, party: str) -> bool:
    """Whether `party` is named within the clause's first words (the subject of "decides that …")."""
    pattern = next(p for name, p in _PARTY_RES if name == party)
    match = pattern.search(rest[:PARTY_WINDOW])
    return bool(match) and match.start() <= 40


def _party(text: str) -> str | None:
    found = [(match.start(), party) for party, pattern in _PARTY_RES if (match := pattern.search(text))]
    return min(found)[1] if found else None


def _reporting(text: str, action: str, addressee: str) -> ReportingDue | None:
    """The report the paragraph asks the secretariat for, with the session it is due at."""
    if addressee != SECRETARIAT or action not in ASKING or not _REPORT_RE.search(text):
        return None
    match = _EN_SESSION_RE.search(text)
    if match:
        board = "board" in match["body"].lower()
        order = ENGLISH_ORDINALS[match["ordinal"].lower()]
        if board:
            return ReportingDue("executive-board", year=int(match["year"]) if match["year"] else None, order=order)
        return ReportingDue("assembly", session=order)
    match = _ZH_SESSION_RE.search(text)
    if match:
        order = chinese_numeral(match["ordinal"]) or int(match["ordinal"])
        if match["body"] == "执行局":
            return ReportingDue("executive-board", year=int(match["year"]) if match["year"] else None, order=order)
        return ReportingDue("assembly", session=order)
    match = _OTHER_SESSION_RE.search(text)
    if match:
        order = _OTHER_ORDINALS[(match["ordinal"] or match["arabic"]).lower()]
        if _BOARD_WORDS_RE.search(text):
            return ReportingDue("executive-board", order=order)
        return ReportingDue("assembly", session=order)
    if _EN_RECURRING_RE.search(text) or _ZH_RECURRING_RE.search(text):
        body = "executive-board" if _BOARD_WORDS_RE.search(text) else "assembly"
        return ReportingDue(body, recurring=True)
    return None
