"""Classify: say what became of every unit of the two plans, from the alignment's links.

A link's status is what became of the content: unchanged (the same text), changed (with a
character-level inline diff and the field-level changes: title, leads, milestones, targets,
indicator values), merged (one of several old units that became one new unit), split (one
of the new units an old one became); a unit no link reached is added or dropped. ``moved``
says, beside the status, that the unit went under another parent. A section's number is not
its text: renumbering is no change.
"""
from __future__ import annotations

from ..model import Pair, Unit
from .agencies import keys, split_units
from .align import Link
from .statuses import SUMMARY
from .units import plain, sentences


def classify(old: list[Unit], new: list[Unit], links: list[Link], grammar) -> list[Pair]:
    """One pair per link, then one per unit that no link reached; in the new plan's order
    (a dropped unit right after the pair of the unit before it in the old plan)."""
    of_old: dict[int, list[int]] = {}
    of_new: dict[int, list[int]] = {}
    for link in links:
        of_old.setdefault(link.old, []).append(link.new)
        of_new.setdefault(link.new, []).append(link.old)
    pairs = []
    for link in links:
        before, after = old[link.old], new[link.new]
        # the other units that went into this one, or that this one went into: not a unit's
        # own sections or the sections above it (a chapter and its tasks are one content)
        givers = [old[i] for i in sorted(of_new[link.new]) if i == link.old or not _related(old, i, link.old)]
        takers = [new[j] for j in sorted(of_old[link.old]) if j == link.new or not _related(new, j, link.new)]
        if len(givers) > 1:
            status = "merged"
        elif len(takers) > 1:
            status = "split"
        else:
            status = "changed" if plain(before.text) != plain(after.text) else "unchanged"
        pair = Pair(status, link.score, before, after, moved=_moved(before, after, old, new, of_old))
        if status in ("merged", "split"):
            pair.group = (givers, takers)
        if status != "unchanged" or pair.moved:
            pair.changes = field_changes(before, after, grammar, givers if status == "merged" else [before],
                                         takers if status == "split" else [after])
            if plain(before.text) != plain(after.text):
                pair.inline = inline_diff(before.text, after.text, grammar)
        pairs.append(pair)
    pairs += [Pair("dropped", 0.0, unit, None) for unit in old if unit.index not in of_old]
    pairs += [Pair("added", 0.0, None, unit) for unit in new if unit.index not in of_new]
    return sorted(pairs, key=lambda pair: _order(pair, of_old))


def summarise(pairs: list[Pair]) -> dict:
    """How many pairs have each status, and how many moved."""
    counts = {key: 0 for key in SUMMARY}
    for pair in pairs:
        counts[pair.status] += 1
        counts["moved"] += pair.moved
    return counts


def _moved(before: Unit, after: Unit, old: list[Unit], new: list[Unit], of_old: dict) -> bool:
    """Did the unit go under another parent: is the new unit neither what its old parent
    became nor under it? (A top-level unit has no parent to leave; a unit whose parent was
    dropped has nowhere to stay.)"""
    if before.parent is None:
        return False
    targets = set(of_old.get(before.parent, ()))
    if not targets:
        return False
    unit: int | None = after.index
    while unit is not None:
        if unit in targets:
            return False
        unit = new[unit].parent
    return True


def _related(units: list[Unit], a: int, b: int) -> bool:
    """Does one of units ``a`` and ``b`` stand under the other?"""
    return _above(units, a, b) or _above(units, b, a)


def _above(units: list[Unit], a: int, b: int) -> bool:
    """Does unit ``a`` stand above unit ``b``?"""
    parent = units[b].parent
    while parent is not None:
        if parent == a:
            return True
        parent = units[parent].parent
    return False


def _order(pair: Pair, of_old: dict) -> tuple:
    if pair.new is not None:
        return (pair.new.index, 0, pair.old.index if pair.old else -1)
    # a dropped unit goes after the new unit that its nearest paired predecessor became
    anchor = next((min(of_old[i]) for i in range(pair.old.index, -1, -1) if i in of_old), -1)
    return (anchor, 1, pair.old.index)


# --- what changed ------------------------------------------------------------------------

def field_changes(before: Unit, after: Unit, grammar, givers: list[Unit] | None = None,
                  takers: list[Unit] | None = None) -> dict:
    """The field-level changes of a pair: title, path, leads, milestones, targets, values.
    Leads are compared as units (forms of one name and renamed agencies are one unit, by the
    grammar's ``units`` rules), with the leads a plan-wide note gives every task; a merge's
    new unit is compared with all its old units' leads together (``givers``), a split's old
    unit with all its new units' (``takers``)."""
    changes: dict = {}
    if before.title != after.title:
        changes["title"] = {"from": before.title, "to": after.title}
    if before.path != after.path:
        changes["path"] = {"from": list(before.path), "to": list(after.path)}
    leads = lead_changes(_leads(givers or [before], grammar), _leads(takers or [after], grammar), grammar)
    if leads:
        changes["leads"] = leads
    old_when = [m.get("when") for m in before.milestones]
    new_when = [m.get("when") for m in after.milestones]
    if old_when != new_when:
        changes["milestones"] = {"from": old_when, "to": new_when}
    targets = _value_changes({t.get("indicator"): _shown(t) for t in before.targets},
                             {t.get("indicator"): _shown(t) for t in after.targets})
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
            for name in split_units(lead, grammar):
                if name not in names:
                    names.append(name)
    return names


def lead_changes(before: list[str], after: list[str], grammar) -> dict:
    """Units added and removed, and units renamed (two names of one unit).

    >>> from planparse.grammar import load_grammar
    >>> lead_changes(["省营商局（大数据局）", "省公安厅"], ["省数据局", "省教育厅"], load_grammar())
    {'added': ['省教育厅'], 'removed': ['省公安厅'], 'renamed': [['省营商局（大数据局）', '省数据局']]}
    """
    renamed, matched = [], set()
    removed = []
    for name in before:
        same = next((other for other in after if other not in matched and keys(name, grammar) & keys(other, grammar)),
                    None)
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
    comparator = target.get("comparator") or ""
    return f"{comparator}{target.get('value')}{target.get('unit') or ''}"


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
        from ..grammar import load_grammar

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

