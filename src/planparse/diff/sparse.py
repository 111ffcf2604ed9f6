"""Sparse matrices, as much of them as the diff needs, on numpy alone.

The views of the diff are sums over the bigrams two texts share: products of sparse matrices
(texts × bigrams). scipy does this well but costs more to import (about 0.12 s) than a whole
diff of two provincial plans takes to compute; these few operations in numpy cost nothing to
import and are fast enough at the sizes plans have (their products are bounded by the bigram
budget of :mod:`planparse.diff.candidates`).

:class:`Rows` is a matrix by rows (CSR: ``indptr``, ``indices``, ``data``); :class:`Entries`
the nonzero entries of a product (row, column, value), one per cell.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DENSE_CELLS = 1 << 24  # a product with fewer cells than this is summed in a dense array …
DENSE_PER_TERM = 16  # … unless it has far fewer terms than cells (then by sorting)


@dataclass(frozen=True)
class Rows:
    """A sparse matrix by rows."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    columns: int

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.indptr) - 1, self.columns

    @property
    def row_of(self) -> np.ndarray:
        """The row of each stored entry."""
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    @classmethod
    def build(cls, rows: list[dict[int, float]], columns: int) -> Rows:
        """From a ``{column: value}`` per row."""
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(row) for row in rows])
        indices = np.fromiter((c for row in rows for c in row), dtype=np.int64, count=int(indptr[-1]))
        data = np.fromiter((v for row in rows for v in row.values()), dtype=float, count=int(indptr[-1]))
        return cls(indptr, indices, data, max(columns, 1))

    def with_data(self, data: np.ndarray) -> Rows:
        """The same entries with other values; entries that become 0 are dropped."""
        keep = data != 0
        if keep.all():
            return Rows(self.indptr, self.indices, data, self.columns)
        counts = np.bincount(self.row_of[keep], minlength=self.shape[0])
        indptr = np.zeros(len(self.indptr), dtype=np.int64)
        indptr[1:] = np.cumsum(counts)
        return Rows(indptr, self.indices[keep], data[keep], self.columns)

    def scaled(self, norm: str) -> Rows:
        """Each row scaled to unit length (``l2``) or unit sum (``l1``); empty rows stay empty."""
        values = self.data * self.data if norm == "l2" else np.abs(self.data)
        size = np.bincount(self.row_of, weights=values, minlength=self.shape[0])
        size = np.sqrt(size) if norm == "l2" else size
        size[size == 0] = 1.0
        return Rows(self.indptr, self.indices, self.data / size[self.row_of], self.columns)

    def present(self) -> Rows:
        """1 wherever a value is stored."""
        return Rows(self.indptr, self.indices, np.ones_like(self.data), self.columns)

    def columns_kept(self, keep: np.ndarray) -> Rows:
        """The matrix with only the columns where ``keep`` is true."""
        return self.with_data(np.where(keep[self.indices], self.data, 0.0))

    def row_sums(self) -> np.ndarray:
        return np.bincount(self.row_of, weights=self.data, minlength=self.shape[0])

    def times_transposed(self, other: Rows) -> Entries:
        """The nonzero cells of ``self @ other.T``."""
        n, m = self.shape[0], other.shape[0]
        order = np.argsort(other.indices, kind="stable")
        their_columns = other.indices[order]
        their_rows = other.row_of[order]
        their_data = other.data[order]
        start = np.searchsorted(their_columns, self.indices, "left")
        count = np.searchsorted(their_columns, self.indices, "right") - start
        total = int(count.sum())
        if not total:
            return Entries.empty((n, m))
        mine = np.repeat(np.arange(len(self.indices)), count)
        offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        theirs = start[mine] + offset
        keys = self.row_of[mine] * m + their_rows[theirs]
        values = self.data[mine] * their_data[theirs]
        return Entries.summed(keys, values, (n, m))

    def dots(self, other: Rows, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The dot product of row ``rows[k]`` of ``self`` and row ``cols[k]`` of ``other``, for each k."""
        if not len(rows):
            return np.zeros(0)
        return self.times_transposed(other).lookup(rows, cols)

    def summed_by(self, groups: list[list[int]]) -> Rows:
        """A row per group: the sum of the group's rows."""
        rows, indices, data = [], [], []
        starts, ends = self.indptr[:-1], self.indptr[1:]
        for number, members in enumerate(groups):
            spans = [np.arange(starts[k], ends[k]) for k in members]
            where = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
            rows.append(np.full(len(where), number))
            indices.append(self.indices[where])
            data.append(self.data[where])
        if not groups:
            return Rows(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), self.columns)
        entries = Entries.summed(np.concatenate(rows) * self.columns + np.concatenate(indices), np.concatenate(data),
                                 (len(groups), self.columns))
        return entries.rows()


