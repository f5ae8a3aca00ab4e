"""Uploaded files waiting between a preview and its confirmation.

The page that previews an upload carries only a random token (signed by the view together with the
user and what was previewed); the bytes wait in a file under the var directory named by that
token, so that the confirming request stays small and nobody confirms another person's upload.
Files never confirmed are forgotten after a day."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings

STALE_AFTER = 24 * 60 * 60  # seconds an unconfirmed upload is kept


class PendingUploads:
    """The uploads of one kind (a folder under var/uploads/)."""

    def __init__(self, kind: str):
        self.kind = kind

    def directory(self) -> Path:
        return Path(settings.VAR_DIR) / "uploads" / self.kind

    def path(self, token: str) -> Path:
        if not token.replace("-", "").replace("_", "").isalnum():
            raise ValueError("not an upload token")  # signed, so never reached unless the secret leaked
        return self.directory() / f"{token}.upload"

    def keep(self, data: bytes) -> str:
        """Store `data` under a new random token; forget uploads older than a day (never confirmed)."""
        directory = self.directory()
        directory.mkdir(parents=True, exist_ok=True)
        stale = time.time() - STALE_AFTER
        for old in directory.glob("*.upload"):
            if old.stat().st_mtime < stale:
                old.unlink(missing_ok=True)
        token = secrets.token_urlsafe(24)
        self.path(token).write_bytes(data)
        return token

    def kept(self, token: str) -> bytes:
        return self.path(token).read_bytes()

    def exists(self, token: str) -> bool:
        return self.path(token).exists()

    def forget(self, token: str) -> None:
        self.path(token).unlink(missing_ok=True)
