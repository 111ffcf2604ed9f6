"""Align: pair the units of an old and a new plan by content and structure.

Passes, most certain first: the same text; the same title; pairs that are each other's best
match anywhere (at a high floor, then — for units with no subsections — at a low one); then,
twice over: a section whose children went under one new section goes there too, what is
left of two paired sections' children is matched one to one (scipy's optimal
``linear_sum_assignment``, with structure bonuses, at a lower floor), and a looser match
anywhere (moves). Units left over are tested for being merged into a new unit or split from
an old one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Unit
from .similarity import Vectors, candidate_pairs

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

DENSE_LIMIT = 4_000_000  # up to this many old × new pairs, every pair is scored

# kinds that may pair with one another
FAMILY = {"section": "text", "box-item": "text", "paragraph": "text", "table-row": "row"}


@dataclass
class Link:
    old: int | None
    new: int | None
    score: float
    how: str  # exact | title | sure | leaf | children | local | loose | merged | split


class Pairs:
    """The candidate pairs (old unit ``i``, new unit ``j``) and how alike, how plausible and how
    preferable each is. Every pair, for plans of ordinary size; for large ones only the pairs
    that share rare character bigrams (see :func:`planparse.similarity.candidate_pairs`), so
    that the cost grows with the pairs worth scoring, not with the product of the sizes."""

    def __init__(self, old: list[Unit], new: list[Unit], texts: Vectors):
        import numpy as np

        n, m = len(old), len(new)
        self.width = max(m, 1)
        titles = Vectors([u.title for u in old] + [u.title for u in new])
        if n * m <= DENSE_LIMIT:
            i, j = np.divmod(np.arange(n * m, dtype=np.int64), self.width)
            alike = (TITLE_WEIGHT * titles.cosine(list(range(n)), list(range(n, n + m)))
                     + (1 - TITLE_WEIGHT) * texts.cosine(list(range(n)), list(range(n, n + m)))).ravel()
        else:
            i, j = candidate_pairs(texts, n, m)
            alike = TITLE_WEIGHT * titles.rowdot(i, n + j) + (1 - TITLE_WEIGHT) * texts.rowdot(i, n + j)
        self.i, self.j, self.alike = i, j, alike
        self.keys = i * self.width + j  # sorted: old-major
        self.by_new = np.lexsort((i, j))  # the same pairs, new-major
        self.new_column = j[self.by_new]
        self.score = _plausibility(alike, i, j, old, new)
        self.preference = _preference(self.score, i, j, old, new)

    def get(self, values, old: int, new: int, missing: float = -1.0) -> float:
        import numpy as np

        key = old * self.width + new
        at = int(np.searchsorted(self.keys, key))
        return float(values[at]) if at < len(self.keys) and self.keys[at] == key else missing

    def block(self, values, olds: list[int], news: list[int], missing: float = -1.0):
        """A dense ``len(olds) × len(news)`` matrix of ``values`` (``missing`` where no pair)."""
        import numpy as np

        keys = (np.asarray(olds, dtype=np.int64)[:, None] * self.width + np.asarray(news, dtype=np.int64)[None, :])
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        found = (self.keys[at] == keys) if len(self.keys) else np.zeros(keys.shape, dtype=bool)
        return np.where(found, values[at] if len(self.keys) else missing, missing)

    def best_of_old(self, old: int) -> tuple[int, float] | None:
        """The new unit most plausibly ``old`` (the first of equals), with its score."""
        import numpy as np

        lo, hi = np.searchsorted(self.keys, [old * self.width, (old + 1) * self.width])
        if lo == hi:
            return None
        at = lo + int(np.argmax(self.score[lo:hi]))
        return int(self.j[at]), float(self.score[at])

    def best_of_new(self, new: int) -> tuple[int, float] | None:
        import numpy as np

        lo, hi = np.searchsorted(self.new_column, [new, new + 1])
        if lo == hi:
            return None
        at = self.by_new[lo + int(np.argmax(self.score[self.by_new[lo:hi]]))]
        return int(self.i[at]), float(self.score[at])

    def ranked(self, olds: set[int], news: set[int], floor: float):
        """The pairs among ``olds`` × ``news`` at least ``floor`` plausible, most preferable
        first (equals in old, then new order)."""
        import numpy as np

        mask = self.score >= floor
        mask &= np.isin(self.i, np.fromiter(olds, dtype=np.int64, count=len(olds)))
        mask &= np.isin(self.j, np.fromiter(news, dtype=np.int64, count=len(news)))
        at = np.nonzero(mask)[0]
        order = np.lexsort((self.j[at], self.i[at], -self.preference[at]))
        return [(int(self.i[k]), int(self.j[k])) for k in at[order]]


class Alignment:
    """The alignment of ``old`` and ``new``; ``links`` once :meth:`run` has run."""

    def __init__(self, old: list[Unit], new: list[Unit]):
        self.old, self.new = old, new
        self.to_new: dict[int, int] = {}
        self.to_old: dict[int, int] = {}
        self.links: list[Link] = []
        self.merged: set[int] = set()  # old units merged into a paired new one
        self.split: set[int] = set()  # new units split from a paired old one
        self.free_old = {u.index for u in old}
        self.free_new = {u.index for u in new}
        self.old_parents = {u.parent for u in old if u.parent is not None}
        self.new_parents = {u.parent for u in new if u.parent is not None}
        self.old_containers = {u.parent for u in old if u.parent is not None and u.kind == "section"}
        self.new_containers = {u.parent for u in new if u.parent is not None and u.kind == "section"}
        self.texts = Vectors([u.context for u in old] + [u.context for u in new])
        self.pairs = Pairs(old, new, self.texts)

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
        for old, new in self.pairs.ranked(set(olds), set(news), floor):
            if old in self.free_old and new in self.free_new:
                self._link(old, new, how)

    def exact(self) -> None:
        """The same text (title and body), kind for kind; renumbering does not matter."""
        by_text: dict[tuple, list[int]] = {}
        for unit in self.new:
            by_text.setdefault((FAMILY[unit.kind], _plain(unit.text)), []).append(unit.index)
        for unit in self.old:
            candidates = [j for j in by_text.get((FAMILY[unit.kind], _plain(unit.text)), []) if j not in self.to_old]
            if candidates:
                best = max(candidates, key=lambda j: (self.new[j].path == unit.path, -abs(j - unit.index)))
                self._link(unit.index, best, "exact")

    def same_title(self) -> None:
        """A title that only one free unit on each side has."""
        old_titles = Counter((u.kind, u.title) for u in self.old if u.index not in self.to_new)
        new_titles = Counter((u.kind, u.title) for u in self.new if u.index not in self.to_old)
        new_by_title = {(u.kind, u.title): u.index for u in self.new if u.index not in self.to_old}
        for unit in self.old:
            key = (unit.kind, unit.title)
            if unit.index in self.to_new or not unit.title or old_titles[key] != 1 or new_titles.get(key) != 1:
                continue
            self._link(unit.index, new_by_title[key], "title")

    def assign(self, olds: list[int], news: list[int], floor: float, how: str) -> None:
        """The one-to-one assignment of ``olds`` to ``news`` with the greatest total
        similarity (structure bonuses steer it); pairs less similar than ``floor`` are not
        taken."""
        if not olds or not news:
            return
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        # a pair under the floor may not displace one above it
        allowed = self.pairs.block(self.pairs.score, olds, news) >= floor
        matrix = np.where(allowed, self.pairs.block(self.pairs.preference, olds, news) + self._bonus(olds, news), -1e6)
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for row, col in sorted(zip(rows, cols), key=lambda rc: -matrix[rc[0], rc[1]]):
            if allowed[row, col]:
                self._link(olds[row], news[col], how)

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
                         key=lambda n: (self.new[n].level == level, self.pairs.get(self.pairs.score, parent, n)))
            if self.pairs.get(self.pairs.score, parent, target) < (LOCAL if most > 1 else LOOSE):
                continue
            if target in self.to_old:
                if most < 2:
                    continue
                self._merge(parent, target)
            else:
                self._link(parent, target, "children")

    def _ancestors(self, new: int) -> list[int]:
        found, parent = [], self.new[new].parent
        while parent is not None:
            found.append(parent)
            parent = self.new[parent].parent
        return found

    def within_parents(self) -> None:
        """The free children of each pair of paired sections (and the free top-level
        sections of the two plans), matched one to one with a lower floor."""
        free_old, free_new = set(self.free_old), set(self.free_new)
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
                self.assign([o for o in olds if o in self.free_old],
                            [n for n in new_children[new_parent] if n in self.free_new],
                            LOOSE if old_parent is None else LOCAL, "local")

    def merges_and_splits(self) -> None:
        """A free old unit whose best match is a new unit already paired was merged into it
        (when they are alike enough, or most of its text is there); a free new unit whose
        best match is an old unit already paired was split from it."""
        for old in sorted(self.free_old):
            best = self.pairs.best_of_old(old)
            if best is not None and self._part_of("old", old, best):
                self._merge(old, best[0])
        for new in sorted(self.free_new):
            best = self.pairs.best_of_new(new)
            if best is not None and self._part_of("new", new, best):
                self.split.add(new)
                self.free_new.discard(new)
                self.links.append(Link(best[0], new, self._reported(best[0], new), "split"))

    def _part_of(self, side: str, index: int, best: tuple[int, float]) -> bool:
        """Is unit ``index`` of ``side`` part of its best match, a unit paired already? When
        neither has sections under it (sections merge by their children), when the match's
        partner stands beside the unit, and when they are alike enough (or most of the unit's
        text is in the match)."""
        other, score = best
        n = len(self.old)
        if side == "old":  # rows of self.texts: old units first, then new ones
            unit, units, paired = self.old[index], self.old, self.to_old
            old, new, part, whole = index, other, index, n + other
        else:
            unit, units, paired = self.new[index], self.new, self.to_new
            old, new, part, whole = other, index, n + index, other
        if other not in paired or score < PART_SIMILARITY:
            return False
        if unit.parent != units[paired[other]].parent or old in self.old_containers or new in self.new_containers:
            return False
        return score >= LOOSE or self.texts.containment(part, whole) >= PART

    # --- bookkeeping ---------------------------------------------------------------------

    def _link(self, old: int, new: int, how: str) -> None:
        self.to_new[old], self.to_old[new] = new, old
        self.free_old.discard(old)
        self.free_new.discard(new)
        self.links.append(Link(old, new, self._reported(old, new), how))

    def _merge(self, old: int, new: int) -> None:
        self.merged.add(old)
        self.free_old.discard(old)
        self.links.append(Link(old, new, self._reported(old, new), "merged"))

    def _reported(self, old: int, new: int) -> float:
        if _plain(self.old[old].text) == _plain(self.new[new].text):
            return 1.0
        return round(max(self.pairs.get(self.pairs.alike, old, new, missing=0.0), 0.0), 3)

    def _free_old(self, leaves: bool = False) -> list[int]:
        return sorted(i for i in self.free_old if not leaves or i not in self.old_parents)

    def _free_new(self, leaves: bool = False) -> list[int]:
        return sorted(j for j in self.free_new if not leaves or j not in self.new_parents)


def _plausibility(alike, i, j, old: list[Unit], new: list[Unit]):
    """How likely each pair is one unit: its likeness, less when the kinds differ (a row
    never pairs with a section) or one is about the past and the other the plan."""
    import numpy as np

    score = alike.copy()
    if not len(score):
        return score

    old_family = np.array([FAMILY[u.kind] for u in old])[i]
    new_family = np.array([FAMILY[u.kind] for u in new])[j]
    score[old_family != new_family] = -1.0
    other_kind = (np.array([u.kind for u in old])[i] != np.array([u.kind for u in new])[j]) & (score > 0)
    score[other_kind] -= OTHER_KIND
    old_plan = np.array([u.part == "plan" for u in old])[i]
    new_plan = np.array([u.part == "plan" for u in new])[j]
    score[(old_plan != new_plan) & (score > 0)] -= OTHER_PART
    old_part = np.array([u.part if u.parent is None else "" for u in old])[i]
    new_part = np.array([u.part if u.parent is None else "-" for u in new])[j]
    score[(old_part == new_part) & ~old_plan & (score > 0)] += SAME_PART
    return score


def _preference(score, i, j, old: list[Unit], new: list[Unit]):
    """Which of several similar candidates to prefer: the one at a like place in its plan,
    and a section at the same level (the floors go by plausibility alone)."""
    import numpy as np

    if not len(score):
        return score
    distance = np.abs(_places(old)[i] - _places(new)[j])
    old_level = np.array([u.level or 0 for u in old])[i]
    new_level = np.array([u.level or 0 for u in new])[j]
    return score - POSITION_WEIGHT * distance + SAME_LEVEL * ((old_level == new_level) & (old_level > 0))


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
