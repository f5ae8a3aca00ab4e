"""`{% url %}` remembers its answers (restrack/core/templatetags/remembered_url.py, a builtin that
replaces Django's tag): the same URLs as reverse() in each language, the same failures, and
arguments it cannot remember by (model instances) resolved as Django's tag does."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from restrack.core.templatetags.remembered_url import RememberedURLNode


def render(source: str, **values) -> str:
    return Template(source).render(Context(values))


def test_it_is_the_url_tag_of_every_template():
    assert any(isinstance(node, RememberedURLNode) for node in Template("{% url 'publish:dashboard' %}").nodelist)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_same_urls_as_reverse_in_each_language(language):
    with translation.override(language):
        for _ in range(2):  # the second time remembered
            assert render("{% url 'publish:partner' code %}", code="UN&DP") == reverse(
                "publish:partner", args=["UN&DP"]
            ).replace("&", "&amp;")
            assert render("{% url 'exports:updates' 'csv' %}") == reverse("exports:updates", args=["csv"])
            assert render("{% url 'publish:dashboard' as home %}[{{ home }}]") == f"[{reverse('publish:dashboard')}]"
    assert render("{% url 'publish:dashboard' %}").startswith("/en/")


def test_the_same_failures():
    with pytest.raises(NoReverseMatch):
        render("{% url 'publish:no-such-page' %}")
    assert render("{% url 'publish:no-such-page' as missing %}[{{ missing }}]") == "[]"


@pytest.mark.django_db
def test_other_arguments_go_through_django_s_tag(samples):
    from restrack.registry.models import Partner

    partner = Partner.objects.filter(is_self=False).first()
    assert render("{% url 'publish:partner' partner %}", partner=partner) == reverse(
        "publish:partner", args=[str(partner)]
    )
