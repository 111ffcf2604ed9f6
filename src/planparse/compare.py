"""Compare plans: ``diff`` two of them (units → align → classify) and ``chain`` several
editions into the lineage of every unit.

Either side may be a parsed :class:`~planparse.model.Document` or a tree as ``parse`` writes
it (a dict, e.g. read back from YAML or JSON).
"""
from __future__ import annotations

from .align import align
from .classify import classify
from .errors import PlanparseError
from .model import Chain, Document, Lineage, Pair, Report, Step, Unit
from .statuses import STATUSES
from .units import units


def diff(old, new, *, old_name: str | None = None, new_name: str | None = None, grammar=None) -> Report:
    """What became of every unit of ``old`` in ``new``."""
    from .grammar import Grammar, load_grammar

    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    old_tree, new_tree = as_tree(old, old_name), as_tree(new, new_name)
    old_units, new_units = read_units(old_tree, old_name, grammar), read_units(new_tree, new_name, grammar)
    pairs = classify(old_units, new_units, align(old_units, new_units))
    summary = {status: sum(1 for pair in pairs if pair.status == status) for status in STATUSES}
    return Report(describe(old_tree), describe(new_tree), summary, pairs)


def as_tree(plan, name: str | None = None) -> dict:
    if isinstance(plan, Document):
        from .emit import to_data

        return to_data(plan)
    if isinstance(plan, dict):
        return plan
    raise PlanparseError(f"{name or 'plan'}: neither a parsed plan nor a tree")


def read_units(tree: dict, name: str | None = None, grammar=None) -> list[Unit]:
    """The units of ``tree``; a tree of the wrong shape is an error naming it."""
    try:
        return units(tree, grammar)
    except (AttributeError, TypeError, KeyError, ValueError) as err:
        raise PlanparseError(f"{name or 'tree'}: not a planparse tree ({type(err).__name__}: {err})") from None


def describe(tree: dict) -> dict:
    source, meta = tree.get("source") or {}, tree.get("meta") or {}
    return {"path": source.get("path"), "title": meta.get("title"), "edition": meta.get("edition")}


# --- chain --------------------------------------------------------------------------------

def chain(plans: list, names: list[str] | None = None, grammar=None) -> Chain:
    """The lineage of every unit over ``plans`` (oldest first): consecutive editions are
    diffed, and each unit is followed from where it first appears (``present`` in the first
    edition, ``added`` later) to where it is dropped or the chain ends. A unit merged into
    another ends there; a unit split off, or added, starts a lineage of its own."""
    names = names or [None] * len(plans)
    if len(plans) < 2:
        raise PlanparseError("chain needs at least two editions")
    trees = [as_tree(plan, name) for plan, name in zip(plans, names)]
    reports = [diff(trees[k], trees[k + 1], old_name=names[k], new_name=names[k + 1], grammar=grammar)
               for k in range(len(trees) - 1)]
    lineages: list[Lineage] = []
    open_at: dict[int, Lineage] = {}  # unit index in the current edition → its lineage
    for unit in read_units(trees[0], names[0], grammar):
        lineage = Lineage([Step(0, "present", unit)])
        lineages.append(lineage)
        open_at[unit.index] = lineage
    for k, report in enumerate(reports, start=1):
        following: dict[int, Lineage] = {}
        for pair in report.pairs:
            _follow(pair, k, open_at, following, lineages)
        open_at = following
    return Chain([report.old for report in reports[:1]] + [report.new for report in reports], reports, lineages)


def _follow(pair: Pair, k: int, open_at: dict, following: dict, lineages: list[Lineage]) -> None:
    """Carry the lineage of ``pair.old`` into edition ``k``, or start one."""
    lineage = open_at.get(pair.old.index) if pair.old is not None else None
    if pair.new is None:
        if lineage is not None:
            lineage.steps.append(Step(k, "dropped", None))
        return
    step = Step(k, pair.status, pair.new, pair.similarity)
    if lineage is None:
        _start(Step(k, "added", pair.new), following, lineages)
    elif lineage.steps[-1].edition == k or pair.new.index in following:
        if pair.status == "split":  # one more part of a split: a lineage of its own
            _start(step, following, lineages)
        elif lineage.steps[-1].edition < k:  # merged into a unit another lineage goes on in
            lineage.steps.append(step)
    else:
        lineage.steps.append(step)
        following[pair.new.index] = lineage


def _start(step: Step, following: dict, lineages: list[Lineage]) -> None:
    lineage = Lineage([step])
    lineages.append(lineage)
    following[step.unit.index] = lineage
