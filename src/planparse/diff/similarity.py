"""How alike two texts are, in a way that suits Chinese plans.

Texts are bags of character bigrams (a stand-in for words, with no segmenter to go wrong),
each weighted by how telling it is: inverse document frequency over the units of both plans,
times a damping for the bigrams that every government document repeats (建设, 推进, 体制机制,
服务平台 …). How common a bigram is in official Chinese comes from a background table built
once from 1 659 government work reports (``data/background.tsv``, see ``tools/background.py``).
So two units are alike for what they are about, not for the formulas they share.

The diff's views (:mod:`planparse.diff.candidates`) build their matrices from these weights;
:class:`Space` also gives the cosine of two texts directly.
"""
from __future__ import annotations

import functools
import math
import operator
from collections import Counter
from itertools import chain

from ..rules import cache

_KEPT = cache.pattern(r"[\p{Han}\p{L}\p{N}]+")


def grams(text: str) -> list[str]:
    """Character bigrams of each run of letters, digits and Han characters; a run of one
    character is its own gram.

    >>> grams("推进市、县两级")
    ['推进', '进市', '县两', '两级']
    """
    found: list[str] = []
    for run in _KEPT.findall(text):
        if len(run) > 1:
            found.extend(map(operator.add, run, run[1:]))
        else:
            found.append(run)
    return found


@functools.cache
def background() -> tuple[dict[str, float], float]:
    """How common each common bigram is in official Chinese: {bigram: share of paragraphs},
    and the least share listed (rarer bigrams are not listed)."""
    from importlib.resources import files

    shares: dict[str, float] = {}
    for line in (files("planparse") / "data" / "background.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            gram, share = line.split("\t")
            shares[gram] = float(share)
    return shares, min(shares.values(), default=1.0)


@functools.lru_cache(maxsize=1 << 18)
def damping(gram: str) -> float:
    """How much of its weight a bigram keeps for being common in official Chinese: 1 for
    one rarer than the background table lists, less the commoner it is.

    >>> damping("发展") < damping("机制") < damping("药品") <= 1.0
    True
    """
    shares, least = background()
    share = shares.get(gram)
    if share is None:
        return 1.0
    return min(1.0, math.log(1.0 / share) / math.log(1.0 / least))


class Space:
    """Weighted bigram vectors of some texts (``vectors``), comparable by cosine, and their
    bags of bigrams (``bags``).

    >>> space = Space(["建设一体化大数据中心", "建设一体化大数据中心", "加强宣传培训工作"])
    >>> round(space.cosine(0, 1), 3), space.cosine(0, 2) < 0.05
    (1.0, True)
    """

    def __init__(self, texts: list[str], vectors: bool = True):
        self.bags = bags = [Counter(grams(text)) for text in texts]
        df: Counter = Counter(chain.from_iterable(bags))
        total = len(bags)
        self.weight = {gram: (math.log((1.0 + total) / (1.0 + count)) + 1.0) * damping(gram) for gram, count in df.items()}
        self._unseen = math.log(1.0 + total) + 1.0
        self.vectors = [self.vector(bag) for bag in bags] if vectors else []

    def vector(self, text: str | Counter) -> dict[str, float]:
        """The weighted vector of a text (or a bag of its bigrams), by this space's weights:
        sublinear term frequency times the bigram's weight."""
        bag = text if isinstance(text, Counter) else Counter(grams(text))
        weight = self.weight
        vector = {}
        for gram, n in bag.items():
            w = weight.get(gram)
            if w is None:
                w = self._unseen * damping(gram)
            vector[gram] = w if n == 1 else (1.0 + math.log(n)) * w
        return vector

    def cosine(self, a: int, b: int) -> float:
        return cosine(self.vectors[a], self.vectors[b])


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two vectors."""
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b[g] for g, w in a.items() if g in b)
    return dot / (_norm(a, ()) * _norm(b, ())) if dot else 0.0


def _norm(vector: dict[str, float], dropped) -> float:
    """The length of ``vector`` without the bigrams in ``dropped``."""
    weights = vector.values()
    squares = sum(map(operator.mul, weights, weights))
    if dropped:
        squares -= sum(vector[g] * vector[g] for g in vector.keys() & dropped)
    return math.sqrt(max(squares, 0.0)) or 1.0
