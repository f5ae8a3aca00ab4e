"""The page cache's code fingerprint: stored pages are keyed by it, so anything a page is drawn
with or names (code, templates, translations, static files by their hashed names) changes it."""

from pathlib import Path

import pytest

from restrack.publish import page_cache

pytestmark = pytest.mark.unit

STYLESHEET = Path(page_cache.__file__).resolve().parent.parent / "core" / "static" / "core" / "restrack.css"


def test_a_changed_stylesheet_changes_the_fingerprint(monkeypatch):
    """A page stored before a stylesheet changed names the old file's hash: it must not be served."""
    before = page_cache.code_fingerprint.__wrapped__()
    read_bytes = Path.read_bytes

    def edited(path):
        data = read_bytes(path)
        return data + b"\n.new-rule { color: red; }" if path == STYLESHEET else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert page_cache.code_fingerprint.__wrapped__() != before
