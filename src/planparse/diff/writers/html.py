"""The diff as one self-contained HTML page, for people who will never run a command: the
summary first (a count per status, drawn as bars), the new plan's outline with what became
of every unit, then every pair — old and new text side by side with the changed characters
marked, its field changes as a small table, a merge's or split's other parts, a move's two
paths. A status filter and a text search work from disk, without a server; every unit has a
stable anchor (``#unit-new-4.2.1``, ``#unit-old-3.1``). CSS and script are inline and the
page names no other file: it opens anywhere and prints.

A writer like the others: it lays out what the report holds and decides nothing."""
from __future__ import annotations

from html import escape
from importlib.resources import files

from ...model import Pair, Report, Unit
from ...model.kinds import FATES, LABELS, STATUSES
from .common import BASIS, READABLE, describe, label, rewritten, summary_lines, title_only, uncertain_lines
from .palette import css_variables

BAR_WIDTH = 240  # px of the longest bar in the summary chart
FIELD_NAMES = {"title": "title", "path": "section", "leads": "lead units", "milestones": "deadlines",
               "targets": "targets", "values": "values"}


def asset(name: str) -> str:
    """A file of the page's CSS or script, as the package ships it."""
    return (files("planparse.diff.writers") / "assets" / name).read_text(encoding="utf-8")

def render_html(report: Report, pairs: list[Pair] | None = None) -> str:
    """The report's page, listing ``pairs`` (all of them when None)."""
    pairs = report.pairs if pairs is None else pairs
    title = f"{report.old.get('title') or report.old.get('path')} → {report.new.get('title') or report.new.get('path')}"
    anchors = _anchors(pairs)
    parts = ['<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             f"<title>{escape(title)}</title>\n<style>{css_variables()}{asset('report.css')}</style>\n</head>\n"
             "<body>\n",
             f"<h1>{escape(title)}</h1>\n",
             f'<p class="sources">old: {escape(describe(report.old))}<br>new: {escape(describe(report.new))}</p>\n',
             "".join(f'<p class="note">{escape(note)}</p>\n' for note in report.notes),
             _summary(report), _controls(pairs), _outline(pairs, anchors),
             f'<h2 id="pairs">Every pair ({len(pairs)})</h2>\n']
    parts += [_pair(number, pair, anchors) for number, pair in enumerate(pairs)]
    parts.append(f"<script>{asset('report.js')}</script>\n</body>\n</html>\n")
    return "".join(parts)


def _summary(report: Report) -> str:
    """The verdict in words, and the old plan's commitments by fate as bars."""
    if report.equivalent:
        verdict = "<p class=\"verdict\">No changes: every unit is unchanged where it was.</p>\n"
    else:
        verdict = "".join(f'<p class="verdict">{escape(line.strip())}</p>\n' if not line.startswith(" ")
                          else f'<p class="note">{escape(line.strip())}</p>\n' for line in summary_lines(report))
    counts = report.summary["commitments"]
    added = report.summary["new_commitments"]["added"]
    shown = [(fate, counts[fate]) for fate in FATES] + [("added", added)]
    most = max([n for _, n in shown] + [1])
    rows = "".join(f'<tr><td>{LABELS[key]}</td><td class="n">{n}</td><td><span class="bar s-{key}" '
                   f'style="width:{round(BAR_WIDTH * n / most)}px"></span></td></tr>\n' for key, n in shown)
    return (f'<h2 id="summary">Summary</h2>\n{verdict}'
            f'<table class="bars" aria-label="commitments per fate">\n{rows}</table>\n')


def _controls(pairs: list[Pair]) -> str:
    """A checkbox for each status the pairs have (and ``moved``), and the search box."""
    have = [key for key in STATUSES if any(pair.status.value == key for pair in pairs)]
    have += ["moved"] if any(pair.moved for pair in pairs) else []
    boxes = "".join(f'<label><input type="checkbox" class="status-filter" value="{key}" checked> '
                    f'<span class="badge s-{key}">{LABELS.get(key, key)}</span></label>' for key in have)
    return (f'<div id="controls">{boxes}<input type="search" id="search" placeholder="search the text" '
            f'aria-label="search the text"> <span id="shown"></span></div>\n')


