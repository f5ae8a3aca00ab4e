"""The static files' storage: whitenoise's (hashed names, gzip and brotli copies), with brotli at
quality 9 instead of its default 11.

Quality 11 spends about ten times as long for files a few per cent smaller: gathering the static
files (the API documentation's bundles, ECharts, Bootstrap, the admin's, each compressed under its
plain and its hashed name) took minutes on a busy machine, most of it in brotli, and `make run`
waits for it the first time."""

from __future__ import annotations

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

BROTLI_QUALITY = 9


class QuickCompressor(Compressor):
    @staticmethod
    def compress_brotli(data: bytes) -> bytes:
        import brotli

        return brotli.compress(data, quality=BROTLI_QUALITY)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return QuickCompressor(**kwargs)
