"""How alike two texts are, in a way that suits Chinese plans.

Texts are bags of character bigrams (a stand-in for words, with no segmenter to go wrong),
each weighted by how telling it is: inverse document frequency over the units of both plans,
times a damping for the bigrams that every government document repeats (建设, 推进, 体制机制,
服务平台 …). How common a bigram is in official Chinese comes from a background table built
once from 1 659 government work reports (``data/background.tsv``, see ``tools/background.py``).
So two units are alike for what they are about, not for the formulas they share.

Pairs are scored through an inverted index, so only pairs that share a bigram cost anything.
A bigram found in so many units of both plans that scoring every pair it joins would cost more
than a fixed budget per unit is left out of the vectors: at that size it tells no two units
apart, and the cost stays linear in the size of the plans.
"""
from __future__ import annotations

import functools
import heapq
import math
import operator
from collections import Counter, defaultdict
from itertools import chain

from .. import cache

_KEPT = cache.compile(r"[\p{Han}\p{L}\p{N}]+")
WORK_PER_GRAM = 2  # accumulations per bigram of the vectors the scoring may cost, beyond which common bigrams go
LEAST = 0.02  # a cosine below this is no likeness at all: such pairs are not kept
SPARSE_FROM = 500_000  # accumulations beyond which the cosines are one sparse matrix product (scipy)
KEEP = 30  # nor more than this many pairs of one text, the likeliest (blocking, as record linkage does)


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

    def __init__(self, texts: list[str]):
        self.bags = bags = [Counter(grams(text)) for text in texts]
        df: Counter = Counter(chain.from_iterable(bags))
        total = len(bags)
        self.weight = {gram: (math.log((1.0 + total) / (1.0 + count)) + 1.0) * damping(gram) for gram, count in df.items()}
        self._unseen = math.log(1.0 + total) + 1.0
        self.vectors = [self.vector(bag) for bag in bags]

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

    def pairs(self, left: list[int], right: list[int]) -> dict[int, dict[int, float]]:
        """:func:`cosines` of the texts ``left`` and ``right`` (by their rows), by row."""
        found = cosines([self.vectors[i] for i in left], [self.vectors[j] for j in right])
        return {left[a]: {right[b]: value for b, value in row.items()} for a, row in found.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two vectors."""
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b[g] for g, w in a.items() if g in b)
    return dot / (_norm(a, ()) * _norm(b, ())) if dot else 0.0


def cosines(left: list[dict[str, float]], right: list[dict[str, float]]) -> dict[int, dict[int, float]]:
    """The cosines of the pairs of a vector of ``left`` and one of ``right`` that are at
    least ``LEAST`` alike, each left vector's ``KEEP`` likeliest, ``{a: {b: cosine}}`` by
    position, through an inverted index. Bigrams that would
    cost more than the budget (``WORK_PER_GRAM`` per bigram of the vectors) to score are left out of both
    the scores and the norms, the costliest first.

    >>> space = Space(["数据中心", "数据中心建设", "宣传培训"])
    >>> {a: {b: round(c, 2) for b, c in row.items()} for a, row in cosines(space.vectors[:1], space.vectors[1:]).items()}
    {0: {0: 0.76}}
    """
    df_left: Counter = Counter(chain.from_iterable(left))
    df_right: Counter = Counter(chain.from_iterable(right))
    shared = df_left.keys() & df_right.keys()
    cost = sorted(((df_left[g] * df_right[g], g) for g in shared), reverse=True)
    budget = WORK_PER_GRAM * (sum(map(len, left)) + sum(map(len, right)))
    spent = sum(c for c, _ in cost)
    dropped = set()
    for c, gram in cost:
        if spent <= budget:
            break
        dropped.add(gram)
        spent -= c
    kept = shared - dropped
    if spent > SPARSE_FROM:
        return _sparse_cosines(left, right, kept, dropped)
    postings: dict[str, list[tuple[int, float]]] = {gram: [] for gram in kept}
    for b, vector in enumerate(right):
        for gram in vector.keys() & kept:
            postings[gram].append((b, vector[gram]))
    right_norms = [_norm(vector, dropped) for vector in right]
    found: dict[int, dict[int, float]] = {}
    for a, vector in enumerate(left):
        dot: defaultdict = defaultdict(float)
        for gram in vector.keys() & kept:
            w = vector[gram]
            for b, v in postings[gram]:
                dot[b] += w * v
        if dot:
            norm = _norm(vector, dropped)
            scored = [(d / (norm * right_norms[b]), -b) for b, d in dot.items()]
            best = heapq.nlargest(KEEP, scored) if len(scored) > KEEP else sorted(scored, reverse=True)
            row = {-b: value for value, b in best if value >= LEAST}
            if row:
                found[a] = row
    return found


def _sparse_cosines(left, right, kept: set, dropped: set) -> dict[int, dict[int, float]]:
    """:func:`cosines` for large inputs, as one product of sparse matrices (scipy, imported
    only here): the same pairs, the same cosines."""
    import numpy as np
    from scipy import sparse

    column = {gram: k for k, gram in enumerate(sorted(kept))}

    def matrix(vectors):
        indptr, cols, values, scale = [0], [], [], []
        for vector in vectors:
            grams = list(vector.keys() & kept)
            cols.extend(map(column.__getitem__, grams))
            values.extend(map(vector.__getitem__, grams))
            indptr.append(len(cols))
            scale.append(1.0 / _norm(vector, dropped))
        data = np.asarray(values, dtype=float) * np.repeat(np.asarray(scale), np.diff(indptr))
        return sparse.csr_matrix((data, np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                                 shape=(len(vectors), max(len(column), 1)))

    product = (matrix(left) @ matrix(right).T).tocsr()
    rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
    order = np.lexsort((product.indices, -product.data, rows))  # by row, likeliest first, then column
    rank = np.arange(len(order)) - product.indptr[rows[order]]
    chosen = order[(rank < KEEP) & (product.data[order] >= LEAST)]
    found: dict[int, dict[int, float]] = {}
    for a, b, value in zip(rows[chosen].tolist(), product.indices[chosen].tolist(), product.data[chosen].tolist()):
        found.setdefault(a, {})[b] = value
    return found


def _norm(vector: dict[str, float], dropped) -> float:
    """The length of ``vector`` without the bigrams in ``dropped``."""
    weights = vector.values()
    squares = sum(map(operator.mul, weights, weights))
    if dropped:
        squares -= sum(vector[g] * vector[g] for g in vector.keys() & dropped)
    return math.sqrt(max(squares, 0.0)) or 1.0
