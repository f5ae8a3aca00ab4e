"""`?lang=`: the content language of an answer. Texts come as one string in that language, labels
are translated, the answer says `Content-Language`; a language Restrack lacks is a 400 naming
those it has."""

import pytest

from restrack.core.guard import writes_allowed
from restrack.core.translation_fields import language_codes
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list:
    return [row["title"] for row in response.json()["results"]]


@pytest.fixture
def period(db):
    return ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)


@pytest.mark.parametrize(
    "path", ["/api/v1/instruments/", "/api/v1/periods/", "/api/v1/", "/api/v1/instruments/export.csv"]
)
def test_an_unknown_language_is_400_naming_the_languages(api, path):
    response = api.get(path, {"lang": "klingon"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "'klingon' is not a language of Restrack" in detail
    for code in language_codes():
        assert code in detail
    assert response.json()["lang"] == [detail]


def test_without_lang_texts_come_in_every_language(api, instrument):
    response = api.get("/api/v1/instruments/")
    assert response.get("Content-Language") != "zh-hans"
    titles = [row["title"] for row in response.json()["results"]]
    assert {"en": instrument.title_en, "zh-hans": instrument.title_zh_hans} in [
        {code: title[code] for code in ("en", "zh-hans")} for title in titles
    ]


def test_lang_zh_hans_gives_chinese_strings(api, instrument):
    response = api.get("/api/v1/instruments/", {"lang": "zh-hans"})
    assert response.status_code == 200 and response["Content-Language"] == "zh-hans"
    assert instrument.title_zh_hans in titles(response)
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("spelling", ["ZH-HANS", "zh_hans", " zh-hans "])
def test_lang_accepts_any_case_and_underscores(api, instrument, spelling):
    response = api.get("/api/v1/instruments/", {"lang": spelling})
    assert response.status_code == 200 and response["Content-Language"] == "zh-hans"


def test_english_falls_back_to_chinese_where_english_is_missing(api, instrument):
    instrument.title_en = ""
    with writes_allowed():
        instrument.save()
    assert instrument.title_zh_hans in titles(api.get("/api/v1/instruments/", {"lang": "en"}))


def test_labels_are_translated(api, period):
    english = api.get("/api/v1/periods/", {"lang": "en"}).json()["results"][0]
    chinese = api.get("/api/v1/periods/", {"lang": "zh-hans"}).json()["results"][0]
    assert english["state"] == chinese["state"] == "published"
    assert english["state_label"] == "published"
    assert chinese["state_label"] == "已发布"


def test_labels_follow_accept_language_without_lang(api, period):
    response = api.get("/api/v1/periods/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["results"][0]["state_label"] == "已发布"


def test_lang_does_not_stay_active_for_the_next_request(api, period):
    api.get("/api/v1/periods/", {"lang": "zh-hans"})
    assert api.get("/api/v1/periods/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["state_label"] == "published"
