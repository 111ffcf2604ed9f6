"""Render a diff or a chain: plain data for JSON/YAML, one CSV row per chain step, Markdown
for reports, and a rich terminal view. A report never prints itself; these writers turn it
into text. Every view names every added and dropped unit (a long run of them under one
section is shortened, saying how many), shows where moved units went, and ends with the
summary."""
from __future__ import annotations

import io

from ..emit import Flow, dump_json, dump_yaml
from ..model import DIFF_SCHEMA, Chain, Pair, Report, Unit
from .statuses import STATUSES, SUMMARY

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


DIFF_COLUMNS = ("status", "moved", "similarity", "old_id", "old_kind", "old_path", "old_title", "new_id", "new_kind",
                "new_path", "new_title", "group_old", "group_new", "title", "leads_added", "leads_removed",
                "leads_renamed", "milestones_old", "milestones_new", "targets", "values")


def diff_rows(pairs: list[Pair]) -> list[dict]:
    """One row per pair, for pandas and R: each side's id, kind, path and title, and each field
    change (old → new), lists joined as the commitments' CSV joins them."""
    from ..commitments import LIST_JOIN, PATH_JOIN

    def side(unit: Unit | None, name: str) -> dict:
        return {f"{name}_id": unit.id if unit else "", f"{name}_kind": unit.kind if unit else "",
                f"{name}_path": PATH_JOIN.join(unit.path) if unit else "", f"{name}_title": unit.title if unit else ""}

    rows = []
    for pair in pairs:
        changes = pair.changes or {}
        leads, dates = changes.get("leads") or {}, changes.get("milestones") or {}
        title = changes.get("title")
        rows.append({"status": pair.status, "moved": pair.moved, "similarity": pair.similarity,
                     **side(pair.old, "old"), **side(pair.new, "new"),
                     "group_old": LIST_JOIN.join(u.id for u in pair.group[0]) if pair.group else "",
                     "group_new": LIST_JOIN.join(u.id for u in pair.group[1]) if pair.group else "",
                     "title": f"{title['from']} → {title['to']}" if title else "",
                     "leads_added": LIST_JOIN.join(leads.get("added") or []),
                     "leads_removed": LIST_JOIN.join(leads.get("removed") or []),
                     "leads_renamed": LIST_JOIN.join(f"{a} → {b}" for a, b in leads.get("renamed") or []),
                     "milestones_old": LIST_JOIN.join(str(when) for when in dates.get("from") or []),
                     "milestones_new": LIST_JOIN.join(str(when) for when in dates.get("to") or []),
                     "targets": LIST_JOIN.join(str(target) for target in changes.get("targets") or []),
                     "values": LIST_JOIN.join(str(v) for v in changes.get("values") or [])})
    return rows


def render_diff_csv(pairs: list[Pair]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DIFF_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(diff_rows(pairs))
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
    return "".join(_heading_parts(entry))


def _heading_parts(entry: Entry) -> list[str]:
    """An entry's heading as the labels of its units and what joins them (`` + ``, `` → ``)."""
    def joined(units: list[Unit]) -> list[str]:
        return [part for unit in units for part in (" + ", label(unit))][1:]

    pair = entry.pair
    if pair.status == "merged" and entry.parts:
        return joined([pair.old] + entry.parts) + [" → ", label(pair.new)]
    if pair.status == "split" and entry.parts:
        return [label(pair.old), " → "] + joined([pair.new] + entry.parts)
    if pair.old is not None and pair.new is not None and label(pair.old) != label(pair.new):
        return [label(pair.old), " → ", label(pair.new)]
    return [label(pair.new or pair.old)]


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
    """The terminal view as lines, each a list of ``(text, style)`` runs (``(text, style,
    "whole")``: a unit's label, kept whole when the line is wrapped; ``(text, style,
    "words")``: broken at spaces only; a rule is the line ``("rule", title)``): the changes
    grouped by the new plan's structure, then the summary."""
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
                          (f"{pair.similarity:.2f} " if both else "     ", "")]
                         + _heading_runs(_heading_parts(entry)))
            if pair.inline and not _title_only(pair) and not entry.parts:
                runs = compact(pair.inline)
                body = [("    " + ("" if runs else _rewritten(pair)), "" if runs else "dim")]
                for op, text in runs or []:
                    style = "" if op == "=" else "red strike" if op == "-" else "green"
                    body.append((text if colour or op == "=" else f"[{op}{text}]", style))
                lines.append(body)
            lines += [[("    " + line, "dim", "words")] for line in _detail_lines(entry)]
    lines.append(("rule", ""))
    counts = [(f"{report.summary[key]} {key}", "", "whole") for key in SUMMARY]
    lines.append([("summary ", "bold")] + _joined(counts, ", "))
    return lines