def _anchors(pairs: list[Pair]) -> dict[tuple[str, str], int]:
    """Where each unit's anchor goes: the first pair it is in, by side and id."""
    anchors: dict[tuple[str, str], int] = {}
    for number, pair in enumerate(pairs):
        for side, unit in (("old", pair.old), ("new", pair.new)):
            if unit is not None:
                anchors.setdefault((side, unit.id), number)
    return anchors


def _anchor(side: str, unit: Unit) -> str:
    return f"unit-{side}-{unit.id}"


def _link(side: str, unit: Unit, anchors: dict) -> str:
    target = f"#{_anchor(side, unit)}" if (side, unit.id) in anchors else ""
    text = escape(label(unit))
    return f'<a href="{target}">{text}</a>' if target else text


def _outline(pairs: list[Pair], anchors: dict) -> str:
    """The new plan's units in its order, indented by depth, each with what became of it; the
    dropped old units where the diff sorted them, struck through."""
    statuses: dict[tuple[str, int], set[str]] = {}
    for pair in pairs:
        for side, unit in (("new", pair.new), ("old", pair.old)):
            if unit is not None:
                statuses.setdefault((side, id(unit)), set()).add(pair.status.value)
    items, seen = [], set()
    for pair in pairs:
        side, unit = ("new", pair.new) if pair.new is not None else ("old", pair.old)
        assert unit is not None  # a pair has a unit on one side at least
        if (side, unit.id) in seen:
            continue
        seen.add((side, unit.id))
        fates = sorted(statuses[(side, id(unit))], key=STATUSES.index)
        badges = "".join(f'<span class="badge s-{fate}">{LABELS[fate]}</span> ' for fate in fates)
        cls = ' class="drop"' if side == "old" else ""
        items.append(f'<li style="padding-left:{1.2 * len(unit.path):.1f}em">{badges}'
                     f'<a{cls} href="#{_anchor(side, unit)}">{escape(label(unit))}</a></li>\n')
    return f'<h2 id="outline">The new plan, unit by unit</h2>\n<ul class="outline">\n{"".join(items)}</ul>\n'


def _pair(number: int, pair: Pair, anchors: dict) -> str:
    marks = "".join(f'<span id="{escape(_anchor(side, unit))}"></span>'
                    for side, unit in (("old", pair.old), ("new", pair.new))
                    if unit is not None and anchors[(side, unit.id)] == number)
    both = pair.old is not None and pair.new is not None
    score = f' <span class="sim">similarity {pair.similarity:.2f}</span>' if both else ""
    moved = ' <span class="badge s-moved">moved</span>' if pair.moved else ""
    unit = pair.new or pair.old
    assert unit is not None  # a pair has a unit on one side at least
    heading = (f"{_link('old', pair.old, anchors)} → {_link('new', pair.new, anchors)}"
               if pair.old is not None and pair.new is not None and label(pair.old) != label(pair.new)
               else escape(label(unit)))
    status = pair.status.value
    out = [f'<article class="pair" id="pair-{number}" data-status="{status}" '
           f'data-moved="{str(pair.moved).lower()}">{marks}\n',
           f'<header><span class="badge s-{status}">{LABELS[status]}</span>{moved}{score} {heading}</header>\n',
           _evidence(pair), _sides(pair), _moves(pair), _parts(pair, anchors), _changes(pair.changes),
           "</article>\n"]
    return "".join(out)


