"""Score a diff against a hand-made alignment gold (tests/alignments/*.yaml; how they were
made: tests/alignments/README.md).

A gold lists commitments of the old plan and, for each, the units of the new plan it went
into (``new``), or ``[]`` when it was dropped; ``sure: false`` marks a call a careful reader
could make otherwise, ``part: true`` one that lives on only as a piece of a larger unit.

An old commitment is named by ``kind`` and ``title`` (a 专栏 item also by ``box``; a
section also by ``path``, ``level`` or ``number`` to tell equal titles apart), or, for a
paragraph, by ``path`` and the characters it ``starts`` with. A unit of the new plan is named
by its title (a 专栏 item as ``专栏N name``), or by a mapping: ``{section: title, starts:
…}`` for a paragraph, ``{title: …, path: […]}`` for a section whose title is not unique.
A named unit stands for itself and what stands under it (a gold names headings; the diff may
pair the paragraphs under them).

- **fate**: the share of the gold's commitments whose fate the diff shares: dropped when the
  gold says dropped (``uncertain`` is not dropped), else paired with at least one of the gold's
  units;
- **either**: the same, a debatable commitment counting also when the diff drops it or pairs
  it only with units the gold names;
- **precision**: the share of the diff's pairs of these commitments (their leaves' pairs)
  whose new unit the gold names;
- **edges**: the share of the gold's (commitment, new unit) links the diff makes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

import planparse

GOLDS = Path(__file__).resolve().parent / "alignments"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Agreement:
    fate: float
    either: float
    precision: float
    edges: float
    commitments: int
    pairs: int
    misses: list = field(default_factory=list)  # (old, gold, the diff's partners)
    wrong: list = field(default_factory=list)  # (old, a partner the gold does not name)


def plain(text) -> str:
    """A text as golds and units are compared: no white space, half-width punctuation read
    as full-width, traditional forms as written."""
    text = "".join(str(text or "").split())
    return "".join(_WIDE.get(c, c) for c in text)


_WIDE = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}


def _label(unit) -> str:
    return f"专栏{unit.box}{unit.title}" if unit.kind == "box-item" else unit.title


def _starts(unit, starts: str) -> bool:
    text = plain(unit.text)
    if unit.kind == "section":  # a section's text starts with its title
        text = text[len(plain(unit.title)):]
    return text.lstrip("—-").startswith(plain(starts).lstrip("—-"))


def _old_matches(old: dict, unit) -> bool:
    if "starts" in old:  # a paragraph, or the text a section has before its subsections
        where = unit.path if unit.kind == "paragraph" else unit.path + [unit.title]
        return ([plain(p) for p in old.get("path") or []] == [plain(p) for p in where]
                and unit.kind in ("paragraph", "section") and _starts(unit, old["starts"]))
    if old.get("path") is not None and [plain(p) for p in old["path"]] != [plain(p) for p in unit.path]:
        return False
    return (unit.kind == old["kind"] and plain(unit.title) == plain(old["title"])
            and old.get("box") in (None, unit.box) and old.get("level") in (None, unit.level)
            and old.get("number") in (None, unit.number))


def _new_matches(ref, unit) -> bool:
    if isinstance(ref, str):
        return plain(_label(unit)) == plain(ref) or (unit.kind != "box-item" and plain(unit.title) == plain(ref))
    if "starts" in ref:
        under = ref.get("section")
        return (unit.kind in ("paragraph", "section") and _starts(unit, ref["starts"])
                and (under is None or plain(under) in {plain(p) for p in unit.path[-1:]} | {plain(unit.title)}))
    if ref.get("path") is not None and [plain(p) for p in ref["path"]] != [plain(p) for p in unit.path]:
        return False
    return plain(_label(unit)) == plain(ref["title"]) or plain(unit.title) == plain(ref["title"])


def _under(units, index: int) -> set[int]:
    """A unit and every unit under it."""
    found, stack = set(), [index]
    while stack:
        k = stack.pop()
        found.add(k)
        stack.extend(units[k].children)
    return found


def resolve(gold: dict, old_units, new_units):
    """For each gold commitment: the old units it is (the leaves under it, or itself), and the new
    units each of its named units stands for. An old commitment that is not exactly one unit
    of the old plan, or a named unit that is none of the new plan, is an error naming it."""
    resolved = []
    for entry in gold["commitments"]:
        found = [u for u in old_units if _old_matches(entry["old"], u)]
        if len(found) != 1 and "starts" in entry["old"]:
            found = [u for u in found if u.kind == "paragraph"] or found
        assert len(found) == 1, f"the gold's {entry['old']} is {len(found)} units of the old plan"
        # a section is its text: its paragraphs, not the 专栏 items and table rows in it (commitments
        # of their own, which a gold of sections does not judge)
        leaves = {k for k in _under(old_units, found[0].index)
                  if old_units[k].leaf and old_units[k].kind in ("section", "paragraph", found[0].kind)}
        if "starts" in entry["old"]:  # a paragraph, or the text a section has of its own: itself
            leaves = set()
        olds = leaves or {found[0].index}
        named = []
        for ref in entry["new"]:
            hits = [u for u in new_units if _new_matches(ref, u)]
            if len(hits) > 1 and isinstance(ref, dict) and "starts" in ref:
                hits = [u for u in hits if u.kind == "paragraph"] or hits
            assert hits, f"the gold's {ref!r} (for {entry['old']}) is no unit of the new plan"
            if isinstance(ref, dict) and "starts" in ref:  # a paragraph, or the text a section has of its own
                named.append({u.index for u in hits})
            else:
                named.append(set().union(*(_under(new_units, u.index) for u in hits)))
        resolved.append((entry, olds, named))
    return resolved


def agreement_of(gold: dict, old_units, new_units, links, uncertain=()) -> Agreement:
    """How far ``links`` (``(old index, new index)`` pairs between leaves or any units)
    agree with ``gold`` over ``old_units`` and ``new_units``; an old unit in ``uncertain`` (no
    sure partner, and not dropped either) has neither fate."""
    partners: dict[int, set[int]] = {}
    for i, j in links:
        partners.setdefault(i, set()).add(j)
    fate = either = good = pairs = edges = total_edges = 0
    misses, wrong = [], []
    resolved = resolve(gold, old_units, new_units)
    for entry, olds, named in resolved:
        got = set().union(*(partners.get(i, set()) for i in olds))
        wanted = set().union(*named) if named else set()
        right = (not named and not got and not set(olds) & set(uncertain)) or bool(got & wanted)
        fate += right
        either += right or (entry.get("sure") is False and got <= wanted)
        for i in olds:
            for j in partners.get(i, ()):
                pairs += 1
                good += j in wanted
                if j not in wanted:
                    wrong.append((_describe(entry["old"]), new_units[j].title))
        total_edges += len(named)
        edges += sum(bool(got & each) for each in named)
        if not right:
            misses.append((_describe(entry["old"]), [r if isinstance(r, str) else r.get("starts") or r.get("title")
                                                     for r in entry["new"]],
                           sorted({new_units[j].title for j in got})))
    n = len(resolved)
    return Agreement(fate / n, either / n, good / pairs if pairs else 1.0, edges / total_edges if total_edges else 1.0,
                     n, pairs, misses, wrong)


def _describe(old: dict) -> str:
    return old.get("title") or old.get("starts") or "?"


def load(name: str) -> dict:
    return yaml.safe_load((GOLDS / f"{name}.yaml").read_text(encoding="utf-8"))


def names() -> list[str]:
    return sorted(p.stem for p in GOLDS.glob("*.yaml"))


def judged(name: str, grammar):
    """Gold ``name``'s two plans as the diff reads them (trees, units), the candidate pairs'
    views, and which pairs the gold judges (``known``: the old leaf is one of its
    commitments) and names (``labels``: the new leaf is, or stands under, one it names): what
    the alignment model is fitted on (tools/fit_alignment.py)."""
    import numpy as np

    from planparse.diff import as_tree, converted, read_units
    from planparse.diff.candidates import Views

    gold = load(name)
    trees = [as_tree(planparse.parse((FIXTURES / gold[side]).read_bytes())) for side in ("old", "new")]
    old, new = (read_units(tree, grammar=grammar) for tree in trees)
    views = Views(old, new, grammar, fold=converted(trees[0]) or converted(trees[1]))  # (as the diff builds them)
    wanted: dict[int, set[int]] = {}
    for _, olds, named in resolve(gold, old, new):
        for i in olds:
            wanted.setdefault(i, set()).update(*named)
    olds = [views.olds[a] for a in views.rows]
    news = [views.news[b] for b in views.cols]
    known = np.array([i in wanted for i in olds])
    labels = np.array([j in wanted.get(i, ()) for i, j in zip(olds, news)], dtype=float)
    return trees, old, new, views, known, labels


def fingerprint(views, known, labels, first) -> dict:
    """What a gold's pairs were when the alignment model was fitted on them: how many
    candidates, how many judged and named, and each view's sum and sum of squares over them —
    the first stage's views, and the second stage's as the model's ``first`` stage scores
    them. A test compares today's (a change to the units, the views or the gold that the model
    was not refitted after fails it)."""
    import numpy as np

    from planparse.diff.candidates import FEATURES, STRUCTURE

    base = views.matrix(FEATURES)
    found = views.structure(first.predict(base))
    both = np.concatenate([base, np.stack([found[name] for name in STRUCTURE], axis=1)], axis=1) if len(base) \
        else np.zeros((0, len(FEATURES) + len(STRUCTURE)))
    return {"pairs": int(len(both)), "judged": int(known.sum()), "named": int(labels[known].sum()),
            "sums": [float(f"{value:.9g}") for value in both.sum(axis=0)],
            "squares": [float(f"{value:.9g}") for value in (both ** 2).sum(axis=0)]}


def fitted(name: str) -> bool:
    """Is the alignment model fitted on gold ``name``? (A gold marked ``fitted: false`` only
    measures: the shipped model never saw it.)"""
    return load(name).get("fitted", True) is not False


def agreement(name: str, report=None, grammar=None) -> Agreement:
    """How far the diff of the gold's two fixtures (or ``report``) agrees with gold ``name``."""
    gold = load(name)
    if report is None:
        old, new = (planparse.parse((FIXTURES / gold[side]).read_bytes()) for side in ("old", "new"))
        report = planparse.diff(old, new, grammar=grammar)
    return agreement_of(gold, report.old_units, report.new_units, *links_of(report))


def links_of(report) -> tuple[list[tuple[int, int]], set[int]]:
    """A report's links, and the old units it is not sure of."""
    links = [(p.old.index, p.new.index) for p in report.pairs if p.old is not None and p.new is not None]
    return links, {p.old.index for p in report.pairs if p.old is not None and p.new is None
                   and p.status == "uncertain"}
