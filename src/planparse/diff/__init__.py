"""Compare plans: ``diff`` two of them and ``chain`` several editions into the lineage of
every commitment. The stages are modules of this package, in order: ``units`` (the comparable
pieces of each plan) → ``candidates`` (the pairs worth scoring and what every view says of
them) → ``score`` (one likelihood per pair) → ``select`` (the links, many to many) →
``verdicts`` (what became of every unit, grouped) → ``writers`` (one module per view). The
package is callable as :func:`diff` too: ``planparse.diff`` names this package once one of its
modules is imported, and ``planparse.diff(old, new)`` must work either way.

Either side may be a parsed :class:`~planparse.model.Document` or a tree as ``parse`` writes
it (a dict, e.g. read back from YAML or JSON).
"""
from __future__ import annotations

import sys
import types

from ..errors import PlanparseError

MAX_PAIRS = 100_000_000  # units old × new a diff compares at most (10 000 × 10 000: ~20 s; plans a few thousand)


def diff(old, new, *, old_name: str | None = None, new_name: str | None = None, grammar=None, model=None):
    """What became of every unit of ``old`` in ``new``: a :class:`~planparse.model.Report`.
    ``model``: the alignment model (:mod:`planparse.diff.score`; the shipped one unless given)."""
    from ..model import Report
    from ..rules.grammar import Grammar, load_grammar
    from .candidates import Views
    from .score import default_model, score
    from .select import select
    from .verdicts import summarise, verdicts

    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    model = model or default_model()
    old_tree, new_tree = as_tree(old, old_name), as_tree(new, new_name)
    forewords = _forewords(old_tree, new_tree)
    old_units = read_units(old_tree, old_name, grammar, foreword=not forewords)
    new_units = read_units(new_tree, new_name, grammar, foreword=not forewords)
    if len(old_units) * len(new_units) > MAX_PAIRS:
        raise PlanparseError(f"{old_name or 'old plan'}, {new_name or 'new plan'}: {len(old_units):,} × "
                             f"{len(new_units):,} units to compare, more than the {MAX_PAIRS:,} pairs a diff reads "
                             "(plans have a few thousand units at most: is one a corpus in one file?)")
    views = Views(old_units, new_units, grammar)
    scores = score(views, model)
    links = select(views, scores, model)
    pairs, groups, found, added = verdicts(old_units, new_units, links, views, grammar, scores, model.drop)
    return Report(describe(old_tree), describe(new_tree), summarise(pairs, found, added, new_units), pairs, groups,
                  found, added, old_units, new_units, forewords + _notes(old_units, new_units))


def chain(plans: list, names: list[str] | None = None, grammar=None):
    """The lineage of every commitment over ``plans``; see :func:`planparse.diff.lineage.chain`."""
    from .lineage import chain as follow

    return follow(plans, names, grammar)


def as_tree(plan, name: str | None = None) -> dict:
    from ..model import Document

    if isinstance(plan, Document):
        from ..model.emit import to_data

        return to_data(plan)
    if isinstance(plan, dict):
        from ..model.load import validate

        problem = validate(plan)
        if problem:
            raise PlanparseError(f"{name or 'tree'}: not a planparse tree ({problem})")
        return plan
    raise PlanparseError(f"{name or 'plan'}: neither a parsed plan nor a tree")


def read_units(tree: dict, name: str | None = None, grammar=None, foreword: bool = True):
    """The units of ``tree``; a tree of the wrong shape is an error naming it."""
    from .units import units

    try:
        return units(tree, grammar, foreword)
    except (AttributeError, TypeError, KeyError, ValueError) as err:
        raise PlanparseError(f"{name or 'tree'}: not a planparse tree ({type(err).__name__}: {err})") from None


def _forewords(old: dict, new: dict) -> list[str]:
    """A note when only one of two plans with headings has a foreword (text before its first
    heading): a web copy or an extract often leaves out the title block and the foreword with
    it, so the forewords are then not compared (neither dropped nor added) — and the note says
    so. Empty when both or neither have one, or a plan has no headings (its text before the
    first heading is all of it)."""
    if not (old.get("sections") and new.get("sections")):
        return []
    has = [any(old.get("preamble") or []), any(new.get("preamble") or [])]
    if has[0] == has[1]:
        return []
    having, lacking = ("old", "new") if has[0] else ("new", "old")
    return [f"the {lacking} plan has no foreword (no text before its first heading): "
            f"the {having} plan's foreword is not compared"]


def _notes(old: list, new: list) -> list[str]:
    """What a reader should know once rather than on every pair: a plan that names no lead
    units at all (its pairs then compare none)."""
    notes = []
    for name, units in (("old", old), ("new", new)):
        if not any(unit.leads or unit.inherited for unit in units):
            notes.append(f"the {name} plan names no lead units: lead units are not compared")
    return notes


def describe(tree: dict) -> dict:
    source, meta = tree.get("source") or {}, tree.get("meta") or {}
    return {"path": source.get("path"), "title": meta.get("title"), "edition": meta.get("edition"),
            "period": meta.get("period")}


class _Package(types.ModuleType):
    """This package, callable as :func:`diff`: importing ``planparse.diff.…`` makes
    ``planparse.diff`` name the package, and ``planparse.diff(old, new)`` must still work."""

    def __call__(self, old, new, **options):
        return diff(old, new, **options)


sys.modules[__name__].__class__ = _Package
