"""The start-up check of the PDF report's fonts."""

from restrack.edreport import checks


def test_the_fonts_the_pdf_needs_are_found_here():
    assert checks.report_fonts(None) == []
    assert "Noto Serif CJK SC" in checks.installed_families()


def test_a_missing_font_is_named_with_the_package_to_install(monkeypatch):
    monkeypatch.setitem(checks.REQUIRED_FAMILIES, "Restrack Missing Serif", "fonts-restrack-missing")
    (warning,) = checks.report_fonts(None)
    assert warning.id == "edreport.W002" and "fonts-restrack-missing" in warning.hint
