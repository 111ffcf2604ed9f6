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
MAX_UNITS = 20_000  # units of one plan a diff compares at most (a national outline: 300–450)


def diff(old, new, *, old_name: str | None = None, new_name: str | None = None, grammar=None, model=None):
    """What became of every unit of ``old`` in ``new``: a :class:`~planparse.model.Report`.
    ``model``: the alignment model (:mod:`planparse.diff.score`; the shipped one unless given)."""
    from ..rules.budget import collecting, warning
    from ..rules.grammar import Grammar, load_grammar

    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    preflight(old, new, old_name, new_name)
    with collecting() as timeouts:  # a user's rule slow on every unit is left out of the rest of the diff
        report = _compare(old, new, old_name, new_name, grammar, model)
    report.notes += [warning(rule, text, "diff") for rule, text in timeouts]
    return report


def _compare(old, new, old_name: str | None, new_name: str | None, grammar, model):
    from ..model import Report
    from .candidates import Views
    from .score import default_model, score
    from .select import select
    from .verdicts import summarise, verdicts

    model = model or default_model()
    old_tree, new_tree = as_tree(old, old_name), as_tree(new, new_name)
    forewords = _forewords(old_tree, new_tree)
    old_units = read_units(old_tree, old_name, grammar, foreword=not forewords)
    new_units = read_units(new_tree, new_name, grammar, foreword=not forewords)
    within_cap(len(old_units), len(new_units), old_name, new_name)
    views = Views(old_units, new_units, grammar, fold=converted(old_tree) or converted(new_tree))
    scores = score(views, model)
    links = select(views, scores, model)
    pairs, groups, found, added = verdicts(old_units, new_units, links, views, grammar, scores, model.drop,
                                           pictures=(pictures(old_tree), pictures(new_tree)))
    return Report(describe(old_tree), describe(new_tree), summarise(pairs, found, added, new_units), pairs, groups,
                  found, added, old_units, new_units, forewords + _notes(old_units, new_units))


def pictures(tree: dict) -> int:
    """How many pictures a plan's sections hold that its text does not caption (an image with no
    title: in a web copy, often a 专栏 or a table that was put up as an image)."""
    from ..model.walk import field_of, nodes

    return sum(1 for section in nodes(tree.get("sections") or []) for figure in field_of(section, "figures", [])
               if field_of(figure, "image") and not field_of(figure, "title"))


def converted(tree: dict) -> bool:
    """Was the plan's script converted (from traditional: ``source.opencc``)? Then sameness of
    text is judged in one script (:class:`.units.Sameness`)."""
    return bool((tree.get("source") or {}).get("opencc"))


def preflight(old, new, old_name: str | None = None, new_name: str | None = None) -> None:
    """Refuse, before anything is built, two plans with more sections between them than a
    diff compares (every section is a unit, so this never refuses what the diff would
    read); either may be a tree not yet checked against the schema."""
    within_cap(sections_at_least(old), sections_at_least(new), old_name, new_name, at_least=True)


def within_cap(old_count: int, new_count: int, old_name: str | None, new_name: str | None,
               at_least: bool = False) -> None:
    """Refuse ``old_count`` × ``new_count`` units (``at_least`` so many) if a diff does not
    compare so many pairs."""
    some = "at least " if at_least else ""
    for count, name in ((old_count, old_name or "old plan"), (new_count, new_name or "new plan")):
        if count > MAX_UNITS:
            raise PlanparseError(f"{name}: {some}{count:,} units to compare, more than the {MAX_UNITS:,} of one plan "
                                 "a diff reads (plans have a few thousand units at most: is it a corpus in one file?)")
    if old_count * new_count > MAX_PAIRS:
        raise PlanparseError(f"{old_name or 'old plan'}, {new_name or 'new plan'}: {some}{old_count:,} × "
                             f"{new_count:,} units to compare, more than the {MAX_PAIRS:,} pairs a diff reads "
                             "(plans have a few thousand units at most: is one a corpus in one file?)")


def sections_at_least(plan) -> int:
    """How many sections ``plan`` (a document, or a tree of any shape) holds in its outline:
    each is a unit of the diff."""
    from ..model import Document

    if isinstance(plan, Document):
        from ..model.walk import nodes

        return sum(1 for _ in nodes(plan.sections))
    from ..model.load import outline_size

    return outline_size(plan)


def chain(plans: list, names: list[str] | None = None, grammar=None):
    """The lineage of every commitment over ``plans``; see :func:`planparse.diff.lineage.chain`."""
    from .lineage import chain as follow

    return follow(plans, names, grammar)


def as_tree(plan, name: str | None = None) -> dict:
    from ..model import Document

    if isinstance(plan, Document):
        from ..model.emit import to_data

        return to_data(plan)
    if isinstance(plan, (dict, list)):  # (a tree read back unchecked may be any JSON)
        from ..model.load import check_tree

        return check_tree(name or "tree", plan)
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
