"""The limits on every file a person imports or uploads (progress reports: TXT, DOCX, PDF; funding
spreadsheets: CSV, XLSX), in one place, checked before the work they bound starts.

`Limits` holds them with their defaults; each has a setting of the same meaning in
restrack/settings.py, read from the environment (`SETTINGS` names them; docs/configuration.md
describes them), so that the commands, the web pages and the jobs all refuse the same file with
the same message. This module imports no Django: `restrack.reading` uses it as it is, and the apps
pass the configured `settings.RESTRACK_IMPORT_LIMITS` down.

`check_zip` looks at a ZIP container's central directory (the list of its members with their
declared sizes), before anything is inflated: how many members, how large they are once unpacked
in all, and how much each is compressed. Python's zipfile never inflates a member beyond the size
its directory entry declares, so a member lying about its size is cut short (and then fails its
checksum) instead of filling the memory.

Each refusal is a `LimitExceeded` saying what was found, the limit and the setting that raises it;
`.message` is its English wording, `.values` what a translated wording needs."""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    report_mb: int = 50  # a progress report file (TXT, DOCX, PDF)
    spreadsheet_mb: int = 5  # a funding spreadsheet (CSV, XLSX)
    report_unpacked_mb: int = 500  # a DOCX's members once unpacked, in all
    spreadsheet_unpacked_mb: int = 50  # an XLSX's members once unpacked, in all
    zip_members: int = 1000  # members of a DOCX or XLSX
    zip_ratio: int = 200  # unpacked size / packed size of a member larger than RATIO_FROM_BYTES
    rows: int = 50_000  # rows with values in a spreadsheet
    columns: int = 100  # the last column with a value, counted from A
    xml_depth: int = 64  # elements inside one another in a spreadsheet's sheet
    pdf_pages: int = 2000  # pages of a PDF report
    seconds: int = 300  # reading one file (the spreadsheet's rows, the PDF's pages)

    @property
    def report_bytes(self) -> int:
        return self.report_mb * MB

    @property
    def spreadsheet_bytes(self) -> int:
        return self.spreadsheet_mb * MB


# The setting (and environment variable) of each limit.
SETTINGS = {
    "report_mb": "RESTRACK_IMPORT_REPORT_MAX_MB",
    "spreadsheet_mb": "RESTRACK_IMPORT_SPREADSHEET_MAX_MB",
    "report_unpacked_mb": "RESTRACK_IMPORT_REPORT_UNPACKED_MAX_MB",
    "spreadsheet_unpacked_mb": "RESTRACK_IMPORT_SPREADSHEET_UNPACKED_MAX_MB",
    "zip_members": "RESTRACK_IMPORT_ZIP_MAX_MEMBERS",
    "zip_ratio": "RESTRACK_IMPORT_ZIP_MAX_RATIO",
    "rows": "RESTRACK_IMPORT_MAX_ROWS",
    "columns": "RESTRACK_IMPORT_MAX_COLUMNS",
    "xml_depth": "RESTRACK_IMPORT_MAX_XML_DEPTH",
    "pdf_pages": "RESTRACK_IMPORT_MAX_PDF_PAGES",
    "seconds": "RESTRACK_IMPORT_MAX_SECONDS",
}

# A member smaller than this unpacked is not held to the compression ratio: a few kilobytes of
# repetitive XML (styles, an empty sheet) compress far better than any document's text.
RATIO_FROM_BYTES = 1 * MB


def from_environment(env_int) -> Limits:
    """The limits set in the environment, the defaults for the others; `env_int(name, default,
    minimum=)` reads one (restrack.config.env_int, which refuses anything but a whole number)."""
    defaults = Limits()
    return Limits(
        **{item.name: env_int(SETTINGS[item.name], getattr(defaults, item.name), minimum=1) for item in fields(Limits)}
    )


class LimitExceeded(Exception):
    """A file goes beyond one of the limits. `kind` names the limit (a field of `Limits`), `values`
    holds what a message needs: found, limit, setting (and member for a ZIP member)."""

    def __init__(self, kind: str, message: str, **values):
        self.kind = kind
        self.message = message
        self.values = {"setting": SETTINGS[kind], **values}
        super().__init__(message)


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_zip(archive: zipfile.ZipFile, limits: Limits, *, what: str, unpacked: str) -> None:
    """Refuse a ZIP container (`what`: "DOCX file", "XLSX workbook") whose central directory
    declares too many members, too much when unpacked (`unpacked`: the limit that applies,
    "report_unpacked_mb" or "spreadsheet_unpacked_mb"), or a member compressed beyond the ratio;
    nothing has been inflated yet."""
    members = archive.infolist()
    if len(members) > limits.zip_members:
        raise LimitExceeded(
            "zip_members",
            f"the {what} holds {len(members):,} parts, over the limit of {limits.zip_members:,} "
            f"({SETTINGS['zip_members']})",
            found=len(members),
            limit=limits.zip_members,
        )
    total, most = sum(info.file_size for info in members), getattr(limits, unpacked) * MB
    if total > most:
        raise LimitExceeded(
            unpacked,
            f"the {what} unpacks to {megabytes(total)}, over the limit of {megabytes(most)} ({SETTINGS[unpacked]})",
            found=megabytes(total),
            limit=megabytes(most),
        )
    for info in members:
        if info.file_size < RATIO_FROM_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.zip_ratio:
            raise LimitExceeded(
                "zip_ratio",
                f"the part {info.filename} of the {what} is compressed {ratio:,.0f} times "
                f"({megabytes(info.compress_size)} unpacking to {megabytes(info.file_size)}), over the "
                f"limit of {limits.zip_ratio:,} ({SETTINGS['zip_ratio']}); such a file is made to exhaust "
                "the memory of whoever opens it",
                found=f"{ratio:,.0f}",
                limit=limits.zip_ratio,
                member=info.filename,
            )


class Deadline:
    """The time a file may take to read (`Limits.seconds`), checked between steps (rows, pages)."""

    def __init__(self, limits: Limits):
        self.seconds = limits.seconds
        self.ends = time.monotonic() + limits.seconds

    def check(self, done: str) -> None:
        """Refuse when the time is up; `done` says how far the reading got ("12,000 rows")."""
        if time.monotonic() >= self.ends:
            raise LimitExceeded(
                "seconds",
                f"reading the file took longer than {self.seconds:,} seconds (after {done}; {SETTINGS['seconds']})",
                found=done,
                limit=self.seconds,
            )
