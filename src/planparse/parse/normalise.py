"""Normalise: small, pure, named ``str -> str`` fixers in one ordered registry.

Every fixer keeps the number of lines, so line numbers stay those of the input. ``normalise``
runs them in order and records, for each one that changed something, a
:class:`~planparse.model.Repair` with the number of lines it changed: ``source.repairs`` is a
by-product, not bookkeeping.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Literal

import regex

from ..model import Repair
from ..rules import cache

# A fixer returns the fixed text, or the text and its own record of what it did.
Fixer = Callable[[str], "str | tuple[str, Repair]"]

# Characters that make their neighbourhood Chinese: Han, CJK and full-width punctuation,
# curly quotes, the em dash and the ellipsis as Chinese text uses them.
CJK = r"[\p{Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65\u2018-\u201D\u2014\u2026《》〔〕【】]"
_SPACES = " \u00A0\u3000" + "".join(chr(c) for c in range(0x2002, 0x200B))  # spaces, ASCII to ideographic


def _class_of(chars: str) -> str:
    """A pattern's character class of exactly ``chars`` (each written as its code point)."""
    return "[" + "".join(f"\\u{ord(c):04x}" for c in chars) + "]"


SPACE = _class_of(_SPACES)
_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})

# zero-width characters, soft hyphens, stray controls, and the bidi controls (U+200E/F,
# U+202A–E, U+2066–9, U+061C: text reads in one direction here, and they would reorder what
# a terminal or a page shows)
_INVISIBLE_CHARACTERS = "".join(chr(c) for c in (
    [0xFEFF, 0x061C, 0x2060, 0x00AD, 0x0B, 0x0C, 0x7F] + list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)) + list(range(0x00, 0x09)) + list(range(0x0E, 0x20))))
_INVISIBLE = cache.scan(_class_of(_INVISIBLE_CHARACTERS))  # (classes of characters: scans)
_FULLWIDTH_CHARACTERS = "".join(chr(c) for low, high in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B))
                                for c in range(low, high))  # ０-９ Ａ-Ｚ ａ-ｚ
_FULLWIDTH_ALNUM = cache.scan(_class_of(_FULLWIDTH_CHARACTERS))
# tabs that only indent a line (no other tab follows), or trail it with none before (read a line at a time)
_EDGE_TABS = cache.pattern(r"^[\t ]*\t[\t ]*(?=[^\t\n]*$)|(?<=^[^\t\n]*)[\t ]*\t[\t ]*$")
_MARKDOWN = cache.pattern(r"\*\*|^#{1,6}[ \t]+", regex.MULTILINE)
_PAREN_PAIR = cache.pattern(r"\(([^()]{0,200})\)")  # a pair may wrap onto the next line
# what stands between a mark and the text it belongs to: spaces, and a line break where a
# hard wrap fell (…建设 / ,53家…: the comma is the sentence's, once the lines are joined)
GAP = rf"{SPACE}*(?:\n{SPACE}*)?"
_OPEN_PAREN = cache.pattern(rf"(?<={CJK}{GAP})\(|\((?={GAP}\p{{Han}})")
_CLOSE_PAREN = cache.pattern(rf"(?<=\p{{Han}}{GAP})\)|\)(?={GAP}{CJK})")
# (the mark first, what stands before it looked behind from after it: a pattern that starts by
# looking behind is tried at every character of the text; this one only at the marks)
_PUNCT = cache.pattern(rf"[,:;!?](?:(?<={CJK}(?:{GAP}[\w.%]){{0,4}}{GAP}[,:;!?])|(?={GAP}{CJK}))")
_HALF_PUNCT = cache.scan("[,:;!?]")  # (where _PUNCT is tried)
# a comma or colon inside a number, a time or an address stays: 1,000  10:30  http://
_PUNCT_KEEP = cache.pattern(r"(?<=\d)[,:](?=\d)|:(?=//)")
# Straight quote marks, each with the curly opener and closer it may stand for.
_CURLY = {'"': ("“", "”"), "'": ("‘", "’")}
_STRAIGHT_MARK = cache.pattern("[\"']")
# the quote marks of each kind; ' and ’ between two Latin letters are apostrophes: don't, Tom’s
_MARKS = {'"': cache.pattern('["“”]'), "'": cache.pattern("‘|(?<![A-Za-z])['’]|['’](?![A-Za-z])")}
QUOTE_REACH = 200  # characters, at most, on either side of the Han character a straight pair needs
# two straight marks around Chinese, in a line without curly ones: as straight quotes always paired
_STRAIGHT_PAIR = cache.pattern(rf'"([^"\n]{{0,{QUOTE_REACH}}}\p{{Han}}[^"\n]{{0,{QUOTE_REACH}}})"')
_HAN = cache.pattern(r"\p{Han}")
_CJK_CHAR = cache.pattern(CJK)
_SPACED_DIGITS = cache.pattern(r"(?<![0-9A-Za-z])\d(?: (?:\d|\.(?= \d)))+(?![0-9])")
_SPACE_RUN = cache.pattern(r" ")
_SPACED_PERCENT = cache.pattern(r"(?<=\d) +(?=[%‰])")
_CJK_SPACE = cache.pattern(rf"(?<={CJK}){SPACE}+|{SPACE}+(?={CJK})")


