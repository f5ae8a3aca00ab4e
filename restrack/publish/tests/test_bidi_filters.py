"""Labels, figures and text in another language keep their order and direction on a right-to-left
(Arabic) page: the template helpers that isolate them (the browser's view of it is in
restrack/core/tests/test_browser_chrome.py)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from restrack.publish.templatetags.tracker import lang_attrs, ltr, own_direction

pytestmark = pytest.mark.unit


def test_a_label_is_an_isolated_left_to_right_run():
    assert ltr("2024-H2") == '<bdi dir="ltr">2024-H2</bdi>'
    assert ltr("<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'  # escaped like any value
    assert ltr(None) == "" and ltr("") == ""


def test_a_paragraph_number_keeps_its_full_stop_inside_the_run():
    rendered = Template('{% load tracker %}{{ number|stringformat:"s."|ltr }}').render(Context({"number": 42}))
    assert rendered == '<bdi dir="ltr">42.</bdi>'


def test_a_period_and_its_paragraph_form_one_run():
    template = Template("{% load tracker %}{% filter ltr %}{{ label }} ¶{{ number }}{% endfilter %}")
    assert template.render(Context({"label": "2024-H2", "number": 44})) == '<bdi dir="ltr">2024-H2 ¶44</bdi>'


def test_free_text_takes_its_direction_from_its_own_letters():
    assert own_direction("Made-up sample figures.") == "<bdi>Made-up sample figures.</bdi>"
    assert own_direction("") == ""


@pytest.mark.parametrize(
    ("code", "attributes"),
    [("en", 'lang="en" dir="ltr"'), ("zh-hans", 'lang="zh-Hans" dir="ltr"'), ("ar", 'lang="ar" dir="rtl"')],
)
def test_text_in_another_language_carries_its_lang_and_direction(code, attributes):
    assert lang_attrs(code) == attributes


def test_a_fallback_on_an_arabic_page_runs_left_to_right():
    class Instrument:
        title_ar = None
        title_en = "Adequate housing for all"
        title_zh_hans = None

    with translation.override("ar"):
        html = Template('{% load tracker %}{% translated instrument "title" %}').render(
            Context({"instrument": Instrument()})
        )
    assert '<span lang="en" dir="ltr" class="fallback">Adequate housing for all</span>' in html
    assert '<span lang="en" dir="ltr" class="badge' in html  # the badge "English" too
