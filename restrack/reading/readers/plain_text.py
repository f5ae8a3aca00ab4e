"""Plain-text reading: decoding bytes strictly as UTF-8 (with or without BOM), UTF-16 with a BOM
or GB18030, in that order, checking that the result is plausible text (few control, private-use
or unassigned characters; no Windows-1252 text misread as GB18030; no BOM-less UTF-16), naming a
likely encoding when it is not, and splitting text into lines with form feeds as page-break
lines (`split_lines`, also used by the DOCX reader)."""

from __future__ import annotations

import unicodedata
from collections import Counter

from restrack.reading.errors import IngestError
from restrack.reading.readers._common import PAGE_BREAK, _damaged_docx, _unsupported

# A decoded text is refused when more than this share of its characters are control,
# private-use, surrogate or unassigned characters, or U+FFFD.
MAX_BAD_CHAR_SHARE = 0.01

TXT_EXTENSIONS = {".txt", ".text", ".md", ".csv", ".tsv", ".asc", ""}


class _NotText(ValueError):
    """Why bytes could not be decoded as text."""


def split_lines(text: str) -> list[str]:
    """Text to lines: \\r\\n, \\r and \\n end a line (a final line end adds no empty line); a form
    feed becomes a line "\\f" of its own. Other characters are kept as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    lines: list[str] = []
    for line in text.split("\n"):
        if PAGE_BREAK not in line:
            lines.append(line)
            continue
        parts = line.split(PAGE_BREAK)
        for index, part in enumerate(parts):
            if index:
                lines.append(PAGE_BREAK)
            if part:
                lines.append(part)
    return lines


def _read_txt(data: bytes, name: str, extension: str) -> tuple[list[str], str]:
    try:
        text, encoding = decode_text(data)
    except _NotText as exc:
        reason = str(exc)
        if extension == ".pdf":
            raise IngestError(
                f"{name}: the file is named .pdf but is not a PDF (it does not start with %PDF-) and "
                f"is not text either ({reason}). It is damaged or not a PDF: download or export it "
                "again, or supply the DOCX/text version."
            ) from None
        if extension == ".docx":
            raise _damaged_docx(name, "it is not a ZIP package") from None
        if extension not in TXT_EXTENSIONS:
            raise _unsupported(
                name, f"not a text, PDF or DOCX file ({reason})", "Save the report as .docx, .pdf or UTF-8 text."
            ) from None
        raise IngestError(
            f"{name}: the file is not text in UTF-8, UTF-16 or GB18030 ({reason}). If it is a text "
            "report, open it in a text editor and save it as UTF-8 text (e.g. Notepad: Save as → "
            "Encoding: UTF-8); otherwise supply the report as .pdf or .docx."
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise IngestError(
            f"{name}: the file is empty (it contains only white space). Check that you "
            "chose the right file, or export the report again."
        )
    return split_lines(text), encoding


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report text: UTF-8 (BOM or not), UTF-16 with BOM, GB18030, strictly and in that
    order, and check that the result is plausible text. Returns (text, codec name); raises
    _NotText with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _NotText(f"it starts with a UTF-8 byte-order mark but byte {exc.start} is not valid UTF-8") from None
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        try:
            text = data[2:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise _NotText(
                f"it starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"({exc.reason} at byte {exc.start + 2})"
            ) from None
    else:
        if b"\x00" in data:
            if _looks_like_bomless_utf16(data):
                raise _NotText("it looks like UTF-16 without a byte-order mark")
            raise _NotText("it contains NUL bytes, so it is binary data")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("gb18030")
                encoding = "gb18030"
            except UnicodeDecodeError:
                guess = _guess_encoding(data)
                raise _NotText(
                    f"byte {utf8_error.start} is neither valid UTF-8 nor GB18030"
                    + (f"; it may be {guess}" if guess else "")
                ) from None
            if _looks_like_misread_single_byte(text):
                guess = _guess_encoding(data) or _WESTERN
                raise _NotText(f"it looks like text in {guess}, which is not supported") from None
    if "\x00" in text:  # UTF-16 can spell NUL (U+0000), which no report holds and PostgreSQL cannot store
        raise _NotText("it contains NUL characters, so it is binary data")
    bad = _bad_char_share(text)
    if bad > MAX_BAD_CHAR_SHARE:
        if encoding == "gb18030":
            guess = _guess_encoding(data)
            if guess:
                raise _NotText(f"it is neither UTF-8 nor GB18030; it may be {guess}")
        raise _NotText(
            f"decoded as {encoding}, {bad:.0%} of its characters are control or "
            "unassigned characters, so it is binary data"
        )
    return text, encoding


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """NUL bytes nearly all on one side of each byte pair (the high byte of ASCII characters),
    and the bytes decode as UTF-16 into plausible text."""
    sample = data[: 1 << 16]
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd == 0 or max(even, odd) < 0.9 * (even + odd):
        return False
    try:
        text = sample.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return _bad_char_share(text) <= MAX_BAD_CHAR_SHARE


def _bad_char_share(text: str) -> float:
    """The share of characters no text has: controls, surrogates, private use, unassigned, and the
    replacement character. Each distinct character is judged once (a file has few of them)."""
    if not text:
        return 0.0
    allowed_controls = "\t\n\r\f\v\x1a"  # \x1a: DOS end-of-file mark
    bad = sum(
        count
        for char, count in Counter(text).items()
        if char not in allowed_controls and (char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"))
    )
    return bad / len(text)


def _looks_like_misread_single_byte(text: str) -> bool:
    """GB18030 decodes most Windows-1252/Latin-1 text without error (an accented letter or a
    curly quote and the ASCII letter after it make a valid double-byte character), giving text
    with rare Chinese characters scattered between ASCII letters. Real GB text has its Chinese
    characters mostly in GB2312 and in runs."""
    non_ascii = [i for i, char in enumerate(text) if ord(char) > 0x7F]
    if not non_ascii:
        return False
    in_gb2312 = 0
    for i in non_ascii:
        try:
            text[i].encode("gb2312")
            in_gb2312 += 1
        except UnicodeEncodeError:
            pass
    positions = set(non_ascii)
    isolated = sum(1 for i in non_ascii if i - 1 not in positions and i + 1 not in positions)
    return in_gb2312 / len(non_ascii) < 0.5 and isolated / len(non_ascii) > 0.5


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, only to make an error message more helpful."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
    except Exception:  # a guess is optional  # noqa: BLE001
        return None
    if best is None:
        return None
    # Only name encodings one meets in practice; on little text the detector guesses wildly.
    return _LIKELY_ENCODINGS.get(best.encoding)


_WESTERN = "an 8-bit encoding such as Windows-1252 or Latin-1"
_LIKELY_ENCODINGS = {
    "cp1252": _WESTERN,
    "latin_1": _WESTERN,
    "iso8859_15": _WESTERN,
    "cp1250": _WESTERN,  # English text in Windows-1252 is often detected as its neighbours
    "iso8859_2": _WESTERN,
    "cp1254": _WESTERN,
    "cp1257": _WESTERN,
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1256": "Windows-1256 (Arabic)",
    "mac_roman": "Mac Roman",
    "big5": "Big5 (Traditional Chinese)",
    "cp950": "Big5 (Traditional Chinese)",
    "big5hkscs": "Big5-HKSCS (Traditional Chinese)",
    "shift_jis": "Shift JIS (Japanese)",
    "cp932": "Shift JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp949": "EUC-KR (Korean)",
    "utf_32": "UTF-32",
}
