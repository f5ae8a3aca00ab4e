"""Gathering the static files only when they changed: `restrack serve` (and `make run`) start in
seconds when nothing did, instead of gathering and compressing several MB of bundles each time.

The fingerprint covers every file the static-file finders list (path, size, modification time)
and the storage that writes them; it is kept beside the gathered files, so a new checkout, a
changed file, an upgraded package or a moved STATIC_ROOT all gather again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

FINGERPRINT_FILE = ".restrack-static-fingerprint"


def fingerprint() -> str:
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def _stored() -> Path:
    return Path(settings.STATIC_ROOT) / FINGERPRINT_FILE


def gather_if_changed(before=lambda: None) -> bool:
    """Run collectstatic (calling `before` first) unless the gathered files are those of the
    sources now; True if it ran."""
    current, stored = fingerprint(), _stored()
    if stored.is_file() and stored.read_text().strip() == current:
        return False
    before()
    call_command("collectstatic", interactive=False, verbosity=0)
    stored.write_text(current + "\n")
    return True
