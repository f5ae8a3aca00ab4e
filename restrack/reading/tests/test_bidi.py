"""Right-to-left PDF lines back in written order (restrack.reading.readers.bidi). The lines are
made up: Arabic as pdfminer gives it from a PDF (visual order, letters reversed)."""

from __future__ import annotations

import pytest

from restrack.reading.readers.bidi import prepare_chars, visual_to_logical


def visual(logical: str) -> str:
    """How a PDF holds a right-to-left line: python-bidi's display order of the written line."""
    from bidi import get_display

    return get_display(logical, base_dir="R")


@pytest.mark.parametrize(
    "written",
    [
        "1. يصف هذا التقرير تنفيذ قرارين خلال عام 2024.",
        "II. تنفيذ القرارات",
        "A. القرار 2/6",
        "عملا بالفقرة 4 (أ) من القرار 2/6، أعدت عشر مدن استعراضات محلية.",
        "انظر الوثيقة HSP/EB.2024/4 والقرار 1/2.",
        "3. עברית: החלטה 2/6 של האסיפה.",
    ],
)
def test_a_right_to_left_line_comes_back_as_written(written):
    assert visual_to_logical(visual(written)) == written


def test_lines_without_right_to_left_letters_are_left_alone():
    for line in ("1. The Executive Director reports (see HSP/EB.2024/4).", "人居署 2025 年", ""):
        assert visual_to_logical(line) == line


def test_an_english_line_quoting_an_arabic_word_stays_left_to_right():
    written = "The Arabic version calls it القرار in its heading."
    assert visual_to_logical(visual_in_english(written)) == written


def visual_in_english(logical: str) -> str:
    from bidi import get_display

    return get_display(logical, base_dir="L")


def test_presentation_forms_become_letters():
    # "قرار" drawn with glyphs a font maps to Arabic presentation forms, in visual order.
    assert visual_to_logical("\ufead\ufe8d\ufeae\ufed7") == visual_to_logical("رارق") == "قرار"


def test_a_ligature_glyph_keeps_its_letters_in_written_order():
    # "الأول" as pdfminer gives its glyphs left to right: ل و (لأ: one glyph) ا
    chars = [{"text": "ل"}, {"text": "و"}, {"text": "لأ"}, {"text": "ا"}, {"text": "1"}, {"text": "ff"}]
    prepare_chars(chars)
    assert [c["text"] for c in chars] == ["ل", "و", "أل", "ا", "1", "ff"]
    assert visual_to_logical("".join(c["text"] for c in chars[:4])) == "الأول"
