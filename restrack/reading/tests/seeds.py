"""The sample reports and helpers the reading tests share (and the import tests borrow). No
Django here: the library is tested as it runs, on its own."""

import json
from functools import lru_cache
from pathlib import Path

from restrack.reading.gazetteer import Gazetteer
from restrack.reading.parser import parse_report
from restrack.reading.readers import SourceDocument, read_document

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples" / "reports"
REPORT_2020 = SAMPLES / "zh-HSP-EB.2020-first-session-implementation.txt"
REPORT_2024 = SAMPLES / "zh-HSP-EB.2024-20.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@lru_cache
def gazetteer() -> Gazetteer:
    """The partners of the registry's reference data, as `restrack parse-report` reads them."""
    with open(ROOT / "restrack" / "registry" / "reference" / "partners.json", encoding="utf-8") as handle:
        return Gazetteer.from_partner_records(json.load(handle))


def parse_lines(lines: list[str], name: str = "test.txt", **options):
    source = SourceDocument(
        lines=lines, format="txt", file_name=name, sha256="0" * 64, footnotes=[], page_count=None, encoding="utf-8"
    )
    return parse_report(source, gazetteer=gazetteer(), **options)


@lru_cache
def parsed(path: Path):
    return parse_report(read_document(path), gazetteer=gazetteer())
