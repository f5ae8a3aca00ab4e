"""Time and peak memory of reading hostile and large funding workbooks and reports, within the
import limits (restrack.reading.limits): a 3-row workbook declaring the whole grid (a styled cell
at XFD1048576), a workbook of N rows, a zip bomb (XLSX and DOCX, refused from the ZIP directory)
and a sheet of deeply nested XML (refused at the depth limit).

Run: .venv/bin/python benchmarks/bench_import_limits.py [--rows N]
No database: only the readers. Memory is Python's allocations (tracemalloc) at their peak.
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
import zipfile
from dataclasses import replace

from _django import ROOT, start_django


def measure(label: str, work) -> None:
    """Time without tracemalloc (it slows allocation-heavy work several times), then peak memory."""
    started = time.perf_counter()
    try:
        outcome = work()
    except Exception as error:  # noqa: BLE001 - a refusal is the expected outcome of some cases
        outcome = f"refused: {str(error)[:90]}…"
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        work()
    except Exception:  # noqa: BLE001, S110 - as above
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<48} {elapsed * 1000:9.1f} ms {peak / 2**20:8.1f} MB  {outcome}")


def workbook(rows: int, far_cell: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append(["instrument", "period", "requirements_usd", "mobilized_core_usd", "note"])
    for index in range(rows):
        sheet.append([f"resolution 2/{index % 9 + 1}", f"{2000 + index // 2}-H{index % 2 + 1}", index, index / 3, "n"])
    if far_cell:
        sheet[far_cell].font = Font(bold=True)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return output.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    arguments = parser.parse_args()
    start_django(migrate=False)
    from restrack.funding.tables import read_table
    from restrack.reading.limits import Limits
    from restrack.reading.readers import read_document

    limits = Limits()
    grid = workbook(3, far_cell="XFD1048576")
    large = workbook(arguments.rows)
    bomb = with_member(workbook(3), "xl/media/image1.png", bytes(400 * 2**20))
    docx = (ROOT / "restrack/reading/tests/fixtures/seed-2020.docx").read_bytes()
    docx_bomb = with_member(docx, "word/media/image1.emf", bytes(400 * 2**20))
    nested = "<row r='2'>" * 100_000 + "</row>" * 100_000
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{nested}</sheetData></worksheet>"
    ).encode()
    deep = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(1))) as source, zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            target.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else source.read(name))

    print(f"{'case':<48} {'time':>12} {'peak':>11}")
    measure(
        f"XLSX, 3 rows, dimension A1:XFD1048576 ({len(grid) // 1024} KB)",
        lambda: f"{len(read_table(grid, limits).rows)} rows",
    )
    measure(
        f"XLSX, {arguments.rows:,} rows ({len(large) // 1024} KB)",
        lambda: f"{len(read_table(large, limits).rows)} rows",
    )
    measure(f"XLSX zip bomb, 400 MB member ({len(bomb) // 1024} KB)", lambda: read_table(bomb, limits))
    measure(
        f"XLSX, 100,000 nested rows ({len(deep.getvalue()) // 1024} KB)", lambda: read_table(deep.getvalue(), limits)
    )
    lenient = replace(limits, zip_ratio=10_000)
    measure("  the same, any compression ratio allowed", lambda: read_table(deep.getvalue(), lenient))
    measure(
        f"DOCX zip bomb, 400 MB member ({len(docx_bomb) // 1024} KB)",
        lambda: read_document(None, data=docx_bomb, file_name="bomb.docx", limits=limits),
    )


if __name__ == "__main__":
    main()
