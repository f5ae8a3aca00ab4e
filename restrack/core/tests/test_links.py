"""The remembered reverse() and the language switcher's prefix swap give what Django's own
reverse() and translate_url() give, in every language and under a script prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix, translate_url
from django.utils import translation

from restrack.core.links import cached_reverse, in_language

LANGUAGES = ["en", "zh-hans", "ar", "fr"]
PATHS = [
    "/{}/",
    "/{}/funding/under-funded/?period=2024-H2&sort=-gap&page=2",
    "/{}/resolutions/2/6/",
    "/{}/partners/UN%20Women/",
    "/{}/search/?q=%E4%BD%8F%E6%88%BF",
    "/{}/no-such-page/",
]


@pytest.mark.parametrize("active", LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_in_language_matches_translate_url(active, path):
    with translation.override(active):
        for language in LANGUAGES:
            full_path = path.format(active)
            expected = path.format(language) if "no-such-page" in path and language != active else None
            assert in_language(full_path, language) == (expected or translate_url(full_path, language))


def test_in_language_under_a_script_prefix_resolves_as_django_does():
    with translation.override("en"):
        assert in_language("/tracker/en/funding/", "zh-hans") == translate_url("/tracker/en/funding/", "zh-hans")


@pytest.mark.parametrize("language", LANGUAGES)
def test_cached_reverse_matches_reverse(language):
    with translation.override(language):
        assert cached_reverse("publish:period", "2024-H2") == reverse("publish:period", args=["2024-H2"])
        assert cached_reverse("publish:resolution", prefix=2, sequence=6) == reverse(
            "publish:resolution", kwargs={"prefix": 2, "sequence": 6}
        )
        assert cached_reverse("publish:partner", "UNICEF").startswith(f"/{language}/")


def test_cached_reverse_follows_the_script_prefix():
    try:
        set_script_prefix("/tracker/")
        with translation.override("en"):
            assert cached_reverse("publish:period", "2024-H2") == "/tracker/en/periods/2024-H2/"
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    with translation.override("en"):
        assert cached_reverse("publish:period", "2024-H2") == "/en/periods/2024-H2/"
