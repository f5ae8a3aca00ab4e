"""From a file to a parsed report or resolution text, the one path the commands, the web upload and its jobs share, so
that the same import limits (settings.RESTRACK_IMPORT_LIMITS) refuse the same file everywhere."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.kinds import looks_like
from restrack.reading import akn, report_akn
from restrack.reading.errors import IngestError
from restrack.reading.gazetteer import Gazetteer
from restrack.reading.parser import parse_report
from restrack.reading.readers import read_bytes, read_document
from restrack.reading.report import ParsedReport
from restrack.reading.resolution import ParsedResolution, parse_resolution
from restrack.registry.numbering import normalize_symbol

LANGUAGE_CHOICES = ("zh", "en")


def parse_file(
    path: str | Path | None = None,
    *,
    data: bytes | None = None,
    file_name: str | None = None,
    language: str | None = None,
    symbol: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> ParsedReport:
    if language and language not in LANGUAGE_CHOICES:
        raise IngestError(f"Language {language!r} is not supported; use one of {', '.join(LANGUAGE_CHOICES)}.")
    if symbol:
        try:
            symbol = normalize_symbol(symbol)
        except Exception as error:  # ValidationError: say it as an import error
            raise IngestError(" ".join(getattr(error, "messages", [str(error)]))) from None
    limits = settings.RESTRACK_IMPORT_LIMITS
    name, data = read_bytes(path, data=data, file_name=file_name, limits=limits)  # read once, checked once
    gazetteer = gazetteer if gazetteer is not None else reference_gazetteer()
    if akn.looks_like_akn(data):  # a report exported as Akoma Ntoso XML (restrack.edreport.render.akn)
        return report_akn.parse_report_akn(
            data, name, language=language, symbol=symbol, gazetteer=gazetteer, limits=limits
        )
    source = read_document(None, data=data, file_name=name, limits=limits)
    parsed = parse_report(source, language=language, symbol=symbol, gazetteer=gazetteer)
    if not parsed.instruments:  # the importer refuses it, saying what it looks like (restrack.ingest.kinds)
        parsed.source["looks_like"] = looks_like(source.lines, [paragraph.text for paragraph in parsed.paragraphs])
    return parsed


RESOLUTION_LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar")


def parse_resolution_file(
    path: str | Path | None = None,
    *,
    data: bytes | None = None,
    file_name: str | None = None,
    language: str | None = None,
) -> ParsedResolution:
    """A resolution or decision text read from a file or uploaded bytes, under the import limits."""
    if language and language not in RESOLUTION_LANGUAGES:
        raise IngestError(f"Language {language!r} is not supported; use one of {', '.join(RESOLUTION_LANGUAGES)}.")
    limits = settings.RESTRACK_IMPORT_LIMITS
    name, data = read_bytes(path, data=data, file_name=file_name, limits=limits)  # read once, checked once
    if akn.looks_like_akn(data):  # an instrument exported as Akoma Ntoso XML (restrack.registry.akn)
        return akn.parse_instrument(data, name)
    return parse_resolution(read_document(None, data=data, file_name=name, limits=limits), language=language)
