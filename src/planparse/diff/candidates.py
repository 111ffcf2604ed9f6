"""Candidates: the pairs of an old and a new leaf worth scoring, and what each view of the two
plans says about each pair (the second stage: units → **candidates** → score → select →
verdicts → writers).

The leaves (专栏 items, tasks, paragraphs of a task, table rows) are compared on their own
text, lead brackets left out (who leads is a field, not words). Texts are bags of character
bigrams weighted by rarity (see :mod:`planparse.diff.similarity`). A pair is a candidate when
one of its leaves is among the other's likeliest (by text and title) or the two share a name
in quotes or 《》 or a Latin token; only candidates are scored, so the cost grows with the plans,
not with their product.

The views of a candidate pair, each a number (the model in :mod:`planparse.diff.score`
weighs them; its features are these names, in this order):

- ``text``, ``title``: cosine of the two texts and of the two titles;
- ``csls``: the text cosine corrected for hubness, ``2·s − r_old − r_new`` (r: a leaf's mean
  likeness to its five likeliest), so that a generic leaf like to everything counts less;
- ``contains_old``, ``contains_new``: the share of one leaf's weighted bigrams found in the
  other (a 专栏 item folded into a task is contained in it; the task is not in the item);
- ``sentence_new``, ``sentence_old``: likeness of one leaf to the likeliest sentence of the
  other; ``sentences_max``, ``sentences_count``: of the likeliest pair of their sentences, and
  how many sentence pairs are alike (a commitment that survives as one sentence);
- ``rare``: bigrams the two share that few leaves of either plan have and official Chinese
  seldom uses (the background table), and names in quotes, 《》 or Latin letters;
- ``rank_old``, ``rank_new``, ``margin_old``, ``margin_new``, ``z_old``, ``z_new``: where the pair
  stands among each leaf's candidates — first or not, by how much, and how far above the
  leaf's usual likeness;
- ``title_in_new``, ``title_in_old``: the share of one leaf's title found in the other's text;
- ``path_text``: cosine of the texts with the titles of their sections and 专栏 before them;
- ``parents``, ``parent_titles``: likeness of the sections the two stand in (their whole
  subtrees, and their titles);
- ``scope``, ``scope_depth``: whether the new leaf stands where the old leaf's nearest anchored
  section went (the same title, unique in each plan; the same standing role, 指导思想 and
  指导方针; or each other's likeliest by subtree), and how near that section is;
- ``hub``: how many old leaves have the new leaf as their likeliest;
- ``position``, ``first``, ``sibling_position``: where the two stand in their plans and among
  their siblings (a lead-in paragraph continues in a lead-in);
- ``kind_old``, ``kind_new``, ``length_old``, ``length_new``: what the two are;
- ``telling``: how many bigrams the two share that official Chinese does not use everywhere
  (a pair sharing fewer than ``LEAST_TELLING`` — only formulas such as 完善 … 机制, or one
  common word — is no candidate at all, unless one is in both titles, or the two share a name
  or their whole text);
- ``leads``: lead units the two share, after the grammar's aliases, the more telling the fewer
  new leaves name them (a sector department, not the plan's own lead agency).

The second stage of the model adds ``siblings`` and ``cousins``: how likely the other leaves
of the old leaf's section (and of its parent section) are to go where the new leaf stands,
by the first stage's scores — a tree's fate follows its children's.
"""
from __future__ import annotations

from collections import Counter
from itertools import chain

import numpy as np

from ..model import Unit
from .similarity import Space, background, grams
from .sparse import Entries, Rows
from .units import Sameness, plain, role_of, sentences

FEATURES = ("text", "title", "csls", "contains_old", "contains_new", "sentence_new", "sentence_old", "rare",
            "rank_old", "rank_new", "margin_old", "margin_new", "position", "title_in_new", "title_in_old",
            "z_old", "z_new", "parents", "parent_titles", "scope", "scope_depth", "hub", "kind_old", "kind_new",
            "length_old", "length_new", "first", "sibling_position", "path_text", "sentences_max",
            "sentences_count", "telling", "leads")
STRUCTURE = ("siblings", "cousins")  # the second stage's features