def _holds_any(text: str, chars: str) -> bool:
    """Does ``text`` hold one of ``chars``? (A scan of the text per character: for a few
    characters, quicker than a pattern's search when it holds none; what a pass checks before
    it reads a text.)"""
    return any(c in text for c in chars)


def invisible_characters(text: str) -> str:
    """Remove zero-width characters, soft hyphens, bidi controls and stray control characters.

    >>> invisible_characters('规\u200b划\ufeff')
    '规划'
    """
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


_TAG = cache.pattern(r"</?(?:p|div|span|br|strong|b|i|u|em|font|a|td|tr|th|table|tbody|thead|li|ul|ol|h[1-6]"
                     r"|section|article|center|sup|sub)(?:\s[^<>\n]{0,200})?/?>", regex.IGNORECASE)
# a closing tag whose '<' a one-byte-off decoding swallowed into a '?' (the '?' stays for
# the mojibake repair to read)
_SWALLOWED_TAG = cache.pattern(r"(?<=\?)/(?:p|div|span|td|li|h[1-6])>", regex.IGNORECASE)
_ENTITY = cache.pattern(r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


def html_remnants(text: str) -> str:
    """Strip HTML tags and decode entities that leaked into plain text.

    >>> html_remnants('（一）总体要求</p>&nbsp;正文&amp;附件')
    '（一）总体要求 正文&附件'
    """
    if "<" not in text and "?/" not in text and "&" not in text:  # (what every tag and entity has)
        return text
    text = _SWALLOWED_TAG.sub("", _TAG.sub("", text))
    if "&" not in text:
        return text
    import html  # (about 2 ms, only for a text with an entity)

    return _ENTITY.sub(lambda m: html.unescape(m.group()).replace("\u00a0", " "), text)


_GLOSS = cache.pattern(r"(?<=\p{Han})[（(]([a-zü\u00E0-\u01DC]{1,7}[1-5]?)[）)]")
_GLOSS_OPENS = cache.scan(r"[（(](?:[ \t\u3000]*\n){0,3}[ \t\u3000]*[a-zü\u00E0-\u01DC]")  # what every gloss has
# a gloss that a hard wrap cut in two: 數( at a line's end, shù) at the next line's start
_SPLIT_GLOSS = cache.pattern(r"(?<=\p{Han})[（(]([a-zü\u00E0-\u01DC]{0,6})((?:[ \t\u3000]*\n){1,3}[ \t\u3000]*)"
                             r"([a-zü\u00E0-\u01DC]{0,6}[1-5]?)[）)]")
# or a wrap fell between the character and its gloss: 數 at a line's end, (shù) at the next's start
_GLOSS_AFTER_BREAK = cache.pattern(r"(?<=\p{Han})((?:[ \t\u3000]*\n){1,3}[ \t\u3000]*)[（(]"
                                   r"([a-zü\u00E0-\u01DC]{1,7}[1-5]?)[）)]")
_SYLLABLE = cache.pattern(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                          r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er"
                          r"|ia|ie|in|iu|ua|uo|ui|un|ve|vn|ue|a|o|e|i|u|v)[1-5]?")


def _is_pinyin(gloss: str) -> bool:
    """A pinyin syllable; a bare one-letter syllable (a, e, o) reads as a list label."""
    if not gloss:
        return False
    plain = "".join(c for c in unicodedata.normalize("NFD", gloss) if not unicodedata.combining(c))
    toned = plain != gloss or gloss[-1].isdigit()
    return bool(_SYLLABLE.fullmatch(plain.replace("ü", "v"))) and (toned or len(plain) > 1)


def pinyin_glosses(text: str) -> str:
    """Remove a parenthesised pinyin syllable after a Chinese character: 數(shù) → 數 — also
    one that a hard wrap cut in two (the line break stays). Latin text in brackets stays:
    (IPv6), (CIM), (1—100分).

    >>> pinyin_glosses('數(shù)據(jù)協(xié)議第6版(IPv6)和(CIM)平臺')
    '數據協議第6版(IPv6)和(CIM)平臺'
    """
    if "(" not in text and "（" not in text or not _GLOSS_OPENS.search(text):  # every gloss is in brackets
        return text  # (one scan for a bracket that opens on a letter, before the three that read glosses)
    text = _SPLIT_GLOSS.sub(lambda m: m.group(2) if _is_pinyin(m.group(1) + m.group(3)) else m.group(), text)
    text = _GLOSS_AFTER_BREAK.sub(lambda m: m.group(1) if _is_pinyin(m.group(2)) else m.group(), text)
    return _GLOSS.sub(lambda m: "" if _is_pinyin(m.group(1)) else m.group(), text)


def fullwidth_alphanumerics(text: str) -> str:
    """Full-width digits and Latin letters to ASCII: ２０２１年 → 2021年.

    >>> fullwidth_alphanumerics('２０２１年ＡＰＰ')
    '2021年APP'
    """
    if not _FULLWIDTH_ALNUM.search(text):
        return text
    return _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def indentation(text: str) -> str:
    """Strip spaces (ASCII, no-break, U+3000) at the start and end of every line; tabs stay
    where they separate table cells, and go where they only indent a line of text.

    >>> indentation('\u3000\u3000为全面提升水平， \\n  一、总体要求 ')
    '为全面提升水平，\\n一、总体要求'
    """
    if "\t" in text:
        text = "\n".join(_EDGE_TABS.sub("", line) if "\t" in line else line for line in text.split("\n"))
    if not _holds_any(text, _SPACES):
        return text
    return "\n".join(line.strip(_SPACES) for line in text.split("\n"))


def markdown_emphasis(text: str) -> str:
    """Markdown left by a document converter: ``**一、总体要求**`` → ``一、总体要求``.

    >>> markdown_emphasis('## **一、总体要求**')
    '一、总体要求'
    """
    return _MARKDOWN.sub("", text) if "**" in text or "#" in text else text


def cjk_punctuation(text: str) -> str:
    """Half-width ``, : ; ! ? ( )`` to full width where the text around them is Chinese, and
    straight quotes to curly ones (:func:`straight_quotes`); numbers such as ``2.3`` and Latin
    text stay as they are.

    >>> cjk_punctuation('目前,全省(含大连)已有11个市:A, B (IPv6) 2.3')
    '目前，全省（含大连）已有11个市：A, B (IPv6) 2.3'
    >>> cjk_punctuation('第6版(IPv6)地址, "掌上好办"')
    '第6版（IPv6）地址， “掌上好办”'
    """
    if "(" in text or ")" in text:  # (each pass wants one of the marks it reads)
        for _ in range(NESTING):  # innermost pairs first, then the pairs around them: (…(大数据局))
            paired = _PAREN_PAIR.sub(_full_width_pair, text)
            if paired == text:
                break
            text = paired
        text = _OPEN_PAREN.sub("（", text)
        text = _CLOSE_PAREN.sub("）", text)
    if not _holds_any(text, ",:;!?"):
        return straight_quotes(text)
    pieces: list[str] = []
    last = 0
    for mark in _HALF_PUNCT.finditer(text):
        at = mark.start()
        if "\u4e00" <= text[at - 1:at] <= "\u9fff":  # (right after a Han character, as most are: Chinese, and
            turned = text[at] != ":" or text[at + 1:at + 3] != "//"  # no digit before it — what the patterns say)
        else:
            turned = bool(_PUNCT.match(text, at)) and not _PUNCT_KEEP.match(text, at)
        if turned:
            pieces += (text[last:at], text[at].translate(_HALF_TO_FULL))
            last = at + 1
    return straight_quotes("".join(pieces) + text[last:] if pieces else text)


def straight_quotes(text: str) -> str:
    r"""Straight quotes to curly ones, paired by the habit of each line (a paragraph).

    A ``"`` that follows a “ left open in its line (no ” of its own anywhere after it) closes
    it; a ``"`` before a ” left without an opener opens it; two ``"`` around Chinese pair as
    “…” (as ever: a Han character inside, at most ``QUOTE_REACH`` characters either side of
    it). Likewise ``'`` with ‘ and ’ (but two ``'`` never pair: ``'`` is also an apostrophe).
    A quote that pairs with nothing stays as it is; nothing pairs across a line break.

    Straight marks inside a curly pair may pair among themselves, nested, or close and open
    it: ``“甲"乙"丙”`` is “甲“乙”丙” or “甲”乙“丙”. The reading that leaves fewer curly marks
    alone, then pairs more marks, wins; on a tie the whole document decides: the second where
    it writes straight marks for curly openers and for curly closers elsewhere, else the first.

    >>> straight_quotes('推进“掌上好办"建设，完善“一网通办"平台')
    '推进“掌上好办”建设，完善“一网通办”平台'
    >>> straight_quotes('推进"掌上好办"和"一网通办”，‘放管服\'改革，say "hi"')
    '推进“掌上好办”和“一网通办”，‘放管服’改革，say "hi"'
    """
    if '"' not in text and "'" not in text:
        return text
    # by (where the line starts, which straight mark): the marks to change, as (where, to what)
    changes: dict[tuple[int, str], list[tuple[int, str]]] = {}
    marks: dict[tuple[int, str], list[tuple[int, str]]] = {}
    habit = {'"': [0, 0], "'": [0, 0]}  # straight marks that stood for a curly opener, for a closer
    unsure = []  # (line start, line end, straight mark, score): straight marks inside a curly pair
    lines = list(_mixed_lines(text))
    for start, end in lines:
        line = text[start:end]
        for straight, (opener, closer) in _CURLY.items():
            if straight not in line:
                continue
            if opener not in line and closer not in line:  # straight marks only: pairs as they always did
                if straight == '"':
                    changes[start, straight] = [(at, mark) for m in _STRAIGHT_PAIR.finditer(line)
                                                for at, mark in ((m.start(), opener), (m.end() - 1, closer))]
                continue
            these = [(m.start(), m.group()) for m in _MARKS[straight].finditer(line)]
            marks[start, straight] = these
            changes[start, straight], opened, closed, ambiguous, score = _pair_quotes(line, these, straight)
            habit[straight][0] += opened
            habit[straight][1] += closed
            if ambiguous:
                unsure.append((start, end, straight, score))
    for start, end, straight, score in unsure:
        greedy = _pair_quotes(text[start:end], marks[start, straight], straight, greedy=True)
        # the reading that leaves fewer curly marks alone, then pairs more marks; on a tie, as the
        # document does: straight marks inside a curly pair close and open it where the document
        # writes straight marks for curly openers and for curly closers elsewhere
        if greedy[-1] > score or greedy[-1] == score and all(habit[straight]):
            changes[start, straight] = greedy[0]
    pieces, done = [], 0
    for start, end in lines:  # the lines between, with no curly mark beside a straight one, pair as always
        between = text[done:start]
        pieces.append(_STRAIGHT_PAIR.sub(r"“\1”", between) if '"' in between else between)
        chars = list(text[start:end])
        for edits in (changes.get((start, '"'), ()), changes.get((start, "'"), ())):
            for at, new in edits:
                chars[at] = new
        pieces.append("".join(chars))
        done = end
    return "".join(pieces) + _STRAIGHT_PAIR.sub(r"“\1”", text[done:])


def _mixed_lines(text: str):
    """Where each line with a straight mark and a curly one of its kind starts and ends."""
    kinds = [(straight, *curly) for straight, curly in _CURLY.items()
             if straight in text and (curly[0] in text or curly[1] in text)]
    match = _STRAIGHT_MARK.search(text) if kinds else None
    while match:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        if any(text.find(straight, start, end) >= 0 and (text.find(opener, start, end) >= 0
                                                         or text.find(closer, start, end) >= 0)
               for straight, opener, closer in kinds):
            yield start, end
        match = _STRAIGHT_MARK.search(text, end)


_OPEN, _PAIRED, _STRAIGHT = 0, 1, 2  # a curly opener without a closer in its line, with one; a straight mark


def _pair_quotes(line: str, found: list[tuple[int, str]], straight: str, greedy: bool = False):
    """Pair the marks of one kind in one line (``found``: where each is, and which).

    Returns the straight marks to change, as (where, to what); how many stood for a curly
    opener and how many for a closer; whether a straight mark fell inside a curly pair (which
    ``greedy`` reads as a closer of that pair's opener rather than as a nested pair); and a
    score, higher for a better reading: fewer curly marks left alone, then more pairs."""
    opener, closer = _CURLY[straight]
    partnered = [False] * len(found)  # the curly marks that pair among themselves
    if not greedy and opener in line and closer in line:
        opening: list[int] = []
        for k, (_, mark) in enumerate(found):
            if mark == opener:
                opening.append(k)
            elif mark == closer and opening:
                partnered[opening.pop()] = partnered[k] = True
    changes, opened, closed, ambiguous, pairs, alone = [], 0, 0, False, 0, 0
    stack: list[tuple[int, int]] = []  # (where, what): openers still open, and the latest straight mark not yet paired
    for k, (at, mark) in enumerate(found):
        if mark == opener:
            stack.append((at, _PAIRED if partnered[k] else _OPEN))
        elif mark == closer:
            pairs += 1
            if partnered[k]:
                while stack.pop()[1] != _PAIRED:
                    pass  # a straight mark inside the pair paired with nothing
            elif stack and stack[-1][1] == _OPEN:  # only when greedy
                stack.pop()
            elif stack and stack[-1][1] == _STRAIGHT:
                changes.append((stack.pop()[0], opener))
                opened += 1
            else:
                pairs, alone = pairs - 1, alone + 1
        elif stack and stack[-1][1] == _OPEN:
            stack.pop()
            changes.append((at, closer))
            closed, pairs = closed + 1, pairs + 1
        elif stack and stack[-1][1] == _STRAIGHT:
            start = stack[-1][0]
            # a Han character inside, at most QUOTE_REACH characters from either mark
            if straight == '"' and _HAN.search(line, max(start + 1, at - QUOTE_REACH - 1),
                                               min(at, start + QUOTE_REACH + 2)):
                stack.pop()
                changes += [(start, opener), (at, closer)]
                pairs += 1
            else:  # a pair for the reading's score (“关于"IPv6"的通知”), but the one before pairs with nothing
                stack[-1] = (at, _STRAIGHT)
                pairs += straight == '"'
        else:
            ambiguous = ambiguous or bool(stack)
            stack.append((at, _STRAIGHT))
    alone += sum(what != _STRAIGHT for _, what in stack)
    return changes, opened, closed, ambiguous, (-alone, pairs)


NEIGHBOUR = 64  # characters looked at on either side of a bracket pair
NESTING = 4  # brackets in brackets read, at most


def _full_width_pair(match: regex.Match) -> str:
    inner = match.group(1)
    text, start, end = match.string, match.start(), match.end()
    # a window, not the whole text before and after: slicing those would make this quadratic
    before = text[max(0, start - NEIGHBOUR):start].rstrip(" ")[-1:]
    after = text[end:end + NEIGHBOUR].lstrip(" ")[:1]
    if _HAN.search(inner) or _CJK_CHAR.match(before or "a") or _CJK_CHAR.match(after or "a"):
        return f"（{inner}）"
    return match.group()


def cjk_spacing(text: str) -> str:
    """Remove spaces next to Chinese characters and full-width punctuation:
    ``2012 年`` → ``2012年``, ``网站 APP`` → ``网站APP``; spaces between Latin words stay.

    >>> cjk_spacing('2012 年，开发了政府网站 APP 和 RFID SIM 卡')
    '2012年，开发了政府网站APP和RFID SIM卡'
    """
    return _CJK_SPACE.sub("", text) if _holds_any(text, _SPACES) else text


def ocr_spacing(text: str) -> str:
    """Spaces that OCR puts between the digits of a number and before its unit: ``2 0 0 5年``
    → ``2005年``, ``8 %`` → ``8%``, ``1 2 . 5`` → ``12.5``. (A number of two digits or more
    spelt one digit at a time; a lone digit next to a word stays apart.)

    >>> ocr_spacing('到2 0 2 5年，覆盖率达9 5 %，增长1 2 . 5倍，第 3 批，IPv4 6 条')
    '到2025年，覆盖率达95%，增长12.5倍，第 3 批，IPv4 6 条'
    """
    if " " not in text:
        return text
    return _SPACED_PERCENT.sub("", _SPACED_DIGITS.sub(lambda m: _SPACE_RUN.sub("", m.group()), text))


# a gap between two cells of a space-aligned table: two spaces or more, or U+3000
CELL_GAP = cache.pattern(r"(?<=\S)(?: {2,}|[ \u3000]*\u3000[ \u3000]*)(?=\S)")


def space_aligned_cells(text: str, gap: regex.Pattern = CELL_GAP) -> str:
    r"""Tables aligned with spaces (as PDF converters write them) become tab-separated: runs
    of two or more lines (blank lines between them allowed) with three cells or more. Each
    cell goes to the header column it stands under, so a blank cell of a merged column
    stays blank rather than shifting the row.

    >>> space_aligned_cells('序号  类别      指标    2025年\n1     基础设施  整合率  95%\n2               接入率  90%')
    '序号\t类别\t指标\t2025年\n1\t基础设施\t整合率\t95%\n2\t\t接入率\t90%'
    """
    lines = text.split("\n")
    cells = {i: _cells(line, gap) for i, line in enumerate(lines)
             if ("  " in line or "\u3000" in line) and len(gap.findall(line)) >= 2}  # (a gap has one of them)
    for run in _runs(sorted(cells), lines):
        header = cells[run[0]]
        for i in run:
            lines[i] = "\t".join(_under_columns(header, cells[i]))
    return "\n".join(lines)


def _cells(line: str, gap: regex.Pattern) -> list[tuple[str, int, int]]:
    """Each cell of a space-aligned line with where it starts: in characters and in columns."""
    from .layout import display_width

    found, start = [], len(line) - len(line.lstrip(" \u3000"))
    width, measured = display_width(line[:start]), start  # (the width so far, added to: no slice of the whole line)
    for match in list(gap.finditer(line)) + [None]:
        end = match.start() if match else len(line.rstrip())
        width += display_width(line[measured:start])
        measured = start
        found.append((line[start:end], start, width))
        start = match.end() if match else start
    return found


def _runs(indices: list[int], lines: list[str]) -> list[list[int]]:
    """Candidate lines that follow one another with nothing but blank lines between."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and all(not lines[j].strip() for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [run for run in runs if len(run) >= 2]


def _under_columns(header: list[tuple[str, int, int]], row: list[tuple[str, int, int]]) -> list[str]:
    """Put each cell of ``row`` under the header column nearest its start, in order; measure
    in characters or in display columns, whichever lines the row up better."""
    best = None
    measure: Literal[1, 2]  # a column of the header: where in characters, where in display columns
    for measure in (1, 2):
        placed, cost, column = [""] * len(header), 0, -1
        for text, *starts in row:
            nearest = min(range(len(header)), key=lambda j: abs(header[j][measure] - starts[measure - 1]))
            column = max(nearest, column + 1) if column + 1 < len(header) else len(header) - 1
            cost += abs(header[column][measure] - starts[measure - 1])
            placed[column] = f"{placed[column]} {text}".strip() if placed[column] else text
        if best is None or cost < best[0]:
            best = (cost, placed)
    assert best is not None  # (the loop ran)
    return best[1]


def mojibake_fixer(line_prior=None) -> Fixer:
    """The GBK one-byte-off repair (:mod:`planparse.parse.mojibake`) as a fixer."""

    def mojibake_gbk_offset(text: str):
        from .mojibake import repair, strip_unrecoverable

        fixed, repairs, unrecovered = repair(text, line_prior) if line_prior else repair(text)
        fixed, noise = strip_unrecoverable(fixed)
        examples = [f"{r.span}→{r.fixed}" for r in repairs[:3]]
        return fixed, Repair("mojibake-gbk-offset", len(repairs), examples, unrecovered + noise)

    return mojibake_gbk_offset


def damage_fixers(line_prior=None) -> list[tuple[str, Fixer]]:
    """Fixers for damaged scrapes, which run before the script is read."""
    return [
        ("invisible-characters", invisible_characters),
        ("space-aligned-table", space_aligned_cells),
        ("indentation", indentation),
        ("html-remnants", html_remnants),
        ("markdown-emphasis", markdown_emphasis),
        ("mojibake-gbk-offset", mojibake_fixer(line_prior)),
        ("pinyin-glosses", pinyin_glosses),
    ]


# The width and spacing fixers, in the order they run, after script conversion.
FIXERS: list[tuple[str, Fixer]] = [
    ("ocr-spacing", ocr_spacing),
    ("fullwidth-alphanumerics", fullwidth_alphanumerics),
    ("cjk-punctuation", cjk_punctuation),
    ("cjk-spacing", cjk_spacing),
]


def line_endings(text: str) -> tuple[str, int]:
    """CRLF, lone CR and the Unicode line ends (U+2028, U+2029, U+0085) to LF; returns the
    text and how many line ends changed."""
    count = text.count("\r") + sum(text.count(end) for end in _UNICODE_LINE_ENDS)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for end in _UNICODE_LINE_ENDS:
        text = text.replace(end, "\n")
    return text, count


_UNICODE_LINE_ENDS = ("\u2028", "\u2029", "\x85")


def normalise(text: str, fixers: list[tuple[str, Fixer]] | None = None) -> tuple[str, list[Repair]]:
    """Run every fixer in order; return the text and one repair per fixer that changed it.
    Without a list of fixers: line endings, the damage fixers, then :data:`FIXERS`."""
    repairs = []
    if fixers is None:
        text, crs = line_endings(text)
        repairs = [Repair("line-endings", crs)] if crs else []
        fixers = damage_fixers() + FIXERS
    for name, fixer in fixers:
        result = fixer(text)
        fixed, record = result if isinstance(result, tuple) else (result, None)
        if record is not None and (record.count or record.unrecovered):
            repairs.append(record)
        elif record is None and fixed != text:
            repairs.append(_repair(name, text, fixed))
        text = fixed
    return text, repairs


def _repair(name: str, before: str, after: str) -> Repair:
    changed = [new for old, new in zip(before.split("\n"), after.split("\n")) if old != new]
    return Repair(name, len(changed))
