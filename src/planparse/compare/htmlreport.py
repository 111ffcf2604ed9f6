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

from ..model import Pair, Report, Unit
from .render import READABLE, _describe, _rewritten, _title_only, label
from .statuses import STATUSES, SUMMARY

BAR_WIDTH = 240  # px of the longest bar in the summary chart
FIELD_NAMES = {"title": "title", "path": "section", "leads": "lead units", "milestones": "deadlines",
               "targets": "targets", "values": "values"}

STYLE = """
:root { --unchanged: #8a8f98; --changed: #c98a00; --merged: #8e44ad; --split: #3f6fd1; --added: #1e8e3e;
  --dropped: #c5221f; --moved: #1a73e8; }
body { font: 15px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  margin: 0 auto; max-width: 1200px; padding: 0 1.2em 3em; color: #202124; }
h1 { font-size: 1.35em; margin: 1em 0 .2em; } h2 { font-size: 1.1em; margin: 1.6em 0 .4em;
  border-bottom: 1px solid #dadce0; }
.sources { color: #5f6368; font-size: .9em; margin: 0; }
.verdict { font-size: 1.1em; font-weight: bold; }
.bars td { padding: 1px 8px 1px 0; } .bars .n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: .8em; vertical-align: middle; }
.badge { display: inline-block; min-width: 5.5em; font-size: .8em; font-weight: bold; color: #fff;
  border-radius: 3px; padding: 0 .4em; text-align: center; }
.s-unchanged { background: var(--unchanged); } .s-changed { background: var(--changed); }
.s-merged { background: var(--merged); } .s-split { background: var(--split); }
.s-added { background: var(--added); } .s-dropped { background: var(--dropped); }
.s-moved { background: var(--moved); }
#controls { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #dadce0;
  z-index: 1; } #controls label { margin-right: .8em; white-space: nowrap; }
#search { width: 18em; } #shown { color: #5f6368; }
.outline { list-style: none; padding: 0; columns: 2 28em; font-size: .9em; }
.outline li { break-inside: avoid; } .outline a { color: inherit; text-decoration: none; }
.outline a:hover { text-decoration: underline; } .outline .drop { text-decoration: line-through; color: #5f6368; }
.pair { border: 1px solid #dadce0; border-radius: 6px; margin: .8em 0; padding: .5em .8em;
  break-inside: avoid; } .pair:target { outline: 3px solid var(--moved); }
.pair header { font-weight: bold; } .sim { color: #5f6368; font-weight: normal; font-size: .85em; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.side { background: #f8f9fa; padding: .3em .6em; border-radius: 4px; white-space: pre-wrap; }
summary .where { display: inline; } .where { display: block; color: #5f6368; font-size: .8em; white-space: normal; }
del { background: #fce8e6; color: #a50e0e; } ins { background: #e6f4ea; color: #0d652d; text-decoration: none; }
.note { color: #5f6368; font-size: .9em; margin: .3em 0; }
table.changes { border-collapse: collapse; font-size: .9em; margin: .4em 0; }
table.changes th, table.changes td { border: 1px solid #dadce0; padding: 1px 8px; text-align: left; }
.parts { margin: .3em 0; font-size: .9em; }
[hidden] { display: none !important; }
@media print { #controls { display: none; } body { max-width: none; font-size: 11pt; }
  .pair { border-color: #999; } a { color: inherit; } }
"""

SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.status-filter'));
  var search = document.getElementById('search');
  var pairs = Array.prototype.slice.call(document.querySelectorAll('article.pair'));
  var shown = document.getElementById('shown');
  function apply() {
    var on = {}, text = search.value.trim(), count = 0;
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    pairs.forEach(function (pair) {
      var wanted = on[pair.dataset.status] || (pair.dataset.moved === 'true' && on.moved);
      var visible = wanted && (!text || pair.textContent.indexOf(text) >= 0);
      pair.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + ' of ' + pairs.length + ' shown';
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  apply();
}());
"""


def render_html(report: Report, pairs: list[Pair] | None = None) -> str:
    """The report's page, listing ``pairs`` (all of them when None)."""
    pairs = report.pairs if pairs is None else pairs
    title = f"{report.old.get('title') or report.old.get('path')} → {report.new.get('title') or report.new.get('path')}"
    anchors = _anchors(pairs)
    parts = ['<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
             f"<h1>{escape(title)}</h1>\n",
             f'<p class="sources">old: {escape(_describe(report.old))}<br>new: {escape(_describe(report.new))}</p>\n',
             _summary(report), _controls(pairs), _outline(pairs, anchors),
             f'<h2 id="pairs">Every pair ({len(pairs)})</h2>\n']
    parts += [_pair(number, pair, anchors) for number, pair in enumerate(pairs)]
    parts.append(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(parts)


def _summary(report: Report) -> str:
    """The verdict in words and the count of each status as a bar."""
    if report.equivalent:
        verdict = "No changes: every unit is unchanged where it was."
    else:
        told = ", ".join(f"{report.summary[key]} {key}" for key in SUMMARY if report.summary[key])
        verdict = f"{len(report.pairs)} pairs: {told}."
    most = max([report.summary[key] for key in SUMMARY] + [1])
    rows = "".join(f'<tr><td>{key}</td><td class="n">{report.summary[key]}</td><td><span class="bar s-{key}" '
                   f'style="width:{round(BAR_WIDTH * report.summary[key] / most)}px"></span></td></tr>\n'
                   for key in SUMMARY)
    return (f'<h2 id="summary">Summary</h2>\n<p class="verdict">{verdict}</p>\n'
            f'<table class="bars" aria-label="pairs per status">\n{rows}</table>\n')


def _controls(pairs: list[Pair]) -> str:
    """A checkbox for each status the pairs have (and ``moved``), and the search box."""
    have = [key for key in STATUSES if any(pair.status == key for pair in pairs)]
    have += ["moved"] if any(pair.moved for pair in pairs) else []
    boxes = "".join(f'<label><input type="checkbox" class="status-filter" value="{key}" checked> '
                    f'<span class="badge s-{key}">{key}</span></label>' for key in have)
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
    items, seen = [], set()
    for pair in pairs:
        side, unit = ("new", pair.new) if pair.new is not None else ("old", pair.old)
        if (side, unit.id) in seen:
            continue
        seen.add((side, unit.id))
        fates = sorted({p.status for p in pairs if (p.new if side == "new" else p.old) is unit},
                       key=STATUSES.index)
        badges = "".join(f'<span class="badge s-{fate}">{fate}</span> ' for fate in fates)
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
    heading = (f"{_link('old', pair.old, anchors)} → {_link('new', pair.new, anchors)}"
               if both and label(pair.old) != label(pair.new) else escape(label(pair.new or pair.old)))
    out = [f'<article class="pair" id="pair-{number}" data-status="{pair.status}" '
           f'data-moved="{str(pair.moved).lower()}">{marks}\n',
           f'<header><span class="badge s-{pair.status}">{pair.status}</span>{moved}{score} {heading}</header>\n',
           _sides(pair), _moves(pair), _parts(pair, anchors), _changes(pair), "</article>\n"]
    return "".join(out)


def _sides(pair: Pair) -> str:
    """Old and new text side by side, the removed characters struck on the old side and the
    added ones marked on the new; a text rewritten beyond reading as a character diff is shown
    as it stands, with a note. A section that holds others shows none: its own units tell
    what became of its text."""
    if _title_only(pair):
        return ""
    if pair.status == "unchanged":
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
    note = f'<p class="note">{_rewritten(pair)}</p>\n' if pair.inline and not readable else ""
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


def _parts(pair: Pair, anchors: dict) -> str:
    """All the parts of a merge or split, each linked to its own pair."""
    if pair.group is None:
        return ""
    olds, news = pair.group
    joined = (" + ".join(_link("old", unit, anchors) for unit in olds) + " → "
              + " + ".join(_link("new", unit, anchors) for unit in news))
    return f'<p class="parts">{pair.status}: {joined}</p>\n'


def _changes(pair: Pair) -> str:
    """The field changes, a row each: what the field was and what it became."""
    rows = []
    for key, value in pair.changes.items():
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
    return ('<table class="changes"><thead><tr><th>field</th><th>old</th><th>new</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>\n")
