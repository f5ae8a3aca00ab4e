"""The API at scale: every list runs the same number of queries whatever its page size and the
size of the data, the exports stream (CSV and JSON written while sent, XLSX from a temporary
file) with the same bytes as a whole file, in bounded memory, and carry an ETag made from the
data's version rather than from their body."""

from __future__ import annotations

import datetime
import gc
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.accounts.tests.factories import UserFactory
from restrack.api.tests.worlds import grow
from restrack.core.exports import csv_pieces, write_csv, write_json
from restrack.core.guard import writes_allowed
from restrack.core.tests.api_helpers import client_as, read_csv, read_json, read_xlsx
from restrack.funding.actions import record_contribution
from restrack.funding.models import WindowAllocation
from restrack.funding.window import the_window
from restrack.registry.models import Instrument

pytestmark = [pytest.mark.django_db, pytest.mark.heavy]

LISTS = [
    "/api/v1/instruments/",
    "/api/v1/operative-paragraphs/",
    "/api/v1/updates/",
    "/api/v1/commitments/",
    "/api/v1/funding/records/",
    "/api/v1/periods/",
    "/api/v1/partners/",
    "/api/v1/sessions/",
    "/api/v1/documents/",
    "/api/v1/bodies/",
    "/api/v1/funding/window/contributions/",
    "/api/v1/funding/window/allocations/",
]
EXPORTS = [
    "/api/v1/instruments/export.csv",
    "/api/v1/updates/export.csv",
    "/api/v1/commitments/export.csv",
    "/api/v1/funding/records/export.csv",
    "/api/v1/funding/window/contributions/export.csv",
    "/api/v1/funding/window/allocations/export.csv",
]
DOWNLOADS = ["/en/exports/instruments", "/en/exports/updates", "/en/exports/commitments"]


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
        assert response.status_code == 200, address
        if response.streaming:
            response.getvalue()
    return len(captured)


def test_lists_and_exports_take_the_same_queries_with_5_or_50_instruments():
    """Anonymous and signed in, a whole list on one page (?limit=1000) and every export: 5
    instruments (each with paragraphs, updates in two periods, commitments, figures) and then 50,
    with twice the periods."""
    clients = {"anonymous": client_as(), "coordinator": client_as(UserFactory(role="coordinator"))}
    addresses = [f"{path}?limit=1000" for path in LISTS] + EXPORTS
    grow(5, year=2021)
    before = {(who, address): queries(client, address) for who, client in clients.items() for address in addresses}
    grow(45, year=2022)
    assert Instrument.objects.count() > 50
    after = {(who, address): queries(client, address) for who, client in clients.items() for address in addresses}
    assert after == before


@pytest.mark.parametrize("address", [*EXPORTS, *(f"{path}.json" for path in ("/api/v1/updates/export",))])
def test_api_exports_stream_and_carry_a_weak_etag(address):
    grow(3)
    response = client_as().get(address)
    assert response.status_code == 200 and response.streaming
    assert response["ETag"].startswith('W/"')
    rows = read_json(response.getvalue()) if address.endswith(".json") else read_csv(response.getvalue())
    assert rows


@pytest.mark.parametrize("path", DOWNLOADS)
@pytest.mark.parametrize("format", ["csv", "json", "xlsx"])
def test_public_downloads_stream(client, path, format):
    grow(3)
    response = client.get(f"{path}.{format}")
    assert response.status_code == 200 and response.streaming
    content = response.getvalue()
    if format == "xlsx":
        assert int(response["Content-Length"]) == len(content) and read_xlsx(content)
    else:
        assert (read_json if format == "json" else read_csv)(content)


def test_a_streamed_file_equals_the_whole_file():
    grow(3)
    for format, whole in (("csv", write_csv), ("json", write_json)):
        response = client_as().get(f"/api/v1/updates/export.{format}?lang=zh-hans")
        streamed = response.getvalue()
        rows = read_json(streamed) if format == "json" else read_csv(streamed)
        header = list(rows[0])
        values = [[row[name] for name in header] for row in rows]
        assert len(rows) == 3 * 2  # three instruments, one published period, two paragraphs each
        if format == "json":
            assert streamed == whole(header, values)


