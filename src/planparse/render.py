"""Render a diff or a chain: plain data for JSON/YAML, Markdown for reports, and a rich
terminal view. A report never prints itself; these writers turn it into text."""
from __future__ import annotations

import io

from .emit import Flow, dump_json, dump_yaml
from .model import DIFF_SCHEMA, Chain, Pair, Report, Unit
from .statuses import STATUSES

CHAIN_SCHEMA = "planparse-chain/1"
COLOURS = {"present": "", "unchanged": "dim", "changed": "yellow", "moved": "cyan", "merged": "magenta", "split": "magenta",
           "added": "green", "dropped": "red"}


# --- data ---------------------------------------------------------------------------------

def unit_data(unit: Unit | None) -> dict | None:
    """How a unit is named in a diff: its kind, where it stands, and its title."""
    if unit is None:
        return None
    data: dict = {"kind": unit.kind, "path": Flow(unit.path)}
    if unit.kind == "section":
        data.update(level=unit.level, number=unit.number)
    if unit.kind == "box-item":
        data["box"] = unit.box
    data["title"] = unit.title
    return data


def pair_data(pair: Pair) -> dict:
    data = {"status": pair.status, "similarity": pair.similarity,
            "old": unit_data(pair.old), "new": unit_data(pair.new)}
    if pair.changes:
        data["changes"] = {key: (Flow(value) if isinstance(value, list) else value)
                           for key, value in pair.changes.items()}
    if pair.inline:
        data["inline"] = [Flow(run) for run in pair.inline]
    return data


def report_data(report: Report, pairs: list[Pair] | None = None) -> dict:
    return {"schema": DIFF_SCHEMA, "old": report.old, "new": report.new, "summary": report.summary,
            "pairs": [pair_data(pair) for pair in (report.pairs if pairs is None else pairs)]}


def chain_data(chain: Chain) -> dict:
    return {"schema": CHAIN_SCHEMA, "editions": chain.editions,
            "lineages": [{"steps": [{"edition": step.edition, "status": step.status,
                                     "similarity": step.similarity, "unit": unit_data(step.unit)}
                                    for step in lineage.steps]} for lineage in chain.lineages]}


# --- filters ------------------------------------------------------------------------------

def select(pairs: list[Pair], statuses: tuple[str, ...] = (), path: str | None = None) -> list[Pair]:
    """The pairs with one of ``statuses`` (all when none) on either side of which ``path``
    occurs in the section path or title."""
    def where(unit: Unit | None) -> str:
        return " > ".join(unit.path + [unit.title]) if unit else ""

    return [pair for pair in pairs if (not statuses or pair.status in statuses)
            and (not path or path in where(pair.old) or path in where(pair.new))]


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
        return f"专栏{unit.box} {unit.title}"
    if unit.kind == "table-row":
        return f"{unit.path[-1] if unit.path else '表'}：{unit.title}"
    return f"「{_clip(unit.title)}」"


