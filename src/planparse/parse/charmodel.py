"""A character language model for choosing among candidate repairs of damaged text.

Two sources, interpolated:

- the document's own clean text: a character trigram model with Witten–Bell smoothing
  (a history followed by many different characters leaves more room for unseen ones), with
  line ends as a character so that how lines start and end counts;
- general Chinese: character bigrams inside the words of jieba's dictionary, weighted by
  word frequency, looked up in simplified script (so a traditional document is covered too),
  backed off to character frequencies.

Half- and full-width punctuation are one character to the model.

For a search that must rank many candidate characters, the model tells which pairs it has
seen (:meth:`CharModel.linked_among`): after a given history, every character outside them
is as likely as its frequency makes it, so those characters come likeliest first in the
order of their unigram probability and a search can stop reading them early.
"""
from __future__ import annotations

import functools
import marshal
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from operator import itemgetter

_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"})
_UNFOLD = [(chr(half), full) for half, full in _FOLD.items()]  # (half-width, full-width) pairs
_FLOOR = 1e-7  # probability of a character neither source has seen


@functools.cache
def _jieba_dictionary_path() -> str | None:
    """Where jieba's dictionary is, found without importing jieba (whose import is slow)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")
    return path if os.path.isfile(path) else None


def _jieba_dictionary() -> bytes:
    """The bytes of jieba's dictionary; empty without jieba."""
    path = _jieba_dictionary_path()
    if path is None:
        return b""
    try:
        with open(path, "rb") as file:
            return file.read()
    except (TypeError, OSError):
        return b""


@functools.cache
def jieba_words() -> dict[str, int]:
    """jieba's dictionary as word → frequency (simplified script); empty without jieba."""
    text = _jieba_dictionary().decode("utf-8")
    words = {}
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            words[parts[0]] = int(parts[1])
    return words


class CharMap(dict):
    """A function of one character through a text converter (OpenCC), remembered: with
    ``changed``, whether the converter changes the character, else what it makes of it.
    Called as a dictionary (``map[char]``; a character not yet known is converted then).
    :meth:`fill` works it out for many characters with one call of the converter, one
    character a line: no phrase of OpenCC's spans a line break, so each converts as it
    does alone, and the call costs little more than one for a single character."""

    def __init__(self, convert: Callable[[str], str], changed: bool = False):
        super().__init__()
        self.convert = convert
        self.changed = changed

    def __missing__(self, char: str):
        converted = self.convert(char)
        found = self[char] = converted != char if self.changed else converted
        return found

    def fill(self, chars) -> None:
        missing = [c for c in dict.fromkeys(chars) if c not in self]
        if not missing:
            return
        converted = self.convert("\n".join(missing)).split("\n")
        if len(converted) != len(missing):
            return  # (a line break among them: each is converted alone when asked)
        for char, out in zip(missing, converted):
            self[char] = out != char if self.changed else out


class _Rows(dict):
    """Bigram counts by left character, each row kept as marshalled bytes until it is first
    read: loading the table then costs a few milliseconds, and a document reads only the rows
    of the characters it has."""

    def __init__(self, packed: dict[str, bytes]):
        super().__init__()
        self.packed = packed

    def __missing__(self, char: str) -> dict[str, float]:
        packed = self.packed.get(char)
        row = marshal.loads(packed) if packed is not None else {}
        self[char] = row
        return row


@functools.cache
def general_counts() -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, float]]:
    """Character frequencies, and within-word bigram counts with their left totals, from
    jieba's dictionary; built once and kept in planparse's cache (building takes seconds,
    loading a few milliseconds). The cache is keyed by the dictionary file's size and time."""
    from ..rules import cache

    name = "charmodel-" + _dictionary_key()
    found = cache.load(name, tuple)
    if found is not None and len(found) == 3 and all(isinstance(part, dict) for part in found) \
            and isinstance(next(iter(found[1].values()), b""), bytes):  # (one row tells: a pickle loads whole)
        frequencies, packed, left = found
        return frequencies, _Rows(packed), left
    frequencies, bigrams, left = _count_words()
    packed = {a: marshal.dumps(dict(b)) for a, b in bigrams.items()}
    cache.save(name, (frequencies, packed, left), stale_prefix="charmodel-")
    return frequencies, _Rows(packed), left


@functools.cache
def general_order() -> str:
    """The characters of :func:`general_counts`, commonest first (ties by character); kept in
    planparse's cache beside it (sorting them takes a few milliseconds a run)."""
    from ..rules import cache

    frequencies = general_counts()[0]
    name = "charorder-" + _dictionary_key()
    found = cache.load(name, str)
    if found is not None and len(found) == len(frequencies):
        return found
    found = "".join(sorted(frequencies, key=lambda c: (-frequencies[c], c)))
    cache.save(name, found, stale_prefix="charorder-")
    return found


