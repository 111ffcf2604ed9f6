"""Align: pair the units of an old and a new plan, many to many.

The unit of account is the commitment: the leaves (专栏 items, tasks, paragraphs of a task,
table rows) are aligned on their own text, the containers (sections with subsections)
through what went on under them. In passes, surest first:

1. **Exact.** The same text, kind for kind (renumbering is no change); containers whose
   title is the same in both plans and unique in each (patience diff's anchors); sections
   with the same standing role (指导思想 and 指导方针: the grammar's ``roles``).
2. **Backbone.** Pairs of leaves that need no structure to back them: very alike, or
   clearly more alike than either is to its runner-up, or naming the same rare thing (a
   name in quotes or 《》, a Latin token, rare bigrams official Chinese does not use
   commonly). One to one first; then a leaf whose sure or clear match is paired already
   was merged into it (or, from the new side, split from it).
3. **Containers.** A container pairs with a section at its own depth of the other plan (a
   chapter becomes a chapter), by how alike their subtrees are and by where its leaves went
   or point (votes): backed by a majority of at least two votes, or clearly likelier than
   the runner-up, or each the other's likeliest. Where that section is paired already, the
   container was merged into it; where its leaves went several ways, it goes to each
   section that at least two and a quarter of them went to. An old container may become a
   new task; a new container never captures an old task (that task was split).
4. **Leaves in scope.** A free leaf is looked for where its nearest paired ancestor went:
   a leaf there counts as ``IN_SCOPE`` times likelier than one elsewhere, and needs less
   likeness (least where that ancestor's pairing is sure). The likeliest must be clearly
   likelier than its rivals — the less alike, the clearer — but, for an old leaf, not than
   the units that may say the same in another form (a task and the 专栏 items of its
   group). One to one first, each the other's likeliest; then a leaf still free whose
   likeliest is paired already was merged into it (or split from it).
5. **Sentences.** A leaf still free goes into the leaf of the other side one of whose
   sentences is most like it, when the sentence is as like it as anything and it is the
   sentence's likeliest (a 专栏 item folded into a task is one sentence of it).
6. **Leads.** An old leaf still free goes to the new leaf that shares a telling lead unit
   with it (a sector department few new leaves name), when that leaf is alike enough and
   clearly the likeliest of those that share one. Then containers once more.

Passes 3 and 4 repeat while they pair more. A weak pair is worse than none: without
evidence a unit stays added or dropped. Everything is deterministic; ties go to the earlier
unit.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain

from ..model import Unit
from .agencies import keys
from .similarity import Space, background, cosine, cosines
from .units import plain, sentences

TITLE_WEIGHT = 0.25  # share of a leaf pair's likeness that is the likeness of their titles
SURE = 0.5  # a backbone pair this alike needs nothing else
ALIKE = 0.25  # a backbone pair short of SURE needs this, and to be CLEAR of its rivals
CLEAR = 2.0  # how many times more alike than the runner-up (on both sides) a clear pair is
ANCHORED = 0.1  # a pair that names the same rare thing needs only this likeness
SCOPED = 0.1  # a leaf pair where an ancestor went needs this likeness (half of it with a clear lead) …
SCOPED_CLEAR = 1.5  # … and to be at least this many times likelier than its rivals
SURELY_SCOPED = 0.05  # the same where the ancestor went surely (the same unique title)
UNSCOPED = 0.2  # the same floor for a leaf elsewhere
IN_SCOPE = 2.0  # how much likelier a leaf where its ancestor went is than one elsewhere
CONTAINER_ALIKE = 0.12  # a container pair not backed by a majority of votes needs this score …
CONTAINER_CLEAR = 1.5  # … and to be this many times likelier than the runner-up (or mutual)
VOTED = 0.2  # weight of the share of a container's votes that a section has, in its score
SHARE = 4  # a container also goes to each section that at least two and 1/SHARE of its votes went to
SENTENCE = 6  # characters: a shorter piece of text (a title, a list item) is no sentence to match
SENTENCE_ALIKE = 0.12  # a leaf and a sentence of another leaf, each the other's likeliest, need this likeness
RARE = 2  # a name or bigram in at most this many leaves of each plan can make an anchor
PHRASE = 3  # rare bigrams two leaves must share to name the same thing
LEAD_SHARE = 0.25  # a lead unit that at most this share of the new plan's leaves with leads name is telling …
LEAD_ALIKE = 0.08  # … and an old leaf and a new one that share a telling lead unit need this likeness …
LEAD_CLEAR = 1.5  # … and to be this many times likelier than the other new leaves that share one

# kinds that may pair with one another
FAMILY = {"section": "text", "box-item": "text", "paragraph": "text", "table-row": "row"}


@dataclass
class Link:
    old: int
    new: int
    how: str  # exact | title | sure | clear | anchor | votes | scoped | merged | split | leads
    score: float  # how alike the two are (1.0 for the same text)


class Scores:
    """How alike each old leaf is to each new leaf, ``by_old[i][j]`` and ``by_new[j][i]``,
    for the pairs that share anything: the cosine of their texts (lead brackets left out),
    with ``TITLE_WEIGHT`` of it the cosine of their titles (a task's title says in a few
    words what it is about); and what each leaf names that few others do."""

    def __init__(self, old: list[Unit], new: list[Unit], grammar):
        old_leaves = [u.index for u in old if u.leaf]
        new_leaves = [u.index for u in new if u.leaf]
        strip = _lead_brackets(grammar)
        self.n = n = len(old)
        self.texts = texts = [strip(_own(u, old)) for u in old] + [strip(_own(u, new)) for u in new]
        self.space = space = Space(texts)
        titles = Space([u.title for u in old] + [u.title for u in new])
        right = [n + j for j in new_leaves]
        text_pairs, title_pairs = space.pairs(old_leaves, right), titles.pairs(old_leaves, right)
        self.by_old: dict[int, dict[int, float]] = {}
        self.by_new: dict[int, dict[int, float]] = {}
        for i in sorted(set(text_pairs) | set(title_pairs)):
            text_row, title_row = text_pairs.get(i, {}), title_pairs.get(i, {})
            for jn in sorted(set(text_row) | set(title_row)):
                j = jn - n
                if _comparable(old[i], new[j]):
                    score = (1 - TITLE_WEIGHT) * text_row.get(jn, 0.0) + TITLE_WEIGHT * title_row.get(jn, 0.0)
                    self.by_old.setdefault(i, {})[j] = score
                    self.by_new.setdefault(j, {})[i] = score
        self.names = _names(old_leaves, new_leaves, texts, n, grammar)
        self.rare = _rare_grams(space, old_leaves, right)

    def score(self, i: int, j: int) -> float:
        return self.by_old.get(i, {}).get(j, 0.0)

    def row(self, side: str, index: int) -> dict[int, float]:
        """The scores of a leaf of ``side`` with the leaves of the other side."""
        return (self.by_old if side == "old" else self.by_new).get(index, {})

    def anchored(self, i: int, j: int) -> bool:
        """Are old leaf ``i`` and new leaf ``j`` the only leaves of their plans to name some
        thing — a name in quotes or 《》, a Latin token, or ``PHRASE`` rare bigrams?"""
        for olds, news in self.names.get(i, {}).values():
            if news == {j} and len(olds) == 1:
                return True
        ours, theirs = self.rare.get(i), self.rare.get(self.n + j)
        if not ours or not theirs:
            return False
        return sum(1 for g in ours.keys() & theirs.keys() if ours[g] == 1 and theirs[g] == 1) >= PHRASE


class Alignment:
    """The alignment of ``old`` and ``new``; ``links`` once :meth:`run` has run."""

    def __init__(self, old: list[Unit], new: list[Unit], grammar):
        self.old, self.new, self.grammar = old, new, grammar
        self.links: list[Link] = []
        self.sure: set[tuple[int, int]] = set()  # (old, new) container pairs by the same text or title
        self.partners = {"old": {}, "new": {}}  # a unit's partners on the other side, by side
        self.leaf_partners = {"old": {}, "new": {}}  # the same for pairs of two leaves: a container
        # paired with a leaf does not use that leaf up
        self.ends = {"old": _ends(old), "new": _ends(new)}
        self.scores = Scores(old, new, grammar)
        self._context_vectors: dict[tuple[str, int], dict] = {}
        self._context_rows: dict | None = None

    def units(self, side: str) -> list[Unit]:
        return self.old if side == "old" else self.new

    # --- passes --------------------------------------------------------------------------

    def run(self) -> list[Link]:
        self.exact()
        self.same_titles()
        self.backbone()
        for _ in range(3):
            before = len(self.links)
            self.containers()
            self.scoped()
            if len(self.links) == before:
                break
        self.sentences()
        self.leads()
        self.containers()
        return self.links

    def sentences(self) -> None:
        """Leaves still free, into the leaf of the other side one of whose sentences is most
        like them — when each is the other's likeliest, and that sentence is clearly likelier
        than any of another leaf (a 专栏 item folded into a task is one sentence of it, which
        goes on no other unit better)."""
        space, texts, n = self.scores.space, self.scores.texts, len(self.old)
        for side in ("old", "new"):
            other = _other(side)
            offset, other_offset = (0, n) if side == "old" else (n, 0)
            free = [u.index for u in self.units(side) if u.leaf and u.index not in self.leaf_partners[side]]
            if not free:
                continue
            everyone = [u.index for u in self.units(side) if u.leaf]
            owners, vectors = [], []
            for unit in self.units(other):
                if unit.leaf:
                    pieces = sentences(texts[other_offset + unit.index], self.grammar)
                    for sentence in pieces:
                        if len(sentence) >= SENTENCE:
                            owners.append(unit.index)  # a text of one sentence has its vector already
                            vectors.append(space.vectors[other_offset + unit.index] if len(pieces) == 1
                                           else space.vector(sentence))
            if not vectors:
                continue
            forward = cosines([space.vectors[offset + i] for i in free], vectors)
            mine, theirs = self.units(side), self.units(other)
            chosen = {}
            for a, row in forward.items():
                index = free[a]
                scope, _ = self._scope(side, index)
                ranked = sorted(((v if owners[b] in scope else v / IN_SCOPE, b) for b, v in row.items()
                                 if _comparable(mine[index], theirs[owners[b]])), key=lambda c: (-c[0], c[1]))
                if not ranked:
                    continue
                score, b = ranked[0]
                rival = next((v for v, k in ranked[1:] if owners[k] != owners[b]), 0.0)
                if row[b] >= SENTENCE_ALIKE and score >= SCOPED_CLEAR * rival \
                        and b == max(row, key=lambda k: (row[k], -k)):
                    chosen[index] = b
            wanted = sorted(set(chosen.values()))
            if not wanted:
                continue
            backward = cosines([vectors[b] for b in wanted], [space.vectors[offset + i] for i in everyone])
            best_of_sentence = {wanted[c]: everyone[max(row, key=lambda k: (row[k], -k))]
                                for c, row in backward.items()}
            for index, b in chosen.items():
                if best_of_sentence.get(b) == index:
                    self._pair(side, index, owners[b], "merged" if side == "old" else "split")

    def leads(self) -> None:
        """Old leaves still free, into the new leaf that shares a telling lead unit with them
        (one that few new leaves name: a sector department, not the plan's own lead agency)
        and is the likeliest of those that do, clearly: who is responsible outlasts the
        wording. Not from the new side: a new task names many units, and shares one with
        many old leaves it does not continue."""
        def named(unit: Unit) -> frozenset[str]:
            return frozenset(chain.from_iterable(keys(name, self.grammar) for name in unit.leads))

        led = {u.index: named(u) for u in self.new if u.leaf and u.leads}
        named_by = Counter(chain.from_iterable(led.values()))
        most = LEAD_SHARE * len(led)
        for unit in self.old:
            if not unit.leaf or not unit.leads or unit.index in self.leaf_partners["old"]:
                continue
            telling = {key for key in named(unit) if 0 < named_by[key] <= most}
            row = self.scores.row("old", unit.index)  # a new leaf with no score scores nothing
            ranked = sorted(((v, k) for k, v in row.items() if telling & led.get(k, frozenset())),
                            key=lambda c: (-c[0], c[1]))
            if not ranked:
                continue
            score, best = ranked[0]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            if score >= LEAD_ALIKE and score >= LEAD_CLEAR * runner_up:
                self._pair("old", unit.index, best, "leads")

    def exact(self) -> None:
        """The same text (title and body), kind for kind; renumbering does not matter. Of
        several units with one text, the one on the same path, then the nearest, pairs."""
        by_text: dict[tuple, list[int]] = {}
        for unit in self.new:
            by_text.setdefault((unit.kind, unit.leaf, plain(unit.text)), []).append(unit.index)
        for unit in self.old:
            found = [j for j in by_text.get((unit.kind, unit.leaf, plain(unit.text)), [])
                     if j not in self.partners["new"]]
            if found:
                best = max(found, key=lambda j: (self.new[j].path == unit.path, -abs(j - unit.index), -j))
                self._link(unit.index, best, "exact")

    def same_titles(self) -> None:
        """Containers whose title is the same in both plans and unique in each; sections
        with the same standing role in both (指导思想 and 指导方针, 发展目标 and 总体目标: the
        grammar's ``roles``), each the only one with it in its plan."""
        old_titles = Counter(u.title for u in self.old if not u.leaf)
        new_titles = Counter(u.title for u in self.new if not u.leaf)
        new_by_title = {u.title: u.index for u in self.new if not u.leaf}
        for unit in self.old:
            if unit.leaf or unit.index in self.partners["old"] or not unit.title:
                continue
            if old_titles[unit.title] == 1 and new_titles.get(unit.title) == 1:
                j = new_by_title[unit.title]
                if j not in self.partners["new"] and _comparable(unit, self.new[j]):
                    self._link(unit.index, j, "title")
        roles = [(name, pattern) for name, pattern in self.grammar.sections["roles"].items() if hasattr(pattern, "match")]
        for name, pattern in roles:
            olds = [u.index for u in self.old if u.kind == "section" and pattern.match(u.title)]
            news = [u.index for u in self.new if u.kind == "section" and pattern.match(u.title)]
            if len(olds) == 1 and len(news) == 1 and olds[0] not in self.partners["old"] \
                    and news[0] not in self.partners["new"] and _comparable(self.old[olds[0]], self.new[news[0]]):
                self._link(olds[0], news[0], "title")

    def backbone(self) -> None:
        """Pairs of leaves that need no structure to back them, likeliest first: one to one,
        sure ones, clear ones (``CLEAR`` times likelier than the runner-up on both sides) and
        ones that alone name the same thing; then every leaf still free whose likeliest match
        is sure or clear, though paired already (a merge, or a split)."""
        scores, taken = self.scores, self.leaf_partners
        candidates = sorted(((s, i, j) for i, row in scores.by_old.items() for j, s in row.items() if s >= ANCHORED),
                            key=lambda c: (-c[0], c[1], c[2]))
        for score, i, j in candidates:
            if i in taken["old"] or j in taken["new"]:
                continue
            runner_up = self._runner_up(i, j)
            if score >= SURE:
                self._link(i, j, "sure")
            elif score >= ALIKE and score >= CLEAR * runner_up:
                self._link(i, j, "clear")
            elif score >= runner_up and scores.anchored(i, j):
                self._link(i, j, "anchor")
        for side in ("old", "new"):
            rows = scores.by_old if side == "old" else scores.by_new
            for index in sorted(rows):
                if index in taken[side]:
                    continue
                ranked = sorted(((s, k) for k, s in rows[index].items()), key=lambda c: (-c[0], c[1]))
                score, best = ranked[0]
                runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
                if score >= SURE or (score >= ALIKE and score >= CLEAR * runner_up):
                    self._pair(side, index, best, "merged" if side == "old" else "split")

    def _runner_up(self, i: int, j: int) -> float:
        """The best score either of ``i`` and ``j`` has with another free leaf."""
        taken = self.leaf_partners
        others = [s for k, s in self.scores.by_old.get(i, {}).items() if k != j and k not in taken["new"]]
        others += [s for k, s in self.scores.by_new.get(j, {}).items() if k != i and k not in taken["old"]]
        return max(others, default=0.0)

    def containers(self) -> None:
        """Each container not paired yet, with the section of the other side it most
        plausibly became (see the module's docstring), likeliest first."""
        candidates = []
        for side in ("old", "new"):
            for parent in (u.index for u in self.units(side) if not u.leaf):
                if parent not in self.partners[side]:
                    votes, voters = self._votes(side, parent)
                    ranked = self._container_candidates(side, parent, votes, voters)
                    if ranked:
                        candidates.append((ranked, side, parent, votes, voters))
        candidates.sort(key=lambda c: (-c[0][0][0], c[1] != "old", c[2]))
        for ranked, side, parent, votes, voters in candidates:
            if parent in self.partners[side]:
                continue
            theirs = self.partners[_other(side)]
            score, target = ranked[0]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            backed = votes[target] >= 2 and 2 * votes[target] > voters
            clear = score >= CONTAINER_CLEAR * runner_up or self._mutual(side, parent, target)
            if not (backed or (score >= CONTAINER_ALIKE and clear)):
                continue
            if target in theirs and not backed and any(u not in theirs for _, u in ranked):
                continue  # the likeliest is taken and only likeness speaks for it: no merge
            self._pair(side, parent, target, "votes")
            chosen = [target]
            for _, other in ranked[1:]:
                if votes[other] >= 2 and SHARE * votes[other] >= voters and not any(
                        self._related(_other(side), other, k) for k in chosen):
                    self._pair(side, parent, other, "votes")
                    chosen.append(other)

    def _votes(self, side: str, parent: int) -> tuple[Counter, int]:
        """Where the leaves under ``parent`` went or, not placed yet, where their likeliest
        match stands: votes for each unit of the other side (a vote counts for every section
        above where it went too), and how many leaves voted."""
        mine, theirs = self.units(side), self.units(_other(side))
        votes: Counter = Counter()
        voters = 0
        for leaf in self._subtree(side, parent):
            if leaf == parent or not mine[leaf].leaf:
                continue
            went = self.partners[side].get(leaf)
            if not went:
                best = max(self.scores.row(side, leaf).items(), key=lambda kv: (kv[1], -kv[0]), default=None)
                went = [best[0]] if best is not None and best[1] >= SCOPED else []
            reached = {above for partner in went for above in _ancestry(theirs, partner)}
            voters += bool(reached)
            votes.update(reached)
        return votes, voters

    def _container_candidates(self, side: str, parent: int, votes: Counter, voters: int) -> list[tuple[float, int]]:
        """The sections of the other side that ``parent`` may have become, likeliest first:
        those at its depth, and the deepest one that a majority of its votes went to (deeper,
        or a task of a plan with fewer levels: never a part for a chapter); each scored by
        how alike the two subtrees are plus ``VOTED`` times its share of the votes."""
        mine, theirs = self.units(side), self.units(_other(side))
        depth = len(mine[parent].path)
        row = self._context_pairs()[side].get(parent, {})

        def fits(unit: Unit) -> bool:
            return unit.kind == "section" and _comparable(mine[parent], unit) and not (side == "new" and unit.leaf)

        chosen = {k for k in chain(row, votes) if len(theirs[k].path) == depth and fits(theirs[k])}
        majority = [k for k, count in votes.items() if count >= 2 and 2 * count > voters and fits(theirs[k])]
        if majority:
            deepest = max(majority, key=lambda k: (len(theirs[k].path), -k))
            if len(theirs[deepest].path) >= depth or theirs[deepest].leaf:
                chosen.add(deepest)
        found = [(self._alike(side, parent, k, row) + VOTED * votes[k] / max(voters, 2), k) for k in chosen]
        return sorted(found, key=lambda c: (-c[0], c[1]))

    def _related(self, side: str, a: int, b: int) -> bool:
        """Is one of ``a`` and ``b`` (units of ``side``) under the other?"""
        return a in self._subtree(side, b) or b in self._subtree(side, a)

    def _mutual(self, side: str, parent: int, target: int) -> bool:
        """Is ``parent`` the container at its depth most like ``target``, as ``target`` is
        most like it (by their subtrees)?"""
        mine = self.units(side)
        back = self._context_pairs()[_other(side)].get(target, {})
        depth = len(mine[parent].path)
        rivals = [(value, -k) for k, value in back.items() if len(mine[k].path) == depth and not mine[k].leaf]
        return bool(rivals) and max(rivals)[1] == -parent

    def _alike(self, side: str, parent: int, other: int, row: dict) -> float:
        """How alike the subtrees of ``parent`` and ``other`` are (from the containers'
        table, or worked out for a task the container's leaves voted for)."""
        if other in row:
            return row[other]
        old, new = (parent, other) if side == "old" else (other, parent)
        return cosine(self._context("old", old), self._context("new", new))

    def _context_pairs(self) -> dict[str, dict[int, dict[int, float]]]:
        """How alike the subtrees of the containers not paired yet (when first asked) and
        the containers of the other plan at their depth are, by side: ``{"old": {old: {new:
        cosine}}, "new": {new: {old: cosine}}}``."""
        if self._context_rows is None:
            rows: dict[str, dict[int, dict[int, float]]] = {"old": {}, "new": {}}
            for depth in sorted({len(u.path) for u in self.old + self.new if not u.leaf}):
                at = {side: [u.index for u in self.units(side) if not u.leaf and len(u.path) == depth]
                      for side in ("old", "new")}
                for side in ("old", "new"):
                    left = [k for k in at[side] if k not in self.partners[side]]
                    right = at[_other(side)]
                    if not left:
                        continue
                    found = cosines([self._context(side, k) for k in left], [self._context(_other(side), k) for k in right])
                    for a, row in found.items():
                        for b, value in row.items():
                            rows[side].setdefault(left[a], {})[right[b]] = value
                            rows[_other(side)].setdefault(right[b], {})[left[a]] = value
            self._context_rows = rows
        return self._context_rows

    def _context(self, side: str, index: int) -> dict[str, float]:
        """The vector of a unit's whole subtree (of a leaf, its own text), by the leaves'
        weights."""
        key = (side, index)
        if key not in self._context_vectors:
            space, offset = self.scores.space, 0 if side == "old" else len(self.old)
            if self.units(side)[index].leaf:
                vector = space.vectors[offset + index]
            else:  # the bigrams of the units under it, lead brackets out already
                bag: Counter = Counter()
                for k in self._subtree(side, index):
                    bag.update(space.bags[offset + k])
                vector = space.vector(bag)
            self._context_vectors[key] = vector
        return self._context_vectors[key]

    def scoped(self) -> None:
        """Free leaves, where their nearest paired ancestors went: first one to one, then
        each leaf still free into a leaf paired already."""
        for merge in (False, True):
            for side in ("old", "new"):
                for unit in self.units(side):
                    if unit.leaf and unit.index not in self.leaf_partners[side]:
                        self._place(side, unit.index, merge)

    def _place(self, side: str, index: int, merge: bool) -> None:
        """Pair, or (``merge``) merge, free leaf ``index`` of ``side`` with its likeliest
        leaf of the other side, if that is clear of its rivals (see the module's docstring)."""
        other = _other(side)
        scope, sure = self._scope(side, index)
        row = self.scores.row(side, index)
        taken = self.leaf_partners[other]
        ranked = sorted(((s if k in scope else s / IN_SCOPE, k) for k, s in row.items()), key=lambda c: (-c[0], c[1]))
        if not ranked:
            return
        score, best = ranked[0]
        if not merge and best in taken:
            return  # its likeliest is paired already: it may have been merged into it (next pass)
        floor = (SURELY_SCOPED if sure else SCOPED) if best in scope else UNSCOPED
        if row[best] < floor / 2:
            return
        # an old unit may continue in a new task or in a 专栏 item of its group (the same
        # thing twice); a new unit's origins stay rivals
        near = self._near(other, best) if side == "old" else {best}
        runner_up = next((s for s, k in ranked[1:] if k not in near), 0.0)
        if not runner_up and row[best] < max(floor, SCOPED):
            return  # nothing to be clearly likelier than: the full floor must be met
        if score < _clear(floor, row[best]) * runner_up:
            return
        if best not in taken:
            back, _ = self._scope(other, best)
            if any((s if k in back else s / IN_SCOPE) > score
                   for k, s in self.scores.row(other, best).items() if k != index):
                return  # one to one, each must be the other's likeliest
            self._pair(side, index, best, "scoped")
        elif merge:
            self._pair(side, index, best, "merged" if side == "old" else "split")

    def _near(self, side: str, index: int) -> set[int]:
        """The units that may say what ``index`` says in another form: for a task, the 专栏
        items and paragraphs of its group (the tasks beside it and their items); for an item,
        the tasks of its group. (A 专栏 usually stands after the last task of the group it
        details.) Units of its own form stay its rivals."""
        units = self.units(side)
        unit = units[index]
        host = unit.parent if unit.kind != "section" else index
        if host is None:
            return {index}
        group = units[host].parent
        tasks = [u.index for u in units if u.parent == group and u.kind == "section"]
        items = [c for t in tasks for c in units[t].children if units[c].kind != "section"]
        return {index} | set(items if unit.kind == "section" else tasks)

    def _scope(self, side: str, index: int) -> tuple[set[int], bool]:
        """The leaves of the other side under where the nearest paired container above
        ``index`` went (a task that container became stands for its parent's subtree) —
        none when no container above it is paired — and whether that pairing is sure (the
        same text or the same unique title)."""
        mine, theirs, other = self.units(side), self.units(_other(side)), _other(side)
        parent = mine[index].parent
        while parent is not None:
            if parent in self.partners[side] and not mine[parent].leaf:
                scope: set[int] = set()
                for p in self.partners[side][parent]:
                    root = theirs[p].parent if theirs[p].leaf and theirs[p].parent is not None else p
                    scope.update(k for k in self._subtree(other, root) if theirs[k].leaf)
                sure = all(((parent, p) if side == "old" else (p, parent)) in self.sure for p in self.partners[side][parent])
                return scope, sure
            parent = mine[parent].parent
        return set(), False

    # --- bookkeeping ---------------------------------------------------------------------

    def _pair(self, side: str, index: int, other: int, how: str) -> None:
        old, new = (index, other) if side == "old" else (other, index)
        if how == "votes" and any(self._related("new", new, k) for k in self.partners["old"].get(old, ())):
            return  # an old container goes to a section or into it, not to both
        self._link(old, new, how, many=True)

    def _link(self, old: int, new: int, how: str, many: bool = False) -> None:
        leaves = self.old[old].leaf and self.new[new].leaf
        maps = self.leaf_partners if leaves else self.partners
        if new in self.partners["old"].get(old, ()) or (not many and (old in maps["old"] or new in maps["new"])):
            return
        for found in ([self.partners, self.leaf_partners] if leaves else [self.partners]):
            found["old"].setdefault(old, []).append(new)
            found["new"].setdefault(new, []).append(old)
        self.links.append(Link(old, new, how, self.likeness(old, new)))
        if how in ("exact", "title"):
            self.sure.add((old, new))

    def likeness(self, old: int, new: int) -> float:
        """How alike two units are, as a diff reports it: 1.0 for the same text."""
        a, b = self.old[old], self.new[new]
        if plain(a.text) == plain(b.text):
            return 1.0
        if a.leaf and b.leaf:
            score = self.scores.score(old, new)
            if not score:  # a pair no row kept (a sentence pass, say): the cosine of the two texts
                vectors = self.scores.space.vectors
                score = cosine(vectors[old], vectors[len(self.old) + new])
            return round(score, 3)
        return round(cosine(self._context("old", old), self._context("new", new)), 3)

    def _subtree(self, side: str, index: int) -> range:
        return range(index, self.ends[side][index])


def _other(side: str) -> str:
    return "new" if side == "old" else "old"


def _clear(floor: float, score: float) -> float:
    """How many times likelier than its rivals a leaf pair of this likeness must be: 1.5
    times at the floor, twice at 3/4 of it, three times at half of it (the less alike, the
    clearer)."""
    return max(SCOPED_CLEAR, 1.5 * floor / score)


def _own(unit: Unit, units: list[Unit]) -> str:
    """The text a unit is matched by: its own, without what its children hold (a section
    whose paragraphs are units of their own is matched by its title)."""
    if unit.kind == "section" and any(units[c].kind == "paragraph" for c in unit.children):
        return unit.title
    return unit.text


def _lead_brackets(grammar):
    """A function that takes the lead-unit brackets out of a text: who leads a task is
    compared as a field, not as words (else every task of one agency looks alike)."""
    patterns = [grammar.pattern("leads", key) for key in ("bracket", "lead_partner", "responsible")]

    def strip(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub("", text)
        return text

    return strip


def _comparable(a: Unit, b: Unit) -> bool:
    """May these two be one unit? Of one family (a row is no section), and both about the
    plan or both about its past and present."""
    return FAMILY[a.kind] == FAMILY[b.kind] and (a.part == "plan") == (b.part == "plan")


def _ends(units: list[Unit]) -> list[int]:
    """For each unit, the index after its last descendant (units are in document order)."""
    end = [u.index + 1 for u in units]
    for unit in reversed(units):
        if unit.parent is not None:
            end[unit.parent] = max(end[unit.parent], end[unit.index])
    return end


def _ancestry(units: list[Unit], index: int) -> list[int]:
    """The unit and every section above it."""
    found = [index]
    parent = units[index].parent
    while parent is not None:
        found.append(parent)
        parent = units[parent].parent
    return found


def _names(old_leaves: list[int], new_leaves: list[int], texts: list[str], n: int,
           grammar) -> dict[int, dict[str, tuple[set, set]]]:
    """For each old leaf, the names (in quotes or 《》, Latin tokens: the grammar's
    ``compare.anchor``) it shares with new leaves, each found in at most ``RARE`` leaves of
    each plan: ``{old: {name: (olds, news)}}`` (``texts``: old units' then new units')."""
    patterns = grammar.patterns("compare", "anchor")
    where = {"old": {}, "new": {}}
    for side, leaves, offset in (("old", old_leaves, 0), ("new", new_leaves, n)):
        for i in leaves:
            for pattern in patterns:
                for found in pattern.finditer(texts[offset + i]):
                    where[side].setdefault(found.group("name"), set()).add(i)
    shared: dict[int, dict[str, tuple[set, set]]] = {}
    for name, olds in where["old"].items():
        news = where["new"].get(name)
        if news and len(olds) <= RARE and len(news) <= RARE:
            for i in olds:
                shared.setdefault(i, {})[name] = (olds, news)
    return shared


def _rare_grams(space: Space, olds: list[int], news: list[int]) -> dict[int, dict[str, int]]:
    """For each leaf (by its row in ``space``), its bigrams that at most ``RARE`` leaves of
    each plan have and that official Chinese does not use commonly (not in the background
    table), with how many leaves of its own plan have them."""
    common, _ = background()
    counts = []
    for rows in (olds, news):
        df = Counter(chain.from_iterable(space.vectors[k] for k in rows))
        counts.append({g: c for g, c in df.items() if c <= RARE and g not in common})
    found = {}
    for rows, mine, other in ((olds, counts[0], counts[1]), (news, counts[1], counts[0])):
        for k in rows:
            rare = {g: mine[g] for g in space.vectors[k].keys() & mine.keys() & other.keys()}
            if rare:
                found[k] = rare
    return found




def align(old: list[Unit], new: list[Unit], grammar=None) -> list[Link]:
    """Links between the units of two plans (see the module's docstring)."""
    from ..grammar import load_grammar

    return Alignment(old, new, grammar or load_grammar()).run()
