"""Layout repair on lines: drop page furniture, then join hard-wrapped lines into blocks.

Both stages decide from the document itself (its line-width statistics, its own title) and
from the grammar; nothing here knows one document's line length.
"""
from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass, field

from ..model import Repair
from ..rules import cache
from ..rules.grammar import PLAN_TITLE_MAX, Grammar
from ..rules.numerals import CHINESE_NUMERAL_CHARS, to_chinese, to_circled
from .blocks import Block, Line

# characters a CJK font sets two columns wide: East Asian wide and full-width ones, and the
# ambiguous ones a Chinese text sets wide (― · × ÷ ‰ ℃ № Ⅳ → ∶ ≤ ① ─ ■ ★)
_WIDE = cache.pattern(r"[\p{Han}\u1100-\u115F\u2E80-\u303F\u3040-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF"
                      r"\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u2018-\u201D\u2014\u2015\u2026"
                      r"\u00B7\u00D7\u00F7\u2030\u2103\u2116\u2160-\u217F\u2190-\u21FF\u2200-\u22FF"
                      r"\u2460-\u24FF\u2500-\u257F\u25A0-\u25FF\u2600-\u26FF]")
_CLOSERS = "”’」』》）)〕]】"

# A document is hard-wrapped when at least this share of its lines is about as wide as its
# typical full line; a line this close to the full width is "full".
WRAPPED_SHARE = 0.5
FULL_RATIO = 0.85
FULL_SLACK = 1  # columns a full line that ends a sentence may fall short of the full width
INDENT_WIDTH = 4  # columns of a paragraph indent (two Chinese characters, the convention)
SHORT_LINE = 30  # characters: longest running header or title echo we drop as furniture
HEADER_REPEATS = 3
RUN_IN_REACH = 2000  # characters back in a paragraph where a run-in list's marker before a line's is looked for
INDENT_SHARE = 0.9  # share of indented lines past which an indent says nothing
MARK_SHARE = 0.9  # share of space-ended lines that must end like paragraphs to trust them


def display_width(text: str) -> int:
    """Columns a line takes in a CJK font: Chinese characters and punctuation count two.

    >>> display_width('2012年，APP')
    11
    """
    return len(text) + len(_WIDE.findall(text))


MEMO = 20_000  # lines whose width and paragraph end are remembered while a document is read


@functools.lru_cache(maxsize=MEMO)
def _width(text: str) -> int:
    """:func:`display_width`, remembered for the lines of the document being read."""
    return display_width(text)


def forget() -> None:
    """Drop what was remembered of the document's lines (a parse is over)."""
    _width.cache_clear()
    ends_paragraph.cache_clear()
    _cover_line.cache_clear()


@dataclass
class Layout:
    """What the document's line widths and line ends say about it."""

    full_width: int | None = None  # width of a full line when the text is hard-wrapped, else None
    end_marks: frozenset[int] | None = None  # lines whose trailing space marks a paragraph end
    #   (when set, a line without the mark continues the paragraph: the text has shown that
    #   it marks every paragraph end, and not much else)
    start_marks: frozenset[int] | None = None  # lines whose indent marks a paragraph start (in a
    #   hard-wrapped text, a line without it continues the paragraph; titles and labels of a
    #   web copy carry no indent and stand on their own)
    indented: frozenset[int] = frozenset()  # lines with an indent, in a text that indents some lines only

    def is_full(self, text: str, ends_sentence: bool = False, indented: bool = False) -> bool:
        """Is this line as wide as a full line? A line that ends a sentence must reach the
        full width itself (less the column a wide character cannot fill): a justified line
        ending in 。 mid-paragraph does, while the ragged last line of a paragraph usually
        falls short of it."""
        if self.full_width is None:
            return False
        width = _width(text) + (INDENT_WIDTH if indented else 0)  # the indent normalising took off
        if ends_sentence:  # (a Chinese character does not fit in the last column left)
            return width >= self.full_width - FULL_SLACK
        return width >= FULL_RATIO * self.full_width


