"""Render a diff or a chain: plain data for JSON/YAML, one CSV row per chain step, Markdown
for reports, and a rich terminal view. A report never prints itself; these writers turn it
into text. Every view names every added and dropped unit (a long run of them under one
section is shortened, saying how many), shows where moved units went, and ends with the
summary."""
from __future__ import annotations

import io

from ..emit import Flow, dump_json, dump_yaml
from ..model import DIFF_SCHEMA, Chain, Pair, Report, Unit
from .statuses import SUMMARY

CHAIN_SCHEMA = "planparse-chain/2"
COLOURS = {"present": "", "unchanged": "dim", "changed": "yellow", "merged": "magenta", "split": "magenta",
           "added": "green", "dropped": "red"}
LONG_RUN = 12  # added or dropped units in a row under one section beyond which a view shortens the run
SHOWN_OF_RUN = 8  # and how many of them it still names


# --- data ---------------------------------------------------------------------------------

def unit_data(unit: Unit | None, full: bool = False) -> dict | None:
    """How a unit is named in a diff: its id, kind, where it stands, and its title; with
    ``full``, also its text, lead units, deadlines and targets (a chain's steps)."""
    if unit is None:
        return None
    data: dict = {"id": unit.id, "kind": unit.kind, "path": Flow(unit.path)}
    if unit.kind == "section":
        data.update(level=unit.level, number=unit.number)
    if unit.kind == "box-item":
        data["box"] = unit.box
        if unit.box_title:
            data["box_title"] = unit.box_title
    data["title"] = unit.title
    if full:
        data["text"] = unit.text
        data["leads"] = Flow(unit.leads + [name for name in unit.inherited if name not in unit.leads])
        data["deadlines"] = Flow([m.get("when") for m in unit.milestones])
        data["targets"] = Flow([_target(t) for t in unit.targets] + [f"{v.get('year')}：{v.get('text')}"
                                                                    for v in unit.values])
    return data


def _target(target: dict) -> str:
    return f"{target.get('indicator')}：{target.get('comparator') or ''}{target.get('value')}{target.get('unit') or ''}"


def pair_data(pair: Pair) -> dict:
    data = {"status": pair.status, "similarity": pair.similarity, "moved": pair.moved,
            "old": unit_data(pair.old), "new": unit_data(pair.new)}
    if pair.group is not None:
        data["group"] = {"old": Flow([u.id for u in pair.group[0]]), "new": Flow([u.id for u in pair.group[1]])}
    if pair.changes:
        data["changes"] = _flowing(pair.changes)
    if pair.inline:
        data["inline"] = [Flow(run) for run in pair.inline]
    return data


def _flowing(value):
    """``value`` with every list in it written on one line in YAML."""
    if isinstance(value, dict):
        return {key: _flowing(item) for key, item in value.items()}
    if isinstance(value, list):
        return Flow(_flowing(item) for item in value)
    return value


def report_data(report: Report, pairs: list[Pair] | None = None) -> dict:
    return {"schema": DIFF_SCHEMA, "old": report.old, "new": report.new, "summary": report.summary,
            "pairs": [pair_data(pair) for pair in (report.pairs if pairs is None else pairs)]}


def chain_data(chain: Chain, lineages=None) -> dict:
    return {"schema": CHAIN_SCHEMA, "editions": chain.editions,
            "lineages": [{"id": lineage.id, "merged_into": lineage.merged_into, "split_from": lineage.split_from,
                          "branches": Flow(lineage.branches),
                          "steps": [{"edition": step.edition, "status": step.status, "similarity": step.similarity,
                                     "moved": step.moved, "unit": unit_data(step.unit, full=True)}
                                    for step in lineage.steps]}
                         for lineage in (chain.lineages if lineages is None else lineages)]}


CHAIN_COLUMNS = ("lineage", "edition", "edition_name", "status", "moved", "similarity", "kind", "unit", "path", "title",
                 "text", "leads", "deadlines", "targets", "merged_into", "split_from")


def chain_rows(chain: Chain, lineages=None) -> list[dict]:
    """One row per lineage and edition it has a step in, for pandas and R."""
    from ..commitments import LIST_JOIN, PATH_JOIN

    rows = []
    for lineage in chain.lineages if lineages is None else lineages:
        for step in lineage.steps:
            unit = unit_data(step.unit, full=True) or {}
            edition = chain.editions[step.edition]
            rows.append({"lineage": lineage.id, "edition": step.edition,
                         "edition_name": edition.get("edition") or edition.get("title") or edition.get("path") or "",
                         "status": step.status, "moved": step.moved, "similarity": step.similarity,
                         "kind": unit.get("kind", ""), "unit": unit.get("id", ""),
                         "path": PATH_JOIN.join(unit.get("path", [])), "title": unit.get("title", ""),
                         "text": unit.get("text", ""), "leads": LIST_JOIN.join(unit.get("leads", [])),
                         "deadlines": LIST_JOIN.join(unit.get("deadlines", [])),
                         "targets": LIST_JOIN.join(unit.get("targets", [])),
                         "merged_into": lineage.merged_into or "", "split_from": lineage.split_from or ""})
    return rows


