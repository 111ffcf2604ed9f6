"""Repair text that was GBK decoded one byte off (``?。ㄒ唬…`` for ``（一）…``).

When a scraper starts decoding a GBK line one byte late, it reads each character's trail
byte together with the next character's lead byte. Pairs that are not GBK are dropped, an
ASCII byte in trail position resynchronises the decoder, and a pair whose second byte is
ASCII below 0x40 becomes ``?`` and swallows that byte. The damage is therefore a prefix of
the line, up to the first ASCII character, whose bytes are the true bytes shifted by one
with whole invalid pairs missing.

Repair re-encodes that prefix, realigns it, and at every character boundary considers that
nothing, one or two invalid pairs were lost there; a character model of the document's own
clean text and of general Chinese (:mod:`planparse.parse.charmodel`) chooses among the candidates
by beam search. A repair is kept only when the model finds it far more likely than the
damaged text, so it never fires on clean text.

The search is exact but reads little of what it could: a boundary's candidates (the
likeliest fifty with one lost pair, and with two) are found by reading ends in the order of
their frequency and stopping where the model says none further can be kept (the characters
it has not linked to a start come in that order: :meth:`~.charmodel.CharModel.linked_among`);
and a beam step (:func:`_step`) takes readings in the order of a bound on their score, so
only those that can still enter the beam are scored, and the line prior is asked only of
readings whose start it says can earn something (its ``reach``).

A decoder that replaces what it cannot read (Python's ``errors="replace"``, and many
scrapers) gets back in step mid-line instead: it shows wrong characters until a shifted pair
is no GBK, a U+FFFD for the byte it gave up on (the trail byte of the last damaged
character), and the rest of the line in step (``〉谌�章 加强…`` for ``　第三章 加强…``); or, where
a trail byte is ASCII (GBK's extension: traditional 發 is B06C), that character, and the rest
in step (``〉谖逭隆“l展`` for ``　第五章　發展``). Nothing is lost silently there, so every true
character between the first and the last is fixed by the bytes; only the first character's
lead byte (an indent's, as a rule) and a lost trail byte are searched, and the same model
and line prior choose (:func:`repair_resynchronised`).
"""
from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import cast

import regex

from ..rules import cache
from .ahead import MISSING, Ahead, usable
from .charmodel import _FOLD, CachedModel, CharMap, CharModel

LEADS = range(0x81, 0xFF)
TRAILS = [b for b in range(0x40, 0xFF) if b != 0x7F]
BEAM = 24
LONG_SPAN = 40  # characters past which a damaged span (running text) is searched more narrowly:
LONG_BEAM = 4  # with this beam, and without the cache of nearby lines
LONG_CANDIDATES = 12  # and this many candidates with a lost pair per boundary
CANDIDATES = 50  # kept per boundary and per number of lost pairs
MIDDLE_CHARS = 150  # the document's most frequent characters, tried as the middle of a double loss
EDGE_CHOICES = 4  # first and last characters kept per middle character of a double loss
PAIRED = 60  # likeliest first and last characters paired up for a single loss
MARGIN = 2.0  # nats per damaged character by which a repair must beat the damaged text
NEARBY = 2  # lines after a damaged line whose characters the repair expects to see again
NEARBY_BEFORE = 3  # and lines before it
CACHE_WEIGHT = 0.2  # weight of those characters against the document-wide model
HEADING_REACH = 4  # boundaries within which a line prior (a heading marker) is scored
EXACT = 1e-9  # nats a bound may fall short of what it bounds when its terms are summed in another order
_SPAN = cache.pattern(r"^\??[^\x00-\x7F]+(?:\?|(?=[\x40-\x7E]))")
# an indented line whose first character was ASCII: the indent's bytes became '??' and the
# ASCII character was swallowed (　1.完善 → ??.完善, 　(一)总体 → ??一)总体)
_SWALLOWED_START = cache.pattern(r"^\?\?(?=\S)")
# A replacing decoder's damage: wrong characters (none ASCII: an ASCII byte puts the decoder
# back in step) up to the U+FFFD of the byte it gave up on, or up to an ASCII character that
# was the trail byte of the last damaged character (GBK's extension, traditional 發 B06C: 〉谖逭隆“l展)
_RESYNC_SPAN = cache.pattern(r"^[^\x00-\x7F\uFFFD]*\uFFFD|^[^\x00-\x7F\uFFFD]+[\x40-\x7E]")
LOST = "\ufffd"
LOST_BYTES = [b for b in TRAILS if b >= 0x80]  # what the lost byte can be: not ASCII (it would show)
INDENT_TRAIL = 0xA1  # the trail byte of U+3000, the indent, and so the lead of an indented line read one late
# (the second kind shows no U+FFFD: it is looked for only on an indented line, whose first wrong
# character is one of GBK's row A1, 〉 for 　第; these are the lines that may be one)
_A1_ROW = "".join(bytes((INDENT_TRAIL, b)).decode("gbk") for b in range(0xA2, 0xFF))
_A1_FIRST = frozenset(_A1_ROW)
_INDENT_READ_LATE = cache.pattern(rf"\n[{regex.escape(_A1_ROW)}][^\x00-\x7F\uFFFD]*[\x40-\x7E]")  # (after a
# line break, not ^ in MULTILINE: a literal first is found fast, where ^ is tried at every character)
_ASCII_GUESSES = "0123456789()<>/-:;,.!\"#$%&'*+= "
# characters such a decoding produces and Chinese prose almost never uses (looked for in every
# text a parse reads: by the standard library's engine, the quicker at a class)
_RARE = cache.scan(r"[\u3105-\u3129\u2500-\u257F\u01CD-\u01DC\u3040-\u30FF\u0391-\u03C9\u0410-\u044F]")


@functools.cache
def _tables():
    """GBK validity: the character of each valid pair (keyed ``lead << 8 | trail``: int keys
    load from the cache in a third of the time tuples take); for each byte, the bytes that follow
    it (``after``) or precede it (``before``) in a pair a decoder drops silently (a lead byte
    0x81–0xFE with a trail-range byte that GBK does not map). Kept in planparse's cache."""
    name = f"gbk-{cache.key('gbk-tables', 'pair keys: lead << 8 | trail')}"
    found = cache.load(name, tuple)
    if found is not None and len(found) == 3 and all(isinstance(part, dict) for part in found):
        return found
    found = _build_tables()
    cache.save(name, found, stale_prefix="gbk-")
    return found


def _build_tables():
    chars: dict[int, str] = {}
    after: dict[int, set[int]] = {}
    before: dict[int, set[int]] = {}
    for a in LEADS:
        for b in TRAILS:
            try:
                chars[a << 8 | b] = bytes((a, b)).decode("gbk")
            except UnicodeDecodeError:
                after.setdefault(a, set()).add(b)
                before.setdefault(b, set()).add(a)
    return chars, after, before


@dataclass
class Repaired:
    text: str
    span: str  # the damaged text that was replaced
    fixed: str  # what replaced it


