"""Verdicts: what became of every unit, from the links (the fifth stage: units → candidates →
score → select → **verdicts** → writers).

Links between leaves fall into groups (connected pieces of the link graph): one old leaf and
one new is a change (``unchanged`` when the text is the same); several old leaves into one new
a ``merge``; one old into several new a ``split``; several into several a ``regroup``, where
each old leaf with several partners was split and each other was merged. A group is one
record listing all its parts, with the lead changes of the group as a whole. An old leaf whose
partner is much longer and like it in one sentence far more than as a whole lives on only as
a sentence of it: ``continued in part`` (``in_part``). An old leaf no link
reaches is ``dropped``; a new leaf no link reaches is ``added`` — each only when even its
likeliest partner is unlikely, else ``uncertain``. Sections with subsections get their own
pairs (from :func:`planparse.diff.select.sections`), one by one: merged when a new section
takes in several, split when an old one went to several.

Each pair carries its evidence (the model's score, the views' likeness, the phrases both
share), the field changes of its own two units (title, section, lead units, deadlines,
targets, indicator values) and a character diff of its text. ``moved`` says, beside the
status, that a unit went under another section: not what its old section became, nor under
it. A section's number is not its text: renumbering is no change.

Every old commitment (leaf) gets one :class:`~planparse.model.Verdict`; the summary counts
them by fate and by kind, and the new commitments by whether they carry any old one on.
"""
from __future__ import annotations

import functools
from typing import cast

import regex

from ..model import Group, Pair, Unit, Verdict
from ..model.kinds import FATES, KINDS, SUMMARY, GroupKind, Kind, Status
from .agencies import agency_names, same_agency
from .select import Link, likeliest
from .units import below, framing_role, plain, sentences

PART_SENTENCE = 0.2  # an old leaf at least this like one sentence of its partner …
PART_BETTER = 1.5  # … this many times likelier to that sentence than to the partner as a whole …
PART_LONGER = 2.0  # … which is at least this many times longer, went on in part: as a sentence of it
NUMBER_OF_SHARED = 8  # phrases a pair's evidence lists


