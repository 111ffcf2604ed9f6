"""How alike two texts are, in a way that suits Chinese: character bigrams (a stand-in for
words, with no segmenter to go wrong) weighted by inverse document frequency over the units
of both plans, so 建设/推进/的-like material that every unit has counts for little.

The vectors are sparse matrices (scipy); all pairwise cosines are one sparse product.
"""
from __future__ import annotations

import regex

_KEPT = regex.compile(r"[\p{Han}\p{L}\p{N}]+")


def grams(text: str) -> list[str]:
    """Character bigrams of each run of letters, digits and Han characters; a run of one
    character is its own gram.

    >>> grams("推进市、县两级")
    ['推进', '进市', '县两', '两级']
    """
    found = []
    for run in _KEPT.findall(text):
        found += [run[i:i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]
    return found


class Vectors:
    """TF-IDF vectors (sublinear tf, smoothed idf) of a list of texts."""

    def __init__(self, texts: list[str]):
        import numpy as np
        from scipy import sparse

        vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for row, text in enumerate(texts):
            tally: dict[int, int] = {}
            for gram in grams(text):
                col = vocabulary.setdefault(gram, len(vocabulary))
                tally[col] = tally.get(col, 0) + 1
            rows += [row] * len(tally)
            cols += tally.keys()
            counts += tally.values()
        shape = (len(texts), max(len(vocabulary), 1))
        tf = sparse.csr_matrix((np.log(np.asarray(counts, dtype=float)) + 1.0, (rows, cols)), shape=shape)
        df = np.bincount(np.asarray(cols, dtype=int), minlength=shape[1])
        idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
        self.weights = tf @ sparse.diags(idf)  # raw weights, for containment
        norms = np.sqrt(np.asarray(self.weights.multiply(self.weights).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.unit = sparse.diags(1.0 / norms) @ self.weights  # l2-normalised, for cosine
        self.unit = self.unit.tocsr()
        self.weights = self.weights.tocsr()
        self._totals = np.asarray(self.weights.sum(axis=1)).ravel()

    def cosine(self, left: list[int], right: list[int]):
        """The matrix of cosines between the rows ``left`` and the rows ``right``."""
        return (self.unit[left] @ self.unit[right].T).toarray()

    def rowdot(self, left, right, chunk: int = 200_000):
        """Cosines of the row pairs ``(left[k], right[k])``, a chunk of pairs at a time."""
        import numpy as np

        out = np.empty(len(left))
        for start in range(0, len(left), chunk):
            a, b = left[start:start + chunk], right[start:start + chunk]
            out[start:start + chunk] = np.asarray(self.unit[a].multiply(self.unit[b]).sum(axis=1)).ravel()
        return out

    def containment(self, part: int, whole: int) -> float:
        """How much of text ``part`` (by weight) is also in text ``whole``: 1.0 when all of it."""
        total = self._totals[part]
        if not total:
            return 0.0
        return float(self.weights[part].minimum(self.weights[whole]).sum() / total)


RARE_SHARE = 0.01  # a bigram in more than this share of units says little about which two are one
RARE_LEAST = 20  # (but a bigram in this many units or fewer is always rare enough)
KEEP = 20  # candidates kept for each unit, by shared rare bigrams


def candidate_pairs(vectors: Vectors, n: int, m: int):
    """Which old × new pairs are worth scoring when there are too many to score them all:
    pairs that share rare bigrams, each unit's ``KEEP`` best by the weight of those shared
    (blocking, as record linkage does). Returns two arrays (old, new), sorted old-major."""
    import numpy as np

    weights = vectors.unit
    df = np.bincount(weights.indices, minlength=weights.shape[1])
    rare = np.nonzero(df <= max(RARE_LEAST, RARE_SHARE * (n + m)))[0]
    x = weights[:, rare]
    shared = (x[:n] @ x[n:].T).tocsr()
    keep: set[tuple[int, int]] = set()
    for matrix, flip in ((shared, False), (shared.T.tocsr(), True)):
        for row in range(matrix.shape[0]):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            if lo == hi:
                continue
            top = lo + np.argsort(-matrix.data[lo:hi], kind="stable")[:KEEP]
            for col in matrix.indices[top]:
                keep.add((int(col), row) if flip else (row, int(col)))
    pairs = np.array(sorted(keep), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]
