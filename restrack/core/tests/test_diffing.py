"""Word-level differences: whole words change in English and Chinese, the pieces add up to both
texts, and the HTML is escaped."""

import re
from html import unescape

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from restrack.core.diffing import DELETED, EQUAL, INSERTED, Piece, changed, diff_html, word_diff


def side(pieces, kind):
    return "".join(piece.text for piece in pieces if piece.kind in (EQUAL, kind))


def changes(pieces):
    return [(piece.kind, piece.text) for piece in pieces if piece.kind != EQUAL]


def test_an_english_word_changes_as_a_whole():
    pieces = word_diff(
        "The agency supported slum upgrading in Kenya.", "The agency supported slum upgrading in Uganda."
    )
    assert changes(pieces) == [(DELETED, "Kenya"), (INSERTED, "Uganda")]
    assert pieces[0] == Piece(EQUAL, "The agency supported slum upgrading in ")


def test_an_english_insertion_is_one_piece():
    pieces = word_diff("Upgrading in Kenya.", "Upgrading in Uganda and Kenya.")
    assert changes(pieces) == [(INSERTED, "Uganda and ")]


def test_a_rewritten_phrase_is_one_deletion_and_one_insertion():
    # The spaces between the changed words do not chop the change into word-by-word alternation.
    assert changes(word_diff("the quick brown fox", "a slow red fox")) == [
        (DELETED, "the quick brown"),
        (INSERTED, "a slow red"),
    ]


def test_a_changed_chinese_word_is_one_deletion_and_one_insertion():
    before = "根据第 4 (a)段，人居署在肯尼亚支持了贫民窟改造项目。"
    after = "根据第 4 (a)段，人居署在乌干达支持了贫民窟改造项目。"
    pieces = word_diff(before, after)
    assert changes(pieces) == [(DELETED, "肯尼亚"), (INSERTED, "乌干达")]
    assert pieces[0] == Piece(EQUAL, "根据第 4 (a)段，人居署在")
    assert pieces[-1] == Piece(EQUAL, "支持了贫民窟改造项目。")


def test_a_longer_chinese_word_replacing_a_shorter_one():
    assert changes(word_diff("贫民窟改造项目", "非正规住区改造项目")) == [(DELETED, "贫民窟"), (INSERTED, "非正规住区")]


def test_chinese_with_latin_letters_and_digits():
    pieces = word_diff("2024年UN-Habitat在内罗毕举办了会议", "2025年UN-Habitat在内罗毕举办了会议")
    assert changes(pieces) == [(DELETED, "2024"), (INSERTED, "2025")]


def test_equal_empty_and_missing_texts():
    assert word_diff("same text", "same text") == [Piece(EQUAL, "same text")]
    assert word_diff("", "") == []
    assert word_diff(None, "新的段落") == [Piece(INSERTED, "新的段落")]
    assert word_diff("旧的段落", None) == [Piece(DELETED, "旧的段落")]
    assert changed(None, "") is False and changed("a", "b") is True


def test_diff_html_escapes_the_text():
    html = diff_html('a <b> & "c"', 'a <i> & "c"')
    assert html == "<span>a &lt;</span><del>b</del><ins>i</ins><span>&gt; &amp; &quot;c&quot;</span>"
    assert "<script>" not in diff_html("x", "<script>alert(1)</script>")
    assert "&lt;script&gt;" in diff_html("x", "<script>alert(1)</script>")


def test_diff_html_labels_changes_for_screen_readers():
    with translation.override("en"):
        html = diff_html("在肯尼亚", "在乌干达", labelled=True)
    assert html == (
        '<span>在</span><del><span class="visually-hidden" lang="en">deleted: </span>肯尼亚</del>'
        '<ins><span class="visually-hidden" lang="en">inserted: </span>乌干达</ins>'
    )


MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from("贫民窟热点信号灯人人享有适当住房联合国儿童基金会肯尼亚乌干达和的了在"),
        st.sampled_from("abcXYZ019_-'’"),
        st.sampled_from(" \t\n\r\u3000,.;:!?()，。；：！？（）“”《》、"),
        st.sampled_from("\u3400\u9fa6\U00020000éＵ"),  # outside jieba's range, accents, full-width
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(MIXED, MIXED)
def test_the_pieces_add_up_to_both_texts(before, after):
    pieces = word_diff(before, after)
    assert side(pieces, DELETED) == before
    assert side(pieces, INSERTED) == after
    assert all(piece.text for piece in pieces)
    assert all(not (a.kind == b.kind) for a, b in zip(pieces, pieces[1:]))  # runs are merged
    if before == after:
        assert all(piece.kind == EQUAL for piece in pieces)


@settings(max_examples=100, deadline=None)
@given(MIXED, MIXED)
def test_the_html_carries_the_same_text(before, after):
    html = diff_html(before, after)
    kept_and_deleted = re.sub(r"<ins>.*?</ins>", "", html, flags=re.DOTALL)
    assert unescape(re.sub(r"</?(span|del|ins)>", "", kept_and_deleted)) == before