@dataclass(frozen=True)
class Edges:
    """Whitespace at the edges of the raw lines, which normalisation removes."""

    trailing: frozenset[int] = frozenset()  # lines ending in a space
    indented: frozenset[int] = frozenset()  # lines starting with an indent (two spaces, U+3000, a tab)


_INDENT = cache.pattern(r"^(?:\u3000|\t| {2,}|\u00a0{2,})")
_INDENTS = "\u3000\t \u00a0"  # (what an indent starts with: the pattern is tried only on such lines)


def edges(raw: str) -> Edges:
    """Read line-edge whitespace off the raw text, by line number."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(no, line) for no, line in enumerate(lines, start=1) if line.strip()]
    return Edges(frozenset(no for no, line in numbered if line[-1] in " \u3000\u00a0"),
                 frozenset(no for no, line in numbered if line[0] in _INDENTS and _INDENT.match(line)))


def measure(lines: list[Line], grammar: Grammar, raw_edges: Edges = Edges()) -> Layout:
    """Find the full-line width of a hard-wrapped text (None for one paragraph per line), and
    whether the text marks paragraph ends with a trailing space, as some PDF extractions do
    (it does when such lines are a minority and nearly all of them end like a paragraph), or
    paragraph starts with an indent (when some lines are indented and others not)."""
    text_lines = [line for line in lines if line.text]
    widths = sorted(_width(line.text) for line in text_lines)
    # an indent says something only where lines are not all indented
    telling = raw_edges.indented if sum(1 for line in text_lines if line.no in raw_edges.indented) \
        <= INDENT_SHARE * len(text_lines) else frozenset()
    if len(widths) < 8:
        return Layout(indented=telling)
    typical = widths[int(0.8 * (len(widths) - 1))]
    # lines of prose at that width, not headings or titles that happen to be as long
    prose = grammar.top["prose_punctuation"]
    near = sum(1 for line in text_lines if prose.search(line.text)
               and FULL_RATIO * typical <= _width(line.text) <= 1.1 * typical)
    wrapped = 20 <= typical <= 200 and near >= WRAPPED_SHARE * len(widths)
    layout = Layout(typical if wrapped else None, indented=telling)
    marked = [line for line in text_lines if line.no in raw_edges.trailing]
    unmarked = [line for line in text_lines if line.no not in raw_edges.trailing]
    ending = sum(1 for line in marked if ends_paragraph(line.text, grammar) or not layout.is_full(line.text))
    loose = sum(1 for line in unmarked if ends_paragraph(line.text, grammar) and not layout.is_full(line.text, True))
    if (wrapped and 0.02 * len(text_lines) <= len(marked) <= 0.6 * len(text_lines)
            and ending >= MARK_SHARE * len(marked) and loose <= (1 - MARK_SHARE) * len(unmarked)):
        layout.end_marks = frozenset(line.no for line in marked)
    indented = [i for i, line in enumerate(text_lines) if i and line.no in raw_edges.indented]
    after_end = sum(1 for i in indented if ends_paragraph(text_lines[i - 1].text, grammar)
                    or grammar.match_heading(text_lines[i - 1].text)
                    or not layout.is_full(text_lines[i - 1].text))
    if 0.02 * len(text_lines) <= len(indented) <= 0.9 * len(text_lines) and after_end >= MARK_SHARE * len(indented):
        layout.start_marks = raw_edges.indented
    return layout


# ---------------------------------------------------------------------------- furniture

def strip_furniture(lines: list[Line], grammar: Grammar) -> tuple[list[Line], list[Repair]]:
    """Blank out page numbers, a web page's own lines (发布时间：…, 【打印】【关闭】), and
    running headers and echoes of the title inside the body (the title above the first
    heading stays: it is the title; there a running header goes only next to a page number,
    as on the foreword's pages of a report whose first heading comes late).

    Lines are kept (as empty text) so that line numbers stay those of the input.
    """
    page_numbers = grammar.patterns("furniture", "page_number")
    web = grammar.patterns("furniture", "web") if "web" in grammar.sections["furniture"] else ()
    dropped: list[str] = []
    web_dropped: list[str] = []
    alone = {line.text for line in lines if line.text and _standalone(line.text, grammar)}  # (asked once a text)
    repeated = _repeated_headers(lines, grammar, alone)
    title_keys, first_heading = _title_keys(lines, grammar)
    numbered = [bool(line.text) and grammar.matches_any("page-numbers", page_numbers, line.text) for line in lines]
    out = []
    for index, line in enumerate(lines):
        text = line.text
        if text and web and grammar.matches_any("web-furniture", web, text):
            web_dropped.append(text)
            out.append(Line(line.no, ""))
            continue
        drop = bool(text) and (
            numbered[index]
            or (text in repeated and (index > first_heading or _next_to(numbered, lines, index)))
            or (index > first_heading and text in alone and _title_key(text, grammar) in title_keys)
        )
        if drop:
            dropped.append(text)
        out.append(Line(line.no, "" if drop else text))
    repairs = [Repair("page-furniture", len(dropped), _examples(dropped))] if dropped else []
    if web_dropped:
        repairs.append(Repair("web-furniture", len(web_dropped), _examples(web_dropped)))
    return out, repairs


def _next_to(flags: list[bool], lines: list[Line], index: int) -> bool:
    """Is the nearest line with text before or after line ``index`` one of the ``flags``?"""
    for step in (-1, 1):
        k = index + step
        while 0 <= k < len(lines) and not lines[k].text:
            k += step
        if 0 <= k < len(lines) and flags[k]:
            return True
    return False


def _standalone(text: str, grammar: Grammar) -> bool:
    """A short line with no prose punctuation, no cells, and not a heading."""
    return (len(text) <= SHORT_LINE and "\t" not in text
            and not grammar.top["prose_punctuation"].search(text)
            and grammar.match_heading(text) is None)


def _repeated_headers(lines: list[Line], grammar: Grammar, alone: set[str]) -> set[str]:
    """The standalone lines (``alone``) that recur as running headers do."""
    counts = Counter(line.text for line in lines if line.text in alone)
    words, aside = grammar.top.get("header_words"), grammar.top.get("header_not")
    return {text for text, n in counts.items() if n >= HEADER_REPEATS and _balanced(text)
            and (words is None or words.search(text)) and (aside is None or not aside.match(text))}


def _balanced(text: str) -> bool:
    """Are the brackets of a line paired? (A running header is a whole title, no fragment.)"""
    return all(text.count(open_) == text.count(close) for close, open_ in _PAIRS.items())


def _title_key(text: str, grammar: Grammar) -> str:
    """A title as a running header may shorten it: without quotes, edition or period."""
    return grammar.pattern("furniture", "title_noise").sub("", text)


def _title_keys(lines: list[Line], grammar: Grammar) -> tuple[set[str], int]:
    """Keys of the title-like lines before the first heading, and that heading's index."""
    suffix = grammar.pattern("meta", "title_suffix")
    keys, first = set(), len(lines)
    for index, line in enumerate(lines):
        if grammar.match_heading(line.text):
            first = index
            break
        if line.text and suffix.search(line.text) and _standalone(line.text, grammar):
            keys.add(_title_key(line.text, grammar))
    return keys, first


def _examples(texts: list[str], most: int = 3) -> list[str]:
    return sorted(set(texts), key=texts.index)[:most]


# ---------------------------------------------------------------------------- unwrap

def unwrap(lines: list[Line], grammar: Grammar, layout: Layout) -> tuple[list[Block], list[Repair]]:
    """Join lines that continue a paragraph; blank lines alone never decide it, since PDF
    extractions put them between every line and page breaks fall mid-sentence. Lines join
    with nothing between them, as Chinese text does (a Latin word broken across a line end
    is mended too)."""
    blocks: list[Block] = []
    joins = 0
    last_line = Line(0, "")
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if blocks and _continues(blocks[-1].text, last_line, line, grammar, layout, Ahead(lines, index + 1)):
            block = blocks[-1]
            block.text += line.text
            block.last = line.no
            joins += 1
        else:
            blocks.append(Block(line.text, line.no, line.no))
        last_line = line
    return blocks, ([Repair("line-unwrap", joins)] if joins else [])


def starts_block(text: str, grammar: Grammar) -> bool:
    """Does this line start something of its own: a heading, a list dash, a label, a cell row?"""
    if "\t" in text or grammar.match_heading(text):
        return True
    return grammar.matches_any("block-starts", _block_starts(grammar), text)


@functools.lru_cache(maxsize=8)
def _block_starts(grammar: Grammar) -> tuple:
    """What starts a block besides a heading: a list dash, a label (目录, 图1, 表1, 专栏2, 附件, 抄送)."""
    return grammar.top_lists["block_starts"] + (
        grammar.pattern("toc", "start"), grammar.pattern("figure", "pattern"),
        grammar.pattern("table", "caption"), grammar.pattern("box", "pattern"),
        grammar.pattern("appendix", "start"), grammar.pattern("appendix", "list_start"),
        grammar.pattern("notice", "colophon_start"))


@functools.lru_cache(maxsize=MEMO)  # layout asks of a line again as the line before the next
def ends_paragraph(text: str, grammar: Grammar) -> bool:
    """Terminal punctuation (behind any closing quotes), or a closing bracket whose group
    stands after a sentence (…出台。〔牵头单位：…〕) or alone on the line, not one that
    closes a mid-sentence aside (89个县（市、区）). Remembered for the lines of the document
    being read."""
    return _ends_paragraph(text, grammar)


def _ends_paragraph(text: str, grammar: Grammar) -> bool:
    if grammar.top["closing_brackets"].search(text):
        opening = _opening_bracket(text)
        if opening is None or opening == 0 or grammar.top["terminal_punctuation"].search(text[:opening]):
            return True
    return bool(grammar.top["terminal_punctuation"].search(text.rstrip(_CLOSERS))) and not _left_open(text)


def _left_open(text: str) -> bool:
    """Does the line leave a bracket open (〔牵头单位：…): the mark before the line's end is
    inside it, and the paragraph goes on to close it."""
    return any(opener in text and text.rfind(opener) > text.rfind(close) for close, opener in _PAIRS.items())


_PAIRS = {"）": "（", ")": "(", "〕": "〔", "]": "[", "］": "［", "】": "【"}


def _opening_bracket(text: str) -> int | None:
    """Index of the bracket that the last character of ``text`` closes, or None."""
    close = text[-1]
    opener, depth = _PAIRS.get(close), 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == close:
            depth += 1
        elif text[index] == opener:
            depth -= 1
            if depth == 0:
                return index
    return None


_COVER_LINES = ("doc_number", "period", "date")  # the grammar's meta patterns that may make up a line of a cover


def cover_line(text: str, grammar: Grammar) -> bool:
    """Is this line, all of it, a 文号, a plan's period or a date (辽政办发〔2016〕76号,
    （2021—2025年）, 2021年10月: the grammar's ``meta`` patterns)? Such a line stands on its own
    under a title: it neither runs on from the line before nor into the line after, though
    a PDF's layout (an indent on some lines only) would join them."""
    return len(text) <= PLAN_TITLE_MAX and _cover_line(text, grammar)  # (a line of a cover is no longer than a title)


@functools.lru_cache(maxsize=MEMO)  # (asked of a line as the next line, then as the paragraph so far)
def _cover_line(text: str, grammar: Grammar) -> bool:
    union, patterns = _cover_lines(grammar)
    if union is not None:
        return union.fullmatch(text) is not None
    return any(pattern.fullmatch(text) for pattern in patterns)


@functools.lru_cache(maxsize=8)
def _cover_lines(grammar: Grammar) -> tuple:
    patterns = tuple(grammar.pattern("meta", key) for key in _COVER_LINES)
    return grammar.union("cover-lines", patterns), patterns


def _wrapped_marker(previous: str, text: str, grammar: Grammar, layout: Layout) -> bool:
    """A line that starts like a heading only because the wrap fell there (…建立全省统 /
    一、规范的某某系统，推进…): the line before is full and stops mid-sentence, and this
    line runs on as prose, which a heading's title does not."""
    return (layout.is_full(previous) and not ends_paragraph(previous, grammar)
            and bool(grammar.top.get("runs_on", grammar.top["prose_punctuation"]).search(text))
            and grammar.match_heading(text) is not None)


def _run_in(block: str, previous: str, text: str, grammar: Grammar, layout: Layout, ahead: Ahead) -> bool:
    """A marker the wrap put at a line's start, in a list the paragraph runs in: the line
    before is full and ends a sentence (else :func:`_wrapped_marker` says it), and either the
    paragraph holds the marker before this one inside it, not at its start (办好10件实事。
    （1）推进…（2）…（3）…。 / （4）加强饮用水源保护。…), or, for the first of its list
    (…国务院已经决定： / 第一、严格控制…。第二、统一制定…), this line holds the second marker, or
    is full itself (a heading's title, 第一、总体要求, is no wrapped line) and the lines
    ``ahead`` hold the second marker inside a line before any line starts with it (a list of
    paragraphs or of headings starts its second item on a line of its own)."""
    if not (ends_paragraph(previous, grammar) and layout.is_full(previous, True)):
        return False
    heading = grammar.match_heading(text)
    if heading is None:
        return False
    if heading.number > 1:
        before = _neighbour(heading.marker, heading.number, -1)
        return before is not None and _inside(block, before, max(1, len(block) - RUN_IN_REACH))
    written = text[:len(heading.marker)]  # (the marker as written: 第一、 is read 第一，)
    second = _neighbour(written, heading.number, 1) if heading.number == 1 else None
    if second is None:
        return False
    if _inside(text, second, len(written)):
        return True
    if not layout.is_full(text):
        return False
    for line in ahead.text(RUN_IN_REACH):
        if line.startswith(second):
            return False
        if _inside(line, second, 1):
            return True
    return False


def _inside(text: str, marker: str, start: int) -> bool:
    """Does ``marker`` stand in ``text`` from ``start`` (≥ 1) on, not as the end of a longer
    numeral (not 13.5% for 3., nor 十二、 for 二、)?"""
    at = text.find(marker, start)
    while at > 0:
        if not _in_numeral(text[at - 1]):
            return True
        at = text.find(marker, at + 1)
    return False


def _neighbour(marker: str, number: int, step: int) -> str | None:
    """The marker ``step`` places on from ``marker`` (number ``number``) in its sequence:
    （4） → （3）, 第三， → 第二，, ④ → ③, 4. → 3. (step −1); 第一、 → 第二、 (step 1); None below
    the first, or for a numeral written otherwise."""
    if number + step < 1:
        return None
    for write in (str, to_chinese, to_circled):
        if (written := write(number)) in marker:
            return marker.replace(written, write(number + step), 1)
    return None


def _in_numeral(char: str) -> bool:
    return (char.isascii() and (char.isalnum() or char == ".")) or char in CHINESE_NUMERAL_CHARS


def _wrapped_dash(previous: str, text: str, grammar: Grammar, layout: Layout) -> bool:
    """A line that starts like a list item (a dash, a dot) only because the wrap fell before
    a mark that joins two words (…利用RFID / -SIM等物联网技术; …举办第四届中国 /
    ·南昌国际军乐节: the grammar's ``joins``): the line before is full and stops mid-sentence."""
    joins = grammar.top.get("joins")
    return (joins is not None and joins.match(text) is not None and layout.is_full(previous)
            and not ends_paragraph(previous, grammar))


def _label_alone(block: str, grammar: Grammar) -> bool:
    """A bare heading (no text run into it), or a label that stands on its own: 附件1, 目录,
    专栏2 …, 图1 …, 表1 …."""
    heading = grammar.match_heading(block)
    if heading is not None:
        return not heading.body
    labels = (grammar.pattern("appendix", "start"), grammar.pattern("toc", "start"), grammar.pattern("box", "pattern"),
              grammar.pattern("figure", "pattern"), grammar.pattern("table", "caption"))
    return any(p.match(block) for p in labels)


@dataclass(frozen=True)
class Ahead:
    """The lines after the one being read (``lines`` from ``start``), for a rule that must look
    ahead."""

    lines: list[Line] = field(default_factory=list)
    start: int = 0

    def text(self, most: int) -> list[str]:
        """The next lines' texts, up to about ``most`` characters."""
        found, size = [], 0
        for line in itertools.islice(self.lines, self.start, None):
            if size >= most:
                break
            if line.text:
                found.append(line.text)
                size += len(line.text)
        return found


def _continues(block: str, line: Line, following: Line, grammar: Grammar, layout: Layout,
               ahead: Ahead = Ahead()) -> bool:
    previous, text = line.text, following.text
    if "\t" in previous:
        return False
    if grammar.matches_any("continuation-starts", grammar.top_lists["continuation_starts"], text):
        return True
    # a 文号, a period or a date on a line of its own stands alone, whatever the layout says
    return _runs_on(block, line, following, grammar, layout, ahead) and not (cover_line(text, grammar)
                                                                            or cover_line(block, grammar))


def _runs_on(block: str, line: Line, following: Line, grammar: Grammar, layout: Layout,
             ahead: Ahead = Ahead()) -> bool:
    """Does the layout say that line ``following`` goes on with the paragraph ``block`` (whose
    last line is ``line``)? ``ahead``: the lines after ``following``."""
    previous, text, next_no = line.text, following.text, following.no
    indent_starts = layout.start_marks is not None and next_no in layout.start_marks  # (the indent says so)
    if layout.full_width is not None and not indent_starts and (
            _wrapped_marker(previous, text, grammar, layout) or _wrapped_dash(previous, text, grammar, layout)
            or _run_in(block, previous, text, grammar, layout, ahead)):
        return True
    if starts_block(text, grammar):
        return False
    if layout.end_marks is not None:  # the text says where its paragraphs end
        return line.no not in layout.end_marks
    if layout.start_marks is not None:  # the text says where its paragraphs start
        if next_no in layout.start_marks:
            return False
        indented = line.no in layout.start_marks
        if _label_alone(block, grammar) and not layout.is_full(previous, True, indented):
            return False  # a heading or a label on a line of its own, whether indented or not
        if layout.full_width is not None:  # and, hard-wrapped, that the rest continue them
            # (unless a short line ends a sentence: not every paragraph need be indented)
            return not (ends_paragraph(previous, grammar) and not layout.is_full(previous, True, indented))
    heading = grammar.match_heading(block)
    bare_heading = heading is not None and not heading.body
    ended = ends_paragraph(previous, grammar)
    if layout.is_full(previous, ended) and not (bare_heading and ended):
        return True
    if ends_paragraph(previous, grammar) or bare_heading:
        return False
    if layout.full_width is None and next_no in layout.indented:
        return False  # a paragraph a line, and this one indented: it starts a paragraph (render writes so)
    return bool(grammar.top["prose_punctuation"].search(block))
