"""Compare plans: ``diff`` two of them (units → align → classify) and ``chain`` several
editions into the lineage of every commitment; ``render`` turns either into text.

Either side may be a parsed :class:`~planparse.model.Document` or a tree as ``parse`` writes
it (a dict, e.g. read back from YAML or JSON).
"""
from __future__ import annotations

from ..errors import PlanparseError


def diff(old, new, *, old_name: str | None = None, new_name: str | None = None, grammar=None):
    """What became of every unit of ``old`` in ``new``: a :class:`~planparse.model.Report`."""
    from ..grammar import Grammar, load_grammar
    from ..model import Report
    from .align import align
    from .classify import classify, summarise

    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    old_tree, new_tree = as_tree(old, old_name), as_tree(new, new_name)
    old_units, new_units = read_units(old_tree, old_name, grammar), read_units(new_tree, new_name, grammar)
    pairs = classify(old_units, new_units, align(old_units, new_units, grammar), grammar)
    return Report(describe(old_tree), describe(new_tree), summarise(pairs), pairs)


def chain(plans: list, names: list[str] | None = None, grammar=None):
    """The lineage of every commitment over ``plans``; see :func:`planparse.compare.lineage.chain`."""
    from .lineage import chain as follow

    return follow(plans, names, grammar)


def as_tree(plan, name: str | None = None) -> dict:
    from ..model import Document

    if isinstance(plan, Document):
        from ..emit import to_data

        return to_data(plan)
    if isinstance(plan, dict):
        return plan
    raise PlanparseError(f"{name or 'plan'}: neither a parsed plan nor a tree")


def read_units(tree: dict, name: str | None = None, grammar=None):
    """The units of ``tree``; a tree of the wrong shape is an error naming it."""
    from .units import units

    try:
        return units(tree, grammar)
    except (AttributeError, TypeError, KeyError, ValueError) as err:
        raise PlanparseError(f"{name or 'tree'}: not a planparse tree ({type(err).__name__}: {err})") from None


def describe(tree: dict) -> dict:
    source, meta = tree.get("source") or {}, tree.get("meta") or {}
    return {"path": source.get("path"), "title": meta.get("title"), "edition": meta.get("edition"),
            "period": meta.get("period")}
