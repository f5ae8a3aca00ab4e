"""The reliability suite's hostile inputs: seeded generators of mangled progress reports (TXT,
DOCX, PDF), funding files (CSV, XLSX) and API request bodies, and the bounds each input is held to.

Every input is a `Case` made from (seed, kind, index) alone, so one input is reproduced without
generating the others: `case(kind, seed, index)`. The tests next to each app try
`RESTRACK_FUZZ_COUNT` inputs of each kind (`DEFAULT_COUNT` in CI) from `RESTRACK_FUZZ_SEED` (a
random seed when it is not set, printed in the test session's header and in every failure);
`benchmarks/fuzz.py` tries thousands with the same generators.

No Django here (restrack.reading is a library without it): what an input does to the database is
checked by the tests that import this module."""

from __future__ import annotations

import io
import json
import os
import random
import re
import resource
import signal
import time
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[3] / "samples"

COUNT_VARIABLE, SEED_VARIABLE = "RESTRACK_FUZZ_COUNT", "RESTRACK_FUZZ_SEED"
DEFAULT_COUNT = 30  # inputs of each kind in CI: the suite stays fast
SECONDS = 30.0  # the most one input may take (RESTRACK_FUZZ_SECONDS)
MEMORY_MB = 512  # the most the process's peak memory may grow on one input (RESTRACK_FUZZ_MEMORY_MB)
KINDS = ("reports", "funding", "api")

# Words of a library's or the interpreter's that a person should never read in a refusal.
INTERNALS = (
    "Traceback",
    "Bad CRC-32",
    "Error -3",
    "Error -5",
    "zlib",
    "BadZipFile",
    "XMLSyntaxError",
    "lxml",
    "pdfminer",
    "PSEOF",
    "KeyError",
    "NoneType",
    "object at 0x",
    "<class ",
    "Errno",
    "()",
)


def internals_in(message: str) -> str | None:
    """The first library internal found in `message`, or None."""
    return next((word for word in INTERNALS if word in message), None)


@cache
def count() -> int:
    value = os.environ.get(COUNT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_COUNT
    if not value.isdigit():
        raise ValueError(f"{COUNT_VARIABLE}={value!r}: give a whole number of inputs per kind, such as 30.")
    return int(value)


@cache
def seed() -> int:
    """RESTRACK_FUZZ_SEED, or one chosen now (the same for the whole run)."""
    value = os.environ.get(SEED_VARIABLE, "").strip()
    if not value:
        return random.SystemRandom().randrange(1, 10**9)
    if not value.isdigit():
        raise ValueError(f"{SEED_VARIABLE}={value!r}: give a whole number, such as the one a failure printed.")
    return int(value)


def bound(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


@dataclass
class Case:
    """One hostile input. Files: `name` and `data`. API bodies: `method`, `path` (with `{update}`,
    `{period}` for the test's records), `data` (the body's bytes) and `content_type`."""

    kind: str
    seed: int
    index: int
    mutation: str
    name: str = ""
    data: bytes = b""
    method: str = ""
    path: str = ""
    content_type: str = "application/json"

    @property
    def label(self) -> str:
        return f"{self.kind}-{self.index}"

    def __str__(self) -> str:
        what = f"{self.method} {self.path}" if self.kind == "api" else self.name
        return (
            f"{self.label} ({self.mutation}: {what}, {len(self.data):,} bytes); reproduce it with "
            f"{SEED_VARIABLE}={self.seed} {COUNT_VARIABLE}={self.index + 1} and -k '{self.label}]', or "
            f"benchmarks/fuzz.py --seed {self.seed} --kinds {self.kind} --only {self.index}"
        )


def case(kind: str, seed: int, index: int) -> Case:
    """The `index`th input of `kind` for `seed`: the same on every machine and Python run."""
    rng = random.Random(f"{seed}/{kind}/{index}")
    mutations = {"reports": REPORT_MUTATIONS, "funding": FUNDING_MUTATIONS, "api": API_MUTATIONS}[kind]
    mutation = rng.choice(list(mutations))
    made = Case(kind, seed, index, mutation)
    mutations[mutation](rng, made)
    return made


# Bounds ------------------------------------------------------------------------------------------


class TookTooLong(BaseException):  # noqa: N818 - not an Exception: the code under test must not swallow it
    """Raised in the main thread when an input's time is up."""


@dataclass
class Measure:
    seconds: float = 0.0
    memory_mb: float = 0.0  # how far the process's peak memory (max RSS) grew


@contextmanager
def bounded(seconds: float | None = None):
    """Time and peak-memory growth of the block; in the main thread the block is interrupted with
    TookTooLong when it takes more than `seconds` (RESTRACK_FUZZ_SECONDS)."""
    seconds = seconds or bound("RESTRACK_FUZZ_SECONDS", SECONDS)
    measure = Measure()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.perf_counter()
    alarm = _in_main_thread()
    if alarm:

        def up(signum, frame):
            raise TookTooLong(f"the input took more than {seconds:g} seconds")

        previous = signal.signal(signal.SIGALRM, up)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield measure
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        measure.seconds = time.perf_counter() - started
        measure.memory_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def memory_limit_mb() -> float:
    return bound("RESTRACK_FUZZ_MEMORY_MB", MEMORY_MB)


# Hostile text --------------------------------------------------------------------------------------

STRANGE = [
    "人居署与联合国儿童基金会合作",
    "第一段。",
    "一、",
    "（a）",
    "موئل الأمم المتحدة",
    "٣٤٥",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",
    "\u200b",  # zero-width space
    "\ufeff",
    "\x00",
    "\x0b",
    "\x1b[31m",
    "\u0301\u0301\u0301",
    "\U0001f600",
    "\uffff",
    "\ud800",  # a lone surrogate: not encodable as UTF-8 but with surrogatepass
    "\r",
    "\f",
    "\t",
    "１２３",
    "Ⅳ.",
    "resolution 99999999999999999999/1",
    "paragraph 18446744073709551617",
    "HSP/EB.2024/",
    "decision 0/0",
    "US$ 9" + "9" * 40,
    "31 February 2024",
    "by 9999",
    "<w:t>",
    "&amp;",
    "%s %(x)s {0}",
    "' OR 1=1 --",
    "../../etc/passwd",
]


def strange(rng: random.Random, longest: int = 40) -> str:
    """A few pieces of hostile text run together."""
    return "".join(rng.choice(STRANGE) for _ in range(rng.randint(1, 4)))[: max(longest, 1)]


def flip_bytes(rng: random.Random, data: bytes, *, most: int = 20) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, most)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, max(len(data), 2))]


