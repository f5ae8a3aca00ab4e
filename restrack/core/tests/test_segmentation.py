"""Segmentation: what the index stores and what a query looks for must be the same tokens."""

import subprocess
import sys

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restrack.core import segmentation
from restrack.core.segmentation import fold, fold_with_offsets, index_tokens, query_tokens


def test_chinese_sub_words_are_indexed():
    assert {"贫民", "贫民窟"} <= set(index_tokens("加快改造非正规住区和贫民窟"))
    assert {"热点", "信号", "信号灯"} <= set(index_tokens("通过“热点信号灯”（工具包的核心部分）"))


def test_queries_use_the_precise_cut():
    assert query_tokens("热点信号灯") == ["热点", "信号灯"]
    assert query_tokens("人人享有适当住房") == ["人人", "享有", "适当", "住房"]


def test_other_scripts_are_split_into_folded_words():
    assert index_tokens("UN-Habitat’s Adequate Housing, 2/7") == ["un", "habitat", "s", "adequate", "housing", "2", "7"]
    assert index_tokens("Développement ＵＮＩＣＥＦ") == ["developpement", "unicef"]
    assert index_tokens("Программа ООН") == ["программа", "оон"]


def test_digits_glued_to_chinese_are_separated():
    assert index_tokens("2024年12月") == ["2024", "年", "12", "月"]


def test_query_syntax_characters_give_no_tokens():
    assert query_tokens("\"*(-')^:{}") == []
    assert query_tokens("NEAR(贫民 儿童)") == ["near", "贫民", "儿童"]


def test_fold_maps_back_to_the_original():
    folded, offsets = fold_with_offsets("Ａé贫ß")
    assert folded == "ae贫ss"
    assert offsets == [0, 1, 2, 3, 3]
    assert fold("ＵＮ") == "un"


TEXT = st.text(alphabet="贫民窟热点信号灯人人享有适当住房联合国儿童基金会和的 ,。ab1", max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_every_query_token_of_a_text_is_in_its_index_tokens(text):
    # Why a query finds the text it was copied from; and tokens hold letters and digits only,
    # which both engines keep as one token and which need no escaping in their query syntax.
    tokens = index_tokens(text)
    assert set(query_tokens(text)) <= set(tokens)
    assert all(token.isalnum() for token in tokens)


def test_dictionary_loads_once(monkeypatch):
    calls = []
    monkeypatch.setattr(segmentation, "_loaded", False)
    monkeypatch.setattr(jieba, "initialize", lambda *args: calls.append(args))
    index_tokens("贫民窟")
    query_tokens("贫民窟")
    assert len(calls) == 1


@pytest.mark.subprocess
def test_dictionary_loads_quietly_from_the_package():
    # A fresh process, as a worker starts: jieba's progress messages would go to stderr.
    code = (
        "import jieba, os; from restrack.core.segmentation import index_tokens;"
        "assert index_tokens('贫民窟') == ['贫民', '贫民窟'];"
        "assert os.path.isfile(os.path.join(os.path.dirname(jieba.__file__), 'dict.txt'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_server_worker_loads_the_dictionary_as_it_starts(monkeypatch):
    """The first search of each worker does not pay for loading jieba's dictionary."""
    from restrack.core import segmentation
    from restrack.core.server_hooks import worker_started

    # Connected (sending the signal here would also start the report's PDF warm-up).
    assert any(receiver[0][0] == "core-segmentation" for receiver in worker_started.receivers)
    monkeypatch.setattr(segmentation, "_loaded", False)
    loaded = []
    monkeypatch.setattr(segmentation.jieba, "initialize", lambda *args, **kwargs: loaded.append(True))
    segmentation.load_when_serving(sender="serve")
    assert loaded == [True] and segmentation._loaded
