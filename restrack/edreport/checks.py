"""A start-up check that the fonts the PDF report needs are installed, so that a missing font is
found by `restrack check` rather than by a reader seeing boxes instead of Chinese characters."""

from __future__ import annotations

import shutil
import subprocess

from django.core.checks import Warning as CheckWarning
from django.core.checks import register

REQUIRED_FAMILIES = {"Noto Serif CJK SC": "fonts-noto-cjk"}


def installed_families() -> set[str] | None:
    """The font families fontconfig knows, or None when fontconfig cannot be asked."""
    if shutil.which("fc-list") is None:
        return None
    try:
        listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in listing.stdout.splitlines() for name in line.split(",")}


@register()
def report_fonts(app_configs, **kwargs):
    families = installed_families()
    if families is None:
        return [
            CheckWarning(
                "fontconfig (fc-list) is not available, so the PDF report's fonts cannot be checked.",
                hint="Install fontconfig and fonts-noto-cjk (Debian: apt-get install fontconfig fonts-noto-cjk).",
                id="edreport.W001",
            )
        ]
    return [
        CheckWarning(
            f"The font {family} is not installed: PDF reports in Chinese would show missing-glyph boxes.",
            hint=f"Install it (Debian: apt-get install {package}), or run `make fonts`.",
            id="edreport.W002",
        )
        for family, package in REQUIRED_FAMILIES.items()
        if family not in families
    ]
