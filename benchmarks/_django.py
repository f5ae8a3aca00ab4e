"""What every benchmark starts with: Django on a throw-away SQLite database in a temporary
directory (or DATABASE_URL when set), migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_django(*, migrate: bool = True) -> Path:
    """Set up Django on a scratch database; returns the scratch directory."""
    workdir = Path(tempfile.mkdtemp(prefix="restrack-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("RESTRACK_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restrack.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return workdir