def _joined(runs: list, between: str) -> list:
    """``runs`` with ``between`` between them: its mark (a comma) kept with the run before,
    its spaces where a wrapped line may break."""
    mark, space = between.rstrip(), between[len(between.rstrip()):]
    out: list = []
    for number, run in enumerate(runs):
        last = number == len(runs) - 1
        out += [(run[0] + ("" if last else mark), *run[1:])] + ([] if last else [(space, "")])
    return out


def _heading_runs(parts: list[str]) -> list:
    """A heading's runs: each label kept whole, with the `+` or `→` before it, so that a
    wrapped heading goes on with ``+ B`` or ``→ C``."""
    runs, sign = [], ""
    for part in parts:
        if part in (" + ", " → "):
            runs.append((" ", ""))
            sign = part.strip() + " "
        else:
            runs.append((sign + part, "", "whole"))
            sign = ""
    return runs


def render_terminal(report: Report, pairs: list[Pair], *, width: int | None = None, colour: bool | None = None) -> str:
    """The terminal view (see :func:`terminal_lines`), wrapped at ``width`` display columns
    (a CJK character takes two) under where each line's text starts, a unit's label kept on
    one line where it fits; with no width, lines are not wrapped (for a pager, a file or
    grep). With ``colour``, in ANSI colours through rich; without, no escapes."""
    out: list = []
    for line in terminal_lines(report, pairs, bool(colour)):
        out += [_rule(line[1], width)] if isinstance(line, tuple) else _wrap(line, width)
    return _print(out, colour)


def _rule(title: str, width: int | None) -> list:
    """A rule with ``title`` in it: ``── title ──``, or across ``width``."""
    from rich.cells import cell_len

    if not title:
        return [("─" * (width or 2), "dim")]
    title = title if width is None else _fit(title, max(width - 6, 1))
    rest = 2 if width is None else max(width - cell_len(title) - 4, 2)
    return [("── ", "dim"), (title, "bold"), (" " + "─" * rest, "dim")]