def encode(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "cp1252", "utf-32"])
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


# Progress reports ---------------------------------------------------------------------------------


@cache
def _report_texts() -> list[str]:
    return [
        (FIXTURES / "english-report.txt").read_text(encoding="utf-8"),
        (SAMPLES / "reports" / "zh-HSP-EB.2020-first-session-implementation.txt").read_text(encoding="utf-8"),
    ]


@cache
def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _text_lines(rng: random.Random) -> list[str]:
    return rng.choice(_report_texts()).split("\n")


def report_byte_flips(rng, made):
    made.name, made.data = "report.txt", flip_bytes(rng, rng.choice(_report_texts()).encode(), most=200)


def report_truncated(rng, made):
    made.name, made.data = "report.txt", truncate(rng, encode(rng, rng.choice(_report_texts())))


def report_shuffled(rng, made):
    lines = _text_lines(rng)
    for _ in range(rng.randint(1, 30)):
        action = rng.random()
        at = rng.randrange(len(lines))
        if action < 0.4:
            lines.insert(rng.randrange(len(lines)), lines[at])  # a duplicated paragraph or heading
        elif action < 0.7:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            del lines[at]
    made.name, made.data = "report.txt", "\n".join(lines).encode()


def report_unicode(rng, made):
    lines = _text_lines(rng)
    for _ in range(rng.randint(1, 60)):
        at = rng.randrange(len(lines))
        line = lines[at]
        cut = rng.randint(0, len(line))
        lines[at] = line[:cut] + strange(rng) + line[cut:]
    made.name, made.data = rng.choice(["report.txt", "報告.txt", "تقرير.txt", "report"]), encode(rng, "\n".join(lines))


