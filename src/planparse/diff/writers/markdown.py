"""The diff as Markdown, for a report: the changes under the new plan's top-level sections,
each group told once with all its parts, then the summary as a table."""
from __future__ import annotations

from ...model import Pair, Report
from ...model.kinds import FATES, LABELS
from .common import (
    compact,
    detail_lines,
    entries,
    filtered_line,
    heading,
    label,
    rewritten,
    status_of,
    summary_lines,
    title_only,
)


def render_markdown(report: Report, pairs: list[Pair]) -> str:
    out = [f"# {report.old.get('title') or report.old.get('path')} → {report.new.get('title') or report.new.get('path')}"]
    out += [f"\n> {note}" for note in report.notes]
    shown = entries(report, pairs)
    if not any(group for _, group in shown):
        out += ["", "No changes: every unit is unchanged where it was." if report.equivalent else "Nothing to show."]
    for key, group in shown:
        if not group:
            continue
        out += ["", f"## {key}", ""]
        for entry in group:
            pair = entry.pair
            score = f" ({pair.similarity:.2f})" if pair.old is not None and pair.new is not None and pair.group is None \
                else ""
            out.append(f"- **{status_of(entry)}**{score}: {heading(entry)}")
            if pair.inline and not title_only(pair) and pair.group is None:
                runs = compact(pair.inline)
                out.append("  - " + ("".join(text if op == "=" else f"~~{text}~~" if op == "-" else f"**{text}**"
                                             for op, text in runs) if runs else rewritten(pair)))
            out += [f"  - {line}" for line in detail_lines(entry)]
            if entry.in_part:
                out.append("  - continued in part: " + "、".join(label(unit) for unit in entry.in_part))
    commitments = report.summary["commitments"]
    filtered = filtered_line(report, pairs)
    out += ["", "## Summary", "", *([filtered, ""] if filtered else []),
            *[f"    {line}" for line in summary_lines(report)], "",
            "| old commitments | count |", "|---|---:|"]
    out += [f"| {LABELS[fate]} | {commitments[fate]} |" for fate in FATES]
    out += [f"| **total** | **{commitments['total']}** |"]
    return "\n".join(out) + "\n"