def verdicts(old: list[Unit], new: list[Unit], links: list[Link], views, grammar, scores=None, drop: float = 0.0,
             pictures: tuple[int, int] = (0, 0)):
    """The pairs (one per link, then one per unit no link reached), the groups, a verdict per
    old commitment and the new commitments that carry on none. A leaf no link reached is
    dropped (or added) only when its likeliest partner by ``scores`` is less than ``drop``
    likely; else ``uncertain``, with that partner as its evidence. ``pictures``: how many
    uncaptioned pictures each plan holds (:func:`planparse.diff.pictures`)."""
    evidence = _evidence(views)
    # a plan that names no lead units at all has no lead changes to tell (the report says so once)
    leads = any(u.leads or u.inherited for u in old) and any(u.leads or u.inherited for u in new)
    leaf_links = [link for link in links if old[link.old].leaf and new[link.new].leaf]
    # leaves fall into groups; sections pair one by one (a chapter's regrouping is told by its leaves)
    groups, group_of = _groups(leaf_links, old, new, grammar, 0, leads)
    partners_old: dict[int, list[int]] = {}
    partners_new: dict[int, list[int]] = {}
    for link in links:
        partners_old.setdefault(link.old, []).append(link.new)
        partners_new.setdefault(link.new, []).append(link.old)
    degree: dict[tuple[bool, int], int] = {}  # an old unit's partners among leaf links, and among section links
    sources: dict[int, int] = {}  # a new section's old sections
    for link in links:
        key = (old[link.old].leaf and new[link.new].leaf, link.old)
        degree[key] = degree.get(key, 0) + 1
        if not key[0]:
            sources[link.new] = sources.get(link.new, 0) + 1
    pairs = []
    for link in links:
        before, after = old[link.old], new[link.new]
        group = group_of.get((link.old, link.new))
        seen = evidence.get((link.old, link.new), {})
        leaves = before.leaf and after.leaf
        same = views.same(link.old, link.new)
        status = _status(before, after, group, seen, degree[(leaves, link.old)],
                         merged=not leaves and sources.get(link.new, 0) > 1, same=same)
        similarity = (1.0 if same else
                      round(seen.get("text", 0.0) if leaves else views.likeness(link.old, link.new), 3))
        pair = Pair(status, similarity, before, after, moved=_moved(before, after, new, partners_old), group=group,
                    score=link.score if leaves else None, evidence=_described(seen, link, views))
        if status != Status.UNCHANGED or pair.moved:
            pair.changes = field_changes(before, after, grammar, leads)
            if not same:
                pair.inline = inline_diff(before.text, after.text, grammar)
        pairs.append(pair)
    likely = likeliest(views, scores) if scores is not None else ({}, {})
    unlinked = [_unlinked(unit, None, likely[0].get(unit.index), new, drop)
                for unit in old if unit.index not in partners_old]
    unlinked += [_unlinked(None, unit, likely[1].get(unit.index), old, drop)
                 for unit in new if unit.index not in partners_new]
    named = (Named(old, pictures[0]), Named(new, pictures[1]))  # (each plan's text as subject_in reads it, once)
    unlinked = [_restated(_measured(pair, *named, grammar), old, new, grammar) for pair in unlinked]
    pairs += _sections_follow(unlinked, old, new)
    preceding = _predecessors(old, partners_old)
    pairs.sort(key=lambda pair: _order(pair, preceding))
    by_old: dict[int, list[Pair]] = {}
    for pair in pairs:
        if pair.old is not None and pair.new is not None:
            by_old.setdefault(pair.old.index, []).append(pair)
    alone = {pair.old.index: pair for pair in pairs if pair.old is not None and pair.new is None}
    found = []
    for unit in old:
        if unit.leaf:
            mine = by_old.get(unit.index, [])
            found.append(Verdict(unit, _fate(mine, alone.get(unit.index)), [p.new for p in mine if p.new is not None],
                                 next((p.group for p in mine if p.group is not None), None)))
    added = [p.new for p in pairs if p.status == Status.ADDED and p.new is not None and p.new.leaf]
    return pairs, groups, found, added


def summarise(pairs: list[Pair], found: list[Verdict], added: list[Unit], new: list[Unit]) -> dict:
    """The counts a researcher quotes: the old plan's commitments by fate (and by kind), the
    new plan's by whether they carry an old one on, the sections, and the pairs by status."""
    commitments = {"total": len(found), **{fate: 0 for fate in FATES}}
    by_kind = {kind: {"total": 0, **{fate: 0 for fate in FATES}} for kind in KINDS}
    for verdict in found:
        commitments[verdict.fate.value] += 1
        counts = by_kind[verdict.unit.commitment.value]
        counts["total"] += 1
        counts[verdict.fate.value] += 1
    leaves = [unit for unit in new if unit.leaf]
    fresh = {unit.index for unit in added}
    unsure = {p.new.index for p in pairs if p.status == Status.UNCERTAIN and p.new is not None and p.new.leaf}
    new_by_kind = {kind: {"total": 0, "continuing": 0, "uncertain": 0, "added": 0} for kind in KINDS}
    for unit in leaves:
        counts = new_by_kind[unit.commitment.value]
        counts["total"] += 1
        counts["added" if unit.index in fresh else "uncertain" if unit.index in unsure else "continuing"] += 1
    linked_old = {p.old.index for p in pairs if p.old is not None and p.new is not None}
    old_sections = {p.old.index for p in pairs if p.old is not None and not p.old.leaf}
    new_sections = {p.new.index for p in pairs if p.new is not None and not p.new.leaf}
    linked_new = {p.new.index for p in pairs if p.old is not None and p.new is not None}
    gone = {p.old.index for p in pairs if p.status == Status.DROPPED and p.old is not None}
    fresh_sections = {p.new.index for p in pairs if p.status == Status.ADDED and p.new is not None}
    sections = {"old": len(old_sections), "continued": len(old_sections & linked_old),
                "uncertain": len(old_sections - linked_old - gone), "dropped": len(old_sections & gone),
                "new": len(new_sections), "continuing": len(new_sections & linked_new),
                "new_uncertain": len(new_sections - linked_new - fresh_sections),
                "added": len(new_sections & fresh_sections)}
    counts = {key: 0 for key in SUMMARY}
    for pair in pairs:
        counts[pair.status.value] += 1
    counts["moved"] = len({pair.old.index for pair in pairs if pair.moved and pair.old is not None})
    return {"commitments": commitments,
            "new_commitments": {"total": len(leaves), "continuing": len(leaves) - len(fresh) - len(unsure),
                                "uncertain": len(unsure), "added": len(fresh)},
            "by_kind": {kind: counts_ for kind, counts_ in by_kind.items() if counts_["total"]},
            "new_by_kind": {kind: counts_ for kind, counts_ in new_by_kind.items() if counts_["total"]},
            "sections": sections, "pairs": counts}


