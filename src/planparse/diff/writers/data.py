"""The diff and the chain as plain data, for JSON and YAML (``planparse-diff/3``,
``planparse-chain/3``): every pair with its units, evidence and changes; every group once;
a verdict per old commitment; the summary."""
from __future__ import annotations

from ...model import CHAIN_SCHEMA, DIFF_SCHEMA, Chain, Group, Pair, Report, Unit
from ...model.emit import Flow, dump_json, dump_yaml


def unit_data(unit: Unit | None, full: bool = False) -> dict | None:
    """How a unit is named in a diff: its id, kind, what kind of commitment a leaf is, where it
    stands, its marker and title; with ``full``, also its text, lead units, deadlines and
    targets (an added or dropped unit, a chain's step)."""
    if unit is None:
        return None
    data: dict = {"id": unit.id, "kind": unit.kind}
    if unit.leaf:
        data["commitment"] = unit.commitment.value
    data["path"] = Flow(unit.path)
    if unit.kind == "section":
        data.update(level=unit.level, number=unit.number, marker=unit.marker)
    if unit.kind == "box-item":
        data["box"] = unit.box
        if unit.box_title:
            data["box_title"] = unit.box_title
    data["title"] = unit.title
    if full:
        data["text"] = unit.text
        data["leads"] = Flow(unit.leads + [name for name in unit.inherited if name not in unit.leads])
        data["deadlines"] = Flow([m.get("when") for m in unit.milestones])
        data["targets"] = Flow([target_text(t) for t in unit.targets] + [f"{v.get('year')}：{v.get('text')}"
                                                                         for v in unit.values])
    return data


def target_text(target: dict) -> str:
    from ...model import shown_target

    return f"{target.get('indicator')}：{shown_target(target)}"


def pair_data(pair: Pair) -> dict:
    both = pair.old is not None and pair.new is not None
    data: dict = {"status": pair.status.value, "similarity": pair.similarity, "score": pair.score, "moved": pair.moved,
            "old": unit_data(pair.old, full=not both), "new": unit_data(pair.new, full=not both)}
    if pair.group is not None:
        data["group"] = pair.group.id
    if pair.evidence:
        data["evidence"] = _flowing(pair.evidence)
    if pair.changes:
        data["changes"] = _flowing(pair.changes)
    if pair.inline:
        data["inline"] = [Flow(run) for run in pair.inline]
    return data


def group_data(group: Group) -> dict:
    data = {"id": group.id, "kind": group.kind, "old": Flow([u.id for u in group.old]),
            "new": Flow([u.id for u in group.new])}
    if group.changes:
        data["changes"] = _flowing(group.changes)
    return data


def _flowing(value):
    """``value`` with every list in it written on one line in YAML."""
    if isinstance(value, dict):
        return {key: _flowing(item) for key, item in value.items()}
    if isinstance(value, list):
        return Flow(_flowing(item) for item in value)
    return value


def report_data(report: Report, pairs: list[Pair] | None = None) -> dict:
    """The report as data: the two plans, what to know once, the summary, a verdict per old
    commitment, the groups, and the pairs (``pairs``: those a filter kept)."""
    shown = report.pairs if pairs is None else pairs
    groups = {pair.group.id for pair in shown if pair.group is not None}
    return {"schema": DIFF_SCHEMA, "old": report.old, "new": report.new, "notes": Flow(report.notes),
            "summary": report.summary,
            "commitments": [{"id": v.unit.id, "fate": v.fate.value, "new": Flow([u.id for u in v.partners]),
                             "group": v.group.id if v.group is not None else None} for v in report.verdicts],
            "groups": [group_data(group) for group in report.groups if group.id in groups],
            "pairs": [pair_data(pair) for pair in shown]}


def chain_data(chain: Chain, lineages=None) -> dict:
    return {"schema": CHAIN_SCHEMA, "editions": chain.editions,
            "lineages": [{"id": lineage.id, "merged_into": lineage.merged_into, "split_from": lineage.split_from,
                          "branches": Flow(lineage.branches),
                          "steps": [{"edition": step.edition, "status": str(step.status),
                                     "similarity": step.similarity, "moved": step.moved,
                                     "unit": unit_data(step.unit, full=True)}
                                    for step in lineage.steps]}
                         for lineage in (chain.lineages if lineages is None else lineages)]}


def render_json(data: dict) -> str:
    return dump_json(data)


def render_yaml(data: dict) -> str:
    return dump_yaml(data)
