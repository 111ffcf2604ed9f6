"""Align: pair the units of an old and a new plan by content and structure.

Passes, most certain first: the same text; the same title; a confident match anywhere; a
section whose children went to one new section goes there too; what is left of two paired
sections' children, with a lower floor; a looser match anywhere (moves). Each fuzzy pass is a
one-to-one optimal assignment (scipy's ``linear_sum_assignment``) above a floor. Then units
left over are tested for being merged into a new unit or split from an old one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Unit
from .similarity import Vectors

SURE = 0.45  # a match anywhere in the plan at this similarity needs no structure to back it
LOCAL = 0.07  # the floor for children of two paired sections
LOOSE = 0.12  # the floor for a match anywhere once structure is settled
PARENT_BONUS = 0.1  # a pair whose parents are paired is likelier
NUMBER_BONUS = 0.05  # and one that keeps its number and level
OTHER_KIND = 0.1  # a section that became a box item (or back) is less likely than staying one
OTHER_PART = 0.15  # a review of the past (or the present) is not what the plan will do
SAME_PART = 0.05  # and a review chapter is likelier the other plan's review chapter
PART = 0.5  # share of an old unit's text found in a new one for it to count as merged into it
PART_SIMILARITY = 0.1  # and the least similarity of the two
TITLE_WEIGHT = 0.4  # similarity = title × weight + context × (1 − weight)
POSITION_WEIGHT = 0.1  # prefer by this × the distance of two units' places in their plans (0..1)
SAME_LEVEL = 0.03  # and sections at the same level by this much

# kinds that may pair with one another
FAMILY = {"section": "text", "box-item": "text", "paragraph": "text", "table-row": "row"}


@dataclass
class Link:
    old: int | None
    new: int | None
    score: float
    how: str  # exact | title | sure | children | local | loose | merged | split


class Alignment:
    """The alignment of ``old`` and ``new``; ``links`` once :meth:`run` has run."""

    def __init__(self, old: list[Unit], new: list[Unit]):
        self.old, self.new = old, new
        self.to_new: dict[int, int] = {}
        self.to_old: dict[int, int] = {}
        self.links: list[Link] = []
        self.merged: set[int] = set()  # old units merged into a paired new one
        self.split: set[int] = set()  # new units split from a paired old one
        self.old_parents = {u.parent for u in old if u.parent is not None}
        self.new_parents = {u.parent for u in new if u.parent is not None}
        self.old_containers = {u.parent for u in old if u.parent is not None and u.kind == "section"}
        self.new_containers = {u.parent for u in new if u.parent is not None and u.kind == "section"}
        self.texts = Vectors([u.context for u in old] + [u.context for u in new])
        self.alike = self._similarity()
        self.score = self._plausibility()
        self.preference = self._preference()

    def _similarity(self):
        """How alike each old and new unit are (0..1): by title and by text."""
        import numpy as np

        n = len(self.old)
        if not self.old or not self.new:
            return np.zeros((len(self.old), len(self.new)))
        old_rows, new_rows = list(range(n)), list(range(n, n + len(self.new)))
        titles = Vectors([u.title for u in self.old] + [u.title for u in self.new])
        return (TITLE_WEIGHT * titles.cosine(old_rows, new_rows)
                + (1 - TITLE_WEIGHT) * self.texts.cosine(old_rows, new_rows))

    def _plausibility(self):
        """How likely each pair is one unit: its likeness, less when the kinds differ (a row
        never pairs with a section) or one is about the past and the other the plan."""
        import numpy as np

        score = self.alike.copy()
        if not self.old or not self.new:
            return score
        old_family = np.array([FAMILY[u.kind] for u in self.old])
        new_family = np.array([FAMILY[u.kind] for u in self.new])
        score[old_family[:, None] != new_family[None, :]] = -1.0
        old_kind = np.array([u.kind for u in self.old])
        new_kind = np.array([u.kind for u in self.new])
        score[(old_kind[:, None] != new_kind[None, :]) & (score > 0)] -= OTHER_KIND
        old_plan = np.array([u.part == "plan" for u in self.old])
        new_plan = np.array([u.part == "plan" for u in self.new])
        score[(old_plan[:, None] != new_plan[None, :]) & (score > 0)] -= OTHER_PART
        old_part = np.array([u.part if u.parent is None else "" for u in self.old])
        new_part = np.array([u.part if u.parent is None else "-" for u in self.new])
        score[(old_part[:, None] == new_part[None, :]) & ~old_plan[:, None] & (score > 0)] += SAME_PART
        return score

    def _preference(self):
        """Which of several similar candidates to prefer: the one at a like place in its plan,
        and a section at the same level (the floors go by plausibility alone)."""
        import numpy as np

        if not self.old or not self.new:
            return self.score
        distance = np.abs(_places(self.old)[:, None] - _places(self.new)[None, :])
        old_level = np.array([u.level or 0 for u in self.old])
        new_level = np.array([u.level or 0 for u in self.new])
        same_level = (old_level[:, None] == new_level[None, :]) & (old_level[:, None] > 0)
        return self.score - POSITION_WEIGHT * distance + SAME_LEVEL * same_level

    # --- passes --------------------------------------------------------------------------

    def run(self) -> list[Link]:
        self.exact()
        self.same_title()
        self.greedy(self._free_old(), self._free_new(), SURE, "sure")
        self.greedy(self._free_old(leaves=True), self._free_new(leaves=True), LOOSE, "leaf")
        self.merges_and_splits()
        for _ in range(2):
            self.parents_from_children()
            self.within_parents()
            self.greedy(self._free_old(), self._free_new(), LOOSE, "loose")
        self.parents_from_children()
        self.within_parents()
        self.merges_and_splits()
        return self.links

    def greedy(self, olds: list[int], news: list[int], floor: float, how: str) -> None:
        """Pairs that are each other's best match, best first, down to ``floor``. Without
        structure to go by, a pair is only as sure as no better claim on either side."""
        if not olds or not news:
            return
        import numpy as np

        similar = self.score[olds][:, news]
        matrix = np.where(similar >= floor, self.preference[olds][:, news], -np.inf)
        while True:
            row, col = np.unravel_index(np.argmax(matrix), matrix.shape)
            if matrix[row, col] == -np.inf:
                return
            self._link(olds[row], news[col], float(similar[row, col]), how)
            matrix[row, :] = -np.inf
            matrix[:, col] = -np.inf

    def exact(self) -> None:
        """The same text (title and body), kind for kind; renumbering does not matter."""
        by_text: dict[tuple, list[int]] = {}
        for unit in self.new:
            by_text.setdefault((FAMILY[unit.kind], _plain(unit.text)), []).append(unit.index)
        for unit in self.old:
            candidates = [j for j in by_text.get((FAMILY[unit.kind], _plain(unit.text)), []) if j not in self.to_old]
            if candidates:
                best = max(candidates, key=lambda j: (self.new[j].path == unit.path, -abs(j - unit.index)))
                self._link(unit.index, best, 1.0, "exact")

    def same_title(self) -> None:
        """A title that only one free unit on each side has."""
        old_titles = Counter((u.kind, u.title) for u in self.old if u.index not in self.to_new)
        new_titles = Counter((u.kind, u.title) for u in self.new if u.index not in self.to_old)
        new_by_title = {(u.kind, u.title): u.index for u in self.new if u.index not in self.to_old}
        for unit in self.old:
            key = (unit.kind, unit.title)
            if unit.index in self.to_new or not unit.title or old_titles[key] != 1 or new_titles.get(key) != 1:
                continue
            self._link(unit.index, new_by_title[key], float(max(self.score[unit.index, new_by_title[key]], 0)),
                       "title")

    def assign(self, olds: list[int], news: list[int], floor: float, how: str) -> None:
        """The one-to-one assignment of ``olds`` to ``news`` with the greatest total
        similarity (structure bonuses steer it); pairs less similar than ``floor`` are not
        taken."""
        if not olds or not news:
            return
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        allowed = self.score[olds][:, news] >= floor  # a pair under the floor may not displace one above
        matrix = np.where(allowed, self.preference[olds][:, news] + self._bonus(olds, news), -1e6)
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for row, col in sorted(zip(rows, cols), key=lambda rc: -matrix[rc[0], rc[1]]):
            if allowed[row, col]:
                self._link(olds[row], news[col], 0.0, how)

    def _bonus(self, olds: list[int], news: list[int]):
        import numpy as np

        bonus = np.zeros((len(olds), len(news)))
        for i, o in enumerate(olds):
            unit = self.old[o]
            parent = self.to_new.get(unit.parent) if unit.parent is not None else None
            for j, n in enumerate(news):
                other = self.new[n]
                if (unit.parent is None and other.parent is None) or (parent is not None and parent == other.parent):
                    bonus[i, j] += PARENT_BONUS
                if unit.number is not None and (unit.number, unit.level) == (other.number, other.level):
                    bonus[i, j] += NUMBER_BONUS
        return bonus

    def parents_from_children(self) -> None:
        """A free section whose paired children went under one new section goes there too:
        of the new sections above them that the most children went under, the one at the
        same level, else the most alike (deepest first, so that the count works up the tree). When that section
        is paired already and several children went there, the two old sections were merged
        into it. One child's word needs more likeness of the two than several children's."""
        children: dict[int, list[int]] = {}
        for unit in self.old:
            if unit.parent is not None:
                children.setdefault(unit.parent, []).append(unit.index)
        for parent in sorted(children, key=lambda p: -len(self.old[p].path)):
            if parent in self.to_new or parent in self.merged:
                continue
            votes = Counter(above for c in children[parent] if c in self.to_new
                            for above in self._ancestors(self.to_new[c]))
            if not votes:
                continue
            most = max(votes.values())
            level = self.old[parent].level
            target = max((n for n, count in votes.items() if count == most),
                         key=lambda n: (self.new[n].level == level, self.score[parent, n]))
            if self.score[parent, target] < (LOCAL if most > 1 else LOOSE):
                continue
            if target in self.to_old:
                if most < 2:
                    continue
                self.merged.add(parent)
                self.links.append(Link(parent, target, self._reported(parent, target), "merged"))
            else:
                self._link(parent, target, float(self.score[parent, target]), "children")

    def _ancestors(self, new: int) -> list[int]:
        found, parent = [], self.new[new].parent
        while parent is not None:
            found.append(parent)
            parent = self.new[parent].parent
        return found

    def within_parents(self) -> None:
        """The free children of each pair of paired sections (and the free top-level
        sections of the two plans), matched one to one with a lower floor."""
        free_old, free_new = set(self._free_old()), set(self._free_new())
        old_children: dict[int | None, list[int]] = {}
        new_children: dict[int | None, list[int]] = {}
        for unit in self.old:
            if unit.index in free_old:
                old_children.setdefault(unit.parent, []).append(unit.index)
        for unit in self.new:
            if unit.index in free_new:
                new_children.setdefault(unit.parent, []).append(unit.index)
        for old_parent, olds in old_children.items():
            new_parent = None if old_parent is None else self.to_new.get(old_parent)
            if (old_parent is None or new_parent is not None) and new_children.get(new_parent):
                # the top level has no parent pair to vouch for it: it takes the global floor
                self.assign([o for o in olds if o in set(self._free_old())],
                            [n for n in new_children[new_parent] if n in set(self._free_new())],
                            LOOSE if old_parent is None else LOCAL, "local")

    def merges_and_splits(self) -> None:
        """A free old unit whose best match is a new unit already paired was merged into it
        (when they are alike enough, or most of its text is there); a free new unit whose
        best match is an old unit already paired was split from it."""
        n = len(self.old)
        for unit in self.old:
            if unit.index not in self.to_new and unit.index not in self.merged:
                best = self._part_of(unit.index, self.score[unit.index], self.to_old, lambda j: n + j)
                if best is not None:
                    self.merged.add(unit.index)
                    self.links.append(Link(unit.index, best[0], self._reported(unit.index, best[0]), "merged"))
        for unit in self.new:
            if unit.index not in self.to_old and unit.index not in self.split:
                best = self._part_of(n + unit.index, self.score[:, unit.index], self.to_new, lambda i: i)
                if best is not None:
                    self.split.add(unit.index)
                    self.links.append(Link(best[0], unit.index, self._reported(best[0], unit.index), "split"))

    def _part_of(self, row: int, scores, paired: dict, to_row) -> tuple[int, float] | None:
        """The paired unit that the unit at ``row`` is part of: its best match, when neither
        has sections under it (sections merge by their children), when its partner stands
        beside the unit, and when they are alike enough."""
        import numpy as np

        best = int(np.argmax(scores)) if len(scores) else None
        if best is None or best not in paired or scores[best] < PART_SIMILARITY:
            return None
        if row < len(self.old):  # an old unit merged with the old unit paired with ``best``?
            unit, sibling, old, new = self.old[row], self.old[paired[best]], row, best
        else:  # a new unit split off with the new unit paired with ``best``?
            unit, sibling, old, new = self.new[row - len(self.old)], self.new[paired[best]], best, row - len(self.old)
        if unit.parent != sibling.parent or old in self.old_containers or new in self.new_containers:
            return None
        if scores[best] >= LOOSE or self.texts.containment(row, to_row(best)) >= PART:
            return best, float(scores[best])
        return None

    # --- bookkeeping ---------------------------------------------------------------------

    def _link(self, old: int, new: int, score: float, how: str) -> None:
        self.to_new[old], self.to_old[new] = new, old
        self.links.append(Link(old, new, self._reported(old, new), how))

    def _reported(self, old: int, new: int) -> float:
        if _plain(self.old[old].text) == _plain(self.new[new].text):
            return 1.0
        return round(float(max(self.alike[old, new], 0.0)), 3)

    def _free_old(self, leaves: bool = False) -> list[int]:
        return [u.index for u in self.old if u.index not in self.to_new and u.index not in self.merged
                and (not leaves or u.index not in self.old_parents)]

    def _free_new(self, leaves: bool = False) -> list[int]:
        return [u.index for u in self.new if u.index not in self.to_old and u.index not in self.split
                and (not leaves or u.index not in self.new_parents)]


def _places(units: list[Unit]):
    """Where each unit starts in its plan, as a share of the plan's text (0..1): plans keep
    their order (review, aims, tasks, safeguards), so two units far apart are less likely
    one and the same."""
    import numpy as np

    lengths = np.array([len(unit.text) for unit in units], dtype=float)
    total = lengths.sum() or 1.0
    return (np.cumsum(lengths) - lengths) / total


def _plain(text: str) -> str:
    return "".join(text.split())


def align(old: list[Unit], new: list[Unit]) -> list[Link]:
    """Links between the units of two plans (see the module's docstring)."""
    return Alignment(old, new).run()
