"""Decode: bytes to text, strictly. UTF-8 (with or without BOM), UTF-16 with a BOM, then
GB18030; anything else is an :class:`InputError`, never a guess. (What form the text is in
— markdown, HTML — is the readers' business.)"""
from __future__ import annotations

import codecs

from ..errors import InputError

NUL_SHARE = 0.01  # a text may carry a few stray NUL bytes (removed later, and counted); a file of them is binary
NUL_FEW = 4  # a few NULs in a short text are strays too

# Signatures of files that users hand planparse by mistake, and what to do instead.
_MAGIC = (
    (b"%PDF", "a PDF document; extract its text first (e.g. pdftotext -layout FILE.pdf)"),
    (b"PK\x03\x04", "a ZIP archive or Office document (DOCX/XLSX); save it as plain text first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (DOC/XLS); save it as plain text first"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the raw bytes of a plan.

    >>> decode('一、总体要求'.encode('gb18030'))
    ('一、总体要求', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + '规划'.encode())
    ('规划', 'utf-8-sig')
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"is {what}")
    if data.startswith(codecs.BOM_UTF8):
        return _nonempty(_strict(data[len(codecs.BOM_UTF8):], "utf-8")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _nonempty(_strict(data, "utf-16")), "utf-16"
    if not data.strip():
        raise InputError("is empty")
    if data.count(b"\x00") > max(NUL_FEW, NUL_SHARE * len(data)):
        raise InputError("is binary (it contains NUL bytes), not a plan text")
    try:
        return _nonempty(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    # an HTML page's charset may be GB18030 too: fall through to it
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"is not UTF-8, UTF-16 or GB18030 text (byte {utf8_error.start}"
                         f" is not UTF-8: {data[utf8_error.start:utf8_error.start + 4]!r})") from None
    if not _looks_chinese(text):
        raise InputError("is not UTF-8 text and does not read as GB18030 Chinese either")
    return text, "gb18030"


def _nonempty(text: str) -> str:
    if not text.strip():
        raise InputError("is empty")
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"is not valid {encoding} (at byte {err.start})") from None


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only when it yields Chinese text."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if not ch.isspace() and not ch.isascii())
    return han >= 2 and han >= 0.6 * letters