def _clip(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[:most] + "…"


def _heading(pair: Pair) -> str:
    if pair.old is not None and pair.new is not None and label(pair.old) != label(pair.new):
        return f"{label(pair.old)} → {label(pair.new)}"
    return label(pair.new or pair.old)


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


def _outline(pairs: list[Pair]) -> list[tuple[Pair, int]]:
    """The pairs to list, with how many units each stands for: a unit added or dropped with
    the section it stands in is told by that section's line (``+12 under it``)."""
    gone = {pair.old.index for pair in pairs if pair.status == "dropped"}
    new = {pair.new.index for pair in pairs if pair.status == "added"}
    under: dict[tuple[str, int], int] = {}

    def top(unit: Unit, within: set, all_units: dict) -> int:
        while unit.parent is not None and unit.parent in within:
            unit = all_units[unit.parent]
        return unit.index

    olds = {pair.old.index: pair.old for pair in pairs if pair.old is not None}
    news = {pair.new.index: pair.new for pair in pairs if pair.new is not None}
    shown = []
    for pair in pairs:
        if pair.status == "dropped" and pair.old.parent in gone:
            key = ("old", top(pair.old, gone, olds))
        elif pair.status == "added" and pair.new.parent in new:
            key = ("new", top(pair.new, new, news))
        else:
            shown.append(pair)
            continue
        under[key] = under.get(key, 0) + 1
    return [(pair, under.get(("old", pair.old.index) if pair.status == "dropped" else ("new", pair.new.index), 0)
             if pair.status in ("dropped", "added") else 0) for pair in shown]


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
    """Is all the text of both sides their titles (a chapter with nothing of its own)? Then
    the heading line says all there is."""
    return all(unit.text.strip() == unit.title.strip() for unit in (pair.old, pair.new) if unit is not None)


def _rewritten(pair: Pair) -> str:
    before = sum(len(text) for op, text in pair.inline if op != "+")
    after = sum(len(text) for op, text in pair.inline if op != "-")
    return f"text rewritten ({before} → {after} characters)"


def _field_lines(pair: Pair) -> list[str]:
    lines = []
    for key, value in pair.changes.items():
        if key in ("title", "path"):
            continue
        if key == "leads":
            lines.append("leads: " + " ".join([f"+{u}" for u in value["added"]] + [f"−{u}" for u in value["removed"]]))
        elif key == "milestones":
            lines.append(f"milestones: {'、'.join(value['from']) or '—'} → {'、'.join(value['to']) or '—'}")
        else:
            lines.append(f"{key}: " + "；".join(value))
    return lines


def _shown(report: Report, pairs: list[Pair]) -> list[Pair]:
    """The pairs a view lists: all that were asked for, or, unfiltered, all but the unchanged."""
    return [p for p in pairs if p.status != "unchanged"] if pairs is report.pairs else pairs


def render_markdown(report: Report, pairs: list[Pair]) -> str:
    out = [f"# {report.old.get('title') or report.old.get('path')} → {report.new.get('title') or report.new.get('path')}",
           "", "| status | count |", "|---|---:|"]
    out += [f"| {status} | {report.summary[status]} |" for status in STATUSES]
    for group, members in _groups(_shown(report, pairs)):
        out += ["", f"## {group}", ""]
        for pair, hidden in _outline(members):
            score = f" ({pair.similarity:.2f})" if pair.old is not None and pair.new is not None else ""
            more = f" (and {hidden} units under it)" if hidden else ""
            out.append(f"- **{pair.status}**{score}: {_heading(pair)}{more}")
            if pair.inline and not _title_only(pair):
                runs = compact(pair.inline)
                out.append("  - " + ("".join(text if op == "=" else f"~~{text}~~" if op == "-" else f"**{text}**"
                                             for op, text in runs) if runs else _rewritten(pair)))
            out += [f"  - {line}" for line in _field_lines(pair)]
    return "\n".join(out) + "\n"


def render_terminal(report: Report, pairs: list[Pair], *, width: int | None = None, colour: bool | None = None) -> str:
    """A summary table, then the changes grouped by the new plan's structure. ``colour``
    None: only on a terminal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 100, force_terminal=bool(colour), no_color=not colour,
                      highlight=False, emoji=False)
    console.print(Text.assemble(("old ", "bold"), _describe(report.old), ("\nnew ", "bold"), _describe(report.new)))
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("status")
    table.add_column("count", justify="right")
    for status in STATUSES:
        table.add_row(Text(status, style=COLOURS[status]), str(report.summary[status]))
    console.print(table)
    for group, members in _groups(_shown(report, pairs)):
        console.rule(Text(str(group), style="bold"), align="left")
        for pair, hidden in _outline(members):
            head = Text.assemble((f"{pair.status:9}", COLOURS[pair.status]), " ",
                                 (f"{pair.similarity:.2f} " if pair.old is not None and pair.new is not None else "     "),
                                 _heading(pair), (f"  (+{hidden} under it)" if hidden else "", "dim"))
            console.print(head)
            if pair.inline and not _title_only(pair):
                runs = compact(pair.inline)
                body = Text("    " + ("" if runs else _rewritten(pair)), style="" if runs else "dim")
                for op, text in runs or []:
                    style = "" if op == "=" else "red strike" if op == "-" else "green"
                    body.append(text if colour or op == "=" else f"[{op}{text}]", style=style)
                console.print(body)
            for line in _field_lines(pair):
                console.print(Text("    " + line, style="dim"))
    return buffer.getvalue()


def _describe(side: dict) -> str:
    edition = f"（{side['edition']}）" if side.get("edition") else ""
    return f"{side.get('title') or '(untitled)'}{edition}  {side.get('path') or ''}".rstrip()


def render_chain_terminal(chain: Chain, *, kinds: tuple[str, ...] = ("section", "box-item"), width: int | None = None,
                          colour: bool | None = None) -> str:
    """One row per lineage, one column per edition: the unit's title there, coloured by
    what happened to it."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=bool(colour), no_color=not colour,
                      highlight=False, emoji=False)
    table = Table(show_header=True, header_style="bold", show_lines=False)
    for edition in chain.editions:
        table.add_column(edition.get("edition") or edition.get("title") or edition.get("path") or "?", overflow="fold")
    for lineage in chain.lineages:
        first = lineage.steps[0].unit
        if first is None or first.kind not in kinds:
            continue
        cells = [Text("")] * len(chain.editions)
        for step in lineage.steps:
            name = label(step.unit) if step.unit is not None else "×"
            shown = name if colour else f"{name} [{step.status}]"
            cells[step.edition] = Text(shown, style=COLOURS.get(step.status, ""))
        table.add_row(*cells)
    console.print(table)
    return buffer.getvalue()
