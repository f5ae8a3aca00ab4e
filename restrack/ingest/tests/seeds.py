"""The sample reports and helpers the ingest tests share."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from restrack.ingest.gazetteer import Gazetteer
from restrack.ingest.parser import parse_report
from restrack.ingest.readers import SourceDocument, read_document

SAMPLES = Path(settings.BASE_DIR) / "samples" / "reports"
REPORT_2020 = SAMPLES / "zh-HSP-EB.2020-first-session-implementation.txt"
REPORT_2024 = SAMPLES / "zh-HSP-EB.2024-20.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@lru_cache
def gazetteer() -> Gazetteer:
    return Gazetteer.from_reference()


def parse_lines(lines: list[str], name: str = "test.txt", **options):
    source = SourceDocument(
        lines=lines, format="txt", file_name=name, sha256="0" * 64, footnotes=[], page_count=None, encoding="utf-8"
    )
    return parse_report(source, gazetteer=gazetteer(), **options)


@lru_cache
def parsed(path: Path):
    return parse_report(read_document(path), gazetteer=gazetteer())
