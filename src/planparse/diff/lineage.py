"""Chain: follow every commitment across several editions of a plan.

Consecutive editions are diffed, and each unit is followed from where it first appears
(``present`` in the first edition, ``added`` — or ``uncertain`` — later) through the diff's
verdicts (changed, merged, split, continued in part) to where it is dropped (or its fate there
is uncertain) or the chain ends. When several
units merge into one, the lineage of the likeliest of them goes on and each other one's last
step is the merge, into that unit, and names the lineage it goes on in (``merged_into``): it
does not end there, it continues as that lineage. When a unit splits, its lineage goes on in
the likeliest part and each other part starts a lineage of its own that says where it came
from (``split_from``), listed in the first one's ``branches``.

A lineage's id is the edition it starts in and the unit's id there (``0:4.2.1``): the same
inputs give the same ids.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..errors import PlanparseError
from ..model import Chain, Lineage, Pair, Report, Step


def chain(plans: list, names: Sequence[str | None] | None = None, grammar=None) -> Chain:
    """The lineage of every unit over ``plans``, ordered by their periods (oldest first)."""
    from ..rules.grammar import Grammar, load_grammar
    from . import as_tree, describe, diff

    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    names = list(names or [None] * len(plans))
    if len(plans) < 2:
        raise PlanparseError("chain needs at least two editions, oldest first")
    trees = [as_tree(plan, name) for plan, name in zip(plans, names)]
    order, warnings = _order([describe(tree) for tree in trees], names, grammar)
    trees, names = [trees[k] for k in order], [names[k] for k in order]
    reports = [diff(trees[k], trees[k + 1], old_name=names[k], new_name=names[k + 1], grammar=grammar)
               for k in range(len(trees) - 1)]
    for k, report in enumerate(reports):
        if not any(pair.old is not None and pair.new is not None for pair in report.pairs):
            warnings.append(f"{_name(names[k], k)} and {_name(names[k + 1], k + 1)} share no content: "
                            "no unit of one goes on in the other")
    lineages: list[Lineage] = []
    open_at: dict[str, Lineage] = {}  # unit id in the current edition → its lineage
    for unit in reports[0].old_units:
        lineage = Lineage(f"0:{unit.id}", [Step(0, "present", unit)])
        lineages.append(lineage)
        open_at[unit.id] = lineage
    for k, report in enumerate(reports, start=1):
        open_at = _follow(report, k, open_at, lineages)
    return Chain([report.old for report in reports[:1]] + [report.new for report in reports], reports, lineages,
                 warnings)


def _follow(report: Report, k: int, open_at: dict[str, Lineage], lineages: list[Lineage]) -> dict[str, Lineage]:
    """Carry the open lineages of edition ``k - 1`` into edition ``k`` through ``report``;
    the lineages open in edition ``k``, by unit id (an id, not an index: two reports may
    read one edition's units differently — its foreword compared in one, not the other)."""
    following: dict[str, Lineage] = {}
    went_on: set[str] = set()
    links = sorted((pair for pair in report.pairs if pair.old is not None and pair.new is not None),
                   key=lambda pair: (-_sureness(pair), -pair.similarity,
                                     pair.old.index, pair.new.index))  # type: ignore[union-attr]  # links have both
    for pair in links:  # each lineage goes on where it is likeliest, one lineage a unit
        assert pair.old is not None and pair.new is not None  # links have both units
        lineage = open_at.get(pair.old.id)
        if lineage is not None and lineage.id not in went_on and pair.new.id not in following:
            lineage.steps.append(_step(k, pair))
            went_on.add(lineage.id)
            following[pair.new.id] = lineage
    for pair in links:  # the other links: merges into a lineage that went on, split-off parts
        assert pair.old is not None and pair.new is not None  # links have both units
        lineage = open_at.get(pair.old.id)
        if lineage is None:
            continue
        if lineage.id not in went_on and pair.new.id in following:
            lineage.steps.append(_step(k, pair, "merged"))
            lineage.merged_into = following[pair.new.id].id
            went_on.add(lineage.id)
        elif lineage.id in went_on and pair.new.id not in following and lineage.merged_into is None:
            branch = Lineage(f"{k}:{pair.new.id}", [_step(k, pair, "split")], split_from=lineage.id)
            lineage.branches.append(branch.id)
            lineages.append(branch)
            following[pair.new.id] = branch
    for pair in report.pairs:
        if pair.new is None and pair.old is not None and pair.old.id in open_at:
            lineage = open_at[pair.old.id]
            if lineage.id not in went_on:
                lineage.steps.append(Step(k, pair.status.value, None))  # dropped, or uncertain
        elif pair.old is None and pair.new is not None and pair.new.id not in following:
            lineage = Lineage(f"{k}:{pair.new.id}", [Step(k, pair.status.value, pair.new)])  # added, or uncertain
            lineages.append(lineage)
            following[pair.new.id] = lineage
    return following


def _sureness(pair: Pair) -> float:
    """How sure the diff is of a pair: the model's score for leaves, how well their leaves
    agree for sections."""
    if pair.score is not None:
        return pair.score
    return float(pair.evidence.get("agreement", pair.similarity))


def _step(k: int, pair: Pair, status: str | None = None) -> Step:
    return Step(k, status or pair.status.value, pair.new, pair.similarity, pair.moved)


def _order(editions: list[dict], names: list, grammar) -> tuple[list[int], list[str]]:
    """The editions' order by the years they cover (their period, or their 十X五 edition),
    and a warning when that is not the order they were given in. Editions without either
    keep their place."""
    starts = []
    for edition in editions:
        period = edition.get("period")
        known = grammar.editions.get(edition.get("edition") or "")
        starts.append(period[0] if period else (known[0] if known else None))
    if any(start is None for start in starts):
        return list(range(len(editions))), []
    order = sorted(range(len(editions)), key=lambda k: (starts[k], k))
    if order == list(range(len(editions))):
        return order, []
    listed = ", ".join(_name(names[k], k) for k in order)
    return order, [f"editions given out of order; followed by their periods: {listed}"]


def _name(name, k: int) -> str:
    return name or f"edition {k + 1}"
