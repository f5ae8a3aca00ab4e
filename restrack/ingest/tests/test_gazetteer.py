"""The partner gazetteer: leftmost-longest matching of Chinese and English names."""

import pytest

from restrack.ingest.gazetteers import partner_gazetteer, reference_gazetteer
from restrack.reading.gazetteer import Gazetteer, normalise

REFERENCE = reference_gazetteer()


def codes(text: str, gazetteer: Gazetteer = REFERENCE) -> list[str]:
    return [entity["code"] for entity in gazetteer.find(text)]


# --- normalisation --------------------------------------------------------------------------


def test_normalise_drops_spaces_next_to_chinese_and_keeps_them_between_latin_words():
    normalised = normalise("联合国 毒品和犯罪问题办公室 与 World\n  Bank 在 2024 年")
    assert normalised.text == "联合国毒品和犯罪问题办公室与World Bank在2024年"


def test_normalise_folds_full_width_forms_and_maps_spans_back_to_the_input():
    source = "（ＵＮＥＰ）２０２４ 年"
    normalised = normalise(source)
    assert normalised.text == "(UNEP)2024年"
    start = normalised.text.index("UNEP")
    assert normalised.original(start, start + 4) == "ＵＮＥＰ"
    assert normalised.original(6, 11) == "２０２４ 年"


# --- the reference gazetteer -------------------------------------------------------------------


def test_reference_gazetteer_knows_names_short_names_and_codes_in_both_languages():
    assert codes("毒品和犯罪问题办公室") == ["UNODC"]
    assert codes("UNODC") == ["UNODC"]
    assert codes("United Nations Office on Drugs and Crime") == ["UNODC"]
    assert codes("联合国资本发展基金") == ["UNCDF"]
    assert codes("资发基金") == ["UNCDF"]  # its Chinese short name


def test_un_habitat_is_not_a_partner():
    assert codes("联合国人类住区规划署（人居署）与 UN-Habitat 和联合国人居署") == []


# --- matching rules ---------------------------------------------------------------------------


def test_longest_match_wins():
    assert REFERENCE.find("联合国儿童基金会") == [{"code": "UNICEF", "text": "联合国儿童基金会"}]
    assert REFERENCE.find("与联合国开发计划署合作") == [{"code": "UNDP", "text": "联合国开发计划署"}]
    # The COP presidency's name starts with the UNFCCC's: the longer alias is the one meant.
    assert codes("与联合国气候变化框架公约缔约方大会第二十九届会议主席密切合作") == ["COP29 Presidency"]
    assert codes("联合国气候变化框架公约缔约方大会第二十八届会议") == ["UNFCCC"]


def test_longest_match_between_partners_with_nested_aliases():
    gazetteer = Gazetteer(
        [("开发署", "zh-hans", "SHORT"), ("联合国开发计划署", "zh-hans", "LONG"), ("计划", "zh-hans", "X")]
    )
    assert codes("联合国开发计划署和开发署", gazetteer) == ["LONG", "SHORT"]


def test_latin_aliases_match_only_as_whole_words_and_acronyms_only_in_capitals():
    assert codes("UNEP") == ["UNEP"]
    assert codes("UNEP's report") == ["UNEP"]
    assert codes("UNEPX") == []
    assert codes("XUNEP") == []
    assert codes("unep") == []
    assert codes("the fao of sofa, faotastic") == []
    assert codes("FAOSTAT data") == []
    assert codes("UN-Women, (UNICEF) and World Bank.") == ["UN-Women", "UNICEF", "World Bank"]


def test_latin_aliases_match_inside_chinese_text():
    assert codes("与UNEP和 World Bank 合作") == ["UNEP", "World Bank"]


def test_chinese_aliases_match_anywhere():
    assert codes("人居署与粮农组织合作") == ["FAO"]


def test_a_full_name_followed_by_its_short_form_in_brackets_counts_once():
    assert REFERENCE.find("联合国儿童基金会（儿基会）") == [{"code": "UNICEF", "text": "联合国儿童基金会"}]
    assert REFERENCE.find("南部非洲发展共同体（南共体）国家秘书处") == [{"code": "SADC", "text": "南部非洲发展共同体"}]
    assert codes("United Nations Children's Fund (UNICEF)") == ["UNICEF"]


def test_each_code_once_in_order_of_first_appearance():
    text = "与儿基会、毒品和犯罪问题办公室合作；儿基会和联合国儿童基金会以及 UNODC。"
    assert REFERENCE.find(text) == [
        {"code": "UNICEF", "text": "儿基会"},
        {"code": "UNODC", "text": "毒品和犯罪问题办公室"},
    ]


@pytest.mark.parametrize(
    "text",
    ["联合国 毒品和犯罪问题办公室", "联合国毒品和犯罪\n问题办公室", "联合国　毒品和犯罪问题办公室"],
)
def test_whitespace_inside_a_chinese_name_does_not_prevent_a_match(text):
    assert REFERENCE.find(text) == [{"code": "UNODC", "text": text}]


def test_whitespace_between_chinese_and_digits_does_not_prevent_a_match():
    assert REFERENCE.find("地方 2030联盟") == [{"code": "Local2030", "text": "地方 2030联盟"}]
    assert codes("地方2030 联盟") == ["Local2030"]


def test_line_breaks_inside_an_english_name_do_not_prevent_a_match():
    assert REFERENCE.find("the World\nBank") == [{"code": "World Bank", "text": "World\nBank"}]


def test_full_width_latin_is_reported_as_written():
    assert REFERENCE.find("与ＵＮＥＰ合作") == [{"code": "UNEP", "text": "ＵＮＥＰ"}]


def test_the_first_partner_given_keeps_a_shared_alias():
    gazetteer = Gazetteer([("ABC", "en", "FIRST"), ("ABC", "en", "SECOND"), ("", "en", "EMPTY")])
    assert codes("ABC", gazetteer) == ["FIRST"]


def test_a_thousand_paragraphs_are_scanned_quickly():
    paragraph = (
        "2019 年 12 月 5 日至 7 日，在墨西哥瓜达拉哈拉举行了专家组会议，联合国教育、科学及文化组织（教科文组织）、"
        "联合国促进性别平等和增强妇女权能署（妇女署）、联合国毒品和犯罪问题办公室（毒品和犯罪问题办公室）和联合国儿童"
        "基金会（儿基会）参加了会议。在会上，墨西哥和南非这两个执行联合国全系统更安全城市和人类住区准则的带头示范国的代表，"
        "与全球更安全城市网络的其他国际专家讨论了审查瓜达拉哈拉和南非德班现行政策的问题。UN-Habitat, UNEP and the World Bank."
    ) * 2
    for _ in range(1000):
        found = REFERENCE.find(paragraph[:500])
    assert [entity["code"] for entity in found][:4] == ["UNESCO", "UN-Women", "UNODC", "UNICEF"]


@pytest.mark.django_db
def test_the_database_gazetteer_matches_the_reference_one():
    gazetteer = partner_gazetteer()
    text = "联合国儿童基金会（儿基会）、联合国开发计划署、UNEPX、UNEP 和人居署"
    assert gazetteer.find(text) == REFERENCE.find(text)
    assert gazetteer.find(text) == [
        {"code": "UNICEF", "text": "联合国儿童基金会"},
        {"code": "UNDP", "text": "联合国开发计划署"},
        {"code": "UNEP", "text": "UNEP"},
    ]
    assert "UN-Habitat" not in gazetteer.codes
    assert set(gazetteer.codes) == set(REFERENCE.codes)
