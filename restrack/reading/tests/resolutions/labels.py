"""Hand labels of the operative paragraphs of the resolution corpus, the reference against which the
automatic classifier of operative paragraphs is measured.

ALL TEXTS LABELLED HERE ARE MADE UP: the documents of `corpus.RESOLUTIONS` (the REFUSALS are not
resolutions and are not labelled) and the fictional resolution 9/1 in `samples/resolutions/`
(`example-resolution-en.txt` as "example-en", `example-resolution-zh.txt` as "example-zh").

The labels were written by hand, from the texts alone, by a reader who had not seen the classifier,
its code or its tests. For every operative paragraph and sub-paragraph ("2", "2(a)", "2(b)(i)"):

- `action`: the kind of the operative verb (decides, requests, invites, encourages, urges,
  calls_upon, welcomes, takes_note, reaffirms, recognizes, emphasizes, approves, authorizes,
  expresses, recommends, other). A sub-paragraph takes the action of the chapeau it completes
  unless it has a verb of its own. A paragraph with two verbs ("Welcomes ..., and takes note ...")
  takes the first.
- `addressee`: the first party the paragraph asks to act (secretariat, member_states, board,
  partners, body, other); "body" when nobody else is asked to act (the Assembly or the Board itself
  decides, welcomes, takes note). "Decides to <verb> ..." is "body": the deciding organ is the
  grammatical actor even where UN-Habitat would carry the decision out (see the comments).
  Sub-paragraphs inherit the chapeau's addressee.
- `mandate`: the paragraph asks the secretariat to act or to report.
- `reporting`: for a clause asking the secretariat to report to a body at a named session, the body
  ("assembly" or "executive-board"), the Assembly's session number, or the Board session's year and
  its order in the year; with `"recurring": True` and no session for periodic reporting ("regular
  reports", "定期报告"); None for any other paragraph, including a report to a body at no named
  session.
"""

from __future__ import annotations


def _assembly(session: int) -> dict:
    return {"body": "assembly", "session": session, "year": None, "order": None}


def _board(year: int, order: int) -> dict:
    return {"body": "executive-board", "session": None, "year": year, "order": order}


def _board_recurring() -> dict:
    return {"body": "executive-board", "session": None, "year": None, "order": None, "recurring": True}