def _groups(links: list[Link], old: list[Unit], new: list[Unit], grammar, start: int, compare_leads: bool):
    """The connected pieces of ``links`` with more than one unit on a side, as groups (ids
    from ``start``), and the group of each link."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        a, b = find(("old", link.old)), find(("new", link.new))
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict = {}
    for link in links:
        members.setdefault(find(("old", link.old)), []).append(link)
    groups: list[Group] = []
    group_of: dict[tuple[int, int], Group] = {}
    for root in sorted(members, key=lambda r: min((link.old, link.new) for link in members[r])):
        component = members[root]
        olds = sorted({link.old for link in component})
        news = sorted({link.new for link in component})
        if len(olds) == 1 and len(news) == 1:
            continue
        kind: GroupKind = "merge" if len(news) == 1 else "split" if len(olds) == 1 else "regroup"
        before, after = [old[i] for i in olds], [new[j] for j in news]
        group = Group(start + len(groups), kind, before, after)
        leads = lead_changes(_leads(before, grammar), _leads(after, grammar), grammar) if compare_leads else {}
        if leads:
            group.changes["leads"] = leads
        groups.append(group)
        for link in component:
            group_of[(link.old, link.new)] = group
    return groups, group_of


def _status(before: Unit, after: Unit, group, seen: dict, partners: int, merged: bool = False,
            same: bool = False) -> Status:
    """A pair's status: split when its old unit went on in several units (of its kind: a
    leaf's leaves, a section's sections), in part when only a piece of it did, merged when its
    new unit took in several, else unchanged when its texts are the same (``same``), or changed."""
    if partners > 1 and (group is not None or not (before.leaf and after.leaf)):
        return Status.SPLIT
    if seen and _partly(seen, before, after):
        return Status.IN_PART
    if group is not None or merged:
        return Status.MERGED
    return Status.UNCHANGED if same else Status.CHANGED


def _partly(seen: dict, before: Unit, after: Unit) -> bool:
    """Does the old leaf go on only as a sentence of a longer new one (a 专栏 item folded into
    one sentence of a task): clearly likelier to one sentence of it than to all of it?"""
    sentence = seen.get("sentence_new", 0.0)
    return (sentence >= PART_SENTENCE and sentence >= PART_BETTER * seen.get("text", 0.0)
            and len(after.text) >= PART_LONGER * len(before.text))


def _unlinked(before: Unit | None, after: Unit | None, likely, others: list[Unit], drop: float) -> Pair:
    """The pair of a unit no link reached: dropped (added), or uncertain when its likeliest
    partner is at least ``drop`` likely (a section: when a leaf under it is)."""
    if likely is None or likely.score < drop:
        return Pair(Status.DROPPED if after is None else Status.ADDED, 0.0, before, after)
    other = others[likely.other]
    return Pair(Status.UNCERTAIN, 0.0, before, after, score=likely.score,
                evidence={"likeliest": {"id": other.id, "title": other.title, "score": likely.score}})


NAMED = {Kind.INDICATOR: False, Kind.BOX_ITEM: True}  # kinds whose title names a thing: by its whole name?


class Named:
    """A plan's units as :func:`subject_in` reads them: every unit but table rows, and their
    texts, compared as :func:`~.units.plain` makes them (each worked out once, when first
    asked: a diff asks it of every indicator and 专栏 item no link reached)."""

    def __init__(self, units: list[Unit], pictures: int = 0):
        self.units = [u for u in units if u.kind != "table-row"]
        self.indicators = any(u.commitment == Kind.INDICATOR for u in units)  # (does the plan set any in a table?)
        self.boxes = any(u.commitment == Kind.BOX_ITEM for u in units)  # (does its text list any 专栏 items?)
        self.pictures = pictures  # (uncaptioned pictures: a 专栏 may be one)

    @functools.cached_property
    def texts(self) -> list[str]:
        return [plain(u.text) for u in self.units]

    @functools.cached_property
    def joined(self) -> str:
        return "\n".join(self.texts)


def _measured(pair: Pair, old: Named | list[Unit], new: Named | list[Unit], grammar) -> Pair:
    """An indicator row or a 专栏 item no link reached, dropped (added), is uncertain when the
    other plan's text still names its subject (:func:`subject_in`): what the indicator
    measures, or the project or programme the item is, named whole (农村公路, 生物医药). The
    figure or the item is gone (or new); the work may well go on in a task without one
    (档案数字化率 → 加快推进馆藏档案数字化; 专栏 农村公路 → 加强农村公路建设), which the diff
    cannot tell from a subject named in passing. A task's title is no name (加强组织领导): a
    task no link reached stays dropped. An indicator is uncertain, too, when the other plan
    sets no indicator in a table at all (how: ``untabled``): a plan that first sets figures
    mostly sets them for work its predecessor already did in words, and one that sets none
    may carry the work on without them; whether it does, the diff cannot tell. (Where the other
    plan has indicators, one missing from them is a change of its set of figures: dropped or
    added.) And a 专栏 item is uncertain when the other plan's text lists no 专栏 item but the
    plan holds pictures it does not caption (how: ``pictured``): a web copy often puts a 专栏
    up as an image, which the diff cannot read."""
    unit, others = (pair.old, new) if pair.new is None else (pair.new, old)
    if pair.status not in (Status.DROPPED, Status.ADDED) or unit is None or unit.commitment not in NAMED:
        return pair
    others = others if isinstance(others, Named) else Named(others)
    found = subject_in(unit.title, others, grammar, whole=NAMED[unit.commitment])
    how = "subject"
    if found is None and unit.commitment == Kind.BOX_ITEM and unit.box_title:
        found = programme_in(unit.box_title, others, grammar)
        how = "programme"
    if found is None and unit.commitment == Kind.INDICATOR and not others.indicators:
        return Pair(Status.UNCERTAIN, 0.0, pair.old, pair.new, evidence={"how": "untabled"})
    if found is None and unit.commitment == Kind.BOX_ITEM and not others.boxes and others.pictures:
        return Pair(Status.UNCERTAIN, 0.0, pair.old, pair.new, evidence={"how": "pictured", "pictures": others.pictures})
    if found is None:
        return pair
    subject, where = found
    return Pair(Status.UNCERTAIN, 0.0, pair.old, pair.new,
                evidence={"how": how, "subject": subject, "where": {"id": where.id, "title": where.title}})


RESTATED = ("guidance", "principles", "goals")  # standing roles a plan states anew in every edition


def _restated(pair: Pair, old: list[Unit], new: list[Unit], grammar) -> Pair:
    """A statement of a plan's guidance, principles or goals (framing, :data:`RESTATED`) no
    link reached, dropped (added), is uncertain when the other plan states its own
    (:func:`stance_of`): each edition words them anew, merging and renaming (坚持某某为本
    becomes 某某惠民), and whether this one is among them in other words the diff cannot tell.
    Framing of the situation (发展环境) or a foreword is no such statement: it stays dropped."""
    unit, others, own = (pair.old, new, old) if pair.new is None else (pair.new, old, new)
    if pair.status not in (Status.DROPPED, Status.ADDED) or unit is None or unit.commitment != Kind.FRAMING \
            or not unit.leaf:  # (a section follows its leaves: _sections_follow)
        return pair
    role = framing_role(unit, own, grammar)
    where = stance_of(others, grammar, role) if role in RESTATED else None
    if where is None:
        return pair
    return Pair(Status.UNCERTAIN, 0.0, pair.old, pair.new,
                evidence={"how": "restated", "role": role, "where": {"id": where.id, "title": where.title}})


def stance_of(units: list[Unit], grammar, role: str | None = None) -> Unit | None:
    """Where the plan of ``units`` states its guidance, principles or goals (:data:`RESTATED`):
    its first section of standing role ``role``, else of another of them, else a section the
    grammar's ``compare.stance`` says holds them together (总体要求); None when it states none.

    >>> from planparse.rules.grammar import load_grammar
    >>> plan = [Unit("section", [], "总体要求", "总体要求 坚持统筹，到2027年建成平台。", index=0)]
    >>> stance_of(plan, load_grammar(), "principles").title, stance_of(plan[:0], load_grammar())
    ('总体要求', None)
    """
    sections = [u for u in units if u.kind == "section"]
    roles = [framing_role(u, units, grammar) for u in sections]
    for accepted in ((role,), RESTATED) if role else (RESTATED,):
        found = next((u for u, r in zip(sections, roles) if r in accepted), None)
        if found is not None:
            return found
    if "stance" not in grammar.sections["compare"]:
        return None
    stance = grammar.patterns("compare", "stance")
    return next((u for u in sections if any(p.search(plain(u.title)) for p in stance)), None)


def programme_in(box_title: str, units: list[Unit] | Named, grammar) -> tuple[str, Unit] | None:
    """The programme whose items a 专栏 lists, as the text of ``units`` names it, and the unit
    most about it; None when none names it. The programme: the 专栏's title (as the tree
    holds it, without 专栏N), or else each of its parts between the conjunctions of
    ``compare.programme_joins`` when every part reads as a subject (某某科技专项与创新平台; not
    健康知识普及行动, where 及 is inside a word), named whole and accepted as a subject
    (:func:`subject_in`), a programme by its last word (``compare.programme_head``: 工程, 专项,
    行动 …; not an area or a field, 生态保护区域, 智慧交通) and not a heading any 专栏 could
    have (``compare.programme_generic``: 重点工程).
    A grammar without ``programme_head`` reads no programme."""
    rules = grammar.sections["compare"]
    if "programme_head" not in rules or "subject" not in rules:
        return None
    named = units if isinstance(units, Named) else Named(units)
    title = box_title.strip()
    parts = [title]
    for pattern in grammar.patterns("compare", "programme_joins") if "programme_joins" in rules else ():
        parts = [piece.strip() for part in parts for piece in pattern.split(part)]
    subject = grammar.patterns("compare", "subject")
    if not all(any(p.match(part) for p in subject) for part in parts):
        parts = [title]  # (a conjunction inside a word: the title is one name)
    elif parts != [title]:
        parts = [title] + parts
    head = grammar.patterns("compare", "programme_head")
    generic = grammar.patterns("compare", "programme_generic") if "programme_generic" in rules else ()
    for part in parts:
        if any(p.search(part) for p in head) and not any(p.fullmatch(part) for p in generic):
            found = subject_in(part, named, grammar, whole=True)
            if found is not None:
                return found
    return None


def subject_in(name: str, units: list[Unit] | Named, grammar, whole: bool = False) -> tuple[str, Unit] | None:
    """What an indicator called ``name`` measures (``whole``: what an item called ``name``
    is), as the text of ``units`` (table rows aside) names it, and the unit most about it
    (whose title names it, else that names it most for its length; the first of equals); None
    when none names it.
    Its subject: a name of it in quotes or 《》 (the grammar's ``compare.subject_name``), else
    the longest start of its name that the texts hold, if the grammar's ``compare.subject``
    accepts that start (four Han characters: a term, not 数据 alone); brackets (a unit, a
    scale) and quotes left out. ``whole``: only the name itself, quotes left out, is its
    subject (“村村通”工程 is not 村村通, 农村公路和桥梁 not 农村公路). A name the other plan
    uses everywhere is named all the more (数字政府 in a digital-government plan): the work
    goes on somewhere, so nothing is called gone on it. A grammar with neither rule reads no
    subject.

    >>> from planparse.rules.grammar import load_grammar
    >>> task = Unit("section", [], "推进档案数字化", "推进档案数字化。完善目录，实现档案数字化全覆盖。")
    >>> subject_in("档案数字化率（%）", [task], load_grammar())[0], subject_in("档案利用率", [task], load_grammar())
    ('档案数字化', None)
    >>> subject_in("档案数字化工程", [task], load_grammar())[0], subject_in("档案数字化工程", [task], load_grammar(), whole=True)
    ('档案数字化', None)
    """
    rules = grammar.sections["compare"]
    named = units if isinstance(units, Named) else Named(units)
    if not named.units or ("subject" not in rules and "subject_name" not in rules):
        return None
    texts, texts_joined = named.texts, named.joined
    bare = plain(_BRACKETED.sub("", name))
    names = [match.group("name") for pattern in grammar.patterns("compare", "subject_name")
             for match in pattern.finditer(bare)] if "subject_name" in rules and not whole else []
    subject = next((n for n in names if n in texts_joined), None)
    if subject is None and "subject" in rules:
        start = bare.translate(_QUOTES)
        if whole:
            start = start if start in texts_joined else ""
        else:
            start = next((start[:n] for n in range(len(start), 0, -1) if start[:n] in texts_joined), "")
        if start and any(p.match(start) for p in grammar.patterns("compare", "subject")):
            subject = start
    if subject is None:
        return None
    # the unit most about it: its title names it, else it names it most for its length
    units = named.units
    density = [(subject in plain(u.title), text.count(subject) / max(len(text), 1)) for u, text in zip(units, texts)]
    return subject, units[max(range(len(units)), key=lambda k: (density[k], -k))]


_BRACKETED = regex.compile(r"[（(][^（）()]*[）)]")
_QUOTES = str.maketrans("", "", "“”\"《》")


def _sections_follow(unlinked: list[Pair], old: list[Unit], new: list[Unit]) -> list[Pair]:
    """A section no link reached is dropped (added) only when every leaf under it is; else its
    fate is uncertain: its leaves went several ways (the evidence says how many are gone)."""
    # (by side and index: an old unit and a new one may have the same index)
    sure_gone = {(p.new is None, cast(Unit, p.old or p.new).index) for p in unlinked
                 if p.status in (Status.DROPPED, Status.ADDED)}
    out = []
    for pair in unlinked:
        side = pair.new is None
        unit, units = (pair.old, old) if side else (pair.new, new)
        assert unit is not None  # a pair has a unit on one side at least
        if unit.leaf or pair.status == Status.UNCERTAIN:
            out.append(pair)
            continue
        leaves = [k for k in below(units, unit.index) if units[k].leaf]
        gone = sum(1 for k in leaves if (side, k) in sure_gone)
        if gone == len(leaves):
            out.append(pair)
        else:
            out.append(Pair(Status.UNCERTAIN, 0.0, pair.old, pair.new,
                            evidence={"how": "section", "leaves": len(leaves), "gone": gone}))
    return out


def _fate(pairs: list[Pair], unlinked: Pair | None = None) -> Status:
    if not pairs:
        return unlinked.status if unlinked is not None else Status.DROPPED
    statuses = {pair.status for pair in pairs}
    for status in (Status.SPLIT, Status.IN_PART, Status.MERGED, Status.CHANGED):
        if status in statuses:
            return status
    return Status.UNCHANGED


def _evidence(views) -> dict[tuple[int, int], dict]:
    """The views of every candidate pair, by (old unit, new unit)."""
    found = {}
    names = list(views.values)
    columns = [views.values[name].tolist() for name in names]
    for k, (a, b) in enumerate(zip(views.rows.tolist(), views.cols.tolist())):
        found[(views.olds[a], views.news[b])] = {name: column[k] for name, column in zip(names, columns)}
    return found


def _described(seen: dict, link: Link, views) -> dict:
    """A pair's evidence as a reader sees it: how it was linked, the phrases both texts have
    (the most telling first), and the likeness by the main views."""
    out: dict = {"how": link.how}
    if link.how in ("section", "anchor"):  # how well its leaves agree, or how sure the anchor is
        out["agreement"] = link.score
    out["shared"] = views.shared_phrases(link.old, link.new, NUMBER_OF_SHARED)
    for name in ("text", "title", "contains_old", "contains_new", "sentence_new", "sentences_max", "parents", "siblings"):
        if name in seen:
            out[name] = round(seen[name], 3)
    return out


def _moved(before: Unit, after: Unit, new: list[Unit], partners_old: dict) -> bool:
    """Did the unit go under another section: is the new unit neither what its old section
    became nor under it? (A top-level unit has no section to leave; a unit whose section went
    nowhere has nowhere to stay.)"""
    if before.parent is None:
        return False
    targets = set(partners_old.get(before.parent, ()))
    if not targets:
        return False
    unit: int | None = after.index
    while unit is not None:
        if unit in targets:
            return False
        unit = new[unit].parent
    return True


def _predecessors(old: list[Unit], partners_old: dict) -> list[int]:
    """For each old unit, the first new unit that its nearest paired predecessor (or itself)
    became; -1 when none before it is paired."""
    out, last = [], -1
    for unit in old:
        if unit.index in partners_old:
            last = min(partners_old[unit.index])
        out.append(last)
    return out


def _order(pair: Pair, after: list[int]) -> tuple:
    if pair.new is not None:
        return (pair.new.index, 0, pair.old.index if pair.old else -1)
    # a dropped unit goes after the new unit that its nearest paired predecessor became
    assert pair.old is not None  # a pair has a unit on one side at least
    return (after[pair.old.index], 1, pair.old.index)


# --- what changed ------------------------------------------------------------------------

def field_changes(before: Unit, after: Unit, grammar, compare_leads: bool = True) -> dict:
    """The field-level changes of a pair of units: title, path, leads, milestones, targets,
    values. Leads are compared as units (forms of one name, abbreviations and renamed agencies
    are one unit, by the grammar's ``agencies`` rules), with the leads a plan-wide note gives
    every task."""
    changes: dict = {}
    if before.title != after.title:
        changes["title"] = {"from": before.title, "to": after.title}
    if before.path != after.path:
        changes["path"] = {"from": list(before.path), "to": list(after.path)}
    leads = lead_changes(_leads([before], grammar), _leads([after], grammar), grammar) if compare_leads else {}
    if leads:
        changes["leads"] = leads
    old_when = [m.get("when") for m in before.milestones]
    new_when = [m.get("when") for m in after.milestones]
    if old_when != new_when:
        changes["milestones"] = {"from": old_when, "to": new_when}
    targets = _value_changes({t.get("indicator"): _shown(t) for t in before.targets if _is_target(t)},
                             {t.get("indicator"): _shown(t) for t in after.targets if _is_target(t)})
    if targets:
        changes["targets"] = targets
    values = _value_changes({v.get("year"): v.get("text") for v in before.values},
                            {v.get("year"): v.get("text") for v in after.values})
    if values:
        changes["values"] = values
    return changes


def _leads(units: list[Unit], grammar) -> list[str]:
    """The lead units of ``units``, each named once: their own and the inherited ones, a
    list such as 各市政府及某管委会 read as its units."""
    names: list[str] = []
    for unit in units:
        for lead in unit.leads + unit.inherited:
            for name in agency_names(lead, grammar):
                if name not in names:
                    names.append(name)
    return names


def lead_changes(before: list[str], after: list[str], grammar) -> dict:
    """Units added and removed, and units renamed (two names of one unit).

    >>> from planparse.rules.grammar import load_grammar
    >>> lead_changes(["省营商局（大数据局）", "省公安厅"], ["省数据局", "省教育厅"], load_grammar())
    {'added': ['省教育厅'], 'removed': ['省公安厅'], 'renamed': [['省营商局（大数据局）', '省数据局']]}
    """
    renamed, matched = [], set()
    removed = []
    for name in before:
        same = next((other for other in after if other not in matched and same_agency(name, other, grammar)), None)
        if same is None:
            removed.append(name)
            continue
        matched.add(same)
        if same != name:
            renamed.append([name, same])
    added = [name for name in after if name not in matched]
    if not (added or removed or renamed):
        return {}
    out: dict = {"added": added, "removed": removed}
    if renamed:
        out["renamed"] = renamed
    return out


def _shown(target: dict) -> str:
    """A target's value, and its attribute where the plan gives one: ≥15%, 17%（约束性）."""
    from ..model import shown_target

    attribute = target.get("attribute")
    return shown_target(target) + (f"（{attribute}）" if attribute else "")


def _is_target(target: dict) -> bool:
    """A target the plan sets, not a result of the past period or a forecast it quotes."""
    return target.get("kind") in (None, "target")


def _value_changes(before: dict, after: dict) -> list[str]:
    """``key: old→new`` for every key whose value differs (— when one side lacks it)."""
    return [f"{key}: {before.get(key, '—')}→{after.get(key, '—')}"
            for key in list(before) + [k for k in after if k not in before] if before.get(key) != after.get(key)]


INLINE_CHARACTERS = 4000  # longer texts are diffed sentence by sentence first (a character diff is quadratic)


def inline_diff(before: str, after: str, grammar=None) -> list[list[str]]:
    """A character-level diff: ``[op, text]`` runs, op ``=`` kept, ``-`` removed, ``+`` added.
    A kept run of one character between changes is folded into them, which reads better.
    Long texts are aligned sentence by sentence, and changed sentences character by character.

    >>> inline_diff("建设市级共享平台", "建设全域统一共享平台")
    [['=', '建设'], ['-', '市级'], ['+', '全域统一'], ['=', '共享平台']]
    """
    if len(before) + len(after) > INLINE_CHARACTERS:
        from ..rules.grammar import load_grammar

        return _tidy(_by_sentence(before, after, grammar or load_grammar()))
    return _tidy(_characters(before, after))


def _by_sentence(before: str, after: str, grammar) -> list[list[str]]:
    from difflib import SequenceMatcher

    old, new = sentences(before, grammar), sentences(after, grammar)
    runs: list[list[str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            runs.append(["=", removed])
        elif tag == "replace" and len(removed) + len(added) <= INLINE_CHARACTERS:
            runs += _characters(removed, added)
        else:
            runs += [run for run in (["-", removed], ["+", added]) if run[1]]
    return runs


def _characters(before: str, after: str) -> list[list[str]]:
    from rapidfuzz.distance import Indel

    runs: list[list[str]] = []
    for op in Indel.opcodes(before, after):
        if op.tag == "equal":
            runs.append(["=", before[op.src_start:op.src_end]])
        if op.tag in ("delete", "replace"):
            runs.append(["-", before[op.src_start:op.src_end]])
        if op.tag in ("insert", "replace"):
            runs.append(["+", after[op.dest_start:op.dest_end]])
    return runs


def _tidy(runs: list[list[str]]) -> list[list[str]]:
    """Fold one-character kept runs between changes into them; join neighbouring runs of one
    kind; put removals before additions."""
    folded: list[list[str]] = []
    for index, (op, text) in enumerate(runs):
        between = 0 < index < len(runs) - 1 and runs[index - 1][0] != "=" and runs[index + 1][0] != "="
        if op == "=" and len(text) == 1 and between:
            folded += [["-", text], ["+", text]]
        else:
            folded.append([op, text])
    tidy: list[list[str]] = []
    pending = {"-": "", "+": ""}
    for op, text in folded + [["=", ""]]:
        if op == "=":
            tidy += [[mark, pending[mark]] for mark in "-+" if pending[mark]]
            pending = {"-": "", "+": ""}
            if text:
                tidy.append(["=", text])
        else:
            pending[op] += text
    merged: list[list[str]] = []
    for op, text in tidy:
        if merged and merged[-1][0] == op:
            merged[-1][1] += text
        else:
            merged.append([op, text])
    return merged

