"""The diff and the chain in a terminal: the changes grouped by the new plan's top-level
sections, each group of a merge or split told once with all its parts, under each its evidence
and field changes, then the summary; the chain as a table, a line per lineage and a column
per edition. Colour (through rich) only when asked; lines wrapped to a width, a CJK character
counting two columns, a unit's label never broken."""
from __future__ import annotations

import io

from ...model import Chain, Pair, Report
from ...model.kinds import STATUSES, SUMMARY
from .common import (
    Entry,
    compact,
    describe,
    detail_lines,
    edition_name,
    entries,
    filtered_line,
    heading_parts,
    label,
    rewritten,
    status_of,
    summary_lines,
    title_only,
)
from .palette import style


def terminal_lines(report: Report, pairs: list[Pair], colour: bool = False) -> list:
    """The terminal view as lines, each a list of ``(text, style)`` runs (``(text, style,
    "whole")``: a unit's label, kept whole when the line is wrapped; ``(text, style,
    "words")``: broken at spaces only; a rule is the line ``("rule", title)``): the changes
    grouped by the new plan's structure, then the summary."""
    lines: list = [[("old ", "bold"), (describe(report.old), "")], [("new ", "bold"), (describe(report.new), "")]]
    lines += [[("note ", "bold"), (note, "", "words")] for note in report.notes]
    shown = entries(report, pairs)
    if not any(group for _, group in shown):
        lines.append([("no changes: every unit is unchanged where it was" if report.equivalent
                       else "nothing to show", "")])
    for key, group in shown:
        if not group:
            continue
        lines.append(("rule", str(key)))
        for entry in group:
            lines += _entry_lines(entry, colour)
    lines.append(("rule", ""))
    if (filtered := filtered_line(report, pairs)) is not None:
        lines.append([("filter ", "bold"), (filtered, "", "words")])
    told = summary_lines(report)
    lines.append([("summary ", "bold"), (told[0], "", "words")])
    lines += [[("        " + line, "", "words")] for line in told[1:]]
    return lines


def _entry_lines(entry: Entry, colour: bool) -> list:
    pair = entry.pair
    word = status_of(entry)
    both = pair.old is not None and pair.new is not None
    lines = [[(f"{word:9}", style(pair.status.value)), (" ", ""),
              (f"{pair.similarity:.2f} " if both and pair.group is None else "     ", "")]
             + _heading_runs(heading_parts(entry))]
    if pair.inline and not title_only(pair) and pair.group is None:
        runs = compact(pair.inline)
        body = [("    " + ("" if runs else rewritten(pair)), "" if runs else "dim")]
        for op, text in runs or []:
            tone = "" if op == "=" else "red strike" if op == "-" else "green"
            body.append((text if colour or op == "=" else f"[{op}{text}]", tone))
        lines.append(body)
    lines += [[("    " + line, "dim", "" if line.startswith("evidence") else "words")] for line in detail_lines(entry)]
    if pair.group is not None and entry.in_part:
        lines.append([("    continued in part: " + "、".join(label(unit) for unit in entry.in_part), "dim", "words")])
    return lines


def render_terminal(report: Report, pairs: list[Pair], *, width: int | None = None, colour: bool | None = None) -> str:
    """The terminal view (see :func:`terminal_lines`), wrapped at ``width`` display columns
    (a CJK character takes two) under where each line's text starts, a unit's label kept on
    one line where it fits; with no width, lines are not wrapped (for a pager, a file or
    grep). With ``colour``, in ANSI colours through rich; without, no escapes."""
    out: list = []
    for line in terminal_lines(report, pairs, bool(colour)):
        out += [_rule(line[1], width)] if isinstance(line, tuple) else _wrap(line, width)
    return _print(out, colour)


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
    runs: list[tuple[str, ...]] = []
    sign = ""
    for part in parts:
        if part in (" + ", " → "):
            runs.append((" ", ""))
            sign = part.strip() + " "
        else:
            runs.append((sign + part, "", "whole"))
            sign = ""
    return runs


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


MARKS = {"present": "", "unchanged": "=", "changed": "~", "merged": "&", "split": "/", "in_part": "%",
         "uncertain": "?", "added": "+", "dropped": "×"}
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
    names = [edition_name(edition) for edition in chain.editions]
    rows = []
    for lineage in shown:
        cells: list = [None] * len(names)
        for step in lineage.steps:
            mark = MARKS.get(str(step.status), "?") + (MOVED if step.moved else "")
            name = "" if step.unit is None else label(step.unit)
            cells[step.edition] = (f"{mark} {name}".strip(), style(str(step.status)))
        if lineage.merged_into:  # it goes on as the lineage it merged into: say so where it would seem to end
            last = lineage.steps[-1].edition
            for k in range(last + 1, len(names)):
                cells[k] = (f"→ {lineage.merged_into}", "dim")
        note = (f"→ {lineage.merged_into}" if lineage.merged_into else f"← {lineage.split_from}" if lineage.split_from
                else "")
        rows.append((lineage.id, note, cells))
    lines = (_chain_table(names, rows, width, notes=True, least=ROOMY)
             or _chain_table(names, rows, width, notes=False, least=NARROWEST) or _chain_steps(names, rows, width))
    steps = [step for lineage in shown for step in lineage.steps]
    used = [key for key in STATUSES if MARKS[key] and any(str(step.status) == key for step in steps)]
    legend = [(f"{MARKS[key]} {key}", style(key), "whole") for key in used]
    legend += [(f"{MOVED} moved", "", "whole")] if any(step.moved for step in steps) else []
    lines += _wrap(_joined(legend, GAP), width) if legend else []
    counts = {key: sum(step.moved if key == "moved" else str(step.status) == key for step in steps) for key in SUMMARY}
    told = [f"{counts[key]} {key}" for key in SUMMARY if counts[key]]
    words = f"{len(shown)} of {len(chain.lineages)} lineages shown{'; their steps:' if told else ''}".split()
    summary = _joined([(word, "", "whole") for word in words], " ")
    summary += [(" ", "")] + _joined([(count, "", "whole") for count in told], ", ") if told else []
    lines += _wrap([("summary ", "bold")] + summary, width)
    return _print(lines, colour)


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
