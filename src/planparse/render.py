"""Render a diff or a chain: plain data for JSON/YAML, Markdown for reports, and a rich
terminal view. A report never prints itself; these writers turn it into text."""
from __future__ import annotations

import io

from .compare import Chain
from .emit import Flow, dump_json, dump_yaml
from .model import DIFF_SCHEMA, STATUSES, Pair, Report, Unit

CHAIN_SCHEMA = "planparse-chain/1"
COLOURS = {"unchanged": "dim", "changed": "yellow", "moved": "cyan", "merged": "magenta", "split": "magenta",
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
    """A unit as a reader names it: ``3. 建设一体化大数据中心``, ``专栏5 辽事通``."""
    if unit.kind == "section":
        return f"{unit.number}. {unit.title}" if unit.level and unit.level > 1 else unit.title
    if unit.kind == "box-item":
        return f"专栏{unit.box} {unit.title}"
    if unit.kind == "table-row":
        return f"{unit.path[-1] if unit.path else '表'}：{unit.title}"
    return f"「{unit.title}」"


def _heading(pair: Pair) -> str:
    if pair.old is not None and pair.new is not None and label(pair.old) != label(pair.new):
        return f"{label(pair.old)} → {label(pair.new)}"
    return label(pair.new or pair.old)


def _groups(pairs: list[Pair]):
    """Pairs grouped by the new plan's top-level section (a dropped unit stays with the
    pairs it is sorted among)."""
    group, members = None, []
    for pair in pairs:
        unit = pair.new
        key = (unit.path[0] if unit.path else unit.title) if unit is not None else group
        if key != group and members:
            yield group, members
            members = []
        group = key
        members.append(pair)
    if members:
        yield group, members


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


def render_markdown(report: Report, pairs: list[Pair]) -> str:
    out = [f"# {report.old.get('title') or report.old.get('path')} → {report.new.get('title') or report.new.get('path')}",
           "", "| status | count |", "|---|---:|"]
    out += [f"| {status} | {report.summary[status]} |" for status in STATUSES]
    for group, members in _groups([p for p in pairs if p.status != "unchanged"] if pairs is report.pairs else pairs):
        out += ["", f"## {group}", ""]
        for pair in members:
            score = f" ({pair.similarity:.2f})" if pair.old is not None and pair.new is not None else ""
            out.append(f"- **{pair.status}**{score}: {_heading(pair)}")
            if pair.inline:
                out.append("  - " + "".join(text if op == "=" else f"~~{text}~~" if op == "-" else f"**{text}**"
                                            for op, text in pair.inline).replace("\n", " "))
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
    shown = [p for p in pairs if p.status != "unchanged"] if pairs is report.pairs else pairs
    for group, members in _groups(shown):
        console.rule(Text(str(group), style="bold"), align="left")
        for pair in members:
            head = Text.assemble((f"{pair.status:9}", COLOURS[pair.status]), " ",
                                 (f"{pair.similarity:.2f} " if pair.old is not None and pair.new is not None else "     "),
                                 _heading(pair))
            console.print(head)
            if pair.inline:
                body = Text("    ")
                for op, text in pair.inline:
                    style = "" if op == "=" else "red strike" if op == "-" else "green"
                    shown_text = text.replace("\n", " ")
                    body.append(shown_text if colour or op == "=" else f"[{op}{shown_text}]", style=style)
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
            tag = "" if step.status in ("added", "unchanged") and step.edition == lineage.steps[0].edition else ""
            shown = name if colour else f"{name} [{step.status}]"
            cells[step.edition] = Text(tag + shown, style=COLOURS.get(step.status, ""))
        table.add_row(*cells)
    console.print(table)
    return buffer.getvalue()
