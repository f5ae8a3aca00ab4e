"""Reading an Executive Director's report from Akoma Ntoso XML (restrack.reading.report_akn): a
report written by hand here (MADE UP, not a real report), in the shape Restrack exports, read into
the ParsedReport the text readers give; and every refusal says what is wrong, where, and what to do."""

import re

import pytest

from restrack.reading.errors import IngestError
from restrack.reading.limits import Limits
from restrack.reading.report_akn import is_report, parse_report_akn

MADE_UP = """<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
            xmlns:restrack="https://restrack.unhabitat.example/ns/akn">
  <doc name="report">
    <meta>
      <identification source="#restrack">
        <FRBRWork><FRBRthis value="/akn/un/doc/report/x/2051-03-02/HSP-EB.2051-7/!main"/></FRBRWork>
        <FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression>
      </identification>
      <proprietary source="#restrack">
        <restrack:report issued="2051-03-02" original="en" agendaItem="4" agendaSymbol="HSP/EB.2051/1"/>
        <restrack:meeting body="executive-board" year="2051" session="1" start="2051-04-10" end="2051-04-12"
                          place="Nairobi"/>
      </proprietary>
    </meta>
    <preface>
      <p class="symbol"><docNumber>HSP/EB.2051/7</docNumber></p>
      <p class="agendaItemTitle">Made-up agenda item title</p>
      <p class="title"><docTitle>A made-up report on made-up resolutions</docTitle></p>
    </preface>
    <mainBody>
      <chapter eId="chp_1" class="introduction"><num>I.</num><heading>Introduction</heading>
        <paragraph eId="para_1"><num>1.</num><content><p>This made-up report covers resolution 9/1.</p></content></paragraph>
      </chapter>
      <chapter eId="chp_2" class="session"><num>II.</num><heading>Made-up session</heading>
        <section eId="chp_2__sec_a" class="instrument" restrack:instrument="resolution 9/1">
          <num>A.</num><heading>Resolution 9/1</heading><subheading>Made-up gardens on roofs</subheading>
          <paragraph eId="para_2"><num>2.</num><content>
            <p>Pursuant to paragraph 3 of resolution 9/1, 12 roofs were planted<authorialNote marker="1" eId="para_2__authorialNote_1"><p>See HSP/EB.2051/INF/2.</p></authorialNote> in 2051:</p>
            <p>(a) six in the north;</p>
          </content></paragraph>
        </section>
      </chapter>
      <chapter eId="chp_3" class="instrument" restrack:instrument="decision 9/2">
        <num>III.</num><heading>Decision 9/2 on <span class="title">made-up bridges</span></heading>
        <paragraph eId="para_3"><num>3.</num><content><p>Two bridges were drawn.</p></content></paragraph>
      </chapter>
      <hcontainer name="notCovered" eId="hcontainer_1"><heading>Not covered</heading>
        <content><p>Resolution 9/3: no update.</p></content></hcontainer>
    </mainBody>
  </doc>
</akomaNtoso>
"""


def read(text: str = MADE_UP, **options):
    return parse_report_akn(text.encode("utf-8"), "made-up.xml", **options)


def test_the_report_reads_as_the_text_readers_give_it():
    parsed = read()
    assert (parsed.symbol, parsed.agenda_symbol, parsed.language) == ("HSP/EB.2051/7", "HSP/EB.2051/1", "en")
    assert parsed.title == "A made-up report on made-up resolutions"
    assert (parsed.issued, parsed.original_language, parsed.source["format"]) == ("2051-03-02", "en", "akn")
    meeting = parsed.meeting
    assert (meeting.body, meeting.year, meeting.session, meeting.start, meeting.end, meeting.place) == (
        "executive-board",
        2051,
        1,
        "2051-04-10",
        "2051-04-12",
        "Nairobi",
    )
    assert (meeting.agenda_item, meeting.agenda_title) == ("4", "Made-up agenda item title")
    sections = [
        (p.number, p.section.kind, p.section.number, p.section.title, p.section.chapter) for p in parsed.paragraphs
    ]
    assert sections == [
        (1, "intro", None, None, False),
        (2, "resolution", "9/1", "Made-up gardens on roofs", False),
        (3, "decision", "9/2", "made-up bridges", True),
    ]
    assert parsed.paragraphs[0].section.heading == "I. Introduction"
    assert parsed.instruments == ["resolution 9/1", "decision 9/2"]


