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

    >>> grams("建设省、市两级")
    ['建设', '设省', '市两', '两级']
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

    def containment(self, part: int, whole: int) -> float:
        """How much of text ``part`` (by weight) is also in text ``whole``: 1.0 when all of it."""
        total = self._totals[part]
        if not total:
            return 0.0
        return float(self.weights[part].minimum(self.weights[whole]).sum() / total)
