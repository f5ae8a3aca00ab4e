"""QuickSelect writes what Django's template-rendered Select writes: the same options, groups,
attributes and selected option (compared as parsed HTML, whitespace aside)."""

from html.parser import HTMLParser

import pytest
from django import forms

from restrack.core.widgets import QuickSelect

CHOICES = [
    ("", "All & <any>"),
    ("Group “one”", [("a", "A"), ("b", "B")]),
    ("c", "C"),
    (None, "none"),
    (3, "three"),
]


class Parsed(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data))


@pytest.mark.parametrize("value", ["", "b", "c", 3, None, "missing", ["a", "c"]])
def test_the_same_html_as_django_select(value):
    attrs = {"class": "form-select", "required": True, "disabled": False, "data-x": "1"}
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("name", value, {"id": "id_name"})
    quick = QuickSelect(attrs=attrs, choices=CHOICES).render("name", value, {"id": "id_name"})
    assert Parsed(quick).items == Parsed(expected).items


def test_a_form_field_renders_through_it():
    class Form(forms.Form):
        pick = forms.ChoiceField(widget=QuickSelect, choices=[("x", "X"), ("y", "Y")])

    html = str(Form({"pick": "y"})["pick"])
    assert '<option value="y" selected>Y</option>' in html and 'id="id_pick"' in html