def test_lines_footnotes_and_facts_come_back_where_they_stand():
    second = read().paragraphs[1]
    assert (
        second.text
        == "Pursuant to paragraph 3 of resolution 9/1, 12 roofs were planted in 2051:\n(a) six in the north;"
    )
    (note,) = second.footnotes
    assert (note.marker, note.text, note.symbols) == ("1", "See HSP/EB.2051/INF/2.", ["HSP/EB.2051/INF/2"])
    assert second.text[: note.anchor].endswith("roofs were planted")
    assert second.facts.op_refs[0]["instrument"] == "resolution 9/1" and second.facts.op_refs[0]["paragraph"] == "3"
    assert second.line > 1


def test_the_sniffer_tells_a_report_from_an_instrument():
    assert is_report(MADE_UP.encode())
    assert not is_report(MADE_UP.replace('<doc name="report">', '<statement name="resolution">').encode())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t[:200], r"made-up\.xml: not well-formed XML .*Export the Akoma Ntoso file again"),
        (
            lambda t: t.replace("<akomaNtoso", '<!DOCTYPE a [<!ENTITY x "y">]>\n<akomaNtoso', 1),
            r"declares a document type \(DTD\)",
        ),
        (
            lambda t: t.replace('<doc name="report">', '<statement name="resolution">').replace(
                "</doc>", "</statement>"
            ),
            r"holds a resolution or decision, not a report.*restrack import-resolution",
        ),
        (lambda t: '<?xml version="1.0"?><report/>', r"holds <report>, not an Executive Director's report"),
        (lambda t: t.replace('language="eng"', 'language="fra"'), r"language is 'fra'; reports are imported in"),
        (lambda t: t.replace('eId="para_2"', 'eId="p2"'), r"line \d+: a <paragraph> has eId 'p2'"),
        (lambda t: t.replace('eId="para_3"', 'eId="para_5"'), r"line \d+: paragraph 5 follows 2"),
        (
            lambda t: t.replace('restrack:instrument="resolution 9/1"', 'restrack:instrument="the roofs one"'),
            r"line \d+: restrack:instrument='the roofs one' does not name an instrument",
        ),
        (lambda t: t.replace('issued="2051-03-02"', 'issued="2 March"'), r"issued='2 March' is not a date"),
        (lambda t: t.replace('start="2051-04-10"', 'start="soon"'), r"restrack:meeting start='soon' is not a date"),
        (lambda t: t.replace('original="en"', 'original="klingon"'), r"original='klingon' is not a language"),
        (
            lambda t: re.sub(r"<mainBody>.*</mainBody>", "<mainBody/>", t, flags=re.S),
            r"the report has no <paragraph",
        ),
    ],
)
def test_what_is_not_a_readable_report_is_refused_saying_why(change, message):
    with pytest.raises(IngestError, match=message):
        read(change(MADE_UP))


def test_a_language_given_must_be_the_files():
    assert read(language="en").language == "en"
    with pytest.raises(IngestError, match="says its language is 'en', not 'zh'"):
        read(language="zh")


def test_a_symbol_given_is_the_reports():
    assert read(symbol="HSP/EB.2051/9").symbol == "HSP/EB.2051/9"


def test_nesting_beyond_the_limit_is_refused():
    with pytest.raises(IngestError, match=r"nested \d+ deep, beyond the limit of 4 \(RESTRACK_IMPORT_MAX_XML_DEPTH\)"):
        read(limits=Limits(xml_depth=4))


def test_entities_are_not_expanded():
    """A billion-laughs file is refused for its DTD before anything grows."""
    laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(IngestError, match="DTD"):
        read(laughs + "<akomaNtoso>&b;</akomaNtoso>")
