"""A character language model for choosing among candidate repairs of damaged text.

Two sources, interpolated:

- the document's own clean text: a character trigram model with Witten–Bell smoothing
  (a history followed by many different characters leaves more room for unseen ones), with
  line ends as a character so that how lines start and end counts;
- general Chinese: character bigrams inside the words of jieba's dictionary, weighted by
  word frequency, looked up in simplified script (so a traditional document is covered too),
  backed off to character frequencies.

Half- and full-width punctuation are one character to the model.
"""
from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable

_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"})
_FLOOR = 1e-7  # probability of a character neither source has seen


@functools.cache
def _jieba_dictionary() -> bytes:
    """The bytes of jieba's dictionary; empty without jieba."""
    try:
        from importlib import resources

        return (resources.files("jieba") / "dict.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
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


@functools.cache
def general_counts() -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, float]]:
    """Character frequencies, and within-word bigram counts with their left totals, from
    jieba's dictionary; built once and kept in planparse's cache (building takes seconds,
    loading a tenth of that)."""
    from . import cache

    name = f"charmodel-{cache.key(_jieba_dictionary())}"
    found = cache.load(name, tuple)
    if found is not None and len(found) == 3 and all(isinstance(part, dict) for part in found):
        frequencies, bigrams, left = found
        return frequencies, defaultdict(dict, bigrams), left
    frequencies, bigrams, left = _count_words()
    cache.save(name, (frequencies, {a: dict(b) for a, b in bigrams.items()}, left), stale_prefix="charmodel-")
    return frequencies, bigrams, left


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

    def __init__(self, text: str, simplify: Callable[[str], str] | None = None, general: bool = True,
                 foreign: Callable[[str], bool] | None = None):
        folded = "\n" + text.translate(_FOLD) + "\n"
        self.simplify = simplify or (lambda s: s)
        self.foreign = foreign or (lambda c: False)
        self.c1: Counter = Counter(folded)
        self.c2: Counter = Counter(zip(folded, folded[1:]))
        self.c3: Counter = Counter(zip(folded, folded[1:], folded[2:]))
        self.t1: Counter = Counter(a for a, _ in self.c2)
        self.t2: Counter = Counter((a, b) for a, b, _ in self.c3)
        self.total = len(folded)
        self.frequencies, self.bigrams, self.left = general_counts() if general else ({}, {}, {})
        self._memo: dict = {}
        self.memo: dict = {}  # for callers that derive things from this model

    def _script_weight(self, char: str) -> float:
        return OTHER_SCRIPT if not self.c1[char] and self.foreign(char) else 1.0

    def _general_unigram(self, char: str) -> float:
        own = (self.c1[char] + 0.5) / (self.total + 0.5 * 20_000)
        common = self.frequencies.get(self.simplify(char), 0.0) * self._script_weight(char)
        return max(0.5 * own + 0.5 * common if self.frequencies else own, _FLOOR)

    def _general_bigram(self, prev: str, char: str) -> float:
        base = self._general_unigram(char)
        simple_prev = self.simplify(prev)
        left = self.left.get(simple_prev, 0.0)
        if not left:
            return base
        seen = self.bigrams[simple_prev].get(self.simplify(char), 0.0) * self._script_weight(char)
        return 0.5 * seen / left + 0.5 * base

    def _bigram(self, prev: str, char: str) -> float:
        general = self._general_bigram(prev, char)
        seen = self.c1[prev] - (1 if prev == "\n" else 0)
        if seen <= 0:
            return general
        types = self.t1[prev]
        return (self.c2[(prev, char)] + types * general) / (seen + types)

    def probability(self, before: str, char: str) -> float:
        """P(char | the one or two characters before it)."""
        key = (before, char)
        if key not in self._memo:
            before_f, char_f = before.translate(_FOLD), char.translate(_FOLD)
            if not before_f:
                value = self._general_unigram(char_f)
            elif len(before_f) == 1:
                value = self._bigram(before_f, char_f)
            else:
                lower = self._bigram(before_f[1], char_f)
                history = self.c2[(before_f[0], before_f[1])]
                types = self.t2[(before_f[0], before_f[1])]
                value = lower if not history else (self.c3[(before_f[0], before_f[1], char_f)] + types * lower) / (history + types)
            self._memo[key] = math.log(value)
        return self._memo[key]

    def score(self, text: str, before: str = "") -> float:
        """Log-probability of ``text`` after ``before`` (its last two characters count)."""
        return sequence_score(self.probability, text, before)

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
            common = sorted(self.frequencies, key=lambda c: (-self.frequencies[c], c))
            extra = [c for c in common if c not in seen and not self.foreign(c)][:most // 2]
            self._memo[key] = own + extra
        return self._memo[key]


class CachedModel:
    """A model biased towards the characters of nearby text (a cache language model): a
    document that has just spoken of 政务云 is likelier to say 云 again than its overall
    counts suggest."""

    def __init__(self, base: CharModel, nearby: str, weight: float):
        self.base = base
        folded = nearby.translate(_FOLD)
        self.counts = Counter(c for c in folded if not c.isspace())
        self.size = max(sum(self.counts.values()), 1)
        self.weight = weight
        self._memo: dict = {}

    def probability(self, before: str, char: str) -> float:
        key = (before, char)
        if key not in self._memo:
            base = math.exp(self.base.probability(before, char))
            cached = self.counts.get(char.translate(_FOLD), 0) / self.size
            self._memo[key] = math.log((1 - self.weight) * base + self.weight * cached)
        return self._memo[key]

    def score(self, text: str, before: str = "") -> float:
        return sequence_score(self.probability, text, before)

    def __getattr__(self, name):
        return getattr(self.base, name)