def render_chain_csv(chain: Chain, lineages=None) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CHAIN_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(chain_rows(chain, lineages))
    return buffer.getvalue()


# --- filters ------------------------------------------------------------------------------

def where(unit: Unit | None) -> str:
    return " > ".join(unit.path + [unit.title]) if unit else ""


def select(pairs: list[Pair], statuses: tuple[str, ...] = (), path: str | None = None,
           min_similarity: float | None = None) -> list[Pair]:
    """The pairs with one of ``statuses`` (all when none; ``moved`` picks the moved pairs) on
    either side of which ``path`` occurs in the section path or title; an old and new unit's
    pair only when at least ``min_similarity`` alike."""
    def wanted(pair: Pair) -> bool:
        if statuses and pair.status not in statuses and not (pair.moved and "moved" in statuses):
            return False
        if path and path not in where(pair.old) and path not in where(pair.new):
            return False
        both = pair.old is not None and pair.new is not None
        return not (min_similarity is not None and both and pair.similarity < min_similarity)

    return [pair for pair in pairs if wanted(pair)]


def select_lineages(chain: Chain, statuses: tuple[str, ...] = (), path: str | None = None):
    """The lineages with a step of one of ``statuses`` (``moved`` for a moved step) and a
    unit whose path or title contains ``path``."""
    def wanted(lineage) -> bool:
        if statuses and not any(step.status in statuses or (step.moved and "moved" in statuses)
                                for step in lineage.steps):
            return False
        return not path or any(path in where(step.unit) for step in lineage.steps)

    return [lineage for lineage in chain.lineages if wanted(lineage)]


# --- writers ------------------------------------------------------------------------------

def render_json(data: dict) -> str:
    return dump_json(data)


def render_yaml(data: dict) -> str:
    return dump_yaml(data)


def label(unit: Unit) -> str:
    """A unit as a reader names it: ``3. 建设统一数据平台``, ``专栏5 某事通``."""
    if unit.kind == "section":
        return f"{unit.number}. {unit.title}" if unit.level and unit.level > 1 else unit.title
    if unit.kind == "box-item":
        return f"专栏{unit.box} {unit.title}" if unit.box is not None else f"专栏 {unit.title}"
    if unit.kind == "table-row":
        return f"{unit.path[-1] if unit.path else '表'}：{unit.title}"
    return f"「{_clip(unit.title)}」"