def _wrap(runs: list, width: int | None) -> list:
    """A line of runs as lines of at most ``width`` display columns (None: the line as it is),
    broken at spaces, between CJK characters and between runs — but not inside a run kept
    ``whole`` (a label: one too long for a line is cut short with …), and one of ``words``
    only at spaces (before a ``>`` or ``→``, not after); a word too long for a line is folded.
    Lines after the first start under the line's text, after its ASCII lead-in (``old ``,
    ``changed   0.42 ``), or two further in than its leading spaces."""
    import re

    from rich.cells import cell_len

    if width is None:
        return [runs]
    lead = []
    for run in runs[:-1]:
        if not (run[0].isascii() and run[0].endswith(" ")):
            break
        lead.append(run[0])
    if not lead:
        lead = [runs[0][0][:len(runs[0][0]) - len(runs[0][0].lstrip(" "))]]
    indent = cell_len("".join(lead)) + (2 if lead[0] and not "".join(lead).strip() else 0)
    indent = min(indent, width // 2)
    lines: list = [[]]
    used = 0

    def new_line() -> None:
        nonlocal used
        lines[-1] = _trim(lines[-1])
        lines.append([(" " * indent, "")])
        used = indent

    for run in runs:
        text, style = run[0], run[1]
        mode = run[2] if len(run) > 2 else ""
        words = ([text] if mode == "whole" else re.findall(r" +|(?:[>→] +)?[^ ]+", text) if mode == "words"
                 else _words(text))
        for word in words:
            size = cell_len(word)
            if used + size > width and used > (indent if len(lines) > 1 else 0):
                if word.isspace():
                    continue
                new_line()
            if word.isspace() and len(lines) > 1 and used == indent:
                continue
            if mode == "whole" and used + size > width:
                word = _fit(word, width - used)
                size = cell_len(word)
            while used + size > width and word:
                head = _fit(word, width - used)[:-1] or word[0]
                lines[-1].append((head, style))
                word = word[len(head):]
                size = cell_len(word)
                new_line()
            if word:
                lines[-1].append((word, style))
                used += size
    lines[-1] = _trim(lines[-1])
    return lines


CLOSING = "，。、；：！？）」』”’】》〉]…"  # no line starts with these
OPENING = ("（", "「", "『", "“", "‘", "【", "《", "〈", "[-", "[+")  # nor ends with these


def _words(text: str) -> list[str]:
    """Where a run of text may break: at spaces and between CJK characters, but not inside a
    Latin word nor before closing or after opening punctuation.

    >>> _words("建设（IPv6）改造，[-旧]")
    ['建', '设', '（IPv6）', '改', '造，', '[-旧]']
    """
    import re

    words: list[str] = []
    for word in re.findall(r" +|[^ \u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|.", text):
        if words and not words[-1].isspace() and not word.isspace() and (word[0] in CLOSING
                                                                          or words[-1].endswith(OPENING)):
            words[-1] += word
        else:
            words.append(word)
    return words


def _print(lines: list, colour: bool | None) -> str:
    """Lines of ``(text, style)`` runs, fitted already: plain, or in ANSI colours."""
    if not colour:
        return "".join("".join(run[0] for run in line) + "\n" for line in lines)
    from rich.text import Text

    console = _console(colour)
    for line in lines:
        console.print(Text.assemble(*((run[0], run[1]) for run in line)))
    return console.file.getvalue()


def _console(colour: bool | None):
    """A rich console writing to a string, lines as long as they are (soft wrap: no line is
    cut), with ANSI colours or with no escapes at all, whatever the environment says."""
    from rich.console import Console

    return Console(file=io.StringIO(), width=1 << 20, soft_wrap=True, force_terminal=bool(colour), no_color=not colour,
                   color_system="standard" if colour else None, legacy_windows=False, highlight=False, emoji=False,
                   markup=False)


def _describe(side: dict) -> str:
    edition = f"（{side['edition']}）" if side.get("edition") else ""
    return f"{side.get('title') or '(untitled)'}{edition}  {side.get('path') or ''}".rstrip()


MARKS = {"present": "", "unchanged": "=", "changed": "~", "merged": "&", "split": "/", "added": "+", "dropped": "×"}
MOVED = "*"  # after a step's mark: the unit moved
NARROWEST = 16  # display columns an edition's column needs side by side; with fewer, a lineage's steps go one a line
ROOMY = 24  # and with fewer than these, the lineage column leaves out the notes (→ merged into, ← split from)
GAP = "  "  # between the columns of the chain's table
EDITION_NAME = 12  # display columns of an edition's name before each step, when steps go one a line


def render_chain_terminal(chain: Chain, lineages=None, *, kinds: tuple[str, ...] = ("section", "box-item"),
                          width: int | None = None, colour: bool | None = None) -> str:
    """The lineages of units of ``kinds``: a row per lineage, a column per edition, with the
    unit's label there after a mark of what became of it (``~`` changed, ``&`` merged …, told
    by the legend under the table; ``×`` dropped). The lineage column says which lineage a
    merged one went into (``→``) and which a split one came from (``←``).

    Every line fits in ``width`` display columns (a CJK character takes two; None: lines as
    long as they are): a label too long for its column is cut short with …, on its one line,
    so that a marker stays with its title; when room is short the lineage notes go first, and
    when the editions do not fit side by side even so, each lineage is told one edition a line.
    With ``colour``, the marks and labels are coloured by status. Ends with the summary."""
    shown = [lineage for lineage in (chain.lineages if lineages is None else lineages)
             if lineage.steps[0].unit is not None and lineage.steps[0].unit.kind in kinds]
    names = [_edition_name(edition) for edition in chain.editions]
    rows = []
    for lineage in shown:
        cells: list = [None] * len(names)
        for step in lineage.steps:
            mark = MARKS.get(step.status, "?") + (MOVED if step.moved else "")
            name = "" if step.unit is None else label(step.unit)
            cells[step.edition] = (f"{mark} {name}".strip(), COLOURS.get(step.status, ""))
        note = (f"→ {lineage.merged_into}" if lineage.merged_into else f"← {lineage.split_from}" if lineage.split_from
                else "")
        rows.append((lineage.id, note, cells))
    lines = (_chain_table(names, rows, width, notes=True, least=ROOMY)
             or _chain_table(names, rows, width, notes=False, least=NARROWEST) or _chain_steps(names, rows, width))
    steps = [step for lineage in shown for step in lineage.steps]
    used = [key for key in STATUSES if MARKS[key] and any(step.status == key for step in steps)]
    legend = [(f"{MARKS[key]} {key}", COLOURS[key], "whole") for key in used]
    legend += [(f"{MOVED} moved", "", "whole")] if any(step.moved for step in steps) else []
    lines += _wrap(_joined(legend, GAP), width) if legend else []
    counts = {key: sum(step.moved if key == "moved" else step.status == key for step in steps) for key in SUMMARY}
    told = [f"{counts[key]} {key}" for key in SUMMARY if counts[key]]
    words = f"{len(shown)} of {len(chain.lineages)} lineages shown{'; their steps:' if told else ''}".split()
    summary = _joined([(word, "", "whole") for word in words], " ")
    summary += [(" ", "")] + _joined([(count, "", "whole") for count in told], ", ") if told else []
    lines += _wrap([("summary ", "bold")] + summary, width)
    return _print(lines, colour)


def _edition_name(edition: dict) -> str:
    """An edition as a column is headed: its 十X五 edition, else the years it covers, else its
    title or path."""
    period = edition.get("period")
    if not edition.get("edition") and period:
        period = f"{period[0]}–{period[1]}" if len(period) > 1 and period[1] != period[0] else str(period[0])
    return edition.get("edition") or period or edition.get("title") or edition.get("path") or "?"


def _chain_table(names: list[str], rows: list, width: int | None, notes: bool, least: int) -> list | None:
    """The chain side by side, a column per edition, within ``width``, the lineage notes with
    the ids or not; None when an edition's column would be narrower than ``least`` display
    columns (and its labels wider)."""
    from rich.cells import cell_len

    ids = [f"{key} {note}".rstrip() if notes else key for key, note, _ in rows]
    first = max([cell_len("lineage")] + [cell_len(key) for key in ids])
    natural = [max([cell_len(name)] + [cell_len(cells[k][0]) for _, _, cells in rows if cells[k] is not None])
               for k, name in enumerate(names)]
    widths = natural
    if width is not None and first + len(GAP) * len(names) + sum(natural) > width:
        widths = _share(natural, width - first - len(GAP) * len(names))
        if any(have < min(want, least) for have, want in zip(widths, natural)):
            return None
    lines = [[(_pad("lineage", first), "bold")] + [(GAP + _pad(_fit(name, w), w), "bold")
                                                   for name, w in zip(names, widths)],
             [("─" * first, "dim")] + [(GAP + "─" * w, "dim") for w in widths]]
    for key, (_, _, cells) in zip(ids, rows):
        line = [(_pad(key, first), "dim")]
        for cell, w in zip(cells, widths):
            text, style = cell or ("", "")
            line += [(GAP, ""), (_pad(_fit(text, w), w), style)]
        lines.append(line)
    return [_trim(line) for line in lines]


def _chain_steps(names: list[str], rows: list, width: int | None) -> list:
    """The chain told a lineage at a time, one edition a line: the lineage's id (and under it
    its note) beside its steps, each the edition's name and the unit's label there."""
    from rich.cells import cell_len

    first = max([1] + [cell_len(key) for key, _, _ in rows] + [cell_len(note) for _, note, _ in rows])
    name_width = min(max(cell_len(name) for name in names), EDITION_NAME)
    if width is not None:
        name_width = max(min(name_width, width - first - 2 * len(GAP) - NARROWEST), 2)
    room = None if width is None else max(width - first - 2 * len(GAP) - name_width, 1)
    lines = []
    for key, note, cells in rows:
        steps = [(name, cell) for name, cell in zip(names, cells) if cell is not None]
        beside = [key, note] if note else [key]
        for number in range(max(len(steps), len(beside))):
            line = [(_pad(beside[number] if number < len(beside) else "", first), "dim")]
            if number < len(steps):
                name, (text, style) = steps[number]
                line += [(GAP + _pad(_fit(name, name_width), name_width) + GAP, "bold"), (_fit(text, room), style)]
            lines.append(_trim(line))
    return lines


def _fit(text: str, most: int | None) -> str:
    """``text`` cut short with … to at most ``most`` display columns."""
    from rich.cells import cell_len, get_character_cell_size

    if most is None or cell_len(text) <= most:
        return text
    kept, used = [], 0
    for char in text:
        used += get_character_cell_size(char)
        if used > most - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip().rstrip("…") + "…" if most > 0 else ""


def _pad(text: str, wide: int) -> str:
    from rich.cells import cell_len

    return text + " " * (wide - cell_len(text))


def _trim(line: list) -> list:
    """A line of runs without the spaces at its end."""
    while line and not line[-1][0].strip():
        line = line[:-1]
    return line[:-1] + [(line[-1][0].rstrip(), line[-1][1])] if line else line


def _share(natural: list[int], room: int) -> list[int]:
    """Widths for columns whose text is ``natural`` wide within ``room``: a narrow column
    keeps its width, the wide ones share what is left evenly."""
    widths = [0] * len(natural)
    for number, k in enumerate(sorted(range(len(natural)), key=natural.__getitem__)):
        widths[k] = max(min(natural[k], room // (len(natural) - number)), 0)
        room -= widths[k]
    return widths
