"""Fit the diff's alignment model on the hand-made alignment golds, and say how good it is with
each plan pair left out of the fitting.

    pip install scikit-learn          # for fitting only; planparse never imports it
    python3 tools/fit_alignment.py                 # leave-one-pair-out figures, then the model
    python3 tools/fit_alignment.py --check         # figures only; the shipped model is left alone

For every gold (tests/alignments/*.yaml) the two fixtures are parsed and every candidate pair
of an old and a new leaf gets its views (planparse.diff.candidates, the code the diff runs);
a pair is a positive when the gold names the new leaf (or a section above it) for the old
leaf's commitment. Old leaves the gold does not judge are left out. Each gold weighs the same,
however many leaves it has.

The model is two stages of gradient-boosted trees (scikit-learn's HistGradientBoosting), each
view allowed to push only one way (more likeness never makes a pair less likely). The second
stage adds the structure views, computed from the first stage's scores; to train it, each
gold's first-stage scores come from a model fitted without that gold (cross-fitting), as at
run time the scores of a new plan pair come from a model that never saw it.

Leave one pair out: for each gold, both stages are fitted on the other golds only, written as
a model, and the real ``planparse.diff`` runs with it on the held-out pair; the figures are
``tests/alignment_gold.py``'s. A gold marked ``fitted: false`` is never fitted on: it is scored
with the model that ships (fitted on all the others; under ``--check``, the one written last),
so its figure is out of sample as it stands (its plans' texts may be in other golds; its
judgments are in none). The figures are written to ``benchmarks/alignment-fit.json``; the
model fitted on every gold but those goes to ``src/planparse/data/alignment-model.json``, with
what each gold's views summed to (a test holds the code to them) and the library versions
that refit it byte for byte.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

import alignment_gold  # noqa: E402
import planparse  # noqa: E402
from planparse.diff.candidates import FEATURES, STRUCTURE  # noqa: E402
from planparse.diff.score import MODEL_FORMAT, model_from, stage_from  # noqa: E402
from planparse.rules.grammar import load_grammar  # noqa: E402

MODEL = ROOT / "src" / "planparse" / "data" / "alignment-model.json"
FIGURES = ROOT / "benchmarks" / "alignment-fit.json"
LINK, BACK, DROP = 0.4, 0.85, 0.1  # thresholds of selection and of a sure drop (planparse.diff.score.Model)
# how each view may push a pair's likelihood: +1 up only, -1 down only, 0 either way
DIRECTION = {"position": -1, "sibling_position": -1, "scope_depth": 0, "hub": 0, "kind_old": 0, "kind_new": 0,
             "length_old": 0, "length_new": 0}
TREES, RATE, LEAVES, LEAST = 200, 0.05, 8, 40  # the boosting's size: trees, learning rate, leaves a tree, rows a leaf


class Case:
    """One gold: its plans' units, the candidates' views, and the labels."""

    def __init__(self, name: str, grammar):
        self.name = name
        self.gold = alignment_gold.load(name)
        self.trees, self.old, self.new, self.views, self.known, self.labels = alignment_gold.judged(name, grammar)
        self.base = self.views.matrix(FEATURES)

    def structure(self, scores: np.ndarray) -> np.ndarray:
        found = self.views.structure(scores)
        return np.concatenate([self.base, np.stack([found[name] for name in STRUCTURE], axis=1)], axis=1)


def monotone(names) -> list[int]:
    return [DIRECTION.get(name, 1) for name in names]


def fit(cases: list[Case], columns, names):
    """A boosted-trees classifier on the judged rows of ``cases``, ``columns(case)`` giving each
    case's matrix; each case weighs the same."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    xs, ys, ws = [], [], []
    for case in cases:
        rows = case.known
        xs.append(columns(case)[rows])
        ys.append(case.labels[rows])
        ws.append(np.full(int(rows.sum()), 1.0 / max(int(rows.sum()), 1)))
    weights = np.concatenate(ws)
    model = HistGradientBoostingClassifier(max_iter=TREES, learning_rate=RATE, max_leaf_nodes=LEAVES,
                                           min_samples_leaf=LEAST, l2_regularization=1.0,
                                           monotonic_cst=monotone(names), random_state=0)
    return model.fit(np.concatenate(xs), np.concatenate(ys), sample_weight=weights / weights.mean())