def _sides(pair: Pair) -> str:
    """Old and new text side by side, the removed characters struck on the old side and the
    added ones marked on the new; a text rewritten beyond reading as a character diff is shown
    as it stands, with a note. A section that holds others shows none: its own units tell
    what became of its text."""
    if title_only(pair):
        return ""
    if pair.status.value == "unchanged":
        assert pair.new is not None  # an unchanged pair has both units
        return (f'<details><summary>{_where(pair.new)}</summary><div class="side">{escape(pair.new.text)}</div>'
                '</details>\n')
    readable = _readable(pair.inline)
    sides = []
    for side, unit, hidden, mark in (("old", pair.old, "+", "del"), ("new", pair.new, "-", "ins")):
        if unit is None:
            sides.append(f'<div class="side {side}"><span class="where">not in the {side} plan</span></div>')
        elif readable:
            body = "".join(escape(text) if op == "=" else f"<{mark}>{escape(text)}</{mark}>"
                           for op, text in pair.inline if op != hidden)
            sides.append(f'<div class="side {side}">{_where(unit)}{body}</div>')
        else:
            sides.append(f'<div class="side {side}">{_where(unit)}{escape(unit.text)}</div>')
    note = f'<p class="note">{rewritten(pair)}</p>\n' if pair.inline and not readable else ""
    return f'<div class="sides">{"".join(sides)}</div>\n{note}'


def _readable(inline: list[list[str]]) -> bool:
    """Is enough of the text kept for marking the changed characters to help?"""
    kept = sum(len(text) for op, text in inline if op == "=")
    return bool(inline) and kept / max(sum(len(text) for op, text in inline if op != "+"), 1) >= READABLE


def _where(unit: Unit) -> str:
    return f'<span class="where">{escape(" > ".join(unit.path) or "(top level)")}</span>'


def _moves(pair: Pair) -> str:
    if not (pair.moved and pair.old is not None and pair.new is not None):
        return ""
    return (f'<p class="note">moved: {escape(" > ".join(pair.old.path) or "(top level)")} → '
            f'{escape(" > ".join(pair.new.path) or "(top level)")}</p>\n')


def _evidence(pair: Pair) -> str:
    """Why the two are one commitment: the alignment's score and the phrases both have; or
    why a unit is uncertain."""
    if pair.old is None or pair.new is None:
        return "".join(f'<p class="note">{escape(line)}</p>\n' for line in uncertain_lines(pair))
    if pair.score is None:
        return ""
    shared = "、".join(pair.evidence.get("shared") or [])
    why = (BASIS if pair.evidence.get("how") == "basis" else f"score {pair.score:.2f}")
    return f'<p class="note">evidence: {why}' + (f"；shared: {escape(shared)}" if shared else "") + "</p>\n"


def _parts(pair: Pair, anchors: dict) -> str:
    """All the parts of a merge or split, each linked to its own pair, and the lead changes
    of the group as a whole."""
    if pair.group is None:
        return ""
    group = pair.group
    joined = (" + ".join(_link("old", unit, anchors) for unit in group.old) + " → "
              + " + ".join(_link("new", unit, anchors) for unit in group.new))
    kind = {"merge": "merged", "split": "split", "regroup": "regrouped"}[group.kind]
    return f'<p class="parts">{kind}: {joined}</p>\n' + _changes(group.changes, "the group's lead units")


def _changes(changes: dict, caption: str = "") -> str:
    """The field changes, a row each: what the field was and what it became."""
    rows = []
    for key, value in changes.items():
        if key in ("title", "path"):
            before, after = (" > ".join(value["from"]), " > ".join(value["to"])) if key == "path" else (
                value["from"], value["to"])
        elif key == "leads":
            renamed = value.get("renamed") or []
            before = "、".join(value["removed"] + [a for a, _ in renamed])
            after = "、".join(value["added"] + [b for _, b in renamed])
        elif key == "milestones":
            before, after = "、".join(map(str, value["from"])), "、".join(map(str, value["to"]))
        else:  # targets and values: ``indicator: old→new`` each
            rows += [f'<tr><th>{FIELD_NAMES.get(key, key)}</th><td colspan="2">{escape(str(item))}</td></tr>'
                     for item in value]
            continue
        rows.append(f"<tr><th>{FIELD_NAMES.get(key, key)}</th><td>{escape(before or '—')}</td>"
                    f"<td>{escape(after or '—')}</td></tr>")
    if not rows:
        return ""
    head = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<table class="changes">{head}<thead><tr><th>field</th><th>old</th><th>new</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>\n")