def damaged_span(line: str) -> str | None:
    """The prefix of ``line`` that looks decoded one byte off, or None: up to the first ASCII
    character; or where a replacing decoder got back in step, up to and with the U+FFFD of
    the byte it lost or the ASCII character that ended the damage (:func:`resynchronised_span`)."""
    if line.startswith("?") or _RARE.search(line):  # what every damaged span of the first kind shows
        match = _SPAN.match(line) or _SWALLOWED_START.match(line)
        span = match.group() if match else ""
        if (span.startswith("?") or len(_RARE.findall(span)) >= 2) and _encodable(span):
            return span
    return resynchronised_span(line) if LOST in line or line[:1] in _A1_FIRST else None


def resynchronised_span(line: str) -> str | None:
    """The prefix of ``line`` that a decoder replacing what it cannot read (U+FFFD) read one
    byte late, up to where it got back in step, or None. Every wrong character's bytes must
    make the true characters but the first and the last (see :func:`repair_resynchronised`)."""
    if LOST not in line and line[:1] not in _A1_FIRST:
        return None
    match = _RESYNC_SPAN.match(line)
    if match is None:
        return None
    span = match.group()
    shifted = _gbk_run(span[:-1])
    if shifted is None or line[len(span):len(span) + 1] == LOST:  # (in step, the decoder read what followed)
        return None
    if span[-1] != LOST:  # the ASCII character is the last true character's trail byte
        trail = ord(span[-1])
        if shifted[0] != INDENT_TRAIL or trail > 0xFF or shifted[-1] << 8 | trail not in _tables()[0]:
            return None
    return span if _shifted_middle(shifted) is not None else None


def _resynchronised(span: str) -> bool:
    """Is a damaged span a replacing decoder's (:func:`resynchronised_span`)? The first kind
    ends in a character that is not ASCII, or in '?'."""
    return span[-1] == LOST or "\x40" <= span[-1] <= "\x7e"


def _late_indent(text: str) -> bool:
    """Does a line of ``text`` look like an indented line read one byte late that shows no
    U+FFFD (a row-A1 character first, and an ASCII character after a run of others)?"""
    return bool(text[:1] in _A1_FIRST and _RESYNC_SPAN.match(text) or _INDENT_READ_LATE.search(text))


def _gbk_run(text: str) -> bytes | None:
    """The GBK bytes of ``text`` when each of its characters is a pair of them."""
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 * len(text) else None


def _readable(char: str) -> bool:
    return char.isprintable() or char == "\u3000"


def _shifted_middle(shifted: bytes) -> str | None:
    """The true characters that the bytes of wrong characters (``shifted``, the true bytes
    one late) fix: each but the first and the last, the trail byte of one wrong character
    with the lead byte of the next. None when one of them is no GBK."""
    chars = _tables()[0]
    middle = []
    for i in range(2, len(shifted) - 1, 2):
        char = chars.get(shifted[i - 1] << 8 | shifted[i])
        if char is None or not _readable(char):
            return None  # a pair the decoder would not have read so
        middle.append(char)
    return "".join(middle)