def _clip(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[:most] + "…"


class Entry:
    """One line of a view, with what goes under it: a pair, or a merge or split told once
    with all its parts, or a run of added or dropped units shortened."""

    def __init__(self, pair: Pair, parts: list[Unit] | None = None, more: int = 0):
        self.pair, self.parts, self.more = pair, parts or [], more


def entries(report: Report, pairs: list[Pair]) -> list[tuple[str, list[Entry]]]:
    """The pairs a view lists, grouped by the new plan's top-level sections (a dropped unit
    stays with the pairs it is sorted among): unfiltered, all but the unchanged ones that did
    not move; a merge once, on its new unit, with its other old parts; a split once, on its
    old unit, with its other new parts; a long run of added or dropped units under one
    section shortened to its first ones and how many more."""
    listed = [p for p in pairs if p.status != "unchanged" or p.moved] if pairs is report.pairs else pairs
    told: set[tuple] = set()
    out: list[tuple[str, list[Entry]]] = []
    run: list[Pair] = []

    def flush(group: list[Entry]) -> None:
        if len(run) > LONG_RUN:
            group += [Entry(p) for p in run[:SHOWN_OF_RUN]]
            group[-1].more = len(run) - SHOWN_OF_RUN
        else:
            group += [Entry(p) for p in run]
        run.clear()

    for key, members in _groups(listed):
        group: list[Entry] = []
        for pair in members:
            if pair.status in ("added", "dropped"):
                if run and (run[-1].status != pair.status or _parent(run[-1]) != _parent(pair)):
                    flush(group)
                run.append(pair)
                continue
            flush(group)
            if pair.status in ("merged", "split") and pair.group is not None:
                olds, news = pair.group
                mark = (pair.status, tuple(u.index for u in olds), tuple(u.index for u in news))
                if mark in told:
                    continue
                told.add(mark)
                others = ([u for u in olds if u is not pair.old] if pair.status == "merged"
                          else [u for u in news if u is not pair.new])
                group.append(Entry(pair, others))
            else:
                group.append(Entry(pair))
        flush(group)
        out.append((key, group))
    return out


def _parent(pair: Pair):
    unit = pair.new or pair.old
    return (pair.new is None, unit.parent)


def _groups(pairs: list[Pair]):
    """Pairs grouped by the new plan's top-level section (a dropped unit stays with the
    pairs it is sorted among, or with its old top-level section before any)."""
    group, members = None, []
    for pair in pairs:
        unit = pair.new or (pair.old if group is None else None)
        key = (unit.path[0] if unit.path else unit.title) if unit is not None else group
        if key != group and members:
            yield group, members
            members = []
        group = key
        members.append(pair)
    if members:
        yield group, members


def _heading(entry: Entry) -> str:
    pair = entry.pair
    if pair.status == "merged" and entry.parts:
        return f"{' + '.join(label(u) for u in [pair.old] + entry.parts)} → {label(pair.new)}"
    if pair.status == "split" and entry.parts:
        return f"{label(pair.old)} → {' + '.join(label(u) for u in [pair.new] + entry.parts)}"
    if pair.old is not None and pair.new is not None and label(pair.old) != label(pair.new):
        return f"{label(pair.old)} → {label(pair.new)}"
    return label(pair.new or pair.old)


READABLE = 0.5  # an inline diff is worth reading when at least this share of the text is kept
LONGEST_RUN = 60  # characters of a removed or added run shown before …


def compact(inline: list[list[str]], context: int = 10) -> list[list[str]] | None:
    """An inline diff for reading: long kept runs shortened to their ends and long changed
    runs to their start, joined by …; None when too little is kept for a character diff to
    help (the text was rewritten).

    >>> compact([["=", "一二三四五六七八九十甲乙丙丁"], ["+", "新"]], context=3)
    [['=', '…乙丙丁'], ['+', '新']]
    """
    kept = sum(len(text) for op, text in inline if op == "=")
    total = max(sum(len(text) for op, text in inline if op != "+"), 1)
    if kept / total < READABLE:
        return None
    out = []
    for index, (op, text) in enumerate(inline):
        if op == "=" and len(text) > 2 * context + 1:
            head = text[:context] if index > 0 else ""
            tail = text[-context:] if index < len(inline) - 1 else ""
            text = f"{head}…{tail}"
        elif op != "=" and len(text) > LONGEST_RUN:
            text = text[:LONGEST_RUN] + "…"
        out.append([op, text.replace("\n", " ")])
    return out


def _title_only(pair: Pair) -> bool:
    """Does the heading line say all there is: both sides are only their titles (a chapter
    with nothing of its own), or one is a container (what it holds is told by its own
    units)?"""
    units = [unit for unit in (pair.old, pair.new) if unit is not None]
    return all(u.text.strip() == u.title.strip() for u in units) or not all(u.leaf for u in units)


def _rewritten(pair: Pair) -> str:
    before = sum(len(text) for op, text in pair.inline if op != "+")
    after = sum(len(text) for op, text in pair.inline if op != "-")
    return f"text rewritten ({before} → {after} characters)"


def _detail_lines(entry: Entry) -> list[str]:
    """What a view says under an entry's heading: where it moved, and the field changes."""
    pair, lines = entry.pair, []
    if pair.moved and pair.old is not None and pair.new is not None:
        lines.append(f"moved: {' > '.join(pair.old.path) or '(top)'} → {' > '.join(pair.new.path) or '(top)'}")
    for key, value in pair.changes.items():
        if key in ("title", "path"):
            continue
        if key == "leads":
            words = [f"{a}→{b}" for a, b in value.get("renamed", [])]
            words += [f"+{u}" for u in value["added"]] + [f"−{u}" for u in value["removed"]]
            lines.append("leads: " + " ".join(words))
        elif key == "milestones":
            lines.append(f"deadlines: {'、'.join(value['from']) or '—'} → {'、'.join(value['to']) or '—'}")
        else:
            lines.append(f"{key}: " + "；".join(value))
    if entry.more:
        lines.append(f"… and {entry.more} more {pair.status} under {' > '.join((pair.new or pair.old).path) or 'the plan'}")
    return lines


def _summary_line(report: Report) -> str:
    return ", ".join(f"{report.summary[key]} {key}" for key in SUMMARY)


def render_markdown(report: Report, pairs: list[Pair]) -> str:
    out = [f"# {report.old.get('title') or report.old.get('path')} → {report.new.get('title') or report.new.get('path')}"]
    shown = entries(report, pairs)
    if not any(group for _, group in shown):
        out += ["", "No changes: every unit is unchanged where it was." if report.equivalent else "Nothing to show."]
    for key, group in shown:
        if not group:
            continue
        out += ["", f"## {key}", ""]
        for entry in group:
            pair = entry.pair
            score = f" ({pair.similarity:.2f})" if pair.old is not None and pair.new is not None else ""
            out.append(f"- **{pair.status}**{score}: {_heading(entry)}")
            if pair.inline and not _title_only(pair) and not entry.parts:
                runs = compact(pair.inline)
                out.append("  - " + ("".join(text if op == "=" else f"~~{text}~~" if op == "-" else f"**{text}**"
                                             for op, text in runs) if runs else _rewritten(pair)))
            out += [f"  - {line}" for line in _detail_lines(entry)]
    out += ["", "| status | count |", "|---|---:|"] + [f"| {key} | {report.summary[key]} |" for key in SUMMARY]
    return "\n".join(out) + "\n"


def terminal_lines(report: Report, pairs: list[Pair], colour: bool = False) -> list:
    """The terminal view as lines, each a list of ``(text, style)`` runs (a rule is the
    line ``("rule", title)``): the changes grouped by the new plan's structure, then the
    summary."""
    lines: list = [[("old ", "bold"), (_describe(report.old), "")], [("new ", "bold"), (_describe(report.new), "")]]
    shown = entries(report, pairs)
    if not any(group for _, group in shown):
        lines.append([("no changes: every unit is unchanged where it was" if report.equivalent
                       else "nothing to show", "")])
    for key, group in shown:
        if not group:
            continue
        lines.append(("rule", str(key)))
        for entry in group:
            pair = entry.pair
            both = pair.old is not None and pair.new is not None
            lines.append([(f"{pair.status:9}", COLOURS[pair.status]), (" ", ""),
                          (f"{pair.similarity:.2f} " if both else "     ", ""), (_heading(entry), "")])
            if pair.inline and not _title_only(pair) and not entry.parts:
                runs = compact(pair.inline)
                body = [("    " + ("" if runs else _rewritten(pair)), "" if runs else "dim")]
                for op, text in runs or []:
                    style = "" if op == "=" else "red strike" if op == "-" else "green"
                    body.append((text if colour or op == "=" else f"[{op}{text}]", style))
                lines.append(body)
            lines += [[("    " + line, "dim")] for line in _detail_lines(entry)]
    lines.append(("rule", ""))
    lines.append([("summary ", "bold"), (_summary_line(report), "")])
    return lines


def render_terminal(report: Report, pairs: list[Pair], *, width: int | None = None, colour: bool | None = None) -> str:
    """The terminal view (see :func:`terminal_lines`): with colour, through rich, wrapped at
    ``width``; without, as plain lines that are not wrapped (for a pager, a file or grep)."""
    lines = terminal_lines(report, pairs, bool(colour))
    if not colour:
        return "".join((f"── {line[1]} ──" if line[1] else "──") + "\n" if isinstance(line, tuple)
                       else "".join(text for text, _ in line) + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 100, force_terminal=True, highlight=False, emoji=False)
    for line in lines:
        if isinstance(line, tuple):
            console.rule(Text(line[1], style="bold"), align="left")
        else:
            console.print(Text.assemble(*line))
    return buffer.getvalue()


def _describe(side: dict) -> str:
    edition = f"（{side['edition']}）" if side.get("edition") else ""
    return f"{side.get('title') or '(untitled)'}{edition}  {side.get('path') or ''}".rstrip()


def render_chain_terminal(chain: Chain, lineages=None, *, kinds: tuple[str, ...] = ("section", "box-item"),
                          width: int | None = None, colour: bool | None = None) -> str:
    """One row per lineage, one column per edition: the unit's label there, with what
    happened to it; merges and splits say which lineage they went into or came from."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=bool(colour), no_color=not colour,
                      highlight=False, emoji=False)
    table = Table(show_header=True, header_style="bold", show_lines=False)
    table.add_column("lineage", overflow="fold")
    for edition in chain.editions:
        table.add_column(edition.get("edition") or edition.get("title") or edition.get("path") or "?", overflow="fold")
    count = 0
    for lineage in chain.lineages if lineages is None else lineages:
        first = lineage.steps[0].unit
        if first is None or first.kind not in kinds:
            continue
        count += 1
        cells = [Text("")] * len(chain.editions)
        for step in lineage.steps:
            name = label(step.unit) if step.unit is not None else "×"
            shown = name if colour else f"{name} [{step.status}{', moved' if step.moved else ''}]"
            cells[step.edition] = Text(shown, style=COLOURS.get(step.status, ""))
        note = f"→ {lineage.merged_into}" if lineage.merged_into else f"← {lineage.split_from}" if lineage.split_from else ""
        table.add_row(Text(f"{lineage.id} {note}".rstrip(), style="dim"), *cells)
    console.print(table)
    console.print(f"{count} lineages shown")
    return buffer.getvalue()