@functools.cache
def _dictionary_key() -> str:
    """What the tables built from jieba's dictionary depend on: its path, size and time."""
    from ..rules import cache

    path = _jieba_dictionary_path()
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    return cache.key("jieba", path or "", f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "")


def _count_words():
    unigrams: dict[str, int] = defaultdict(int)
    bigrams: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for word, freq in jieba_words().items():
        for char in word:
            unigrams[char] += freq
        for a, b in zip(word, word[1:]):
            bigrams[a][b] += freq
    total = sum(unigrams.values()) or 1
    frequencies = {char: n / total for char, n in unigrams.items()}
    left = {a: sum(followers.values()) for a, followers in bigrams.items()}
    return frequencies, bigrams, left


def sequence_score(probability: Callable[[str, str], float], text: str, before: str = "") -> float:
    """Sum of log P(char | the two characters before it) along ``text``."""
    total, context = 0.0, before[-2:]
    for char in text:
        total += probability(context, char)
        context = (context + char)[-2:]
    return total


OTHER_SCRIPT = 0.01  # weight of a character of the other script that the document never uses


class CharModel:
    """Trigram model of one document's text, interpolated with general Chinese.

    ``foreign`` tells whether a character belongs to the other script than the document's
    (a simplified-only character in a traditional text); such a character, unless the text
    itself uses it, counts for little."""

    def __init__(self, text: str, simplify: Callable[[str], str] | CharMap | None = None, general: bool = True,
                 foreign: Callable[[str], bool] | CharMap | None = None):
        folded = "\n" + text.translate(_FOLD) + "\n"
        self._maps: list[CharMap] = [known for known in (simplify, foreign) if isinstance(known, CharMap)]
        # (a CharMap is read as the dictionary it is: its lookup is the fastest call there is)
        self.simplify = simplify.__getitem__ if isinstance(simplify, CharMap) else simplify or (lambda s: s)
        self.foreign = foreign.__getitem__ if isinstance(foreign, CharMap) else foreign or (lambda c: False)
        self.c1: Counter = Counter(folded)
        self.c2: Counter = Counter(zip(folded, folded[1:]))
        self.c3: Counter = Counter(zip(folded, folded[1:], folded[2:]))
        self.t1: Counter = Counter(map(itemgetter(0), self.c2))  # (the distinct characters after each)
        self.t2: Counter = Counter(map(itemgetter(0, 1), self.c3))
        self.total = len(folded)
        self.frequencies, self.bigrams, self.left = general_counts() if general else ({}, {}, {})
        self._memo: dict = {}
        self._unigrams: dict[str, float] = {}
        self._bigrams: dict[tuple[str, str], float] = {}
        self._links: dict[str, tuple] = {}  # character → what follows it (linked_among)
        self._prevs: dict[str, tuple] = {}  # character → what a bigram after it reads of it (_about)
        self.memo: dict = {}  # for callers that derive things from this model

    def _script_weight(self, char: str) -> float:
        return OTHER_SCRIPT if not self.c1.get(char) and self.foreign(char) else 1.0

    def _general_unigram(self, char: str) -> float:
        found = self._unigrams.get(char)
        if found is None:
            own = (self.c1.get(char, 0) + 0.5) / (self.total + 0.5 * 20_000)
            common = self.frequencies.get(self.simplify(char), 0.0) * self._script_weight(char)
            found = self._unigrams[char] = max(0.5 * own + 0.5 * common if self.frequencies else own, _FLOOR)
        return found

    def _general_bigram(self, prev: str, char: str) -> float:
        base = self._general_unigram(char)
        simple_prev = self.simplify(prev)
        left = self.left.get(simple_prev, 0.0)
        if not left:
            return base
        seen = self.bigrams[simple_prev].get(self.simplify(char), 0.0) * self._script_weight(char)
        return 0.5 * seen / left + 0.5 * base

    def _bigram(self, prev: str, char: str) -> float:
        key = (prev, char)
        found = self._bigrams.get(key)
        if found is None:
            # _general_bigram, written out, with what depends on ``prev`` alone looked up once for
            # it (this is the model's most asked computation)
            about = self._prevs.get(prev)
            if about is None:
                about = self._prevs[prev] = self._about(prev)
            row, left, seen, types = about
            base = self._unigrams.get(char)
            if base is None:
                base = self._general_unigram(char)
            if not left:
                general = base
            else:
                count = row.get(self.simplify(char), 0.0)
                if count:  # (a weight times nothing is nothing)
                    count = count * self._script_weight(char)
                general = 0.5 * count / left + 0.5 * base
            if seen <= 0:
                found = general
            else:
                found = (self.c2.get(key, 0) + types * general) / (seen + types)
            self._bigrams[key] = found
        return found

    def _about(self, prev: str) -> tuple:
        """What a bigram after ``prev`` reads of it: general Chinese's row of what follows it
        and that row's total; how often the document has it before something, and before how
        many different characters."""
        simple_prev = self.simplify(prev)
        left = self.left.get(simple_prev, 0.0)
        return (self.bigrams[simple_prev] if left else None, left,
                self.c1.get(prev, 0) - (1 if prev == "\n" else 0), self.t1.get(prev, 0))

    def probability(self, before: str, char: str) -> float:
        """P(char | the one or two characters before it)."""
        key = (before, char)
        found = self._memo.get(key)
        if found is None:
            if len(before) == 1:  # (the fold changes ASCII characters only)
                found = math.log(self._bigram(before if before > "\x7f" else before.translate(_FOLD),
                                              char if char > "\x7f" else char.translate(_FOLD)))
            elif len(before) == 2 and before not in self._histories_as_asked:
                found = self.probability(before[1], char)  # (a history the document lacks: the bigram's, shared)
            else:
                found = math.log(self._probability(before.translate(_FOLD), char.translate(_FOLD)))
            self._memo[key] = found
        return found

    @functools.cached_property
    def _histories(self) -> frozenset[str]:
        """The two-character histories the document has (folded): after any other, the
        trigram is the bigram of the last character, to the last bit."""
        return frozenset(a + b for a, b in self.c2)

    @functools.cached_property
    def _histories_as_asked(self) -> frozenset[str]:
        """The two-character strings whose folded form is a history the document has."""
        spellings = {full: [full] + [half for half, other in _UNFOLD if other == full] for _, full in _UNFOLD}
        return frozenset(a + b for history in self._histories
                         for a in spellings.get(history[0], history[0]) for b in spellings.get(history[1], history[1]))

    def _probability(self, before: str, char: str) -> float:
        if not before:
            return self._general_unigram(char)
        if len(before) == 1:
            return self._bigram(before, char)
        lower = self._bigram(before[1], char)
        pair = (before[0], before[1])
        history = self.c2.get(pair, 0)  # (dict's get: a Counter's own lookup of a missing key is slow)
        if not history:
            return lower
        types = self.t2.get(pair, 0)
        return (self.c3.get((pair[0], pair[1], char), 0) + types * lower) / (history + types)

    def score(self, text: str, before: str = "") -> float:
        """Log-probability of ``text`` after ``before`` (its last two characters count)."""
        return sequence_score(self.probability, text, before)

    def unigram_logs(self, chars: list[str]) -> list[float]:
        """``probability("", char)`` of each of ``chars``, remembered as it remembers it, the
        same to the last bit but faster for many (no call a character)."""
        memo, unigrams = self._memo, self._unigrams
        count_of, frequency_of, simplify, foreign = self.c1.get, self.frequencies.get, self.simplify, self.foreign
        general = bool(self.frequencies)
        denominator = self.total + 0.5 * 20_000
        out = []
        for char in chars:
            key = ("", char)
            found = memo.get(key)
            if found is None:
                folded = char.translate(_FOLD)
                unigram = unigrams.get(folded)
                if unigram is None:  # (as _general_unigram and _script_weight)
                    count = count_of(folded, 0)
                    own = (count + 0.5) / denominator
                    common = frequency_of(simplify(folded), 0.0) * (OTHER_SCRIPT if not count and foreign(folded) else 1.0)
                    unigram = unigrams[folded] = max(0.5 * own + 0.5 * common if general else own, _FLOOR)
                found = memo[key] = math.log(unigram)
            out.append(found)
        return out

    def prepare(self, chars) -> None:
        """Work out at once what the model will ask of ``chars``' script (a caller about to
        score many characters; see :class:`CharMap`)."""
        chars = list(chars)
        for known in self._maps:
            known.fill(chars)

    @functools.cached_property
    def _followers(self) -> dict[str, set[str]]:
        """Character → the characters that follow it somewhere in the document."""
        found: dict[str, set[str]] = {}
        for a, b in self.c2:
            found.setdefault(a, set()).add(b)
        return found

    @functools.cached_property
    def _followers2(self) -> dict[str, set[str]]:
        """Two characters → the characters that follow them somewhere in the document."""
        found: dict[str, set[str]] = {}
        for a, b, c in self.c3:
            found.setdefault(a + b, set()).add(c)
        return found

    def linked_among(self, before: str, chars) -> set[str]:
        """Those of ``chars`` that the document or general Chinese has seen right after the
        last character of ``before``. After ``before``, every other character is as likely
        as a nondecreasing function of its unigram probability (``probability("", c)``)
        makes it, the same function for all of them: unseen after the last character, such a
        character gets that character's share of its frequency, and a two-character history
        only scales it (the trigram seen needs the bigram seen). So, taken in the order of
        their unigram probability, those characters come in the order of their probability
        after ``before``. With no ``before``, none is linked."""
        if not before or not chars:
            return set()
        prev = before[-1]
        links = self._links.get(prev)
        if links is None:
            folded = prev.translate(_FOLD)
            simple = self.simplify(folded)
            links = self._links[prev] = (self._followers.get(folded, set()),
                                         self.bigrams[simple] if self.left.get(simple) else {})
        seen, row = links
        simplify = self.simplify
        return {c for c, folded in zip(chars, "".join(chars).translate(_FOLD))
                if folded in seen or simplify(folded) in row}

    def unlinked_share(self, before: str) -> float:
        """The share of its unigram probability that a character not linked after ``before``
        (:meth:`linked_among`) has after it: P(char | before) = share × P(char), but for
        rounding. (A history of two characters scales it down further, if anything.)"""
        prev = before[-1].translate(_FOLD)
        share = 0.5 if self.left.get(self.simplify(prev), 0.0) else 1.0
        seen = self.c1.get(prev, 0) - (1 if prev == "\n" else 0)
        if seen <= 0:
            return share
        types = self.t1.get(prev, 0)
        return share * types / (seen + types)

    @functools.cached_property
    def vocabulary(self) -> list[str]:
        return sorted(c for c in self.c1 if not c.isascii() and c.isprintable())

    def frequent(self, most: int) -> list[str]:
        """The document's ``most`` commonest characters, then general Chinese's commonest that
        the document does not already list (a badly damaged text says little of itself)."""
        key = ("frequent", most)
        if key not in self._memo:
            own = [c for c, _ in self.c1.most_common() if not c.isascii() and c.isprintable()][:most]
            seen = set(own)
            extra = []
            order = general_order() if self.frequencies else ""
            for reach in (4 * most, len(self.frequencies)):  # the commonest few first; all of them if need be
                common = order[:reach]
                extra = [c for c in common if c not in seen and not self.foreign(c)][:most // 2]
                if len(extra) == most // 2:
                    break
            self._memo[key] = own + extra
        return self._memo[key]


class CachedModel:
    """A model biased towards the characters of nearby text (a cache language model): a
    document that has just spoken of 政务云 is likelier to say 云 again than its overall
    counts suggest."""

    def __init__(self, base: CharModel, nearby: str, weight: float):
        self.base = base
        counts = Counter(nearby.translate(_FOLD))
        for char in [c for c in counts if c.isspace()]:
            del counts[char]
        self.counts = counts
        self.size = max(sum(counts.values()), 1)
        # (the counts looked up as they are asked, unfolded: each half-width form counts as its full-width one)
        self._count_of = {**counts, **{half: counts[full] for half, full in _UNFOLD if full in counts}}.get
        self.weight = weight
        self._memo: dict = {}
        # a character the nearby text lacks gets the same from every cache of this weight:
        # remembered on the document's model, for the caches of all its lines
        self._unseen: dict = base.memo.setdefault(("cache-unseen", weight), {})

    def probability(self, before: str, char: str) -> float:
        key = (before, char)
        found = self._memo.get(key)
        if found is None and len(before) == 2 and before not in self.base._histories_as_asked:
            found = self._memo[key] = self.probability(before[1], char)  # (as the document's model does)
        if found is None:
            count = self._count_of(char, 0)
            if not count:
                found = self._unseen.get(key)
                if found is None:
                    found = self._unseen[key] = self._mixed(before, char, 0)
            else:
                found = self._mixed(before, char, count)
            self._memo[key] = found
        return found

    def _mixed(self, before: str, char: str, count: int) -> float:
        base = math.exp(self.base.probability(before, char))
        cached = count / self.size
        return math.log((1 - self.weight) * base + self.weight * cached)

    def score(self, text: str, before: str = "") -> float:
        return sequence_score(self.probability, text, before)

    def __getattr__(self, name):
        return getattr(self.base, name)