def test_the_etag_follows_the_data_the_reader_and_the_address():
    grow(3)
    anonymous = client_as()
    first = anonymous.get("/api/v1/funding/window/contributions/export.csv")
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as captured:
        again = anonymous.get("/api/v1/funding/window/contributions/export.csv", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.streaming
    assert not any("funding_windowcontribution" in query["sql"] for query in captured)  # no row read
    assert anonymous.get("/api/v1/funding/window/contributions/export.json")["ETag"] != etag
    assert anonymous.get("/api/v1/funding/window/contributions/export.csv?lang=zh-hans")["ETag"] != etag
    coordinator = UserFactory(role="coordinator")
    assert client_as(coordinator).get("/api/v1/funding/window/contributions/export.csv")["ETag"] != etag
    record_contribution(acting_user=coordinator, donor="Norway", received_on=datetime.date(2024, 3, 1), amount="10.00")
    changed = anonymous.get("/api/v1/funding/window/contributions/export.csv", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Norway" in changed.getvalue().decode()


def _add_allocations(start: int, count: int) -> None:
    instrument = Instrument.objects.first()
    window = the_window()
    with writes_allowed():
        WindowAllocation.objects.bulk_create(
            WindowAllocation(
                window=window,
                instrument=instrument,
                allocated_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 365),
                amount_usd=n + 1,
                purpose=f"Allocation {n}: 城市规划 and urban planning support for the municipality " * 2,
            )
            for n in range(start, start + count)
        )


def _export_sizes_and_peaks(client) -> dict[str, tuple[int, int]]:
    """{format: (bytes exported, the most Python held at once while exporting)}."""
    sizes = {}
    for format in ("csv", "json", "xlsx"):
        gc.collect()  # garbage left by earlier tests is not counted as the export's
        tracemalloc.start()
        try:
            response = client.get(f"/api/v1/funding/window/allocations/export.{format}")
            size = sum(len(piece) for piece in response.streaming_content)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        sizes[format] = (size, peak)
    return sizes


def test_a_large_export_is_written_in_bounded_memory():
    """Allocations exported as CSV, JSON and XLSX at two sizes, 2,000 rows and five times as
    many: the most Python holds at once does not grow with the rows (a whole file held in
    memory would grow by at least what the file grows). Two modest sizes rather than one huge
    one: tracemalloc slows every allocation, and what bounded memory means is the difference
    between the two."""
    client = client_as()
    client.get("/api/v1/")  # the handler's first request loads the middleware (whitenoise lists the static files)
    _add_allocations(0, 2_000)
    _export_sizes_and_peaks(client)  # first exports fill caches (formats, translations, compiled queries)
    small = _export_sizes_and_peaks(client)
    _add_allocations(2_000, 8_000)
    large = _export_sizes_and_peaks(client)
    assert large["csv"][0] > 2_000_000
    # The rows' data grew by what their CSV grew (2 MB); held whole in memory, any format would
    # raise the peak by at least that (an XLSX file is compressed, so its own growth is no bar).
    data_growth = large["csv"][0] - small["csv"][0]
    for format in ("csv", "json", "xlsx"):
        (small_size, small_peak), (large_size, large_peak) = small[format], large[format]
        assert large_size > 4 * small_size, format
        # Streamed, the peak stays what the machinery costs (about 2 MB) whatever the rows.
        assert large_peak - small_peak < data_growth / 20, (format, small, large)


def test_csv_pieces_hold_a_few_hundred_rows():
    rows = ([n, f"row {n}"] for n in range(2_000))
    pieces = list(csv_pieces(["n", "text"], rows))
    assert len(pieces) == 5 and pieces[0].startswith(b"\xef\xbb\xbf") and not pieces[1].startswith(b"\xef\xbb\xbf")
    assert b"".join(pieces) == write_csv(["n", "text"], [[n, f"row {n}"] for n in range(2_000)])