def _encodable(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


# Log-odds for a whole repaired line. It may also have a ``see(line)`` method, called with
# every line in turn once it is repaired, to judge later lines in context; a ``ceiling``, the
# most it ever gives (it is never below 0); and a ``never(char)`` method, true when no line
# starting with that character gets anything from it. The search uses the last two to ask less.
LinePrior = Callable[[str], float]


class _NoPrior:
    """No line prior: nothing for any line (so nothing at most)."""

    ceiling = 0.0

    def __call__(self, line: str) -> float:
        return 0.0


_no_prior = _NoPrior()


def repair_line(line: str, model: CharModel, line_prior: LinePrior = _no_prior,
                glosses: dict[str, set[str]] | None = None) -> Repaired | None:
    """The line with its damaged prefix repaired, or None when no repair is convincing.

    ``line_prior`` adds log-odds for a whole repaired line (the parser passes a bonus for a
    line that reads as a heading of its grammar, since damage strikes line starts)."""
    span = damaged_span(line)
    if span is None:
        return None
    rest = line[len(span):]
    if _resynchronised(span):
        return repair_resynchronised(span, rest, model, line_prior)
    if span == "??":
        return _repair_swallowed_start(rest, model, line_prior)
    shift = _shifted(span, rest)  # (a span :func:`_searched` reads)
    if shift is None:
        return None
    shifted, resync, swallowed, rest = shift
    found = _search(shifted, resync, swallowed, rest, model, line_prior, glosses or {})
    if found is None:
        return None
    fixed, tail = found
    context = (tail + rest)[:3] or "\n"
    damaged = model.score(span + rest[:3]) / len(span)
    repaired = (model.score(fixed + context) + line_prior(fixed + tail + rest)) / len(span)
    if repaired < damaged + MARGIN:
        return None
    return Repaired(fixed + tail + rest, span, fixed)


def _shifted(span: str, rest: str) -> tuple[bytes, int | None, bool, str] | None:
    """What a damaged ``span`` (not a replacing decoder's, not ``??``) before ``rest`` gives the
    search: the shifted bytes, the byte where the line got back in step (None when the span
    ends in ``?``: the ASCII character after it was swallowed), whether it was, and the rest
    of the line after that byte; None when the bytes cannot be a shifted stream."""
    body = span[1:] if span.startswith("?") else span
    swallowed = body.endswith("?")
    shifted = (body[:-1] if swallowed else body).encode("gbk")
    if len(shifted) % 2 or not shifted or (not swallowed and not rest):  # (the last never: a span not
        return None  # ending in ? stops before an ASCII character; a guard)
    if swallowed:
        return shifted, None, True, rest
    return shifted, ord(rest[0]), False, rest[1:]


def _searched(span: str) -> bool:
    """Is a damaged ``span`` read by the beam search (:func:`_search`): not a replacing
    decoder's, not a bare ``??``? (:func:`repair_line` sends those elsewhere.)"""
    return span != "??" and not _resynchronised(span)


def _boundaries(shifted: bytes, resync: int | None) -> tuple[list[tuple[int, int | None]], bool]:
    """The boundaries the search reads (:func:`_edges`), and whether they are so many that
    it reads them more narrowly (running text: :data:`LONG_SPAN`)."""
    edges = _edges(shifted, resync)
    return edges, len(edges) > LONG_SPAN


def _edges(shifted: bytes, resync: int | None) -> list[tuple[int, int | None]]:
    """The boundaries of the shifted stream: true character i joins the trail byte of
    shifted pair i-1 to the lead byte of pair i; the last, the last trail byte to ``resync``."""
    return [(shifted[i - 1], shifted[i]) for i in range(2, len(shifted), 2)] + [(shifted[-1], resync)]


def _candidate_keys(line: str) -> list[tuple[int, int | None, bool]]:
    """The candidate tables (:func:`_candidates`' arguments) the search of a damaged ``line``
    asks for, in order (unless it gives up early: no first character, no option at a boundary);
    none for a line another repair reads."""
    span = damaged_span(line)
    if span is None or not _searched(span):
        return []
    shift = _shifted(span, line[len(span):])
    if shift is None:
        return []
    edges, long = _boundaries(shift[0], shift[1])
    return [(left, right, long) for left, right in edges]


def repair_resynchronised(span: str, rest: str, model: CharModel,
                          line_prior: LinePrior = _no_prior) -> Repaired | None:
    """A line that a decoder replacing what it cannot read read one byte late: ``span`` is
    the wrong characters and the U+FFFD or ASCII character where it got back in step
    (:func:`resynchronised_span`), ``rest`` the line after it, in step and clean.

    The wrong characters' bytes are the true bytes shifted by one, so each true character
    but the first and the last is the trail byte of one wrong character with the lead byte
    of the next. The first lost its lead byte (the line's first byte: U+3000's when the wrong
    text starts with its trail 0xA1, the usual indent). The last has for its trail byte the
    ASCII character, or else the byte the decoder gave up on: no ASCII (it would show), and
    no GBK pair with the byte after it. The model and the line prior choose among the
    readings (:func:`_resync_readings`).

    A repair is kept only when it beats the damaged text by :data:`MARGIN` a character, the
    damaged text read without its U+FFFD (a character unread either way: counted against the
    damaged text alone, it would let a reading of a clean line beat it); a repair that only
    drops a U+FFFD after an indent is always kept.

    The document's model is asked, not a cache of nearby lines: nothing is lost silently
    here, so the only choices are of single characters next to known ones, which the
    model's trigrams judge and a cache's bias to frequent characters only blurs."""
    model = getattr(model, "base", model)
    shifted = _gbk_run(span[:-1])
    if shifted is None:
        return None
    if span[-1] == LOST:
        following = _gbk(rest[0])[:1] if rest else b""  # the byte after the lost one (none at a line end)
        trails = [b for b in LOST_BYTES if not following or b << 8 | following[0] not in _tables()[0]]
    else:
        trails = [ord(span[-1])]
    readings = _resync_readings(shifted, trails, rest[:2], model)
    if not readings:
        return None
    context = rest[:3] or "\n"
    scored = sorted(((score + model.score(context, "\n" + text), text, wrong) for score, text, wrong in readings),
                    reverse=True)
    ceiling = getattr(line_prior, "ceiling", None)
    never = getattr(line_prior, "never", None)
    best = None  # (model score and prior, model score, text, the wrong text it reads)
    for score, text, wrong in scored:
        if best is not None and ceiling is not None and score + ceiling < best[0]:
            break  # (the prior gives no more than its ceiling: no later reading can win)
        line = text + rest
        prior = 0.0 if never is not None and line and never(line[0]) else line_prior(line)
        if best is None or (score + prior, score, text) > best[:3]:
            best = (score + prior, score, text, wrong)
    assert best is not None  # (readings is not empty)
    total, _, fixed, wrong = best
    if fixed or wrong:
        damaged = model.score(wrong + context, "\n") / len(span)
        if total / len(span) < damaged + MARGIN:
            return None
    return Repaired(fixed + rest, span, fixed)


def _resync_readings(shifted: bytes, trails: list[int], following: str,
                     model: CharModel) -> list[tuple[float, str, str]]:
    """Each reading of the bytes of the wrong characters (``shifted``) when the last true
    character's trail byte is one of ``trails``: its model score from a line's start, its
    true text without the indent, and the wrong characters it reads (the damaged text but
    for its U+FFFD). ``following`` is the text after the damage.

    With no wrong character the U+FFFD is the first character's trail byte: an indent's,
    when it can be one (the repair drops the U+FFFD); or else the second character's, after
    an indent whose wrong character U+3000 (A1A1, from the indent's trail and the next
    character's lead) the indentation fixer took off (—— reads as U+3000, U+FFFD, —); or,
    on a line with no indent, a character of the document that ends in such a byte, which
    only the line prior can tell (a heading's number)."""
    chars = _tables()[0]
    wrong = shifted.decode("gbk")
    if not shifted:
        if INDENT_TRAIL in trails:
            return [(0.0, "", "")]
        stripped = [(score, text, "\u3000") for score, text, _ in
                    _resync_readings(bytes((INDENT_TRAIL, INDENT_TRAIL)), trails, following, model)]
        return stripped + [(score, char, "") for score, char in _lost_first_chars(trails, following, model)]
    middle = _shifted_middle(shifted)
    if middle is None:
        return []
    ends = [end for b in trails if (end := chars.get(shifted[-1] << 8 | b)) is not None and _readable(end)]
    readings = []
    for score, first in _resync_first_chars(shifted[0], middle[:2], model):
        head = first + middle
        score += model.score(middle, "\n" + first)
        readings += [(score + model.score(end, "\n" + head), head + end, wrong) for end in ends]
    return readings


def _resync_first_chars(lead_trail: int, following: str, model: CharModel) -> list[tuple[float, str]]:
    """Scored readings of a line's first true character, whose lead byte was skipped: the
    indent U+3000 (read as nothing) when its trail is 0xA1, or else the ``BEAM`` characters
    with that trail likeliest to start a line before ``following``."""
    if lead_trail == INDENT_TRAIL:
        return [(0.0, "")]
    chars = _tables()[0]
    options = [c for a in LEADS if (c := chars.get(a << 8 | lead_trail)) is not None and c.isprintable()]
    ranked = heapq.nlargest(BEAM, ((model.score(c + following, "\n"), c) for c in options))
    return [(model.score(c, "\n"), c) for _, c in ranked]


def _lost_first_chars(trails: list[int], following: str, model: CharModel) -> list[tuple[float, str]]:
    """Scored readings of a line's first character, not in GBK's row A1, whose both bytes
    were lost, the trail being one of ``trails``: the ``BEAM`` characters of the document
    likeliest to start a line before ``following``."""
    allowed = set(trails)
    options = [c for c in model.vocabulary if _trail_byte(c) in allowed and _lead_byte(c) != INDENT_TRAIL]
    ranked = heapq.nlargest(BEAM, ((model.score(c + following, "\n"), c) for c in options))
    return [(model.score(c, "\n"), c) for _, c in ranked]


def _repair_swallowed_start(rest: str, model: CharModel, line_prior: LinePrior) -> Repaired | None:
    """``??`` before ASCII: the indent is lost and so is the ASCII character after it."""
    guess = max(_ASCII_GUESSES, key=lambda c: (model.score(c + rest[:2], "\n") + line_prior(c + rest), c))
    return Repaired(guess + rest, "??", guess)


def _candidates_key(left: int, right: int | None, long: bool) -> tuple:
    """Where :func:`_candidates` keeps a table in the document's model's memo."""
    return ("candidates", left, right, long)


def _candidates(model: CharModel, left: int, right: int | None, long: bool = False) -> list[str]:
    """:func:`_boundary_candidates`, memoised on the document's (base) model. In a long span
    (running text) fewer: no double losses, and only the likeliest single ones."""
    model = getattr(model, "base", model)
    key = _candidates_key(left, right, long)
    if key not in model.memo:
        found = _boundary_candidates(left, right, model, doubles=not long)
        model.memo[key] = found[:1 + LONG_CANDIDATES] if long else found
    return model.memo[key]


def _boundary_candidates(left: int, right: int | None, model: CharModel, doubles: bool = True) -> list[str]:
    """Strings of true characters that can stand between two known bytes of the shifted
    stream: one character, or two or three when one or two silently dropped pairs were lost
    between them. ``right`` None: the trail byte is unknown (the line ends in ``?``).
    Without ``doubles`` (running text) only the likeliest characters are paired up."""
    chars, after, before = _tables()
    firsts = _row(model, left)
    if not doubles:
        firsts = heapq.nlargest(LONG_CANDIDATES, firsts, key=lambda item: (model.score(item[1]), item[1]))
    if right is None:  # the likeliest of the first characters alone and the likeliest of them with a second
        singles = list(zip(model.unigram_logs([c for _, c in firsts]), (c for _, c in firsts)))
        probability = model.probability
        likely_firsts = heapq.nlargest(PAIRED // 2, firsts, key=lambda item: (model.score(item[1]), item[1]))
        starts = [(probability("", first), first, _lead_ends(model, after[a])) for a, first in likely_firsts if a in after]
        return _likeliest_extensions(starts, probability, model.linked_among, 2 * CANDIDATES, singles)
    out = [chars[left << 8 | right]] if right is not None and left << 8 | right in chars else []
    lasts = _column(model, right)
    if not doubles:
        lasts = heapq.nlargest(LONG_CANDIDATES, lasts, key=lambda item: (model.score(item[1]), item[1]))
    # first and last characters in order of likelihood, once; pairs are made from the likeliest
    probability = model.probability  # (model.score of one character, without its call)
    ranked_firsts = _ranked(model, ("firsts", left), firsts)
    ranked_lasts = _ranked(model, ("lasts", right), lasts)
    likely_lasts = ranked_lasts[:PAIRED]
    single = [(probability("", first), first, _ends(model, ("singles", right), likely_lasts, after.get(a)))
              for a, first in ranked_firsts[:PAIRED] if a in after]
    out += _likeliest_extensions(single, probability, model.linked_among)
    if doubles:
        out += _likeliest_doubles(model, _double_starts(model, left, ranked_firsts),
                                  lambda trail: _ends(model, ("doubles", right), ranked_lasts, after[trail], EDGE_CHOICES))
    return [t for t in out if t.isprintable()]


def _row(model: CharModel, lead: int) -> list[tuple[int, str]]:
    """(trail, character) of every GBK character with the lead byte ``lead``."""
    return _line_of(model, "row", lead, TRAILS, lambda trail: lead << 8 | trail)


def _column(model: CharModel, trail: int) -> list[tuple[int, str]]:
    """(lead, character) of every GBK character with the trail byte ``trail``."""
    return _line_of(model, "column", trail, LEADS, lambda lead: lead << 8 | trail)


def _line_of(model: CharModel, kind: str, byte: int, others, pair) -> list[tuple[int, str]]:
    """A row or a column of the GBK table, (the other byte, character), remembered by the
    model, the characters' script worked out at once (:meth:`CharModel.prepare`)."""
    key = (kind, byte)
    if key not in model.memo:
        chars = _tables()[0]
        found = model.memo[key] = [(other, chars[pair(other)]) for other in others if pair(other) in chars]
        model.prepare(c for _, c in found)
    return model.memo[key]


def _ends(model: CharModel, key: tuple, ranked: list[tuple[int, str]], leads: set[int] | None,
          most: int | None = None) -> list[str]:
    """The characters of ``ranked`` (lead byte, character; likeliest first) whose lead byte
    is one of ``leads`` (the bytes that make a dropped pair after some trail byte), in that
    order, ``most`` of them at most; remembered by ``key`` and ``leads``."""
    memo = model.memo.setdefault(key, {})
    found = memo.get(id(leads))
    if found is None:
        found = [char for b, char in ranked if b in leads] if leads else []
        found = memo[id(leads)] = found[:most] if most is not None else found
    return found


def _double_starts(model: CharModel, left: int, ranked_firsts: list[tuple[int, str]]):
    """The first two characters of the readings with two dropped pairs at a boundary after
    ``left``: for each middle (one of the document's frequent characters), its trail byte
    (which says what the third can be: :func:`_ends`), its heads (the likeliest first
    characters whose trail byte makes a dropped pair with the middle's lead byte), those of
    them the document has before the middle (then history for the third character), and
    the most a head and the middle score. Remembered for ``left``: they do not depend on
    the byte after the boundary.

    That most is not read off every head: where the model has not linked the middle to a
    head (:meth:`~.charmodel.CharModel.linked_among`), the middle's probability after the
    head is the head's share (:meth:`~.charmodel.CharModel.unlinked_share`) of the middle's
    unigram probability, so it is summed from those (with :data:`EXACT` of slack)."""
    key = ("double-starts", left)
    if key not in model.memo:
        _, after, before = _tables()
        probability = model.probability
        history = model._histories
        drops = [(a, first) for a, first in ranked_firsts if a in after]  # (likeliest first)
        middles = _middles(model)
        heads_of: dict[int, list[str]] = {}  # a middle's lead byte → its heads
        for _, lead, _ in middles:
            if lead not in heads_of:
                trails = before.get(lead, ())
                heads_of[lead] = [first for a, first in drops if a in trails][:EDGE_CHOICES]
        chars = [middle for middle, lead, _ in middles if heads_of[lead]]
        heads = {head for found in heads_of.values() for head in found}
        linked = {head: model.linked_among(head, chars) for head in heads}
        shares = {head: probability("", head) + _log_share(model, head) for head in heads}  # (in log)
        groups = []  # (middle, its trail byte, its heads, those with history, the most a head and it score)
        for middle, lead, trail in middles:
            found = heads_of[lead]
            if found:
                own = probability("", middle) + EXACT
                most = max(probability("", head) + probability(head, middle) if middle in linked[head]
                           else shares[head] + own for head in found)
                seen = [head for head in found if (head + middle).translate(_FOLD) in history]
                groups.append((middle, trail, found, seen, most))
        model.memo[key] = groups
    return model.memo[key]


def _middles(model: CharModel) -> list[tuple[str, int, int]]:
    """The document's frequent characters (:data:`MIDDLE_CHARS`) whose trail byte makes a
    dropped pair with some byte, so that they can stand between two lost pairs; with their
    lead and trail bytes."""
    key = ("middles",)
    if key not in model.memo:
        after = _tables()[1]
        model.memo[key] = [(middle, _lead_byte(middle), trail) for middle in model.frequent(MIDDLE_CHARS)
                           if (trail := _trail_byte(middle)) in after]
    return model.memo[key]


def _log_share(model: CharModel, before: str) -> float:
    """The log of :meth:`~.charmodel.CharModel.unlinked_share`, remembered."""
    shares = model.memo.setdefault("log-shares", {})
    found = shares.get(before)
    if found is None:
        share = model.unlinked_share(before)
        found = shares[before] = math.log(share) if share > 0 else -math.inf
    return found


def _likeliest_doubles(model: CharModel, groups, tails: Callable[[int], list[str]]) -> list[str]:
    """:func:`_likeliest_extensions` of every head and middle (:func:`_double_starts`) with
    each of the third characters its middle's trail byte allows (``tails``). Scored by
    middle: where the document lacks the head and middle as a pair, the third character's
    probability after them is its probability after the middle alone (the trigram falls
    back to the bigram), the same for all heads; a middle is read only if the most its
    heads score with its likeliest third character can still make a kept string."""
    probability = model.probability
    bounded = []  # (the most a string of the middle can score, the middle's index)
    thirds_of: dict[int, list[str]] = {}  # (a trail byte's thirds, asked once)
    for index, (middle, trail, heads, seen, most_start) in enumerate(groups):
        thirds = thirds_of.get(trail)
        if thirds is None:
            thirds = thirds_of[trail] = tails(trail)
        if not thirds:
            continue
        most = max([probability(middle, third) for third in thirds])  # (the model remembers them across boundaries)
        for head in seen:
            most = max(most, *(probability(head + middle, third) for third in thirds))
        bounded.append((most_start + most, index))
    bounded.sort(key=itemgetter(0), reverse=True)
    best: list[tuple[float, str]] = []  # a heap of the CANDIDATES likeliest so far, the least first
    for bound, index in bounded:
        if len(best) == CANDIDATES and bound < best[0][0]:
            break
        middle, trail, heads, seen, _ = groups[index]
        thirds = thirds_of[trail]
        scored = [probability(middle, third) for third in thirds]
        most = max(scored)
        for head in heads:
            start = probability("", head) + probability(head, middle)
            text = head + middle
            if head in seen:
                after = [probability(text, third) for third in thirds]
            elif len(best) == CANDIDATES and start + most < best[0][0]:
                continue  # (no third makes this head's strings kept)
            else:
                after = scored
            for third, added in zip(thirds, after):
                item = (start + added, text + third)
                if len(best) < CANDIDATES:
                    heapq.heappush(best, item)
                elif item > best[0]:
                    heapq.heapreplace(best, item)
    return [text for _, text in sorted(best, reverse=True)]


def _ranked(model: CharModel, key: tuple, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(byte, character) likeliest character first, remembered on the model by ``key``."""
    if key not in model.memo:
        chars = [char for _, char in found]
        scores = [-score for score in model.unigram_logs(chars)]
        model.memo[key] = [item for _, _, item in sorted(zip(scores, chars, found))]  # (characters differ)
    return model.memo[key]


def _likeliest_extensions(starts: list[tuple[float, str, list[str]]], probability,
                          linked: Callable[[str, list[str]], set[str]] | None = None,
                          most: int = CANDIDATES, also: Sequence[tuple[float, str]] = ()) -> list[str]:
    """The ``most`` (:data:`CANDIDATES`) likeliest strings made of a start (its score, its
    text) and one of its ends, scored as ``model.score`` would, or among ``also`` (scored
    strings), in the order ``heapq.nlargest`` of (score, text) gives. Starts are taken
    likeliest first, and one less likely than the last string kept is not extended: an end
    only makes it less likely.

    With ``linked`` (the model's :meth:`~.charmodel.CharModel.linked_among`), each start's
    ends come in the order of their unigram probability, likeliest first: those not linked
    to the start then come in the order of their probability after it, so once one of them
    is too unlikely to be kept, the ones after it are not scored."""
    starts.sort(key=itemgetter(0), reverse=True)
    best: list[tuple[float, str]] = heapq.nlargest(most, also)  # a heap of the likeliest so far, the least first
    best.reverse()
    for start, text, ends in starts:
        if len(best) == most and start < best[0][0]:
            break
        context = text[-2:]
        related: set[str] | None = None  # the ends linked to the start, once the heap is full
        falling = False  # an end not linked was too unlikely: so are the unlinked ones after it
        for end in ends:
            if falling and end not in (related or ()):  # (falling: related is known)
                continue
            item = (start + probability(context, end), text + end)
            if len(best) < most:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
            elif linked is not None and item[0] < best[0][0]:
                if related is None:
                    related = linked(context, ends)
                falling = end not in related
    return [text for _, text in sorted(best, reverse=True)]


def _lead_ends(model: CharModel, leads: set[int]) -> list[str]:
    """The document's likeliest characters for any of the lead bytes ``leads``
    (:func:`_likely_by_lead`), likeliest first by unigram; remembered for ``leads``."""
    memo = model.memo.setdefault("lead-ends", {})
    found = memo.get(id(leads))
    if found is None:
        by_lead = _likely_by_lead(model)
        chars = [char for b in leads for char in by_lead.get(b, ())]
        scores = [-score for score in model.unigram_logs(chars)]
        found = memo[id(leads)] = [char for _, char in sorted(zip(scores, chars))]
    return found


def _likely_by_lead(model: CharModel) -> dict[int, list[str]]:
    """The document's likeliest characters for each GBK lead byte (a few each)."""
    key = ("by-lead",)
    if key not in model.memo:
        grouped: dict[int, list[str]] = {}
        for char in sorted(model.vocabulary, key=lambda c: (-model.score(c), c)):
            group = grouped.setdefault(_lead_byte(char), [])
            if len(group) < EDGE_CHOICES:
                group.append(char)
        model.memo[key] = grouped
    return model.memo[key]


@functools.cache
def _gbk(char: str) -> bytes:
    try:
        return char.encode("gbk")
    except UnicodeEncodeError:
        return b""


def _lead_byte(char: str) -> int:
    code = _gbk(char)
    return code[0] if len(code) == 2 else -1


def _trail_byte(char: str) -> int:
    code = _gbk(char)
    return code[1] if len(code) == 2 else -1


def _first_chars(lead_trail: int, model: CharModel) -> list[tuple[float, str]]:
    """Scored readings of the first true character, whose lead byte was skipped (shown as
    ``?``): a line indented with U+3000 (A1A1), by far the usual case, or else the likeliest
    characters to start a line."""
    chars, _, _ = _tables()
    if lead_trail == 0xA1:
        return [(0.0, "\u3000")]
    options = [chars[a << 8 | lead_trail] for a in LEADS if a << 8 | lead_trail in chars]
    scored = [(model.score(c, "\n"), c) for c in options if c.isprintable()]
    return heapq.nlargest(BEAM, scored)


_GLOSS_AHEAD = cache.pattern(r"^([a-zü\u00E0-\u01DC]{1,6})\)")
_GLOSSED = cache.pattern(r"(\p{Han})[（(]([a-zü\u00E0-\u01DC]{1,6})[）)]")


def glossed_characters(text: str) -> dict[str, set[str]]:
    """Pinyin gloss → the characters it follows in ``text`` (``數(shù)`` gives shù → 數)."""
    out: dict[str, set[str]] = {}
    for match in _GLOSSED.finditer(text):
        out.setdefault(match.group(2), set()).add(match.group(1))
    return out


def _search(shifted: bytes, resync: int | None, swallowed: bool, rest: str, model: CharModel,
            line_prior: LinePrior, glosses: dict[str, set[str]]):
    """Beam search over character boundaries; returns (true text, swallowed ASCII) or None.

    The line prior is read off each reading's first few characters as the search goes (a
    heading marker shows early), and off the whole line at the end."""
    first = _first_chars(shifted[0], model)
    if not first:
        return None
    edges, long = _boundaries(shifted, resync)
    gloss = _GLOSS_AHEAD.match(rest) if swallowed else None
    glossed = glosses.get(gloss.group(1), set()) if gloss else set()
    beam = [(score, text, 0.0) for score, text in first]  # score, reading, prior counted so far
    width = LONG_BEAM if long else BEAM
    ceiling = getattr(line_prior, "ceiling", None)  # the most the prior can give, when it says
    for index, (left, right) in enumerate(edges):
        options = _candidates(model, left, right, long=long)
        if index == len(edges) - 1 and glossed:
            options = [o for o in options if o[-1] in glossed] or options
        if not options:
            return None
        if index < HEADING_REACH and ceiling is None:  # (a prior that does not say is asked of every reading)
            grown = _with_prior(_grow(model, beam, options), line_prior, width, ceiling)
            grown.sort(key=lambda item: (-item[0], item[1]))
            beam = grown[:width]
        else:
            beam = _step(model, beam, options, width, line_prior if index < HEADING_REACH else None)
    tails = [""]
    if swallowed and rest:
        tails = ["("] if gloss else list(_ASCII_GUESSES)
    return _best_line(beam, tails, rest, model, line_prior)


def _best_line(beam: list[tuple[float, str, float]], tails: list[str], rest: str, model: CharModel,
               line_prior: LinePrior) -> tuple[str, str]:
    """The best of the readings of ``beam`` (without the indent) each followed by one of
    ``tails`` (the swallowed ASCII character, when one was) and ``rest``, the prior now read
    off the whole line in place of what it counted; (text, tail). A prior that says its
    ceiling is asked only of lines that can still be the best, the likeliest first, and not
    of lines that start as its ``reach`` says get nothing."""
    finals = []  # (the most it can score, its score but for the prior's, text, tail, prior counted, that most)
    ceiling = getattr(line_prior, "ceiling", None)
    reach = getattr(line_prior, "reach", None) if ceiling is not None else None
    for score, text, counted in beam:
        text = text.lstrip("\u3000")
        most = ceiling if reach is None else reach(text)
        for tail in tails:
            partial = score + model.score((tail + rest)[:3] or "\n", text)
            finals.append((partial + (most - counted) if ceiling is not None and most is not None else 0.0, partial, text,
                           tail, counted, most))
    if ceiling is not None:
        finals.sort(key=itemgetter(0), reverse=True)
    best: tuple[float, str, str] | None = None  # (score, text, tail)
    for bound, partial, text, tail, counted, most in finals:
        if best is not None and ceiling is not None and bound < best[0] - EXACT:
            break
        whole = (line_prior(text + tail + rest) if most is None or most else 0.0) - counted
        found = (partial + whole, text, tail)
        if best is None or found > best:
            best = found
    assert best is not None  # (a beam has a reading, and there is a tail)
    return best[1], best[2]


def _step(model: CharModel, beam: list[tuple[float, str, float]], options: list[str], width: int,
          line_prior: LinePrior | None = None) -> list[tuple[float, str, float]]:
    """The beam after one more boundary: of every reading of ``beam`` extended by every
    option, the ``width`` best, scored and ordered as :func:`_grow`, then :func:`_with_prior`
    (given a ``line_prior``, which must say its ``ceiling``) or the prior counted so far, and
    the sort by score and reading make them — but reading only those that can be among them.

    A reading's score is its entry's, plus what the option's first character adds after
    the entry's last two, plus what the option's other characters add. Those other
    characters' share is the same after every entry, except after one whose last character
    the document has followed by the option's first (then that character is history for
    the option's second): the trigram falls back to the bigram. And what the first
    character adds depends on the entry's last character alone, unless the document has the
    entry's last two (the same fallback): entries mostly share it. So options are grouped by
    their first character, a group in the order of what the rest adds; for each context
    the groups are ordered by what their first character adds there and their best rest;
    and pairs of an entry and a group are taken in the order of their best (the entry's
    score, the first character's share, the group's best rest), each yielding its options
    in order, each bounded by the one before. An entry itself waits with its score (no
    character adds more than nothing) and is looked at only when that can still make the
    beam. With the document's history, the trigram only scales the bigram down, unless the
    document also has the option's second character after those two: such options are read
    as soon as their entry is looked at. A reading is scored as :func:`_grow` does, to the
    last bit; bounds, summed in another order, are given :data:`EXACT` of slack.

    Given a prior, an entry's bound includes the most that the prior says it gives any line
    starting with the entry, and a pair's with the entry and the group's first character
    (its ``reach``, or ``never`` of the line's first character, or else its ceiling): a pair
    that gets nothing (most of them) is never asked about."""
    probability = model.probability
    base_model = getattr(model, "base", model)
    histories = base_model._histories
    groups: dict[str, list[tuple]] = {}  # first character → options: (what the rest adds, position, option, its
    known = model._memo.get  # (what the model remembers, read without a call: most of what is asked)
    for position, option in enumerate(options):  # second character, what that adds, what the third adds, a third?)
        first = option[0]
        if len(option) == 1:
            member = (0.0, position, option, "", 0.0, 0.0, False)
        else:
            second = option[1]
            after = known((first, second))
            if after is None:
                after = probability(first, second)
            if len(option) == 2:
                member = (after, position, option, second, after, 0.0, False)
            elif len(option) == 3:  # (model.score of the rest: one character, after the first two)
                rest = known((option[:2], option[2]))
                if rest is None:
                    rest = probability(option[:2], option[2])
                member = (after + rest, position, option, second, after, rest, True)
            else:
                rest = model.score(option[2:], option[:2])
                member = (after + rest, position, option, second, after, rest, True)
        found = groups.get(first)
        if found is None:
            groups[first] = [member]
        else:
            found.append(member)
    tops = []  # (the best rest of a group, its first character), best first
    for first, members in groups.items():
        members.sort(key=itemgetter(0), reverse=True)
        tops.append((members[0][0], first))
    tops.sort(key=itemgetter(0), reverse=True)
    ceiling = getattr(line_prior, "ceiling", 0.0) if line_prior is not None else 0.0
    reach = getattr(line_prior, "reach", None)
    never = getattr(line_prior, "never", None)

    def most(text: str) -> float:
        """The most the prior gives a line starting with ``text`` (without the indent)."""
        line = text.lstrip("\u3000")
        if reach is not None:
            return reach(line)
        return 0.0 if never is not None and line and never(line[0]) else ceiling

    count = len(options)
    readings: list[tuple[tuple, tuple[float, str, float]]] = []  # (sort key, reading)
    best: list[float] = []  # the ``width`` best totals so far, as a heap (the worst first)

    def read(j: int, member: tuple, score: float, extra: float) -> None:
        """Count one reading: entry ``j`` with an option (``member`` of its group), scored."""
        _, position, option, _, _, _, _ = member
        counted = beam[j][2]
        reading = beam[j][1] + option
        key: tuple
        if line_prior is None:
            total = score + counted
            key = (-total, reading, j * count + position)
        else:
            if len(best) == width and score + extra < best[0]:
                return  # (whatever the prior gives, it is not among the best)
            if extra:
                line = reading.lstrip("\u3000")
                counted = 0.0 if never is not None and line and never(line[0]) else line_prior(line)
            else:
                counted = 0.0
            total = score + counted
            key = (-total, reading, -score, j * count + position)
        readings.append((key, (total, reading, counted)))
        (heapq.heappush if len(best) < width else heapq.heappushpop)(best, total)

    rows: dict[str, _Row] = {}  # context → the groups in the order of what their best adds there
    followers = base_model._followers
    followers2 = base_model._followers2
    firsts_folded = {first.translate(_FOLD): first for first in groups}
    # heaps of entries (member -2), pairs (-1) and a pair's options (the next to read), bound negated
    # first, by the most the prior can add to them
    heaps: dict[float, list] = {0.0: []}
    for j, (score, text, counted) in enumerate(beam):
        # an entry waits with the most any of its readings can score (a character adds at most
        # nothing); it is looked at (its row, its history) only when that can still make the beam
        reached = 0.0 if line_prior is None else most(text)
        base = score - counted
        bound = base + counted if line_prior is None else base  # (with a prior, its most is the heap's)
        heaps.setdefault(reached, []).append((-bound, j, 0, -2, None, None, bound, reached))
    for waiting in heaps.values():
        heapq.heapify(waiting)
    while True:
        heap: list | None = None  # the heap whose best can still make the beam and is likeliest
        top = 0.0
        for extra, candidate in heaps.items():
            if candidate and (len(best) < width or -candidate[0][0] + extra >= best[0] - EXACT) \
                    and (heap is None or -candidate[0][0] > top):
                heap, top = candidate, -candidate[0][0]
        if heap is None:
            break
        _, j, g, m, row, linked, bound, extra = heapq.heappop(heap)  # (extra: the entry's reach, for a pair)
        score, text, counted = beam[j]
        base = score - counted
        if m == -2:  # an entry: its row of groups, the groups its history reaches (read first), its best pair
            two, one = text[-2:], text[-1:]
            context = two if len(two) == 2 and two.translate(_FOLD) in histories else one
            row = rows.get(context)
            if row is None:
                row = rows[context] = _Row(tops, context, model)
            # the groups whose first character the document has after the entry's last: an option's
            # second character the document has after those two can score above its bound, and is read now
            one_folded = one.translate(_FOLD)
            after_last = followers.get(one_folded)
            linked = {firsts_folded[c]: followers2.get(one_folded + c, ())
                      for c in after_last.intersection(firsts_folded)} if after_last else {}
            for first, seconds in linked.items():
                if not seconds:
                    continue
                p0 = probability(two, first)
                reach_first = counted if line_prior is None else extra and most(text + first)
                for member in groups[first]:
                    _, _, _, second, _, rest, long = member
                    if second and second.translate(_FOLD) in seconds:
                        added = p0 + probability(one + first, second)
                        if long:
                            added += rest
                        read(j, member, base + added, reach_first)
            first_group = row.get(0)
            assert first_group is not None  # (a step has options: a row has a first group)
            heapq.heappush(heap, (-(bound + first_group[0]), j, 0, -1, row, linked, bound, extra))
            continue
        group = row.get(g)
        assert group is not None  # (a pair is queued only for a group there is)
        _, p0, first = group
        members = groups[first]
        if m < 0:  # a pair: the entry's next pair, then read this one
            following = row.get(g + 1)
            if following is not None:
                heapq.heappush(heap, (-(bound + following[0]), j, g + 1, -1, row, linked, bound, extra))
            if line_prior is None:
                extra, heap = counted, heaps[0.0]
            else:
                extra = extra and most(text + first)
                heap = heaps.setdefault(extra, [])
            m = 0
        else:
            member = members[m]
            _, _, _, second, after, rest, long = member
            seconds = linked.get(first)
            if seconds is None:
                added = p0
                if second:
                    added += after
                if long:
                    added += rest
                read(j, member, base + added, extra)
            elif not (second and second.translate(_FOLD) in seconds):  # (else read above)
                added = p0
                if second:
                    added += probability(text[-1:] + first, second)  # (at most ``after``: the trigram scales it down)
                if long:
                    added += rest
                read(j, member, base + added, extra)
            m += 1
        if m < len(members):
            bound_m = base + p0 + members[m][0] + (extra if line_prior is None else 0.0)
            heapq.heappush(heap, (-bound_m, j, g, m, row, linked, bound, extra))
    readings.sort(key=itemgetter(0))
    return [reading for _, reading in readings[:width]]


class _Row:
    """The groups of a step's options (by first character) in the order of what their best
    adds after a context: (the first character's probability there plus the group's best
    rest, that probability, the character), worked out only as far as it is read. A group
    adds at most its best rest (a probability is at most one), so once a group worked out
    adds as much as the best rest of any group not yet worked out, it comes next."""

    __slots__ = ("tops", "context", "probability", "known", "done", "waiting", "next")

    def __init__(self, tops: list[tuple[float, str]], context: str, model: CharModel):
        self.tops = tops  # (best rest, first character), best first
        self.context = context
        self.probability = model.probability
        self.known = model._memo.get  # (what it remembers, read without a call)
        self.done: list[tuple[float, float, str]] = []  # in order
        self.waiting: list[tuple[float, int, float, str]] = []  # worked out, not yet in order: a heap, negated
        self.next = 0  # the first group of ``tops`` not worked out

    def get(self, index: int) -> tuple[float, float, str] | None:
        """The ``index``-th group in order, or None when there are no more."""
        done = self.done
        if index < len(done):
            return done[index]
        waiting, tops = self.waiting, self.tops
        while len(done) <= index:
            if self.next < len(tops) and (not waiting or tops[self.next][0] > -waiting[0][0]):
                top, first = tops[self.next]
                share = self.known((self.context, first))
                if share is None:
                    share = self.probability(self.context, first)
                heapq.heappush(waiting, (-(share + top), self.next, share, first))
                self.next += 1
            elif waiting:
                added, _, share, first = heapq.heappop(waiting)
                done.append((-added, share, first))
            else:
                return None
        return done[index]


def _grow(model: CharModel, beam: list[tuple[float, str, float]], options: list[str]) -> list[tuple[float, str, float]]:
    """Every reading of the beam extended by every option, scored by the model as
    ``model.score(option, reading)`` would (a character at a time, in the same order), less
    the prior counted so far."""
    probability = model.probability
    # option, its first character, its second, and what the rest adds (which needs no reading)
    parts = [(option, option[0], option[1:2], model.score(option[2:], option[:2]), len(option) > 2)
             for option in options]
    grown = []
    for score, text, counted in beam:
        two, one, base = text[-2:], text[-1:], score - counted
        opening: dict[str, float] = {}  # first character → its probability after the reading (options share a few)
        for option, first, second, rest, long in parts:
            added = opening.get(first)
            if added is None:
                added = opening[first] = probability(two, first)
            if second:
                added += probability(one + first, second)
            if long:
                added += rest
            grown.append((base + added, text + option, counted))
    return grown


def _with_prior(grown: list[tuple[float, str, float]], line_prior: LinePrior, width: int,
                ceiling: float | None) -> list[tuple[float, str, float]]:
    """Each reading's score with the line prior in place of the prior counted before
    (``grown`` holds scores without any prior). When the prior says its ``ceiling``, it is
    read only for readings that can still reach the best ``width``: the others could not
    enter the beam whatever the prior gave them, so the beam is the same as with every
    reading scored."""
    if ceiling is None:
        return [(score + (prior := line_prior(reading.lstrip("\u3000"))), reading, prior)
                for score, reading, _ in grown]
    never = getattr(line_prior, "never", None)  # told a line's first character, whether it gets nothing
    grown.sort(key=itemgetter(0), reverse=True)
    scored: list[tuple[float, str, float]] = []
    best: list[float] = []  # the ``width`` best totals so far, as a heap (the worst first)
    for score, reading, _ in grown:
        if len(best) == width and score + ceiling < best[0]:
            break
        line = reading.lstrip("\u3000")
        prior = 0.0 if never is not None and line and never(line[0]) else line_prior(line)
        scored.append((score + prior, reading, prior))
        (heapq.heappush if len(best) < width else heapq.heappushpop)(best, score + prior)
    return scored


def build_model(clean: str) -> CharModel:
    """The character model for repairs in a document whose clean text is ``clean``."""
    return CharModel(clean, _simplifier(), foreign=_foreign_to(clean))


def _foreign_to(text: str) -> Callable[[str], bool]:
    """Whether a character is of the other script than ``text``'s (:func:`~.script.is_other_script`)."""
    from .script import changes_alone, detect_script, other_script_config

    config = other_script_config(detect_script(text))
    if config is None:
        return lambda char: False
    return changes_alone(config)


@functools.cache
def _simplifier() -> CharMap:
    from .script import OPENCC_CONFIG, converter

    return CharMap(converter(OPENCC_CONFIG).convert)


def repair(text: str, line_prior: LinePrior = _no_prior) -> tuple[str, list[Repaired], list[str]]:
    """Repair every damaged line of ``text``; returns the text, the repairs, and the damaged
    spans that could not be repaired. A damaged text's repair is kept in planparse's cache,
    keyed by the text, the prior's rules (its ``key``) and the model's sources: the next
    command that reads the same file (a diff, a chain) does not search again."""
    if "?" not in text and LOST not in text and not _RARE.search(text) and not _late_indent(text):
        # (what every damaged span shows)
        return text, [], []
    rules = getattr(line_prior, "key", None) if line_prior is not _no_prior else "none"
    if rules is None:  # (a prior that cannot say what it depends on: searched every time)
        return _repair(text, line_prior)
    import opencc

    from .charmodel import _dictionary_key

    name = "repair-" + cache.key(text, rules, _dictionary_key(), getattr(opencc, "__version__", ""), _code_key())
    found = cache.load(name, tuple)
    if found is not None and len(found) == 3:
        return found
    found = _repair(text, line_prior)
    cache.save(name, found)
    cache.trim("repair-", REMEMBERED, current=name)
    return found


REMEMBERED = 256  # repaired texts the cache keeps (the newest); a file of a few KB each


@functools.cache
def _code_key() -> str:
    """The repair's code as it stands (size and time of its modules' files, and of the lists
    the script is read with): a repair cached by other code is not taken, even between
    releases."""
    import os
    from importlib.resources import files

    from . import charmodel, prior, script

    data = files("planparse") / "data"
    stats = []
    for module_file in (__file__, charmodel.__file__, prior.__file__, script.__file__, str(data / "traditional.txt"),
                        str(data / "simplified.txt")):
        try:
            stat = os.stat(module_file)
            stats.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        except (OSError, TypeError):
            stats.append("?")
    return ",".join(stats)


def _repair(text: str, line_prior: LinePrior) -> tuple[str, list[Repaired], list[str]]:
    lines = text.split("\n")
    damaged = {i for i, line in enumerate(lines) if damaged_span(line)}
    if not damaged:
        return text, [], []
    clean = "\n".join(line[len(damaged_span(line) or ""):] for line in lines)
    model = build_model(clean)
    glosses = glossed_characters(clean)
    repairs: list[Repaired] = []
    unrecovered: list[str] = []
    learn = getattr(line_prior, "see", None)  # a prior that follows the lines read so far
    with _tables_ahead(model, [lines[i] for i in sorted(damaged)]) as ahead:
        for i, line in enumerate(lines):
            if i in damaged:
                for table in _candidate_keys(line):
                    key = _candidates_key(*table)
                    if key not in model.memo:
                        found = ahead.wait(table)
                        if found is not MISSING:
                            model.memo[key] = found
                _repair_at(i, lines, model, line_prior, glosses, repairs, unrecovered)
            if learn:
                learn(lines[i])
    return "\n".join(lines), repairs, unrecovered


AHEAD_LEAST = 8  # distinct candidate tables past the first damaged line's that make a helper worth its fork


def _tables_ahead(model: CharModel, damaged: list[str]) -> Ahead:
    """A helper on another core (:class:`~.ahead.Ahead`) computing the candidate tables of
    the ``damaged`` lines but the first (this process works those out itself, while the
    helper starts), in the order the search asks for them; :func:`_repair` waits for a
    line's tables before it searches the line, and the helper has them ready or is at them.
    When there are few, or :func:`~.ahead.usable` says no (one core, another thread, not
    Linux, switched off), a helper that does nothing. The tables depend on the document's
    model alone, so the repair is the same either way."""
    first = set(_candidate_keys(damaged[0])) if damaged else set()  # (this process's own: the helper starts after)
    keys = [key for key in dict.fromkeys(key for line in damaged[1:] for key in _candidate_keys(line))
            if key not in first]
    if len(keys) < AHEAD_LEAST or not usable():
        keys = []
    else:
        # what the tables read from planparse's cache (built and written there when it lacks
        # them) is read here, once, before the fork: the helper reads and writes no cache file
        # (stopped while writing one, it would leave it half written)
        _tables()
        model.frequent(MIDDLE_CHARS)
    return Ahead(list(keys), lambda table: _candidates(model, *cast(tuple, table)))


def _repair_at(i: int, lines: list[str], model: CharModel, line_prior: LinePrior, glosses: dict[str, set[str]],
               repairs: list[Repaired], unrecovered: list[str]) -> None:
    """Repair damaged line ``i`` of ``lines`` in place (a short span in the document's ``model``
    weighted towards the lines about it, :class:`~.charmodel.CachedModel`), adding it to
    ``repairs``, or its span to ``unrecovered``."""
    line = lines[i]
    span = damaged_span(line)
    assert span is not None  # (i in damaged)
    # (a repair of a replacing decoder's damage asks the document's model alone)
    local: CharModel | CachedModel = model
    if CACHE_WEIGHT and len(span) <= LONG_SPAN and not _resynchronised(span):
        window = lines[max(0, i - NEARBY_BEFORE):i + NEARBY + 1]
        nearby = "\n".join(line[len(damaged_span(line) or ""):] for line in window)
        local = CachedModel(model, nearby, CACHE_WEIGHT)
    fixed = repair_line(line, local, line_prior, glosses)  # type: ignore[arg-type]  # a CachedModel stands in
    if fixed is None:
        if LOST in span or not _resynchronised(span):  # (a row-A1 first character and no
            unrecovered.append(span)  # U+FFFD is no damage shown: 《关于推进A股…》 is clean)
    else:
        repairs.append(fixed)
        lines[i] = fixed.text


# Noise left where a decoding error swallowed text mid-line: a '?' followed by Latin and
# pinyin letters or brackets up to the next Chinese character (域?qū)n}庫).
_STRAY = cache.pattern(r"(?<=\p{Han})\?(?=[!-~\u00E0-\u01DC]{0,7}[)}\]>|\u00E0-\u01DC])[!-~\u00E0-\u01DC]{1,8}(?=\p{Han})")


def strip_unrecoverable(text: str) -> tuple[str, list[str]]:
    """Remove mid-line decoding noise that cannot be repaired; return it for the record."""
    found = _STRAY.findall(text)
    return (_STRAY.sub("", text), found) if found else (text, [])
