"""The diff and the chain as CSV, for pandas, R and Stata: one row per pair (each side's
unit, the group, the evidence, each field change) and one row per lineage and edition."""
from __future__ import annotations

import csv
import io

from ...model import Chain, Pair, Unit
from ...model.kinds import Status
from .data import unit_data

DIFF_COLUMNS = ("status", "moved", "similarity", "score", "old_id", "old_kind", "old_commitment", "old_path",
                "old_marker", "old_title", "new_id", "new_kind", "new_commitment", "new_path", "new_marker",
                "new_title", "uncertain_why", "likeliest_id", "likeliest_title", "subject", "group", "group_kind",
                "group_old", "group_new", "shared", "title", "leads_added",
                "leads_removed", "leads_renamed", "milestones_old", "milestones_new", "targets", "values")
CHAIN_COLUMNS = ("lineage", "edition", "edition_name", "status", "moved", "similarity", "kind", "unit", "path", "title",
                 "text", "leads", "deadlines", "targets", "merged_into", "split_from")


def diff_rows(pairs: list[Pair]) -> list[dict]:
    """One row per pair: each side's id, kind, commitment kind, path, marker and title; for an
    uncertain unit, why (``uncertain_why``: likeliest, section, subject, programme, untabled,
    pictured or restated — the evidence's ``how``) and its likeliest partner, whose likelihood is ``score``,
    or for an indicator or 专栏 item whose ``subject`` or programme the other plan names, the unit
    most about it, or the section where the other plan states its own principles; its group,
    the phrases both sides share, and each field change (old → new), lists joined as the
    commitments' CSV joins them."""
    from ...model.ids import LIST_JOIN, PATH_JOIN

    def side(unit: Unit | None, name: str) -> dict:
        return {f"{name}_id": unit.id if unit else "", f"{name}_kind": unit.kind if unit else "",
                f"{name}_commitment": unit.commitment.value if unit and unit.leaf else "",
                f"{name}_path": PATH_JOIN.join(unit.path) if unit else "",
                f"{name}_marker": (unit.marker or "") if unit else "", f"{name}_title": unit.title if unit else ""}

    rows = []
    for pair in pairs:
        changes = pair.changes or {}
        leads, dates = changes.get("leads") or {}, changes.get("milestones") or {}
        title = changes.get("title")
        group = pair.group
        likely = pair.evidence.get("likeliest") or pair.evidence.get("where") or {}  # (where its subject is named)
        rows.append({"status": pair.status.value, "moved": pair.moved, "similarity": pair.similarity,
                     "score": "" if pair.score is None else pair.score,
                     **side(pair.old, "old"), **side(pair.new, "new"),
                     "uncertain_why": (pair.evidence.get("how") or "likeliest") if pair.status == Status.UNCERTAIN
                     else "",
                     "likeliest_id": likely.get("id", ""), "likeliest_title": likely.get("title", ""),
                     "subject": pair.evidence.get("subject", ""),
                     "group": "" if group is None else group.id, "group_kind": "" if group is None else group.kind,
                     "group_old": LIST_JOIN.join(u.id for u in group.old) if group else "",
                     "group_new": LIST_JOIN.join(u.id for u in group.new) if group else "",
                     "shared": LIST_JOIN.join(pair.evidence.get("shared") or []),
                     "title": f"{title['from']} → {title['to']}" if title else "",
                     "leads_added": LIST_JOIN.join(leads.get("added") or []),
                     "leads_removed": LIST_JOIN.join(leads.get("removed") or []),
                     "leads_renamed": LIST_JOIN.join(f"{a} → {b}" for a, b in leads.get("renamed") or []),
                     "milestones_old": LIST_JOIN.join(str(when) for when in dates.get("from") or []),
                     "milestones_new": LIST_JOIN.join(str(when) for when in dates.get("to") or []),
                     "targets": LIST_JOIN.join(str(target) for target in changes.get("targets") or []),
                     "values": LIST_JOIN.join(str(v) for v in changes.get("values") or [])})
    return rows


def chain_rows(chain: Chain, lineages=None) -> list[dict]:
    """One row per lineage and edition it has a step in, for pandas and R."""
    from ...model.ids import LIST_JOIN, PATH_JOIN
    from .common import edition_name

    rows = []
    for lineage in chain.lineages if lineages is None else lineages:
        for step in lineage.steps:
            unit = unit_data(step.unit, full=True) or {}
            rows.append({"lineage": lineage.id, "edition": step.edition,
                         "edition_name": edition_name(chain.editions[step.edition]),
                         "status": str(step.status), "moved": step.moved, "similarity": step.similarity,
                         "kind": unit.get("kind", ""), "unit": unit.get("id", ""),
                         "path": PATH_JOIN.join(unit.get("path", [])), "title": unit.get("title", ""),
                         "text": unit.get("text", ""), "leads": LIST_JOIN.join(unit.get("leads", [])),
                         "deadlines": LIST_JOIN.join(unit.get("deadlines", [])),
                         "targets": LIST_JOIN.join(unit.get("targets", [])),
                         "merged_into": lineage.merged_into or "", "split_from": lineage.split_from or ""})
    return rows


def render_diff_csv(pairs: list[Pair]) -> str:
    return _csv(DIFF_COLUMNS, diff_rows(pairs))


def render_chain_csv(chain: Chain, lineages=None) -> str:
    return _csv(CHAIN_COLUMNS, chain_rows(chain, lineages))


def _csv(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _one_line(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def _one_line(value):
    """A cell on one line (line tools read a CSV a line a row): line breaks inside a cell as
    `` / ``."""
    return value.replace("\r\n", " / ").replace("\n", " / ") if isinstance(value, str) else value