def _requests_ed() -> dict:
    """A request to the Executive Director (a chapeau or one of its sub-paragraphs), no reporting."""
    return {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": None}


LABELS: dict[str, dict[str, dict]] = {
    "en-resolution-clean": {
        # Ambiguous: the network is "hosted by UN-Habitat", so the secretariat will carry part of it,
        # but the Assembly itself establishes it ("Decides to establish ..." -> body).
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        # 2(b)(i)-(ii): the verbs' actors are the local governments whose capacity is built, but the
        # items complete what the Executive Director is requested to support: inherited.
        "2(b)(i)": _requests_ed(),
        "2(b)(ii)": _requests_ed(),
        # Ambiguous: a report to the Board at no named session, but "the regular reports" are periodic,
        # so it is labelled as recurring reporting to the Board.
        "2(c)": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _board_recurring()},
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
        # Local and regional governments count as partners.
        "5": {"action": "calls_upon", "addressee": "partners", "mandate": False, "reporting": None},
        "6": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(3)},
    },
    "en-resolution-pdf-text": {
        "1": {"action": "encourages", "addressee": "member_states", "mandate": False, "reporting": None},
        # "in consultation with Member States": the Executive Director is the first party asked to act.
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        "2(c)": _requests_ed(),
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "urges", "addressee": "member_states", "mandate": False, "reporting": None},
        # The host country makes the offer; nobody is asked to act.
        "5": {"action": "welcomes", "addressee": "body", "mandate": False, "reporting": None},
        "6": {"action": "takes_note", "addressee": "body", "mandate": False, "reporting": None},
        "7": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(3)},
    },
    "zh-resolution": {
        # The most ambiguous label: "决定将城市降温纳入联合国人类住区规划署今后的城市复原力工作" (decides to
        # include urban cooling in UN-Habitat's future urban resilience work) names UN-Habitat as the
        # owner of the work that changes, and the secretariat will carry it out; read as "Decides that
        # UN-Habitat shall ..." it would be secretariat/mandate. Labelled body: the Assembly is the
        # grammatical actor ("decides to include"), UN-Habitat is not the subject of an obligation.
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        "2(b)(i)": _requests_ed(),
        "2(b)(ii)": _requests_ed(),
        "2(c)": _requests_ed(),
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
        "5": {"action": "urges", "addressee": "partners", "mandate": False, "reporting": None},
        "6": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(3)},
    },
    "zh-resolution-spaced": {
        "1": {"action": "encourages", "addressee": "member_states", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        "3": {"action": "calls_upon", "addressee": "partners", "mandate": False, "reporting": None},
        # "又请执行主任在定期报告中向执行局通报" (also requests the Executive Director to inform the Board in
        # the periodic reports): no session named, periodic -> recurring reporting to the Board.
        "4": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _board_recurring()},
    },
    # A decision of the Executive Board: "body" is the Board itself.
    "en-decision-board": {
        "1": {"action": "takes_note", "addressee": "body", "mandate": False, "reporting": None},
        # Updating every six months is a recurring task, not reporting to a body.
        "2": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": None},
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        # "to present an assessment ... to the Executive Board at its second session of 2026": a report
        # to the Board at a named session.
        "5": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _board(2026, 2)},
    },
    "fr-resolution": {
        # Ambiguous: "une priorité de son programme de travail pour la période 2024-2025" concerns the
        # work programme that UN-Habitat carries out, but no party other than the Assembly is named.
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        "2(b)(i)": _requests_ed(),
        "2(b)(ii)": _requests_ed(),
        # A report to the Board ("rendre compte ... au Conseil exécutif") at no named session and not
        # said to be periodic: a reporting task (mandate) but reporting None.
        "2(c)": _requests_ed(),
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
    },
    "es-resolution": {
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        # "Exhorta" is the UN Spanish for "Calls upon" ("Insta" is "Urges").
        "3": {"action": "calls_upon", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
    },
    "ru-resolution": {
        # Ambiguous: "постановляет оказывать городам содействие" (decides to assist cities): the
        # Assembly cannot assist cities itself, UN-Habitat would, but no one is named -> body.
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        # "предлагает" is the UN Russian for "Invites".
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(3)},
    },
    "ar-resolution": {
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        # A report to the Board at no named session, not said to be periodic: reporting None.
        "2(c)": _requests_ed(),
        # "تدعو ... إلى" is the UN Arabic for "Invites" ("تهيب" would be "Calls upon").
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
    },
    "en-long-list": {
        # "Calls upon Member States, in cooperation with local governments": Member States come first.
        "1": {"action": "calls_upon", "addressee": "member_states", "mandate": False, "reporting": None},
        **{
            f"1({letter})": {"action": "calls_upon", "addressee": "member_states", "mandate": False, "reporting": None}
            for letter in "abcdefghijk"
        },
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(a)(i)": _requests_ed(),
        "2(a)(ii)": _requests_ed(),
        "2(b)": _requests_ed(),
        "3": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
        "4": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(4)},
    },
    "example-en": {
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        "2(b)(i)": _requests_ed(),
        "2(b)(ii)": _requests_ed(),
        "2(c)": _requests_ed(),
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        # Development partners and philanthropic organizations: partners.
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
        "5": {"action": "urges", "addressee": "partners", "mandate": False, "reporting": None},
        # Two verbs ("Welcomes ..., and takes note of ..."): the first is labelled.
        "6": {"action": "welcomes", "addressee": "body", "mandate": False, "reporting": None},
        "7": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(10)},
    },
    "example-zh": {
        "1": {"action": "decides", "addressee": "body", "mandate": False, "reporting": None},
        "2": _requests_ed(),
        "2(a)": _requests_ed(),
        "2(b)": _requests_ed(),
        "2(b)(i)": _requests_ed(),
        "2(b)(ii)": _requests_ed(),
        "2(c)": _requests_ed(),
        "3": {"action": "invites", "addressee": "member_states", "mandate": False, "reporting": None},
        "4": {"action": "encourages", "addressee": "partners", "mandate": False, "reporting": None},
        "5": {"action": "urges", "addressee": "partners", "mandate": False, "reporting": None},
        # "欢迎……，并注意到……": two verbs, the first is labelled.
        "6": {"action": "welcomes", "addressee": "body", "mandate": False, "reporting": None},
        "7": {"action": "requests", "addressee": "secretariat", "mandate": True, "reporting": _assembly(10)},
    },
}
