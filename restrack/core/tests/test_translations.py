"""The Chinese interface catalogue is complete (the Arabic one where every page needs it, below):
every string has a translation that is not marked fuzzy, with the same placeholders as the English
(a missing or misspelt one raises KeyError when the page is drawn, or shows the English label on
/zh-hans/ pages). Run `restrack makemessages -l
zh_Hans ...` (docs/tracker.md) and translate what it adds before committing new strings."""

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def describe(entry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


def test_every_chinese_string_is_translated(catalogue):
    untranslated = [describe(entry) for entry in catalogue.untranslated_entries()]
    assert not untranslated, "No Chinese translation for:\n" + "\n".join(untranslated)


def test_no_chinese_translation_is_fuzzy(catalogue):
    fuzzy = [describe(entry) for entry in catalogue.fuzzy_entries()]
    assert not fuzzy, "Fuzzy (to be checked, then unmarked):\n" + "\n".join(fuzzy)


def test_chinese_translations_keep_the_placeholders(catalogue):
    wrong = []
    for entry in catalogue.translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if set(PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{describe(entry)}: {text!r}")
    assert not wrong, "Placeholders differ from the English:\n" + "\n".join(wrong)


def test_chinese_plurals_have_the_one_form(catalogue):
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=1;")
    wrong = [
        describe(entry)
        for entry in catalogue.translated_entries()
        if entry.msgid_plural and set(entry.msgstr_plural) != {0}
    ]
    assert not wrong, "Chinese has one plural form (msgstr[0]) only:\n" + "\n".join(wrong)


# Arabic is an interface language (offered by the language switcher, right to left). What every
# page shows (base.html, the error and account pages under restrack/templates/, the 400/413 answers)
# and the labels of statuses and kinds must be translated; the public pages' strings were filled
# when Arabic was added and new ones should be too, but the working pages of the secretariat may
# stay in English until a translator fills them. French, Spanish and Russian await translators.
ARABIC = CATALOGUE.parents[2] / "ar" / "LC_MESSAGES" / "django.po"
ARABIC_COMPLETE = ("restrack/templates/", "restrack/core/errors.py", "restrack/registry/choices.py")


@pytest.fixture(scope="module")
def arabic():
    return polib.pofile(str(ARABIC))


def test_arabic_is_complete_where_every_page_needs_it(arabic):
    missing = [
        describe(entry)
        for entry in arabic.untranslated_entries() + arabic.fuzzy_entries()
        if any(path.startswith(ARABIC_COMPLETE) for path, _line in entry.occurrences)
    ]
    assert not missing, "No Arabic translation for:\n" + "\n".join(missing)


def test_arabic_translations_keep_the_placeholders(arabic):
    wrong = []
    for entry in arabic.translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if not set(PLACEHOLDER.findall(text)) <= expected or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(text)) != expected
            ):
                wrong.append(f"{describe(entry)}: {text!r}")
    assert not wrong, "Placeholders differ from the English:\n" + "\n".join(wrong)


def test_arabic_plurals_have_the_six_forms(arabic):
    assert arabic.metadata["Plural-Forms"].startswith("nplurals=6;")
    assert not arabic.metadata_is_fuzzy  # a fuzzy header would leave the plural rule out
    wrong = [
        describe(entry)
        for entry in arabic.translated_entries()
        if entry.msgid_plural and set(entry.msgstr_plural) != set(range(6))
    ]
    assert not wrong, "Arabic has six plural forms (msgstr[0] to msgstr[5]):\n" + "\n".join(wrong)
