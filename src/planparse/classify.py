"""Classify: say what happened to every unit of the two plans, from the alignment's links.

unchanged (the same text where it was), changed (with a character-level inline diff and the
field-level changes: title, leads, milestones, targets, indicator values), moved (the same
text under another parent), merged (several old units became one), split (one became
several), added, dropped. A section's number is not its text: renumbering is no change.
"""
from __future__ import annotations

from .align import Link
from .model import Pair, Unit

MERGE_HOWS = {"merged"}
SPLIT_HOWS = {"split"}


def classify(old: list[Unit], new: list[Unit], links: list[Link]) -> list[Pair]:
    """One pair per link, then one per unit that no link reached; in the new plan's order
    (a dropped unit right after the pair of the unit before it in the old plan)."""
    paired = {link.old: link.new for link in links if link.how not in MERGE_HOWS | SPLIT_HOWS}
    merged_into = {link.new for link in links if link.how in MERGE_HOWS}
    split_from = {link.old for link in links if link.how in SPLIT_HOWS}
    pairs = []
    for link in links:
        before, after = old[link.old], new[link.new]
        status = _status(link, before, after, paired, merged_into, split_from)
        pairs.append(_pair(status, link.score, before, after))
    reached_old = {link.old for link in links}
    reached_new = {link.new for link in links}
    pairs += [Pair("dropped", 0.0, unit, None) for unit in old if unit.index not in reached_old]
    pairs += [Pair("added", 0.0, None, unit) for unit in new if unit.index not in reached_new]
    return sorted(pairs, key=lambda pair: _order(pair, paired))


def _status(link: Link, before: Unit, after: Unit, paired: dict, merged_into: set, split_from: set) -> str:
    if link.how in MERGE_HOWS or link.new in merged_into:
        return "merged"
    if link.how in SPLIT_HOWS or link.old in split_from:
        return "split"
    if _plain(before.text) != _plain(after.text):
        return "changed"
    return "unchanged" if _same_place(before, after, paired) else "moved"


def _same_place(before: Unit, after: Unit, paired: dict) -> bool:
    if before.parent is None or after.parent is None:
        return before.parent is None and after.parent is None
    return paired.get(before.parent) == after.parent


def _pair(status: str, score: float, before: Unit, after: Unit) -> Pair:
    pair = Pair(status, round(score, 3), before, after)
    if status != "unchanged":
        pair.changes = field_changes(before, after)
        if _plain(before.text) != _plain(after.text):
            pair.inline = inline_diff(before.text, after.text)
    return pair


def _order(pair: Pair, paired: dict) -> tuple:
    if pair.new is not None:
        return (pair.new.index, 0, pair.old.index if pair.old else -1)
    # a dropped unit goes after the new unit that its nearest paired predecessor became
    anchor = next((paired[i] for i in range(pair.old.index, -1, -1) if i in paired), -1)
    return (anchor, 1, pair.old.index)


# --- what changed ------------------------------------------------------------------------

def field_changes(before: Unit, after: Unit) -> dict:
    """The field-level changes of a pair: title, leads, milestones, targets, values."""
    changes: dict = {}
    if before.title != after.title:
        changes["title"] = {"from": before.title, "to": after.title}
    if before.path != after.path:
        changes["path"] = {"from": before.path, "to": after.path}
    added = [u for u in after.leads if u not in before.leads]
    removed = [u for u in before.leads if u not in after.leads]
    if added or removed:
        changes["leads"] = {"added": added, "removed": removed}
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


def _shown(target: dict) -> str:
    comparator = target.get("comparator") or ""
    return f"{comparator}{target.get('value')}{target.get('unit') or ''}"


def _value_changes(before: dict, after: dict) -> list[str]:
    """``key: old→new`` for every key whose value differs (— when one side lacks it)."""
    return [f"{key}: {before.get(key, '—')}→{after.get(key, '—')}"
            for key in list(before) + [k for k in after if k not in before] if before.get(key) != after.get(key)]


INLINE_CHARACTERS = 4000  # longer texts are diffed sentence by sentence first (a character diff is quadratic)


def inline_diff(before: str, after: str) -> list[list[str]]:
    """A character-level diff: ``[op, text]`` runs, op ``=`` kept, ``-`` removed, ``+`` added.
    A kept run of one character between changes is folded into them, which reads better.
    Long texts are aligned sentence by sentence, and changed sentences character by character.

    >>> inline_diff("建设市级共享平台", "建设全域统一共享平台")
    [['=', '建设'], ['-', '市级'], ['+', '全域统一'], ['=', '共享平台']]
    """
    if len(before) + len(after) > INLINE_CHARACTERS:
        return _tidy(_by_sentence(before, after))
    return _tidy(_characters(before, after))


def _by_sentence(before: str, after: str) -> list[list[str]]:
    from difflib import SequenceMatcher

    old, new = _split_sentences(before), _split_sentences(after)
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


def _split_sentences(text: str) -> list[str]:
    import regex

    return [s for s in regex.split(r"(?<=[。！？；\n])", text) if s]


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


def _plain(text: str) -> str:
    return "".join(text.split())