ROW_CANDIDATES = 10  # an old leaf's likeliest new leaves that are candidates …
COLUMN_CANDIDATES = 5  # … and a new leaf's likeliest old leaves
TITLE_SHARE = 0.3  # weight of the title's cosine beside the text's when ranking candidates
HUB_NEIGHBOURS = 5  # how many of its likeliest define a leaf's usual likeness (CSLS)
RARE = 2  # a bigram or name in at most this many leaves of each plan is rare
SENTENCE = 6  # characters: a shorter piece is no sentence to match
ALIKE_SENTENCES = 0.3  # cosine from which two sentences count as alike
ANCHOR_LIKENESS = 0.2  # least subtree cosine of two sections each other's likeliest, to anchor them
WORK_PER_GRAM = 4  # product terms per nonzero of the vectors beyond which the commonest bigrams go
TELLING = 0.55  # a bigram that keeps at least this share of its weight (not a formula of official Chinese) …
LEAST_TELLING = 2  # … of which two leaves must share this many to be a candidate — one in their titles will do —
# (or share a name, or their text)
KINDS = ("section", "paragraph", "box-item", "table-row")
FAMILY = {"section": "text", "box-item": "text", "paragraph": "text", "table-row": "row"}


class Views:
    """The candidate pairs of ``old`` and ``new`` (``rows``, ``cols``: positions in ``olds``
    and ``news``, the leaves' unit indices) and the views of each (``values[name]``)."""

    def __init__(self, old: list[Unit], new: list[Unit], grammar, fold: bool = False):
        self.old, self.new, self.grammar = old, new, grammar
        self.sameness = Sameness(old, new, fold)  # (in one script when ``fold``)
        self.same_pairs: list[tuple[int, int]] = []  # leaves of the same kind and text (select links them)
        self._candidates_at: dict[tuple[int, int], int] | None = None
        self.olds = [u.index for u in old if u.leaf]
        self.news = [u.index for u in new if u.leaf]
        strip = lead_brackets(grammar)
        self.texts = [strip(own_text(u, old)) for u in old], [strip(own_text(u, new)) for u in new]
        self.space = Space(self.texts[0] + self.texts[1], vectors=False)
        self.values: dict[str, np.ndarray] = {}
        self.columns = {g: k for k, g in enumerate(self.space.weight)}
        self.weights = np.array(list(self.space.weight.values())) if self.space.weight else np.zeros(1)
        if not self.olds or not self.news:
            self.rows = self.cols = np.zeros(0, dtype=np.int64)
            self.values = {name: np.zeros(0) for name in FEATURES}
            return
        self._matrices()
        self._candidates()
        if len(self.rows):
            self._views()
        else:
            self.values = {name: np.zeros(0) for name in FEATURES}

    # --- matrices --------------------------------------------------------------------------

    def _matrices(self) -> None:
        space, n = self.space, len(self.old)
        old_bags = [space.bags[i] for i in self.olds]
        new_bags = [space.bags[n + j] for j in self.news]
        for gram in _too_common(old_bags, new_bags):
            self.weights[self.columns[gram]] = 0.0
        self.x_old = self.weighted(old_bags)
        self.x_new = self.weighted(new_bags)
        self.unit_old, self.unit_new = self.x_old.scaled("l2"), self.x_new.scaled("l2")
        self.text = self.unit_old.times_transposed(self.unit_new)
        titles = Space([self.old[i].title for i in self.olds] + [self.new[j].title for j in self.news], vectors=False)
        columns = {g: k for k, g in enumerate(titles.weight)}
        title_weights = np.array(list(titles.weight.values())) if titles.weight else np.zeros(1)
        k = len(self.olds)
        self.title_old = _weighted(_counts(titles.bags[:k], columns), title_weights).scaled("l2")
        self.title_new = _weighted(_counts(titles.bags[k:], columns), title_weights).scaled("l2")
        self.title = self.title_old.times_transposed(self.title_new)
        # who may pair with whom: a row is no section, a review pairs with a review
        self.code_old = np.array([_code(self.old[i]) for i in self.olds])
        self.code_new = np.array([_code(self.new[j]) for j in self.news])
        self.text = _comparable(self.text, self.code_old, self.code_new)
        self.title = _comparable(self.title, self.code_old, self.code_new)

    def weighted(self, bags: list[Counter]) -> Rows:
        """Rows of sublinear term frequency times each bigram's weight (the plans' space)."""
        return _weighted(_counts(bags, self.columns), self.weights)

    def _candidates(self) -> None:
        ranking = self.text.plus(self.title, TITLE_SHARE)
        rows, cols = ranking.top(ROW_CANDIDATES)
        back_cols, back_rows = ranking.transposed().top(COLUMN_CANDIDATES)
        named_rows, named_cols = self._named()
        same_rows, same_cols = self._same_text()
        pairs = np.unique(np.stack([np.concatenate([rows, back_rows, named_rows, same_rows]),
                                    np.concatenate([cols, back_cols, named_cols, same_cols])]), axis=1)
        keep = self.code_old[pairs[0]] == self.code_new[pairs[1]]
        telling = self._telling(pairs[0], pairs[1])
        named = {(a, b) for a, b in zip(named_rows.tolist(), named_cols.tolist())}
        named |= {(a, b) for a, b in zip(same_rows.tolist(), same_cols.tolist())}
        keep &= (telling >= LEAST_TELLING) | np.array([(a, b) in named for a, b in zip(*pairs.tolist())], dtype=bool)
        self.rows, self.cols = pairs[0][keep], pairs[1][keep]
        self.telling = telling[keep]
        self.ranking = ranking.lookup(self.rows, self.cols)

    def _telling(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """How many telling bigrams (letters or digits only, keeping at least ``TELLING`` of
        their weight against the background table) each pair shares; one in both titles counts
        as ``LEAST_TELLING``."""
        from .similarity import damping

        mask = np.array([gram.isalnum() and damping(gram) >= TELLING for gram in self.columns], dtype=bool)
        shared = self.x_old.present().columns_kept(mask).dots(self.x_new.present(), rows, cols)
        titles = [self.weighted([self._title_bag(units[k].title) for k in leaves]).present().columns_kept(mask)
                  for units, leaves in ((self.old, self.olds), (self.new, self.news))]
        in_titles = titles[0].dots(titles[1], rows, cols)
        return shared + (LEAST_TELLING - 1) * np.minimum(in_titles, 1)

    def _named(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of leaves that are the only ones of their plans (at most ``RARE``) to name a
        thing in quotes, 《》 or Latin letters (the grammar's ``compare.anchor``)."""
        patterns = self.grammar.patterns("compare", "anchor")
        where: list[dict[str, set[int]]] = [{}, {}]
        for side, leaves, texts in ((0, self.olds, self.texts[0]), (1, self.news, self.texts[1])):
            for position, index in enumerate(leaves):
                for pattern in patterns:
                    for found in pattern.finditer(texts[index]):
                        where[side].setdefault(found.group("name"), set()).add(position)
        self.names: dict[tuple[int, int], list[str]] = {}
        rows, cols = [], []
        for name, olds in where[0].items():
            news = where[1].get(name)
            if news and len(olds) <= RARE and len(news) <= RARE:
                for a in olds:
                    for b in news:
                        rows.append(a)
                        cols.append(b)
                        self.names.setdefault((a, b), []).append(name)
        return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)

    def _same_text(self) -> tuple[np.ndarray, np.ndarray]:
        """Leaves of the same kind and text, paired in order (see :func:`planparse.diff.select.same_text`)."""
        from .select import same_text

        position_old = {i: a for a, i in enumerate(self.olds)}
        position_new = {j: b for b, j in enumerate(self.news)}
        self.same_pairs = pairs = same_text(self.old, self.new, self.olds, self.news, self.sameness)
        return (np.array([position_old[i] for i, _ in pairs], dtype=np.int64),
                np.array([position_new[j] for _, j in pairs], dtype=np.int64))

    # --- views -----------------------------------------------------------------------------

    def _views(self) -> None:
        rows, cols, values = self.rows, self.cols, self.values
        text = self.text.lookup(rows, cols)
        values["text"] = text
        values["title"] = self.title.lookup(rows, cols)
        usual_old, usual_new = _usual(self.text, HUB_NEIGHBOURS), _usual(self.text.transposed(), HUB_NEIGHBOURS)
        values["csls"] = 2 * text - usual_old[rows] - usual_new[cols]
        present_old, present_new = self.x_old.present(), self.x_new.present()
        values["contains_old"] = self.x_old.scaled("l1").dots(present_new, rows, cols)
        values["contains_new"] = present_old.dots(self.x_new.scaled("l1"), rows, cols)
        values["sentence_new"], values["sentence_old"], values["sentences_max"], values["sentences_count"] = \
            self._sentences()
        values["rare"] = np.log1p(self._rare())
        values.update(self._ranks())
        values["position"] = np.abs(rows / max(len(self.olds) - 1, 1) - cols / max(len(self.news) - 1, 1))
        title_old = self.weighted([self._title_bag(self.old[i].title) for i in self.olds]).scaled("l1")
        title_new = self.weighted([self._title_bag(self.new[j].title) for j in self.news]).scaled("l1")
        values["title_in_new"] = title_old.dots(present_new, rows, cols)
        values["title_in_old"] = present_old.dots(title_new, rows, cols)
        values["z_old"], values["z_new"] = self._z(text)
        values["parents"], values["parent_titles"] = self._parents()
        values["scope"], values["scope_depth"] = self._scope()
        best = np.zeros(len(self.news))
        top_rows, top_cols = self.text.top(1)
        np.add.at(best, top_cols, 1)
        values["hub"] = np.log1p(best[cols])
        values["kind_old"] = np.array([KINDS.index(self.old[self.olds[a]].kind) for a in rows], dtype=float)
        values["kind_new"] = np.array([KINDS.index(self.new[self.news[b]].kind) for b in cols], dtype=float)
        values["length_old"] = np.log1p([len(self.old[self.olds[a]].text) for a in rows])
        values["length_new"] = np.log1p([len(self.new[self.news[b]].text) for b in cols])
        values["first"], values["sibling_position"] = self._siblings_order()
        values["path_text"] = self._path_text()
        values["telling"] = np.log1p(self.telling)
        values["leads"] = self._leads()

    def same(self, i: int, j: int) -> bool:
        """Are old unit ``i`` and new unit ``j`` the same text (renderings and script aside)?"""
        return self.sameness.same(i, j)

    def candidate(self, i: int, j: int) -> int | None:
        """Where the pair of old unit ``i`` and new unit ``j`` stands among the candidates, or
        None when it is none."""
        if self._candidates_at is None:
            self._candidates_at = {(self.olds[a], self.news[b]): k
                                   for k, (a, b) in enumerate(zip(self.rows.tolist(), self.cols.tolist()))}
        return self._candidates_at.get((i, j))

    def matrix(self, names=FEATURES) -> np.ndarray:
        """The views of every candidate as a matrix, a column per name."""
        return np.stack([self.values[name] for name in names], axis=1) if len(self.rows) else \
            np.zeros((0, len(names)))

    def _leads(self) -> np.ndarray:
        """For each pair, the most telling lead unit both leaves name (their own or given by a
        plan-wide note, compared by the grammar's unit rules): 1 − the share of the new plan's
        leaves with leads that name it; 0 when they share none."""
        from .agencies import agency_names, keys

        def named(unit: Unit) -> frozenset[str]:
            return frozenset(k for lead in unit.leads + unit.inherited for name in agency_names(lead, self.grammar)
                             for k in keys(name, self.grammar))

        old_leads = [named(self.old[i]) for i in self.olds]
        new_leads = [named(self.new[j]) for j in self.news]
        led = [names for names in new_leads if names]
        out = np.zeros(len(self.rows))
        if not led:
            return out
        counts = Counter(chain.from_iterable(led))
        for k, (a, b) in enumerate(zip(self.rows.tolist(), self.cols.tolist())):
            shared = old_leads[a] & new_leads[b]
            if shared:
                out[k] = max(1.0 - counts[key] / len(led) for key in shared)
        return out

    def _sentences(self):
        """Each pair's likeness to the likeliest sentence of the other side, of the likeliest
        pair of their sentences, and how many pairs of their sentences are alike."""
        pieces = []
        for leaves, texts in ((self.olds, self.texts[0]), (self.news, self.texts[1])):
            bags, owners = [], []
            for position, index in enumerate(leaves):
                for sentence in sentences(texts[index], self.grammar):
                    if len(sentence) >= SENTENCE:
                        bags.append(Counter(grams(sentence)))
                        owners.append(position)
            pieces.append((self.weighted(bags).scaled("l2"), np.array(owners, dtype=np.int64)))
        (old_sentences, old_owner), (new_sentences, new_owner) = pieces
        n = len(self.news)
        lookup = self.rows * n + self.cols
        to_new = self.unit_old.times_transposed(new_sentences)
        sentence_new = _gather(to_new.row * n + new_owner[to_new.col], to_new.value, lookup, np.maximum)
        to_old = old_sentences.times_transposed(self.unit_new)
        sentence_old = _gather(old_owner[to_old.row] * n + to_old.col, to_old.value, lookup, np.maximum)
        both = old_sentences.times_transposed(new_sentences)
        keys = old_owner[both.row] * n + new_owner[both.col]
        most = _gather(keys, both.value, lookup, np.maximum)
        alike = both.value >= ALIKE_SENTENCES
        count = _gather(keys[alike], np.ones(int(alike.sum())), lookup, np.add)
        return sentence_new, sentence_old, most, np.log1p(count)

    def _rare(self) -> np.ndarray:
        """How many rare bigrams and names each pair shares."""
        common, _ = background()
        present_old, present_new = self.x_old.present(), self.x_new.present()
        in_old = np.bincount(present_old.indices, minlength=len(self.columns))
        in_new = np.bincount(present_new.indices, minlength=len(self.columns))
        rare = (in_old > 0) & (in_old <= RARE) & (in_new > 0) & (in_new <= RARE)
        rare &= np.array([g not in common for g in self.columns], dtype=bool)
        shared = present_old.columns_kept(rare).dots(present_new, self.rows, self.cols)
        names = np.array([len(self.names.get((a, b), ())) for a, b in zip(self.rows.tolist(), self.cols.tolist())])
        return shared + names

    def _ranks(self) -> dict[str, np.ndarray]:
        """Where each pair stands among its old leaf's candidates and its new leaf's: 1 / rank,
        and its margin over the best other (negative when it is not the best)."""
        out = {}
        score = self.ranking
        for name, key, other in (("old", self.rows, self.cols), ("new", self.cols, self.rows)):
            order = np.lexsort((other, -score, key))
            sorted_key = key[order]
            starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1]
            group_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
            rank = np.empty(len(order))
            rank[order] = np.arange(len(order)) - group_start + 1
            best = np.empty(len(order))
            best[order] = score[order][group_start]
            second = np.zeros(len(order))
            has_second = np.diff(np.r_[starts, len(order)]) > 1
            second_value = np.where(has_second, score[order][np.minimum(starts + 1, len(order) - 1)], 0.0)
            second[order] = np.repeat(second_value, np.diff(np.r_[starts, len(order)]))
            out[f"rank_{name}"] = 1.0 / rank
            out[f"margin_{name}"] = np.where(rank == 1, score - second, score - best)
        return out

    def _z(self, text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """How far above the leaf's usual likeness to the comparable leaves of the other plan
        the pair's text likeness is, in standard deviations (clipped, scaled)."""
        out = []
        for matrix, codes, others, key in ((self.text, self.code_old, self.code_new, self.rows),
                                           (self.text.transposed(), self.code_new, self.code_old, self.cols)):
            counts = Counter(others.tolist())
            n = np.array([max(counts.get(code, 0), 1) for code in codes.tolist()], dtype=float)
            total = matrix.row_sums()
            squares = matrix.row_sums(squared=True)
            mean = total / n
            spread = np.sqrt(np.maximum(squares / n - mean ** 2, 0.0)) + 1e-3
            out.append(np.clip((text - mean[key]) / spread[key], -3, 8) / 4)
        return out[0], out[1]

    def _parents(self) -> tuple[np.ndarray, np.ndarray]:
        """How alike the sections the two leaves stand in are: their subtrees, their titles."""
        (old_ctx, old_at), (new_ctx, new_at) = self.contexts()
        parents = [(self.old[self.olds[a]].parent, self.new[self.news[b]].parent)
                   for a, b in zip(self.rows.tolist(), self.cols.tolist())]
        wanted = sorted({pair for pair in parents if None not in pair})
        subtree, title = np.zeros(len(parents)), np.zeros(len(parents))
        if not wanted:
            return subtree, title
        titles = Space([self.old[p].title for p, _ in wanted] + [self.new[q].title for _, q in wanted])
        left = np.array([old_at[p] for p, _ in wanted])
        right = np.array([new_at[q] for _, q in wanted])
        alike = old_ctx.dots(new_ctx, left, right)
        found = {pair: (alike[k], titles.cosine(k, len(wanted) + k)) for k, pair in enumerate(wanted)}
        for k, pair in enumerate(parents):
            if pair in found:
                subtree[k], title[k] = found[pair]
        return subtree, title

    def contexts(self):
        """Each plan's sections with units under them as unit vectors of their whole
        subtree's bigrams: ``((old matrix, {old section: row}), (new matrix, {new section: row}))``."""
        if not hasattr(self, "_contexts"):
            space, n = self.space, len(self.old)
            found = []
            for units, offset in ((self.old, 0), (self.new, n)):
                ends = subtree_ends(units)
                sections = [u.index for u in units if u.children]
                counts = _counts([space.bags[offset + k] for k in range(len(units))], self.columns)
                groups = [list(range(p, ends[p])) for p in sections]
                found.append((_weighted(counts.summed_by(groups), self.weights).scaled("l2"),
                              {p: r for r, p in enumerate(sections)}))
            self._contexts = (found[0], found[1])
        return self._contexts

    def anchors(self) -> dict[int, dict[int, float]]:
        """Sections with subsections of the two plans that surely correspond: the same title,
        unique in each plan; the same standing role (指导思想 and 指导方针: the grammar's
        ``roles``), the only one with it in each plan; a section with subsections and a task of
        the other plan with the same title, unique in each (the chapter became a task); or,
        failing those, each the other's likeliest by their subtrees, at least
        ``ANCHOR_LIKENESS`` alike. ``{old section: {new section: how sure}}``."""
        if hasattr(self, "_anchors"):
            return self._anchors
        (old_ctx, old_at), (new_ctx, new_at) = self.contexts()
        # sections with subsections (a task with a 专栏 has units under it, but is a leaf)
        containers_old = [p for p in old_at if not self.old[p].leaf]
        containers_new = [q for q in new_at if not self.new[q].leaf]
        titles_old = Counter(plain(u.title) for u in self.old if u.kind == "section")
        titles_new = Counter(plain(u.title) for u in self.new if u.kind == "section")
        by_title = {plain(u.title): u.index for u in self.new if u.kind == "section"}
        roles_old = Counter(role_of(self.old[p].title, self.grammar) for p in containers_old)
        roles_new: dict[str, list[int]] = {}
        for q in containers_new:
            role = role_of(self.new[q].title, self.grammar)
            if role:
                roles_new.setdefault(role, []).append(q)
        found: dict[int, dict[int, float]] = {}
        for p in containers_old:
            title = plain(self.old[p].title)
            if titles_old[title] == 1 and titles_new.get(title) == 1:
                found.setdefault(p, {})[by_title[title]] = 1.0
            role = role_of(self.old[p].title, self.grammar)
            if role and roles_old[role] == 1 and len(roles_new.get(role, ())) == 1:
                found.setdefault(p, {})[roles_new[role][0]] = 1.0
        if containers_old and containers_new:
            if "_section_likeness" not in self.__dict__:
                self._section_likeness = old_ctx.times_transposed(new_ctx)
            likeness = self._section_likeness
            keep_old = np.array([not self.old[p].leaf for p in old_at], dtype=bool)
            keep_new = np.array([not self.new[q].leaf for q in new_at], dtype=bool)
            likeness = likeness.where(keep_old[likeness.row] & keep_new[likeness.col])
            best_rows, best_cols = likeness.top(1)
            back_cols, back_rows = likeness.transposed().top(1)
            best_of_new = dict(zip(back_cols.tolist(), back_rows.tolist()))
            values = likeness.lookup(best_rows, best_cols)
            sections_old, sections_new = list(old_at), list(new_at)
            for a, b, value in zip(best_rows.tolist(), best_cols.tolist(), values.tolist()):
                p = sections_old[a]
                if p not in found and value >= ANCHOR_LIKENESS and best_of_new.get(b) == a:
                    found.setdefault(p, {})[sections_new[b]] = float(value)
        self._anchors: dict[int, dict[int, float]] = found
        return found

    def _scope(self) -> tuple[np.ndarray, np.ndarray]:
        anchors = self.anchors()
        ends = subtree_ends(self.new)
        scope, depth = np.zeros(len(self.rows)), np.zeros(len(self.rows))
        nearest: dict[int, tuple[dict[int, float], int]] = {}
        for a in set(self.rows.tolist()):
            parent, level = self.old[self.olds[a]].parent, 1
            while parent is not None and parent not in anchors:
                parent, level = self.old[parent].parent, level + 1
            if parent is not None:
                nearest[a] = (anchors[parent], level)
        for k, (a, b) in enumerate(zip(self.rows.tolist(), self.cols.tolist())):
            if a in nearest:
                targets, level = nearest[a]
                j = self.news[b]
                sure = max((v for q, v in targets.items() if q <= j < ends[q]), default=0.0)
                if sure:
                    scope[k], depth[k] = sure, 1.0 / level
        return scope, depth

    def _siblings_order(self) -> tuple[np.ndarray, np.ndarray]:
        first, place = [], []
        for units, leaves in ((self.old, self.olds), (self.new, self.news)):
            f, r = np.zeros(len(leaves)), np.zeros(len(leaves))
            for position, index in enumerate(leaves):
                parent = units[index].parent
                siblings = ([c for c in units[parent].children if units[c].kind == units[index].kind]
                            if parent is not None else [index])
                k = siblings.index(index)
                f[position] = 1.0 if k == 0 and len(siblings) > 1 else 0.0
                r[position] = k / max(len(siblings) - 1, 1)
            first.append(f)
            place.append(r)
        return first[0][self.rows] * first[1][self.cols], np.abs(place[0][self.rows] - place[1][self.cols])

    def _path_text(self) -> np.ndarray:
        """Cosine of the texts with the titles of their two nearest sections (and 专栏) before
        them (words apart: their bags of bigrams added)."""
        def bag(unit: Unit, own: Counter) -> Counter:
            out = Counter(own)
            for title in unit.path[-2:] + ([unit.box_title] if unit.box_title else []):
                out.update(self._title_bag(title))
            return out

        n = len(self.old)
        left = self.weighted([bag(self.old[i], self.space.bags[i]) for i in self.olds]).scaled("l2")
        right = self.weighted([bag(self.new[j], self.space.bags[n + j]) for j in self.news]).scaled("l2")
        return left.dots(right, self.rows, self.cols)

    def _title_bag(self, title: str) -> Counter:
        memo = self.__dict__.setdefault("_title_bags", {})
        if title not in memo:
            memo[title] = Counter(grams(title))
        return memo[title]

    def likeness(self, old: int, new: int) -> float:
        """How alike the whole subtrees of old unit ``old`` and new unit ``new`` are (a
        section's text with everything under it; a leaf's own text)."""
        (old_ctx, old_at), (new_ctx, new_at) = self.contexts()
        if old in old_at and new in new_at:
            if "_section_likeness" not in self.__dict__:
                self._section_likeness = old_ctx.times_transposed(new_ctx)
            return float(self._section_likeness.lookup(np.array([old_at[old]]), np.array([new_at[new]]))[0])
        from .similarity import cosine

        if "_ends" not in self.__dict__:
            self._ends = (subtree_ends(self.old), subtree_ends(self.new))
        ends = self._ends
        vectors = []
        for units, index, offset, end in ((self.old, old, 0, ends[0]), (self.new, new, len(self.old), ends[1])):
            bag: Counter = Counter()
            for k in range(index, end[index]):
                bag.update(self.space.bags[offset + k])
            vectors.append(self.space.vector(bag))
        return cosine(vectors[0], vectors[1])

    def shared_phrases(self, old: int, new: int, most: int) -> list[str]:
        """The phrases the texts of units ``old`` and ``new`` both have — runs of the old text
        whose bigrams the new text has too, found in it whole — the most telling first (by the
        weight of their bigrams)."""
        before, after = self.texts[0][old], self.texts[1][new]
        if not before or not after:
            return []
        theirs = set(grams(after))
        weight = self.space.weight
        runs, start = [], None
        for k in range(len(before) - 1):
            gram = before[k:k + 2]
            if gram in theirs and gram.isalnum():
                start = k if start is None else start
            elif start is not None:
                runs.append(before[start:k + 1])
                start = None
        if start is not None:
            runs.append(before[start:])
        scored: dict[str, float] = {}
        for phrase in runs:
            if phrase in after and len(phrase) >= 2:
                scored[phrase] = sum(weight.get(phrase[k:k + 2], 0.0) for k in range(len(phrase) - 1))
        ranked = sorted(scored, key=lambda p: (-scored[p], p))
        chosen: list[str] = []
        for phrase in ranked:
            if not any(phrase in other for other in chosen):
                chosen.append(phrase)
            if len(chosen) == most:
                break
        return chosen

    def structure(self, scores: np.ndarray) -> dict[str, np.ndarray]:
        """The second stage's views, from the first stage's ``scores`` of the candidates: for
        each pair, how likely the other leaves of the old leaf's section (``siblings``) and of
        its parent section (``cousins``) are, on average, to go under the new leaf's section
        (or its parent section)."""
        return {"siblings": self._agreement(scores, 1), "cousins": self._agreement(scores, 2)}

    def _agreement(self, scores: np.ndarray, up: int) -> np.ndarray:
        old_above = [_ancestor(self.old, i, up) for i in self.olds]
        new_above = [_ancestor(self.new, j, up) for j in self.news]
        # for each old leaf and each new section: its likeliest candidate under that section
        best: dict[tuple[int, int], float] = {}
        for a, b, s in zip(self.rows.tolist(), self.cols.tolist(), scores.tolist()):
            q = new_above[b]
            if q is not None and s > best.get((a, q), 0.0):
                best[(a, q)] = s
        members: dict[int, list[int]] = {}
        for a, p in enumerate(old_above):
            if p is not None:
                members.setdefault(p, []).append(a)
        totals: dict[tuple[int | None, int], float] = {}  # (an old leaf with no section that far up: None)
        for (a, q), s in best.items():
            p = old_above[a]
            totals[(p, q)] = totals.get((p, q), 0.0) + s
        out = np.zeros(len(self.rows))
        for k, (a, b) in enumerate(zip(self.rows.tolist(), self.cols.tolist())):
            p, q = old_above[a], new_above[b]
            if p is None or q is None or len(members[p]) < 2:
                continue
            out[k] = (totals.get((p, q), 0.0) - best.get((a, q), 0.0)) / (len(members[p]) - 1)
        return out


# --- helpers ---------------------------------------------------------------------------------

def own_text(unit: Unit, units: list[Unit]) -> str:
    """The text a unit is matched by: its own, without what its children hold (a section
    whose paragraphs are units of their own is matched by its title)."""
    if unit.kind == "section" and any(units[c].kind == "paragraph" for c in unit.children):
        return unit.title
    return unit.text


def lead_brackets(grammar):
    """A function that takes the lead-unit brackets out of a text: who leads a task is
    compared as a field, not as words (else every task of one agency looks alike)."""
    patterns = [grammar.pattern("leads", key) for key in ("bracket", "lead_partner", "responsible")]

    def strip(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub("", text)
        return text

    return strip


def subtree_ends(units: list[Unit]) -> list[int]:
    """For each unit, the index after its last descendant (units are in document order)."""
    end = [u.index + 1 for u in units]
    for unit in reversed(units):
        if unit.parent is not None:
            end[unit.parent] = max(end[unit.parent], end[unit.index])
    return end


def _ancestor(units: list[Unit], index: int, up: int) -> int | None:
    parent = units[index].parent
    for _ in range(up - 1):
        if parent is None:
            return None
        parent = units[parent].parent
    return parent


def _code(unit: Unit) -> int:
    """Units of one code may pair: of one family (a row is no section), and both about the
    plan or both about its past and present."""
    return (0 if FAMILY[unit.kind] == "text" else 2) + (0 if unit.chapter == "plan" else 1)


def _too_common(old_bags: list[Counter], new_bags: list[Counter]) -> set[str]:
    """Bigrams so common in both plans that the product of the leaves' vectors would cost
    beyond ``WORK_PER_GRAM`` terms per nonzero, the costliest first: at that size a bigram
    tells no two leaves apart, and leaving it out keeps the cost linear."""
    df_old: Counter = Counter(chain.from_iterable(old_bags))
    df_new: Counter = Counter(chain.from_iterable(new_bags))
    budget = WORK_PER_GRAM * (sum(df_old.values()) + sum(df_new.values()))
    cost = sorted(((df_old[g] * df_new[g], g) for g in df_old.keys() & df_new.keys()), reverse=True)
    spent = sum(c for c, _ in cost)
    dropped = set()
    for c, gram in cost:
        if spent <= budget:
            break
        dropped.add(gram)
        spent -= c
    return dropped


def _weighted(counts: Rows, weights: np.ndarray) -> Rows:
    """Counts as sublinear term frequency times each column's weight (zero weights dropped)."""
    return counts.with_data((1.0 + np.log(counts.data)) * weights[counts.indices])


def _counts(bags: list[Counter], columns: dict[str, int]) -> Rows:
    """Rows of raw bigram counts (bigrams not in ``columns`` left out)."""
    indptr, indices, data = [0], [], []
    get = columns.get
    for bag in bags:
        for gram, n in bag.items():
            column = get(gram)
            if column is not None:
                indices.append(column)
                data.append(n)
        indptr.append(len(indices))
    return Rows(np.array(indptr, dtype=np.int64), np.array(indices, dtype=np.int64), np.array(data, dtype=float),
                max(len(columns), 1))


def _comparable(matrix: Entries, codes_old: np.ndarray, codes_new: np.ndarray) -> Entries:
    return matrix.where(codes_old[matrix.row] == codes_new[matrix.col])


def _usual(matrix: Entries, k: int) -> np.ndarray:
    """Each row's mean of its ``k`` largest entries (missing ones count as 0)."""
    out = np.zeros(matrix.shape[0])
    rows, cols = matrix.top(k)
    if len(rows):
        np.add.at(out, rows, matrix.lookup(rows, cols))
    return out / k


def _gather(keys: np.ndarray, values: np.ndarray, lookup: np.ndarray, reduce) -> np.ndarray:
    """``values`` reduced by key (``np.maximum`` or ``np.add``), read at each key of ``lookup``
    (0 where a key has none)."""
    out = np.zeros(len(lookup))
    if not len(keys):
        return out
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.r_[0, np.flatnonzero(np.diff(keys)) + 1]
    reduced = reduce.reduceat(values, starts)
    unique = keys[starts]
    where = np.searchsorted(unique, lookup)
    found = (where < len(unique)) & (unique[np.minimum(where, len(unique) - 1)] == lookup)
    out[found] = reduced[where[found]]
    return out