@dataclass(frozen=True)
class Entries:
    """The nonzero cells of a matrix, one per cell, sorted by row then column."""

    row: np.ndarray
    col: np.ndarray
    value: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def empty(cls, shape: tuple[int, int]) -> Entries:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, np.zeros(0), shape)

    @classmethod
    def summed(cls, keys: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> Entries:
        """Cells from (``row * columns + column``) keys, the values of equal keys summed."""
        cells = shape[0] * shape[1]
        if cells <= DENSE_CELLS and cells <= DENSE_PER_TERM * max(len(keys), 1):
            dense = np.bincount(keys, weights=values, minlength=cells)
            found = np.flatnonzero(dense)
            total = dense[found]
        else:
            order = np.argsort(keys, kind="stable")
            keys, values = keys[order], values[order]
            starts = np.r_[0, np.flatnonzero(np.diff(keys)) + 1]
            found, total = keys[starts], np.add.reduceat(values, starts)
            keep = total != 0
            found, total = found[keep], total[keep]
        return cls(found // shape[1], found % shape[1], total, shape)

    def keys(self) -> np.ndarray:
        return self.row * self.shape[1] + self.col

    def lookup(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The value of each cell (``rows[k]``, ``cols[k]``), 0 where none is stored."""
        keys = self.keys()
        wanted = rows * self.shape[1] + cols
        where = np.searchsorted(keys, wanted)
        where = np.minimum(where, max(len(keys) - 1, 0))
        found = (len(keys) > 0) & (keys[where] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
        return np.where(found, self.value[where] if len(keys) else 0.0, 0.0)

    def where(self, keep: np.ndarray) -> Entries:
        return Entries(self.row[keep], self.col[keep], self.value[keep], self.shape)

    def plus(self, other: Entries, weight: float) -> Entries:
        """``self + weight · other``."""
        keys = np.concatenate([self.keys(), other.keys()])
        values = np.concatenate([self.value, weight * other.value])
        return Entries.summed(keys, values, self.shape)

    def transposed(self) -> Entries:
        order = np.lexsort((self.row, self.col))
        return Entries(self.col[order], self.row[order], self.value[order], (self.shape[1], self.shape[0]))

    def row_sums(self, squared: bool = False) -> np.ndarray:
        values = self.value * self.value if squared else self.value
        return np.bincount(self.row, weights=values, minlength=self.shape[0])

    def top(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The (row, column) of each row's ``k`` largest cells (ties to the earlier column)."""
        if not len(self.row):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        order = np.lexsort((-self.value, self.row))  # stable: equal values keep their column order
        row = self.row[order]
        starts = np.r_[0, np.flatnonzero(np.diff(row)) + 1]
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        chosen = order[rank < k]
        return self.row[chosen].astype(np.int64), self.col[chosen].astype(np.int64)

    def dense(self) -> np.ndarray:
        out = np.zeros(self.shape)
        out[self.row, self.col] = self.value
        return out

    def rows(self) -> Rows:
        """As a matrix by rows."""
        counts = np.bincount(self.row, minlength=self.shape[0])
        indptr = np.zeros(self.shape[0] + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(counts)
        return Rows(indptr, self.col.astype(np.int64), self.value, self.shape[1])
