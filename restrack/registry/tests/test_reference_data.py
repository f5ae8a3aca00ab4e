"""The reference data that `restrack migrate` loads into every fresh database."""

import pytest

from restrack.accounts.system_user import SYSTEM_USERNAME
from restrack.registry.actions import complete_reference_data, delete_record
from restrack.registry.models import GoverningBody, Instrument, Partner, PartnerAlias, Session

pytestmark = pytest.mark.django_db

RESOLUTIONS = ["1/1", "1/2", "1/3", "1/4", "1/5"] + [f"2/{n}" for n in range(1, 11)]


def test_both_governing_bodies_exist():
    codes = set(GoverningBody.objects.values_list("code", flat=True))
    assert codes == {"assembly", "executive-board"}
    assert GoverningBody.objects.get(code="executive-board").sessions_numbered_by_year


def test_assembly_sessions_one_and_two_with_dates_and_place():
    first, second = Session.objects.filter(body__code="assembly").order_by("number")
    assert (first.number, str(first.start_date), str(first.end_date)) == (1, "2019-05-27", "2019-05-31")
    assert (second.number, str(second.start_date), str(second.end_date)) == (2, "2023-06-05", "2023-06-09")
    assert (second.place_en, second.place_zh_hans) == ("Nairobi", "内罗毕")


def test_sixteen_assembly_instruments_fifteen_resolutions_and_decision_1_3():
    instruments = Instrument.objects.filter(body__code="assembly")
    assert instruments.count() == 16
    resolutions = instruments.filter(kind="resolution")
    assert (
        sorted(resolutions.values_list("number", flat=True), key=lambda n: tuple(map(int, n.split("/")))) == RESOLUTIONS
    )
    assert list(instruments.filter(kind="decision").values_list("number", flat=True)) == ["1/3"]


def test_resolution_1_3_and_decision_1_3_are_distinct():
    resolution = Instrument.objects.get(body__code="assembly", kind="resolution", number="1/3")
    decision = Instrument.objects.get(body__code="assembly", kind="decision", number="1/3")
    assert resolution.pk != decision.pk
    assert resolution.title_zh_hans.startswith("加强能力建设")
    assert decision.title_zh_hans == "向人居署新治理结构过渡的安排"


def test_every_instrument_has_a_chinese_and_an_english_title():
    for instrument in Instrument.objects.all():
        assert instrument.title_en, instrument
        assert instrument.title_zh_hans, instrument
        assert any("\u4e00" <= ch <= "\u9fff" for ch in instrument.title_zh_hans), instrument


def test_instrument_sessions_match_their_numbers():
    for instrument in Instrument.objects.select_related("session"):
        assert instrument.number.split("/")[0] == str(instrument.session.number)
        assert instrument.sequence == int(instrument.number.split("/")[1])


def test_chinese_titles_are_the_ones_in_the_2024_report():
    titles = dict(Instrument.objects.filter(kind="resolution").values_list("number", "title_zh_hans"))
    assert titles["2/4"] == "生物多样性和韧性城市——将生物多样性和生态系统服务纳入城市和区域规划的主流"
    assert titles["2/10"] == "公平筹资和有效监测联合国人居大会通过的各项决议的执行情况"


def test_the_gazetteer_knows_the_un_entities_in_both_languages():
    expected = {
        "UNODC": "毒品和犯罪问题办公室",
        "UNICEF": "儿基会",
        "UNESCO": "教科文组织",
        "UN-Women": "妇女署",
        "UNITAR": "训研所",
        "UNEP": "环境署",
        "FAO": "粮农组织",
        "UNDP": "开发署",
        "UNCDF": "联合国资本发展基金",
    }
    for code, chinese_alias in expected.items():
        partner = Partner.objects.get(code=code)
        assert partner.kind == "un_entity"
        assert partner.name_en and partner.name_zh_hans
        assert PartnerAlias.objects.filter(partner=partner, language="zh-hans", text=chinese_alias).exists()
        assert PartnerAlias.objects.filter(partner=partner, language="en", text=code).exists()
    assert Partner.objects.get(code="World Bank").name_zh_hans == "世界银行"
    assert Partner.objects.get(code="UN-Habitat").is_self


def test_reference_data_has_history_attributed_to_the_system_account():
    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    record = instrument.history.get()
    assert record.history_type == "+"
    assert record.history_user.username == SYSTEM_USERNAME
    assert record.history_change_reason == "Reference data"
    assert record.title_zh_hans == "可持续发展目标本地化"


def test_loading_again_changes_nothing_and_never_overwrites_edits(user):
    from restrack.registry.actions import update_instrument

    instrument = Instrument.objects.get(kind="resolution", number="2/7")
    update_instrument(instrument, title={"en": "Adequate housing for all (edited)"}, acting_user=user)
    counts = complete_reference_data(acting_user=user)
    assert counts == {"created": 0, "updated": 0}
    instrument.refresh_from_db()
    assert instrument.title_en == "Adequate housing for all (edited)"
    assert Instrument.objects.count() == 16


def test_loading_restores_what_is_missing(user):
    delete_record(PartnerAlias.objects.get(text="儿基会"), acting_user=user)
    counts = complete_reference_data(acting_user=user)
    assert counts["created"] == 1
    assert PartnerAlias.objects.get(text="儿基会").partner.code == "UNICEF"