def report_huge_lines(rng, made):
    lines = _text_lines(rng)
    size = rng.choice([10_000, 200_000, 2_000_000])
    piece = rng.choice(["x", "人居署", "1. ", "(a) ", "resolution 2/6 ", " ", "\u200f", "paragraph 1, "])
    lines.insert(rng.randrange(len(lines)), (piece * (size // len(piece) + 1))[:size])
    made.name, made.data = "report.txt", "\n".join(lines).encode()


def report_many_paragraphs(rng, made):
    """Thousands of numbered paragraphs, numbers out of order, repeated or enormous."""
    lines = _text_lines(rng)[:40]
    for number in range(rng.choice([200, 2_000, 20_000])):
        label = rng.choice([str(number + 1), str(number + 1), str(rng.randrange(10**30)), "0", "1"])
        lines.append(f"{label}. {rng.choice(['UN-Habitat worked with UNICEF.', '人居署与合作伙伴。', strange(rng)])}")
    made.name, made.data = "report.txt", "\n".join(lines).encode("utf-8", errors="surrogatepass")


def report_random_bytes(rng, made):
    made.name = rng.choice(["report.txt", "report.docx", "report.pdf", "report.bin"])
    made.data = rng.randbytes(rng.randint(1, 100_000))


def report_docx_flips(rng, made):
    made.name, made.data = "report.docx", flip_bytes(rng, _fixture("seed-2020.docx"), most=40)


def report_docx_truncated(rng, made):
    made.name, made.data = "report.docx", truncate(rng, _fixture("seed-2020.docx"))


def report_docx_broken_xml(rng, made):
    made.name = "report.docx"
    made.data = replace_member(_fixture("seed-2020.docx"), "word/document.xml", lambda xml: broken_xml(rng, xml))


def report_docx_unicode(rng, made):
    """The document's text runs (<w:t>) with hostile text, escaped as XML allows (or not)."""

    def mangle(xml: bytes) -> bytes:
        text = xml.decode("utf-8")

        def run(match):
            if rng.random() > 0.3:
                return match.group(0)
            value = strange(rng).replace("&", "&amp;").replace("<", "&lt;")
            if rng.random() < 0.8:  # XML 1.0 forbids most control characters: a character reference
                value = "".join(f"&#{ord(c)};" if ord(c) < 32 or 0xD800 <= ord(c) < 0xE000 else c for c in value)
            return f"{match.group(1)}{value}{match.group(2)}"

        return re.sub(r"(<w:t(?: [^>]*)?>)[^<]*(</w:t>)", run, text).encode("utf-8", errors="surrogatepass")

    made.name = "report.docx"
    made.data = replace_member(_fixture("seed-2020.docx"), "word/document.xml", mangle)


def report_docx_bomb(rng, made):
    made.name, made.data = "report.docx", zip_bomb(rng, _fixture("seed-2020.docx"), prefix="word")


def report_pdf_flips(rng, made):
    made.name = "report.pdf"
    made.data = flip_bytes(rng, _fixture(rng.choice(["english-report.pdf", "seed-2024.pdf"])), most=60)


def report_pdf_truncated(rng, made):
    made.name, made.data = "report.pdf", truncate(rng, _fixture(rng.choice(["english-report.pdf", "seed-2024.pdf"])))


def report_pdf_hostile(rng, made):
    """PDFs written by hand: a content stream that inflates enormously, a page tree claiming a
    billion pages or pointing at itself, objects referring to each other in a loop."""
    made.name, made.data = "report.pdf", hostile_pdf(rng)


REPORT_MUTATIONS: dict[str, Callable] = {
    "byte flips (txt)": report_byte_flips,
    "truncated (txt)": report_truncated,
    "shuffled and duplicated paragraphs": report_shuffled,
    "hostile unicode (txt)": report_unicode,
    "huge line": report_huge_lines,
    "many paragraphs": report_many_paragraphs,
    "random bytes": report_random_bytes,
    "byte flips (docx)": report_docx_flips,
    "truncated (docx)": report_docx_truncated,
    "broken XML (docx)": report_docx_broken_xml,
    "hostile unicode (docx)": report_docx_unicode,
    "zip bomb (docx)": report_docx_bomb,
    "byte flips (pdf)": report_pdf_flips,
    "truncated (pdf)": report_pdf_truncated,
    "hostile pdf": report_pdf_hostile,
}


# ZIP packages and XML --------------------------------------------------------------------------


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def package(parts: list[tuple[str, bytes]], *, declared: dict[str, int] | None = None) -> bytes:
    """A ZIP of `parts`; `declared` overrides the unpacked size the central directory gives a part."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            archive.writestr(name, content)
        for info in archive.infolist():
            if declared and info.filename in declared:
                info.file_size = declared[info.filename]
    return output.getvalue()


def replace_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    return package([(member, change(content) if member == name else content) for member, content in members(data)])


def broken_xml(rng: random.Random, xml: bytes) -> bytes:
    choice = rng.randrange(8)
    if choice == 0:
        return xml[: rng.randrange(len(xml))]
    if choice == 1:  # tags cut out here and there
        text = xml.decode("utf-8")
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 30) :]
        return text.encode()
    if choice == 2:  # nested far deeper than any document
        depth = rng.choice([300, 5_000, 100_000])
        return xml.replace(b"</w:body>", b"<w:p>" * depth + b"</w:p>" * depth + b"</w:body>", 1)
    if choice == 3:  # entity expansion ("billion laughs")
        entities = '<!ENTITY a0 "lol">' + "".join(
            f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
        head, _, rest = xml.partition(b"?>")
        return head + b"?>" + f"<!DOCTYPE x [{entities}]>".encode() + rest.replace(b"<w:t>", b"<w:t>&a9;", 3)
    if choice == 4:  # an external entity
        head, _, rest = xml.partition(b"?>")
        return (
            head + b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + rest.replace(b"<w:t>", b"<w:t>&e;", 1)
        )
    if choice == 5:
        return flip_bytes(rng, xml, most=30)
    if choice == 6:
        return b""
    return xml.replace(b"w:", b"x:", rng.randint(1, 50))  # elements of an unknown namespace prefix


def zip_bomb(rng: random.Random, data: bytes, *, prefix: str) -> bytes:
    parts = members(data)
    choice = rng.randrange(5)
    if choice == 0:  # megabytes of zeros packed into kilobytes
        parts.append((f"{prefix}/media/image1.emf", bytes(rng.choice([2, 8, 40]) * 2**20)))
        return package(parts)
    if choice == 1:  # a part declaring gigabytes
        parts.append((f"{prefix}/extra.xml", b"<x/>"))
        return package(parts, declared={f"{prefix}/extra.xml": rng.choice([2**31, 2**32 - 1, 10**12])})
    if choice == 2:  # thousands of parts
        parts += [(f"{prefix}/p{number}.xml", b"<x/>") for number in range(rng.choice([1_001, 5_000]))]
        return package(parts)
    if choice == 3:  # a bomb inside a part (a zip of a zip of zeros): the outer zip looks innocent
        inner = package([("inner.bin", bytes(8 * 2**20))])
        nested = package([("nested.zip", inner)])
        parts.append((f"{prefix}/embeddings/oleObject1.bin", nested))
        return package(parts)
    # the main part lying about its size (smaller than it is): cut short, then a bad checksum
    main = "word/document.xml" if prefix == "word" else "xl/worksheets/sheet1.xml"
    return package(parts, declared={main: rng.randint(1, 500)})


@cache
def deflated_spaces(text: bytes, megabytes: int) -> bytes:
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * 2**20
    return packer.compress(text) + b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def hostile_pdf(rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    text = b"BT /F1 12 Tf 72 720 Td (1. UN-Habitat worked with UNICEF.) Tj ET\n"
    if choice == 0:  # a content stream that inflates to tens of megabytes of spaces
        content = deflated_spaces(text, rng.choice([20, 100, 300]))
        stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
        kids, count = b"[3 0 R]", b"1"
    elif choice == 1:  # a page tree that claims a billion pages
        stream = b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream"
        kids, count = b"[3 0 R]", b"1000000000"
    elif choice == 2:  # a page tree that is its own child
        stream = b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream"
        kids, count = b"[2 0 R 3 0 R]", b"2"
    else:  # many pages (each the same content)
        stream = b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream"
        kids, count = b"[" + b"3 0 R " * rng.choice([100, 2_500]) + b"]", b"%d" % 2_500
    return pdf_document(stream, kids, count)


def pdf_document(stream: bytes, kids: bytes = b"[3 0 R]", count: bytes = b"1") -> bytes:
    """A PDF of one page object (3 0 R) drawing content `stream` (its dictionary and data), in a
    page tree of `kids` claiming `count` pages."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids " + kids + b" /Count " + count + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(output)


# Funding files ---------------------------------------------------------------------------------

HEADER = [
    "instrument",
    "period",
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "note",
]
INSTRUMENTS = ["resolution 2/6", "resolution 2/7", "resolution 1/2", "decision 1/3", "Resolution 2/6 "]
PERIODS = ["2024-H2", "2025-H1"]
HOSTILE_VALUES = [
    "=1+1",
    '=HYPERLINK("http://example.org","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1,2)",
    "-1",
    "-0",
    "1e308",
    "1e309",
    "9" * 400,
    "0." + "0" * 300 + "1",
    "inf",
    "-Infinity",
    "NaN",
    "1,000,000.00",
    "1.000.000,00",
    "(1,000)",
    "$1,000",
    "1 000 000",
    "1\u00a0000",
    "١٢٣٫٤٥",
    "１２３",
    "0x10",
    "1_000",
    "12.345",
    "",
    " ",
    "\x00",
    "\u200f100",
    "\ud800",
    '"',
    "\n",
    "2024-H3",
    "9999-H1",
    "0000-H1",
    "2024-h2 ",
    "2024-H2\u200b",
    "resolution 0/0",
    "resolution 99999999999999999999/1",
    "决议 2/6",
    "#DIV/0!",
    "TRUE",
    "2024-01-01",
]


def _funding_rows(rng: random.Random) -> list[list[object]]:
    rows = [HEADER[:]]
    for _ in range(rng.randint(1, 8)):
        amounts = [rng.choice([None, round(rng.uniform(0, 5e6), 2), rng.randrange(10**7)]) for _ in range(5)]
        rows.append([rng.choice(INSTRUMENTS), rng.choice(PERIODS), *amounts, rng.choice(["", "Made-up", strange(rng)])])
    return rows


def _hostile_cells(rng: random.Random, rows: list[list[object]], *, typed: bool) -> None:
    for _ in range(rng.randint(1, 12)):
        row = rows[rng.randrange(len(rows))]
        at = rng.randrange(len(row))
        pool = HOSTILE_VALUES + [strange(rng)]
        if typed:
            pool += [10**30, -(10**15), 1e308, float("nan"), True, 0.1 + 0.2, 1e-300]
        row[at] = rng.choice(pool)


def _csv(rows: list[list[object]], delimiter: str = ",") -> str:
    import csv

    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return output.getvalue()


def funding_csv_values(rng, made):
    rows = _funding_rows(rng)
    _hostile_cells(rng, rows, typed=False)
    made.name, made.data = "figures.csv", _csv(rows, rng.choice([",", ";", "\t"])).encode("utf-8", "surrogatepass")


def funding_csv_encodings(rng, made):
    rows = _funding_rows(rng)
    rows[1][-1] = rng.choice(["Financé à 50 %", "人居署", "Заметка", "ملاحظة", "Ünïcödé ß", "日本語のメモ"])
    encoding = rng.choice(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "shift_jis", "gb18030",
                           "utf-32", "mac_roman", "koi8-r", "utf-8-sig", "cp437", "big5"])  # fmt: skip
    made.name, made.data = "figures.csv", _csv(rows).encode(encoding, errors="replace")
    made.mutation += f" ({encoding})"


def funding_csv_structure(rng, made):
    rows = _funding_rows(rng)
    choice = rng.randrange(7)
    text = None
    if choice == 0:
        rows[0] = rows[0][: rng.randint(0, 7)]  # columns missing
    elif choice == 1:
        rows[0] = rows[0] + rows[0][:3]  # columns twice
    elif choice == 2:
        rows = [row + ["x"] * rng.choice([20, 120]) for row in rows]  # too many columns
    elif choice == 3:
        rows += [rows[-1]] * rng.choice([100, 5_000, 60_000])  # many (repeated) rows
    elif choice == 4:
        text = _csv(rows).replace('"', "", 1) + '"unclosed,' + "x" * rng.choice([10, 200_000])
    elif choice == 5:
        rows[1][-1] = "x" * rng.choice([100_000, 140_000])  # near and over the csv field limit
    else:
        rows = [[] for _ in range(rng.randint(0, 50))]  # nothing but empty lines
    made.name, made.data = "figures.csv", (text if text is not None else _csv(rows)).encode("utf-8", "surrogatepass")


def funding_csv_flips(rng, made):
    made.name, made.data = (
        "figures.csv",
        flip_bytes(rng, _csv(_funding_rows(rng)).encode("utf-8", "surrogatepass"), most=30),
    )


def funding_csv_truncated(rng, made):
    made.name, made.data = "figures.csv", truncate(rng, _csv(_funding_rows(rng)).encode("utf-8", "surrogatepass"))


def workbook(rows: list[list[object]], *, far_cell: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "funding"
    for row in rows:
        sheet.append([_cell_value(value) for value in row])
    if far_cell:
        sheet[far_cell].font = Font(bold=True)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell_value(value):
    """What openpyxl will write: XML cannot hold control characters or lone surrogates."""
    if isinstance(value, str):
        return "".join(
            c
            for c in value
            if (ord(c) >= 32 or c in "\t\n\r") and not 0xD800 <= ord(c) < 0xE000 and c not in "\ufffe\uffff"
        )
    return value


def funding_xlsx_values(rng, made):
    rows = _funding_rows(rng)
    _hostile_cells(rng, rows, typed=True)
    for row in rows[1:]:  # dates and times where amounts belong
        if rng.random() < 0.2:
            import datetime

            row[rng.randrange(2, 7)] = rng.choice([datetime.date(2024, 1, 1), datetime.datetime(1900, 1, 1, 0, 0, 1)])
    made.name, made.data = "figures.xlsx", workbook(rows)


def funding_xlsx_flips(rng, made):
    made.name, made.data = "figures.xlsx", flip_bytes(rng, workbook(_funding_rows(rng)), most=30)


def funding_xlsx_truncated(rng, made):
    made.name, made.data = "figures.xlsx", truncate(rng, workbook(_funding_rows(rng)))


def funding_xlsx_dimension(rng, made):
    far = rng.choice(["XFD1048576", "A1048576", "XFD1", "ZZ50000"])
    made.name, made.data = "figures.xlsx", workbook(_funding_rows(rng), far_cell=far)
    if rng.random() < 0.5:  # a <dimension> claiming a range no program can hold
        made.data = replace_member(
            made.data,
            "xl/worksheets/sheet1.xml",
            lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD99999999999"', xml),
        )


def funding_xlsx_bomb(rng, made):
    made.name, made.data = "figures.xlsx", zip_bomb(rng, workbook(_funding_rows(rng)), prefix="xl")


def funding_xlsx_broken_xml(rng, made):
    data = workbook(_funding_rows(rng))
    part = rng.choice(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml",
                       "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])  # fmt: skip
    choice = rng.randrange(4)

    def mangle(xml: bytes) -> bytes:
        if choice == 0:
            return broken_xml(rng, xml.replace(b"<sheetData>", b"<sheetData><w:body/>", 1)).replace(b"w:body", b"row")
        if choice == 1:  # cells whose reference, type or value is impossible
            cell = rng.choice([
                b'<c r="A0"><v>1</v></c>', b'<c r="ZZZZZZ1"><v>1</v></c>', b'<c r="A99999999999"><v>1</v></c>',
                b'<c r="C2" t="s"><v>99999</v></c>', b'<c r="C2" t="n"><v>abc</v></c>',
                b'<c r="C2" t="d"><v>yesterday</v></c>', b'<c r="C2" t="b"><v>7</v></c>',
                b'<c r="C2" t="e"><v>#BOOM!</v></c>', b'<c r="C2"><v>1e999</v></c>', b'<c r="-1"><v>1</v></c>',
                b'<c r="C2" s="999"><v>45000</v></c>', b'<c r="C2"><f>1/0</f></c>',
            ])  # fmt: skip
            return xml.replace(b"</sheetData>", b'<row r="3">' + cell + b"</row></sheetData>", 1)
        if choice == 2:
            return (
                xml.replace(b"<row ", b'<row r="-5" ', 1) if rng.random() < 0.5 else xml.replace(b' r="', b' r="x', 3)
            )
        return broken_xml(rng, xml)

    made.name, made.data = "figures.xlsx", replace_member(data, part, mangle)
    made.mutation += f" ({part}, {choice})"


def funding_other_files(rng, made):
    made.name = rng.choice(["figures.xlsx", "figures.csv"])
    made.data = rng.choice(
        [
            _fixture("seed-2020.docx"),
            _fixture("english-report.pdf"),
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(500),
            package([("content.xml", b"<office:document/>"), ("mimetype", b"application/vnd.oasis")]),
            package([("readme.txt", b"hello")]),
            rng.randbytes(rng.randint(1, 5_000)),
            b"PK\x03\x04" + rng.randbytes(200),
        ]
    )


FUNDING_MUTATIONS: dict[str, Callable] = {
    "hostile values (csv)": funding_csv_values,
    "odd encodings (csv)": funding_csv_encodings,
    "odd structure (csv)": funding_csv_structure,
    "byte flips (csv)": funding_csv_flips,
    "truncated (csv)": funding_csv_truncated,
    "hostile values (xlsx)": funding_xlsx_values,
    "byte flips (xlsx)": funding_xlsx_flips,
    "truncated (xlsx)": funding_xlsx_truncated,
    "declared huge dimensions (xlsx)": funding_xlsx_dimension,
    "zip bomb (xlsx)": funding_xlsx_bomb,
    "broken XML (xlsx)": funding_xlsx_broken_xml,
    "not a spreadsheet": funding_other_files,
}


# API bodies ------------------------------------------------------------------------------------

# The write endpoints with a body that would be accepted ({update}, {period}: the test's records;
# version 1 is a fresh draft's).
ENDPOINTS = [
    (
        "PUT",
        "/api/v1/updates/{update}/",
        {
            "version": 1,
            "status": "under_implementation",
            "summary": {"en": "More cities localise the SDGs.", "zh-hans": "更多城市。"},
            "entries": [
                {
                    "text": {"en": "UNICEF joined the work."},
                    "partners": ["UNICEF"],
                    "funding_constraint": True,
                    "key": "new-1",
                    "footnotes": [{"text": {"en": "See HSP/EB.2025/INF/3."}, "anchor": {"en": "work"}}],
                }
            ],
            "commitments": [
                {"description": {"en": "UN-Habitat will publish a guide."}, "due": "2026-06", "promised_in": "new-1"}
            ],
            "comment": "Fuzzed",
        },
    ),
    ("POST", "/api/v1/periods/", {"label": "2027-H1", "input_deadline": "2027-05-15", "board_session": "2027-1"}),
    ("POST", "/api/v1/periods/{period}/open/", {}),
    ("POST", "/api/v1/periods/{period}/remind/", {}),
    ("POST", "/api/v1/updates/{update}/submit/", {}),
    (
        "POST",
        "/api/v1/updates/{update}/return/",
        {"comment": "Name the cities.", "paragraph_comments": {"1": "Which?"}},
    ),
    ("POST", "/api/v1/updates/{update}/approve/", {}),
    (
        "POST",
        "/api/v1/funding/records/",
        {
            "instrument": "resolution 2/6",
            "period": "2025-H1",
            "requirements_usd": "1858000.55",
            "mobilized_core_usd": "100000.10",
            "mobilized_other_usd": None,
            "note": "Made-up",
            "reason": "Certified",
            "version": 0,
        },
    ),
    (
        "POST",
        "/api/v1/funding/window/contributions/",
        {
            "donor": "Sida",
            "received_on": "2024-03-01",
            "amount": "2750000.00",
            "currency": "sek",
            "amount_usd": "250000",
        },
    ),
    (
        "POST",
        "/api/v1/funding/window/allocations/",
        {"instrument": "resolution 2/6", "allocated_on": "2024-04-01", "amount_usd": "1000.00", "purpose": "Pilots"},
    ),
]


def hostile_value(rng: random.Random, depth: int = 0):
    choice = rng.randrange(16)
    if choice == 0:
        return rng.choice([10 ** rng.randint(10, 4000), -(10 ** rng.randint(10, 300)), 2**63, 2**31, -1, 0])
    if choice == 1:
        return rng.choice([1e308, -1e-308, 0.1, -0.0, 5e-324, 123456789012345.678])
    if choice == 2:
        return strange(rng, 200)
    if choice == 3:
        return "x" * rng.choice([300, 10_000, 300_000])
    if choice == 4:
        return rng.choice([True, False, None])
    if choice == 5:
        return [] if depth > 3 else [hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if choice == 6:
        return {} if depth > 3 else {strange(rng, 10): hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    if choice == 7:
        nested: object = rng.choice([1, "x", None])
        for _ in range(rng.choice([10, 60, 200])):
            nested = [nested] if rng.random() < 0.5 else {"a": nested}
        return nested
    if choice == 8:
        return rng.choice(["2024-02-30", "0000-00-00", "9999-12-31", "2024-13", "-2024-01-01", "2024-H2", "soon", ""])
    if choice == 9:
        return rng.choice(
            ["NaN", "Infinity", "1e999", "-0", "1,000", "０.５", "١٠٠", "0x1F", " 12 ", "1.005", "9" * 60]
        )
    if choice == 10:
        return rng.choice(["UNICEF", "unknown-partner", "resolution 99999999999999999999/1", "2/6", "resolution 2/6"])
    if choice == 11:
        return rng.choice(["under_implementation", "completed", "DRAFT", "published", "", "\x00"])
    if choice == 12:
        return rng.randrange(-(2**70), 2**70)
    if choice == 13:
        return rng.choice(["\x00", "a\x00b", "\ud800", "\udfff\ud800", "\u202e", "﷽" * 100])
    if choice == 14:
        return [{"id": rng.choice([1, -1, 10**20, "1", None]), "text": {"en": strange(rng)}}]
    return rng.choice(["2025-H1", "2024-H2", "2027-1", "9999-9", "1/0"])


def _mutate(rng: random.Random, body):
    """The body with a few values replaced, keys added or taken away, anywhere in it."""
    if isinstance(body, dict) and body and rng.random() < 0.8:
        key = rng.choice(list(body))
        action = rng.random()
        if action < 0.15:
            del body[key]
        elif action < 0.25:
            body[strange(rng, 20)] = hostile_value(rng)
        elif isinstance(body[key], (dict, list)) and body[key] and action < 0.6:
            _mutate(rng, body[key])
        else:
            body[key] = hostile_value(rng)
    elif isinstance(body, list) and body:
        at = rng.randrange(len(body))
        if isinstance(body[at], (dict, list)) and rng.random() < 0.6:
            _mutate(rng, body[at])
        else:
            body[at] = hostile_value(rng)
    return body


def _dump(rng: random.Random, body) -> bytes:
    text = json.dumps(body, ensure_ascii=rng.random() < 0.5)  # lone surrogates as \ud800 either way
    return text.encode("utf-8", errors="surrogatepass")


def api_valid(rng, made):
    made.method, made.path, body = _endpoint(rng)
    made.data = _dump(rng, body)


def api_mutated(rng, made):
    made.method, made.path, body = _endpoint(rng)
    for _ in range(rng.randint(1, 6)):
        body = _mutate(rng, body)
    made.data = _dump(rng, body)


def api_wrong_shape(rng, made):
    made.method, made.path, _body = _endpoint(rng)
    made.data = _dump(rng, hostile_value(rng))


def api_deep(rng, made):
    made.method, made.path, body = _endpoint(rng)
    depth = rng.choice([50, 65, 500, 100_000])
    opening, closing = rng.choice([("[", "]"), ('{"a":', "}")])
    inner = opening * depth + "1" + closing * depth
    if rng.random() < 0.5 and body:
        body[rng.choice(list(body))] = "__DEEP__"
        made.data = json.dumps(body).replace('"__DEEP__"', inner).encode()
    else:
        made.data = inner.encode()
    if rng.random() < 0.3:
        made.data = made.data[: len(made.data) // 2]  # never closed


def api_raw(rng, made):
    made.method, made.path, body = _endpoint(rng)
    valid = json.dumps(body).encode()
    made.data = rng.choice(
        [
            b"",
            b"{",
            b"nul",
            b"NaN",
            b"[Infinity, -Infinity]",
            b"\xef\xbb\xbf" + valid,
            valid[: rng.randrange(max(len(valid), 1))],
            flip_bytes(rng, valid, most=5) if valid else b"\xff",
            valid.replace(b"{", b'{"version": 1, "version": "x", ', 1),
            b'{"a": "\\ud800"}',
            b'{"a": "\\u0000"}',
            '{"summary": {"en": "\u0000"}}'.encode(),
            rng.randbytes(rng.randint(1, 2_000)),
            b'"' + b"x" * 2_000_000 + b'"',
            b"1" * 5_000,
            b"[" + b"1," * 200_000 + b"1]",
        ]
    )
    made.content_type = rng.choice(
        [
            "application/json",
            "application/json",
            "application/json; charset=latin-1",
            "application/json; charset=nonsense",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "multipart/form-data",
            "application/xml",
            "",
        ]
    )


def _endpoint(rng: random.Random):
    method, path, body = rng.choice(ENDPOINTS)
    body = json.loads(json.dumps(body))  # a copy to mutate
    if rng.random() < 0.1:
        path = path.replace("{update}", rng.choice(["0", "99999999999999999999", "-1", "1.5", "%00"]))
        path = path.replace("{period}", rng.choice(["2024-H9", "9999-H1", "0000-H1"]))
    return method, path, body


API_MUTATIONS: dict[str, Callable] = {
    "valid body": api_valid,
    "mutated body": api_mutated,
    "mutated body ": api_mutated,  # twice as often
    "wrong type": api_wrong_shape,
    "deep nesting": api_deep,
    "raw bytes and content types": api_raw,
}


@dataclass
class Tally:
    """What the by-hand runner prints for one kind of input."""

    tried: int = 0
    accepted: int = 0
    refusals: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    largest_memory: tuple[float, str] = (0.0, "")
    seconds: float = 0.0