def stage_data(model, names) -> dict:
    """A fitted classifier as the JSON planparse reads (planparse.diff.score.stage_from)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": [-1 if leaf[k] else int(nodes["feature_idx"][k]) for k in range(len(nodes))],
                      "threshold": [0.0 if leaf[k] else float(nodes["num_threshold"][k])  # exactly: a value may
                                    for k in range(len(nodes))],                            # lie next to one
                      "left": [-1 if leaf[k] else int(nodes["left"][k]) for k in range(len(nodes))],
                      "right": [-1 if leaf[k] else int(nodes["right"][k]) for k in range(len(nodes))],
                      "value": [float(f"{nodes['value'][k]:.6g}") if leaf[k] else 0.0 for k in range(len(nodes))]})
    return {"features": list(names), "baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def exported(model, names, cases: list[Case], columns) -> dict:
    """A fitted classifier as JSON data, checked: planparse's evaluation of the exported trees
    must give scikit-learn's probabilities on every case (thresholds are written exactly, leaf
    values to six significant digits; no value of a view is missing)."""
    data = stage_data(model, names)
    stage = stage_from(data)
    for case in cases:
        values = columns(case)
        gap = np.abs(stage.predict(values) - model.predict_proba(values)[:, 1]).max() if len(values) else 0.0
        assert gap < 1e-3, f"{case.name}: the exported trees give probabilities {gap:.2g} from the fitted ones"
    return data


def train(cases: list[Case]) -> dict:
    """The two-stage model fitted on ``cases``, as JSON data."""
    first = fit(cases, lambda case: case.base, FEATURES)
    # the second stage learns from first-stage scores that, like a new plan pair's, come
    # from a model that did not see the case
    scores = {}
    for case in cases:
        others = [c for c in cases if c is not case]
        model = fit(others, lambda c: c.base, FEATURES) if others else first
        scores[case.name] = model.predict_proba(case.base)[:, 1]
    second_names = FEATURES + STRUCTURE
    second = fit(cases, lambda case: case.structure(scores[case.name]), second_names)
    stages = [exported(first, FEATURES, cases, lambda case: case.base),
              exported(second, second_names, cases, lambda case: case.structure(scores[case.name]))]
    shipped_first = stage_from(stages[0])  # (as planparse reads it: what the test computes the views with)
    return {"format": MODEL_FORMAT, "link": LINK, "back": BACK, "drop": DROP,
            "about": {"golds": [case.name for case in cases], "trees": TREES, "learning_rate": RATE,
                      "leaves": LEAVES, "least_rows_a_leaf": LEAST, "fitted_with": _versions(),
                      "views": {case.name: alignment_gold.fingerprint(case.views, case.known, case.labels,
                                                                      shipped_first) for case in cases}},
            "stages": stages}


def _versions() -> dict:
    """The libraries a refit reproduces the model byte for byte with."""
    import sklearn

    return {"scikit-learn": sklearn.__version__, "numpy": np.__version__}


def agreement(case: Case, model, grammar) -> alignment_gold.Agreement:
    report = planparse.diff(case.trees[0], case.trees[1], grammar=grammar, model=model)
    return alignment_gold.agreement_of(case.gold, report.old_units, report.new_units,
                                       *alignment_gold.links_of(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="leave-one-pair-out figures only")
    args = parser.parse_args()
    grammar = load_grammar()
    start = time.perf_counter()
    every = [Case(name, grammar) for name in alignment_gold.names()]
    cases = [case for case in every if alignment_gold.fitted(case.name)]
    shipped = None if args.check else train(cases)
    # a gold never fitted on is scored with the model that ships: the one about to be written,
    # or under --check the one written last
    unseen = model_from(shipped if shipped is not None else json.loads(MODEL.read_text(encoding="utf-8")))
    figures = {}
    pooled = {"commitments": 0, "fate": 0.0, "pairs": 0, "right": 0.0}
    print(f"{'left out':32} {'commitments':>11} {'fate':>6} {'either':>6} {'precision':>9} {'edges':>6}")
    for case in every:
        model = model_from(train([c for c in cases if c is not case])) if case in cases else unseen
        found = agreement(case, model, grammar)
        figures[case.name] = {"commitments": found.commitments, "fate": round(found.fate, 3),
                              "either": round(found.either, 3), "precision": round(found.precision, 3),
                              "edges": round(found.edges, 3), "pairs": found.pairs}
        pooled["commitments"] += found.commitments
        pooled["fate"] += found.fate * found.commitments
        pooled["pairs"] += found.pairs
        pooled["right"] += found.precision * found.pairs
        print(f"{case.name:32} {found.commitments:11} {found.fate:6.3f} {found.either:6.3f} {found.precision:9.3f} "
              f"{found.edges:6.3f}")
    total = {"commitments": pooled["commitments"], "fate": round(pooled["fate"] / pooled["commitments"], 3),
             "precision": round(pooled["right"] / max(pooled["pairs"], 1), 3)}
    print(f"{'all, pooled':32} {total['commitments']:11} {total['fate']:6.3f} {'':6} {total['precision']:9.3f}")
    FIGURES.write_text(json.dumps({"left_out": figures, "pooled": total}, ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    if not args.check:
        MODEL.write_text(json.dumps(shipped, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"model: {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KB)")
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
