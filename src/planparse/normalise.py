"""Normalise: small, pure, named ``str -> str`` fixers in one ordered registry.

Every fixer keeps the number of lines, so line numbers stay those of the input. ``normalise``
runs them in order and records, for each one that changed something, a
:class:`~planparse.model.Repair` with the number of lines it changed: ``source.repairs`` is a
by-product, not bookkeeping.
"""
from __future__ import annotations

from collections.abc import Callable

import regex

from .model import Repair

Fixer = Callable[[str], str]

# Characters that make their neighbourhood Chinese: Han, CJK and full-width punctuation,
# curly quotes, the em dash and the ellipsis as Chinese text uses them.
CJK = r"[\p{Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65\u2018-\u201D\u2014\u2026《》〔〕【】]"
SPACE = r"[ \u00A0\u2002-\u200A\u3000]"
_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})

_INVISIBLE = regex.compile(r"[\uFEFF\u200B-\u200D\u2060\u00AD\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")
_FULLWIDTH_ALNUM = regex.compile(r"[０-９Ａ-Ｚａ-ｚ]")
_EDGE_SPACE = regex.compile(rf"^{SPACE}+|{SPACE}+$", regex.MULTILINE)
_PAREN_PAIR = regex.compile(r"\(([^()]{0,200})\)")  # a pair may wrap onto the next line
_OPEN_PAREN = regex.compile(rf"(?<={CJK}{SPACE}*)\(|\((?={SPACE}*\p{{Han}})")
_CLOSE_PAREN = regex.compile(rf"(?<=\p{{Han}}{SPACE}*)\)|\)(?={SPACE}*{CJK})")
_PUNCT = regex.compile(rf"(?<={CJK}[\w.%]{{0,4}}{SPACE}*)[,:;!?]|[,:;!?](?={SPACE}*{CJK})")
_STRAIGHT_QUOTES = regex.compile(r'"([^"\n]{0,200}\p{Han}[^"\n]{0,200})"')
_CJK_SPACE = regex.compile(rf"(?<={CJK}){SPACE}+|{SPACE}+(?={CJK})")


def invisible_characters(text: str) -> str:
    """Remove zero-width characters, soft hyphens and stray control characters.

    >>> invisible_characters('规\u200b划\ufeff')
    '规划'
    """
    return _INVISIBLE.sub("", text)


def fullwidth_alphanumerics(text: str) -> str:
    """Full-width digits and Latin letters to ASCII: ２０２１年 → 2021年.

    >>> fullwidth_alphanumerics('２０２１年ＡＰＰ')
    '2021年APP'
    """
    return _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def indentation(text: str) -> str:
    """Strip spaces (ASCII, no-break, U+3000) at the start and end of every line; tabs stay,
    since they separate table cells.

    >>> indentation('\u3000\u3000为全面提升水平， \\n  一、总体要求 ')
    '为全面提升水平，\\n一、总体要求'
    """
    return _EDGE_SPACE.sub("", text)


def cjk_punctuation(text: str) -> str:
    """Half-width ``, : ; ! ? ( )`` and straight quotes to full width where the text around
    them is Chinese; numbers such as ``2.3`` and Latin text stay as they are.

    >>> cjk_punctuation('目前,全省(含大连)已有11个市:A, B (IPv6) 2.3')
    '目前，全省（含大连）已有11个市：A, B (IPv6) 2.3'
    >>> cjk_punctuation('第6版(IPv6)地址, "一网通办"')
    '第6版（IPv6）地址， “一网通办”'
    """
    text = _PAREN_PAIR.sub(_full_width_pair, text)
    text = _OPEN_PAREN.sub("（", text)
    text = _CLOSE_PAREN.sub("）", text)
    text = _PUNCT.sub(lambda m: m.group().translate(_HALF_TO_FULL), text)
    return _STRAIGHT_QUOTES.sub(r"“\1”", text)


def _full_width_pair(match: regex.Match) -> str:
    inner = match.group(1)
    text, start, end = match.string, match.start(), match.end()
    before = text[:start].rstrip(" ")[-1:]
    after = text[end:].lstrip(" ")[:1]
    if regex.search(r"\p{Han}", inner) or regex.match(CJK, before or "a") or regex.match(CJK, after or "a"):
        return f"（{inner}）"
    return match.group()


def cjk_spacing(text: str) -> str:
    """Remove spaces next to Chinese characters and full-width punctuation:
    ``2012 年`` → ``2012年``, ``网站 APP`` → ``网站APP``; spaces between Latin words stay.

    >>> cjk_spacing('2012 年，开发了政府网站 APP 和 RFID SIM 卡')
    '2012年，开发了政府网站APP和RFID SIM卡'
    """
    return _CJK_SPACE.sub("", text)


# The registry, in the order the fixers run. Later issues add fixers for damaged scrapes.
FIXERS: list[tuple[str, Fixer]] = [
    ("invisible-characters", invisible_characters),
    ("fullwidth-alphanumerics", fullwidth_alphanumerics),
    ("indentation", indentation),
    ("cjk-punctuation", cjk_punctuation),
    ("cjk-spacing", cjk_spacing),
]


def line_endings(text: str) -> tuple[str, int]:
    """CRLF and lone CR to LF; returns the text and how many line ends changed."""
    count = text.count("\r")
    return text.replace("\r\n", "\n").replace("\r", "\n"), count


def normalise(text: str, fixers: list[tuple[str, Fixer]] | None = None) -> tuple[str, list[Repair]]:
    """Run every fixer in order; return the text and one repair per fixer that changed it."""
    text, crs = line_endings(text)
    repairs = [Repair("line-endings", crs)] if crs else []
    for name, fixer in fixers or FIXERS:
        fixed = fixer(text)
        if fixed != text:
            repairs.append(_repair(name, text, fixed))
            text = fixed
    return text, repairs


def _repair(name: str, before: str, after: str) -> Repair:
    changed = [new for old, new in zip(before.split("\n"), after.split("\n")) if old != new]
    return Repair(name, len(changed))
