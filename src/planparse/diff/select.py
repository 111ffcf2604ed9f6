"""Select: which pairs are links (the fourth stage: units → candidates → score → **select** →
verdicts → writers).

Leaves first, each link on its own evidence, many to many: every old leaf goes to its likeliest
new leaf when the model finds that pair at least ``link`` likely, and every new leaf comes from
its likeliest old leaf when at least ``back`` likely (an old leaf taking at most ``BACK_LINKS``
new leaves so, the likeliest first: a broad old text is no source of everything) — so a new
task may absorb several old units and an old unit may go on in several, and no unit is used up
by a weaker pair. Leaves of
the same text, kind for kind, always pair (renumbering is no change).

Sections with subsections (containers) follow their leaves, bottom up: an old section goes to
the section of the new plan whose leaves correspond best to its own — most of its linked
leaves went under it, and most of that section's linked leaves came from under the old one
(the harmonic mean of the two shares, at least ``AGREEMENT``) — its own level or not (a 节 may
become a 章, a chapter a task); where its leaves went several ways, also to each other section
that holds at least a third of them (and two); the new side likewise. Two sections with no linked leaves pair when they are anchors: the same title, unique
in each plan, or the same standing role (指导思想 and 指导方针). A section whose leaves all went
nowhere is dropped; a new section all of whose leaves are new is added.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..model import Unit
from .units import COPY_SHARE, Sameness, below, in_foreword

BACK_LINKS = 2  # new leaves an old leaf may be linked to from their side (beyond its own likeliest)
AGREEMENT = 0.5  # least agreement (F1 of leaves) for a section to have gone to a section of the other plan
SHARE = 1 / 3  # a section also went to another that holds at least this share of its linked leaves …
LEAST_SHARE = 2  # … and at least this many


@dataclass
class Likeliest:
    """A leaf's likeliest partner on the other side, and how likely: what the diff says of a
    leaf it links to nothing."""

    other: int
    score: float


@dataclass
class Link:
    old: int  # unit index in the old plan
    new: int  # unit index in the new plan
    score: float  # how sure: the model's probability for leaves, the share of leaves for sections
    how: str  # same (the same text) | basis (what each plan is made on) | old (the old leaf's likeliest) | new (the
    # new leaf's likeliest) | section | anchor


def select(views, scores: np.ndarray, model) -> list[Link]:
    """The links between the units of ``views``' two plans, from the candidates' ``scores``."""
    old, new = views.old, views.new
    links: dict[tuple[int, int], Link] = {}
    same = views.same_pairs  # (found once, with the candidates)
    for i, j in same:
        links[(i, j)] = Link(i, j, 1.0, "same")
    taken_old = {i for i, _ in same}
    taken_new = {j for _, j in same}
    text = views.values.get("text", np.zeros(len(scores)))
    backs: Counter = Counter()
    for side, key, threshold, taken in (("old", views.rows, model.link, taken_old),
                                        ("new", views.cols, model.back, taken_new)):
        best = _best(key, scores, text)
        if side == "new":  # the likeliest first: an old leaf takes at most BACK_LINKS from new leaves
            best.sort(key=lambda k: (-scores[k], k))
        for k in best:
            i, j = views.olds[views.rows[k]], views.news[views.cols[k]]
            own = i if side == "old" else j
            if own in taken or scores[k] < threshold or (i, j) in links:
                continue
            if side == "new":
                if backs[i] >= BACK_LINKS:
                    continue
                backs[i] += 1
            links[(i, j)] = Link(i, j, round(float(scores[k]), 3), side)
    linked_old, linked_new = {i for i, _ in links}, {j for _, j in links}
    for i, j in basis_pair(old, new, views.olds, views.news, views.grammar, linked_old, linked_new):
        links[(i, j)] = Link(i, j, round(float(scores[k]), 3) if (k := views.candidate(i, j)) is not None else 0.0,
                             "basis")
    leaf_links = sorted(links.values(), key=lambda link: (link.old, link.new))
    return leaf_links + sections(old, new, leaf_links, views.anchors())


def likeliest(views, scores: np.ndarray) -> tuple[dict[int, Likeliest], dict[int, Likeliest]]:
    """Each leaf's likeliest partner (by the scores of its candidates), for the old leaves and
    for the new ones, by unit index."""
    text = views.values.get("text", np.zeros(len(scores)))
    found: tuple[dict[int, Likeliest], dict[int, Likeliest]] = ({}, {})
    for side, key in ((0, views.rows), (1, views.cols)):
        for k in _best(key, scores, text):
            i, j = views.olds[views.rows[k]], views.news[views.cols[k]]
            found[side][i if side == 0 else j] = Likeliest(j if side == 0 else i, round(float(scores[k]), 3))
    return found


def same_text(old: list[Unit], new: list[Unit], olds: list[int], news: list[int],
              sameness: Sameness) -> list[tuple[int, int]]:
    """Leaves of the same kind and text, paired in order (the second of two equal texts with
    the second): renumbering and moving are no change of text. ``sameness``: what the same
    text is (:class:`.units.Sameness`, whose ``fold`` this decides: only for copies of one plan)."""
    pairs = _paired(old, new, olds, news, lambda side, k: sameness.texts[side][k])
    sameness.fold = sameness.fold and len(pairs) >= COPY_SHARE * min(len(olds), len(news))  # (copies of one plan)
    if sameness.fold:  # the rest, where two texts of one length are the same in one script
        paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
        rest_old = [i for i in olds if i not in paired_old]
        rest_new = [j for j in news if j not in paired_new]
        lengths = {len(sameness.texts[0][i]) for i in rest_old} & {len(sameness.texts[1][j]) for j in rest_new}
        pairs += _paired(old, new, [i for i in rest_old if len(sameness.texts[0][i]) in lengths],
                         [j for j in rest_new if len(sameness.texts[1][j]) in lengths],
                         lambda side, k: sameness.folded(sameness.texts[side][k]))
    return sorted(pairs)


def _paired(old: list[Unit], new: list[Unit], olds: list[int], news: list[int], text) -> list[tuple[int, int]]:
    by_text: dict[tuple[str, str], list[int]] = {}
    for j in news:
        by_text.setdefault((new[j].kind, text(1, j)), []).append(j)
    seen: Counter = Counter()
    pairs = []
    for i in olds:
        key = (old[i].kind, text(0, i))
        candidates = by_text.get(key, [])
        if seen[key] < len(candidates):
            pairs.append((i, candidates[seen[key]]))
        seen[key] += 1
    return pairs


def basis_pair(old: list[Unit], new: list[Unit], olds: list[int], news: list[int], grammar,
               linked_old=(), linked_new=()) -> list[tuple[int, int]]:
    """The two plans' statements of what they are made on and for (依据…，制定本规划; 为…，
    制定本方案: the grammar's ``compare.basis``), paired when each plan's foreword (the text
    before its first heading) has exactly one paragraph that makes it and one of the two is
    linked to nothing else: every plan says it, in other words each time, and that is one
    standing commitment — a link the model made stands, and nothing is taken from it (a
    statement the model also linked elsewhere, to a principle that speaks of the same 决策部署,
    is paired all the same: one unit may go on in several)."""
    pattern = grammar.sections["compare"].get("basis")
    if pattern is None:
        return []
    found = []
    for units, leaves in ((old, olds), (new, news)):
        making = [k for k in leaves if in_foreword(units[k]) and pattern.search(units[k].text)]
        if len(making) != 1:
            return []
        found.append(making[0])
    if found[0] in linked_old and found[1] in linked_new:
        return []
    return [(found[0], found[1])]


def _best(key: np.ndarray, scores: np.ndarray, text: np.ndarray) -> list[int]:
    """For each value of ``key``, the candidate with the highest score (then the likelier
    text, then the first)."""
    if not len(key):
        return []
    order = np.lexsort((np.arange(len(key)), -text, -scores, key))
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    return order[first].tolist()


def sections(old: list[Unit], new: list[Unit], leaf_links: list[Link], anchors: dict[int, dict[int, float]]) -> list[Link]:
    """Links of the sections with subsections, from where their leaves went (see the module's
    docstring); ``anchors``: sections that surely correspond, ``{old: {new: how sure}}``."""
    found: dict[tuple[int, int], Link] = {}
    counts = _Correspondence(old, new, leaf_links)
    for side, mine in (("old", old), ("new", new)):
        for unit in mine:
            if unit.leaf:
                continue
            for target, agreement in counts.where(side, unit.index):  # sections with subsections
                pair = (unit.index, target) if side == "old" else (target, unit.index)
                if pair not in found:
                    found[pair] = Link(*pair, round(agreement, 3), "section")
    have_old = {link.old for link in found.values()}
    have_new = {link.new for link in found.values()}
    for p, targets in anchors.items():
        for q, sure in targets.items():
            if (p, q) in found:
                continue
            if (p not in have_old and q not in have_new) or sure >= 1.0 and counts.shared("old", p, q):
                found[(p, q)] = Link(p, q, round(sure, 3), "anchor")
                have_old.add(p)
                have_new.add(q)
    return sorted(found.values(), key=lambda link: (link.old, link.new))


class _Correspondence:
    """How the leaves under the sections of two plans correspond, counted once from the leaf
    links: for a unit S of one side and T of the other, how many linked leaves under S went
    under T, and how many under T came from under S."""

    def __init__(self, old: list[Unit], new: list[Unit], leaf_links: list[Link]):
        self.units = {"old": old, "new": new}
        self.linked: dict[str, set[int]] = {"old": set(), "new": set()}
        self.went: dict[str, dict[tuple[int, int], set[int]]] = {"old": {}, "new": {}}
        above: dict[str, dict[int, list[int]]] = {"old": {}, "new": {}}

        def ancestry(side: str, index: int) -> list[int]:
            if index not in above[side]:
                units, chain_ = self.units[side], []
                unit: int | None = index
                while unit is not None:
                    chain_.append(unit)
                    unit = units[unit].parent
                above[side][index] = chain_
            return above[side][index]

        for link in leaf_links:
            self.linked["old"].add(link.old)
            self.linked["new"].add(link.new)
            for s in ancestry("old", link.old):
                for t in ancestry("new", link.new):
                    self.went["old"].setdefault((s, t), set()).add(link.old)
                    self.went["new"].setdefault((t, s), set()).add(link.new)
        self.targets: dict[str, dict[int, list[int]]] = {"old": {}, "new": {}}
        for side in ("old", "new"):
            for s, t in self.went[side]:
                self.targets[side].setdefault(s, []).append(t)
        self.leaves = {side: self._linked_below(side) for side in ("old", "new")}

    def _linked_below(self, side: str) -> dict[int, int]:
        """How many linked leaves stand under each unit of ``side`` (itself included)."""
        units = self.units[side]
        count: dict[int, int] = {}
        for unit in reversed(units):
            count[unit.index] = count.get(unit.index, 0) + (unit.leaf and unit.index in self.linked[side])
            if unit.parent is not None:
                count[unit.parent] = count.get(unit.parent, 0) + count[unit.index]
        return count

    def shared(self, side: str, section: int, target: int) -> bool:
        """Did at least one leaf under ``section`` go under ``target``?"""
        return (section, target) in self.went[side]

    def where(self, side: str, section: int) -> list[tuple[int, float]]:
        """Where section ``section`` of ``side`` went: the sections (or leaves) of the other plan
        whose linked leaves and its own correspond best — by the harmonic mean of the share of
        its linked leaves that went under one (recall) and the share of that one's linked
        leaves that came from under it (precision) — the best, and each other that holds a
        fair share of its leaves apart from the best (a split), each with its agreement."""
        other = "new" if side == "old" else "old"
        mine, theirs = self.units[side], self.units[other]
        leaves = sum(1 for k in below(mine, section) if mine[k].leaf)
        n = self.leaves[side].get(section, 0)
        if not n or (n < LEAST_SHARE and leaves > n):
            return []  # one leaf of several is no sign of where the section went
        agreement, votes = {}, {}
        for target in self.targets[side].get(section, ()):
            if theirs[target].leaf:
                continue  # a leaf's own links say where the leaves went
            count = len(self.went[side][(section, target)])
            back = self.went[other].get((target, section), set())
            precision = len(back) / max(self.leaves[other].get(target, 0), 1)
            recall = count / n
            votes[target] = count
            agreement[target] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if not agreement:
            return []
        depth = len(mine[section].path)
        best = max(agreement, key=lambda t: (agreement[t], -abs(len(theirs[t].path) - depth), -t))
        if agreement[best] < AGREEMENT:
            return []
        chosen = [(best, agreement[best])]
        for target in sorted(agreement, key=lambda t: (-agreement[t], t)):
            if (target != best and votes[target] >= max(LEAST_SHARE, SHARE * n) and agreement[target] >= AGREEMENT
                    and not any(_under(theirs, target, t) or _under(theirs, t, target) for t, _ in chosen)):
                chosen.append((target, agreement[target]))
        return chosen


def _under(units: list[Unit], index: int, section: int) -> bool:
    """Is unit ``index`` ``section`` or under it?"""
    unit: int | None = index
    while unit is not None:
        if unit == section:
            return True
        unit = units[unit].parent
    return False
