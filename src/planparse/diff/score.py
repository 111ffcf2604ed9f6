"""Score: one number per candidate pair — how likely the old and the new leaf are one
commitment — from all its views at once (the third stage: units → candidates → **score** →
select → verdicts → writers).

The views (:mod:`planparse.diff.candidates`) are weighed by a small model the project trains
on its hand-made alignment golds (``tools/fit_alignment.py``; figures with each plan pair left
out of the fitting are in the README): boosted decision trees, each view allowed to count only
one way (more likeness never makes a pair less likely), in two stages. The first stage scores
each pair on its own; the second adds what the first says of the pair's neighbours — whether
the other leaves of the old leaf's section go where the new leaf stands — so that a section's
fate follows its children's. The model is data, ``data/alignment-model.json``: a list of trees
per stage, read once and evaluated here with numpy, with no library of its own at run time.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import numpy as np

MODEL_FORMAT = "planparse-alignment-model/1"


@dataclass(frozen=True)
class Stage:
    """One stage of the model: boosted trees over ``features`` (by name)."""

    features: tuple[str, ...]
    baseline: float
    feature: np.ndarray  # per node of all trees: the feature's column, -1 at a leaf
    threshold: np.ndarray  # go left when the value is at most this
    left: np.ndarray  # children, as node numbers in the same arrays
    right: np.ndarray
    value: np.ndarray  # a leaf's contribution
    roots: np.ndarray  # each tree's first node
    depth: int

    def predict(self, values: np.ndarray) -> np.ndarray:
        """The probability of each row of ``values`` (a column per feature, in order): every
        tree walked by the rows still inside it, a level at a time."""
        if not len(values):
            return np.zeros(0)
        columns = np.ascontiguousarray(values.T)
        everyone = np.arange(len(values))
        raw = np.full(len(values), self.baseline)
        for root in self.roots.tolist():
            node = np.full(len(values), root, dtype=np.int64)
            inside = everyone
            for _ in range(self.depth):
                feature = self.feature[node[inside]]
                inner = feature >= 0
                if not inner.any():
                    break
                inside, feature = inside[inner], feature[inner]
                here = node[inside]
                node[inside] = np.where(columns[feature, inside] <= self.threshold[here], self.left[here],
                                        self.right[here])
            raw += self.value[node]
        return 1.0 / (1.0 + np.exp(-raw))


@dataclass(frozen=True)
class Model:
    """The two stages and the thresholds of selection: a pair is linked from its old leaf
    when it is that leaf's likeliest and at least ``link`` likely, and from its new leaf when
    it is that leaf's likeliest and at least ``back`` likely (a second partner needs more). A
    leaf left without a link is dropped (or added) only when even its likeliest partner is
    less than ``drop`` likely; else the diff is not sure either way (``uncertain``)."""

    stages: tuple[Stage, ...]
    link: float
    back: float
    drop: float
    about: dict


def stage_from(data: dict) -> Stage:
    """A stage from its JSON form: ``features``, ``baseline``, and ``trees``, each with node
    lists ``feature`` (-1 at a leaf), ``threshold``, ``left``, ``right``, ``value``."""
    feature: list[int] = []
    threshold, left, right, value, roots = [], [], [], [], []
    depth = 1
    for tree in data["trees"]:
        offset = len(feature)
        roots.append(offset)
        feature += tree["feature"]
        threshold += tree["threshold"]
        left += [offset + k if k >= 0 else -1 for k in tree["left"]]
        right += [offset + k if k >= 0 else -1 for k in tree["right"]]
        value += tree["value"]
        depth = max(depth, _depth(tree))
    return Stage(tuple(data["features"]), float(data["baseline"]), np.asarray(feature, dtype=np.int64),
                 np.asarray(threshold, dtype=float), np.asarray(left, dtype=np.int64),
                 np.asarray(right, dtype=np.int64), np.asarray(value, dtype=float), np.asarray(roots, dtype=np.int64),
                 depth)


def _depth(tree: dict) -> int:
    best, stack = 1, [(0, 1)]
    while stack:
        node, level = stack.pop()
        best = max(best, level)
        if tree["feature"][node] >= 0:
            stack += [(tree["left"][node], level + 1), (tree["right"][node], level + 1)]
    return best


def model_from(data: dict) -> Model:
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a planparse alignment model (format {data.get('format')!r})")
    return Model(tuple(stage_from(stage) for stage in data["stages"]), float(data["link"]), float(data["back"]),
                 float(data["drop"]), dict(data.get("about") or {}))


@functools.cache
def default_model() -> Model:
    """The model planparse ships, read once."""
    from importlib.resources import files

    return model_from(json.loads((files("planparse") / "data" / "alignment-model.json").read_text(encoding="utf-8")))


def score(views, model: Model | None = None) -> np.ndarray:
    """How likely each candidate pair of ``views`` is one commitment (0..1), by the model's
    last stage (each stage feeding the structure views of the next)."""
    model = model or default_model()
    scores = np.zeros(len(views.rows))
    for number, stage in enumerate(model.stages):
        if number:
            views.values.update(views.structure(scores))
        scores = stage.predict(views.matrix(stage.features))
    return scores

