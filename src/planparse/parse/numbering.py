"""Decode the numbering: which heading candidates are headings, and at what level — chosen
for the whole document at once, so that no single line decides the tree.

Every block that reads like a heading (a marker of one of the grammar's numbering systems and
a title) is a candidate. A reading of the document is a choice, for each candidate, of heading
or text; each choice has a cost, and the decoder keeps the cheapest readings (a beam search
over the candidates, readings that reach the same state merged, as a Viterbi decoder does):

- a heading whose number is the next of its count costs nothing; one that opens a numbering
  system at 1 (or carries on a count that runs through the document) nothing either;
- a count that skips costs ``SKIP`` a missing number, one that starts again at 1 ``RESTART``
  (a heading above it was lost), one that goes back ``BACK``;
- a candidate read as text costs what its shape says it is worth as a heading: a line of its
  own ``REJECT_ALONE``, a title run into its text ``REJECT_RUN_IN``;
- a heading whose number is wrong, the count going on as if it were right (一 五 三 四: 五
  is a damaged 二), ``MISNUMBERED``;
- a system that so far started at 1 under each parent carrying its count on, or the other
  way round, ``SWITCH``; the document's first heading of a more major system lost (its second
  comes later), ``LOST_FIRST``;
- a line whose title starts with a figure or a Latin word (the rule's ``doubtful`` pattern:
  a glossary's 19.3个国铁：…) is a heading only where it carries a count on, and costs nothing
  as text elsewhere.

So a damaged or missing heading costs that heading only: the count after it resumes at a
small cost instead of every later heading being refused. Levels follow the document's own
order of numbering systems (:class:`~planparse.parse.segment.Nesting`: a system seen before closes
what is nested in it, a new one opens a level deeper unless the grammar ranks it above the
open ones); a count that runs through the document keeps its level where it goes on under a
parent one level higher up (a 1. series that carries on under a 一、 with no （一）).

The items of a 专栏 numbered like headings (专栏1 … 1.… 2.…) start at 1 right under the
box's title where the plan's own count would not: they are the box's, not headings; a next
item whose number the plan's own count also has next may be that heading instead
(``BOX_AMBIGUOUS``: the box ended with no line to say so).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from ..rules.grammar import Grammar
from .blocks import Block, BlockKind

SKIP = 2.5  # a number missing from a count (the heading it numbered lost or damaged)
SKIP_MOST = 3  # … counted up to this many: a count that jumps far costs no more than this
RESTART = 3.0  # a count that starts again at 1 under the same parent (the parent lost)
MISNUMBERED = 4.0  # a heading whose number is not the one expected, the count going on as if it were
BACK = 8.0  # a count that goes back or repeats
SWITCH = 3.0  # a system that so far started at 1 under each parent carrying its count on, or
#   one whose count so far ran through the document starting again at 1
REJECT_ALONE = 6.0  # a candidate on a line of its own read as text
REJECT_RUN_IN = 4.0  # a candidate with its text run in read as text
REJECT_LONG = 3.0  # … whose title is longer than a usual title (a numbered task's first sentence)
REJECT_IN_STEP = 0.5  # and more when its number is the one the count expects
REJECT_BACK = 0.25  # … or one that repeats or goes back
BOX_AMBIGUOUS = 0.5  # a 专栏's next item whose number the plan's own count also has next
LOST_FIRST = 2.0  # the document's first heading lost (less than the jump its second would make)
BEAM = 6  # readings kept after each candidate
MARGIN = 8.0  # a reading this much dearer than the best is dropped


class How(str, Enum):
    """How a candidate's number stands to the count, as the decoder read it."""

    SEQUENCE = "sequence"  # the next of an open count
    OPENS = "opens"  # a system opened at 1
    SERIES = "series"  # a count running through the document, carried on
    JUMP = "jump"  # numbers skipped
    RESTART = "restart"  # 1 again under the same parent
    BACK = "back"  # a number repeated or gone back
    MISNUMBERED = "misnumbered"  # read as the number expected
    REJECTED = "rejected"  # read as text
    BOX_ITEM = "box-item"  # an item of a 专栏


class Decision(NamedTuple):
    """What the decoder made of one candidate: a heading (at ``level``) or text, and how its
    number stands to the count (``how``: sequence, opens, series, jump, restart, back,
    misnumbered, rejected, box-item); ``expected`` is the number the count led one to expect."""

    heading: bool
    level: int
    how: How
    expected: int


class _Open(NamedTuple):  # (a tuple: readings are merged by hashing stacks of these)
    rule: str
    number: int
    level: int


@dataclass(slots=True)
class _Reading:
    cost: float
    stack: tuple  # the open systems, outermost first: _Open
    seen: tuple  # per rule (in grammar order): (last number, its level, restarts | through | None), or None
    box: tuple | None  # items of a 专栏 being read: (rule, next number)
    back: tuple | None  # (index, Decision, back): the decisions so far, last first

    def key(self) -> tuple:
        return self.stack, self.seen, self.box


def decode(blocks: list[Block], grammar: Grammar) -> dict[int, Decision]:
    """The decision for every heading candidate of ``blocks`` (by index)."""
    order = {rule.name: k for k, rule in enumerate(grammar.headings)}
    rank = grammar.rank
    readings = [_Reading(0.0, (), (None,) * len(order), None, None)] + _lost_first(blocks, grammar, order)
    after_box = False
    for index, block in enumerate(blocks):
        if block.kind != BlockKind.HEADING:
            after_box = block.kind == BlockKind.BOX  # (the line right under a box's title)
            continue
        match = block.data["match"]
        reject = _reject_cost(match, grammar)
        options: dict[tuple, _Reading] = {}
        for reading in readings:
            for cost, decision, state in _options(reading, match, order, rank, reject, after_box):
                total = reading.cost + cost
                key = (state[0], state[1], state[2])
                best = options.get(key)
                if best is None or total < best.cost:
                    options[key] = _Reading(total, state[0], state[1], state[2], (index, decision, reading.back))
        ranked = sorted(options.values(), key=lambda r: r.cost)
        readings = [r for r in ranked[:BEAM] if r.cost <= ranked[0].cost + MARGIN]
        # and the cheapest reading that takes the line's number as written, however many
        # readings that doubt it are cheaper so far: the headings after it may bear it out
        literal = next((r for r in ranked[BEAM:]
                        if r.back is not None and r.back[1].heading and r.back[1].how != How.MISNUMBERED
                        and r.cost <= ranked[0].cost + MARGIN), None)
        if literal is not None and not any(r.back is not None and r.back[1].heading
                                           and r.back[1].how != How.MISNUMBERED for r in readings):
            readings.append(literal)
        after_box = False
    decisions: dict[int, Decision] = {}
    back = min(readings, key=lambda r: r.cost).back
    while back is not None:
        index, decision, back = back
        decisions[index] = decision
    return decisions


def _lost_first(blocks: list[Block], grammar: Grammar, order: dict) -> list[_Reading]:
    """Readings in which the document's first heading of a more major system than its first
    candidate was lost (一、 gone, its （一） first): that heading stands open at ``LOST_FIRST``,
    so that what follows keeps its level once the system's second heading comes. Only systems
    with candidates later in the document."""
    first = next((block.data["match"].rule for block in blocks if block.kind == BlockKind.HEADING), None)
    if first is None:
        return []
    later = {block.data["match"].rule.name for block in blocks if block.kind == BlockKind.HEADING}  # (a system lost
    # at its first heading has later ones)
    empty = (None,) * len(order)
    return [_Reading(LOST_FIRST, (_Open(rule.name, 1, 1),),
                     empty[:order[rule.name]] + ((1, 1, None),) + empty[order[rule.name] + 1:], None, None)
            for rule in grammar.headings if rule.rank < first.rank and rule.name in later]


def _reject_cost(match, grammar: Grammar) -> float:
    if not match.body:
        return REJECT_ALONE
    longest = match.rule.max_title or grammar.title_max
    return REJECT_LONG if len(match.title) > longest else REJECT_RUN_IN


def _options(reading: _Reading, match, order: dict, rank: dict, reject: float, after_box: bool):
    """(cost, decision, (stack, seen, box)) for each way to read the candidate ``match``."""
    rule, number = match.rule.name, match.number
    stack, seen, box = reading.stack, reading.seen, reading.box
    place = _place(stack, rule, rank)
    depth, continues = place
    last_seen = seen[order[rule]]
    if continues:
        expected = {stack[depth - 1].number + 1}
    else:
        expected = {1} | ({last_seen[0] + 1} if last_seen else set())
    # a 专栏's own items: 1 right under its title where the plan's count would not be 1
    if after_box and number == 1 and expected != {1}:
        yield 0.0, Decision(False, 0, How.BOX_ITEM, min(expected)), (stack, seen, (rule, 2))
        return
    if box is not None and box[0] == rule and number == box[1]:
        # the box's next item — or, where the plan's own count has the same number next, that
        # heading (the box ended with no line to say so): a little dearer as a box item then
        yield (BOX_AMBIGUOUS if number in expected else 0.0), Decision(False, 0, How.BOX_ITEM, min(expected)), \
            (stack, seen, (rule, number + 1))
        if number not in expected:
            return
    # read as text: dearer for a line whose number is the one expected, less dear for one that
    # repeats or goes back, least for one that jumps ahead (of 一 三 三 四 the first is the
    # damaged one, of 一 二 二 四 the second)
    fits = REJECT_IN_STEP if number in expected else REJECT_BACK if number < min(expected) else 0.0
    habit = last_seen[2] if last_seen else None  # (a count that runs through expects its next number)
    told = min(expected) if continues or habit != "through" else max(expected)
    yield ((REJECT_IN_STEP if fits == REJECT_IN_STEP else 0.0) if match.doubtful else reject + fits), \
        Decision(False, 0, How.REJECTED, told), (stack, seen, None)
    if match.doubtful and (number not in expected or number == 1 and not continues):
        return  # a doubtful line is a heading only where it carries a count on
    # read as a heading
    parent_level = stack[depth - 2].level if depth >= 2 else 0
    level = stack[depth - 1].level if continues else parent_level + 1
    mode = last_seen[2] if last_seen else None
    if number in expected:
        if continues:
            how, cost = How.SEQUENCE, 0.0
        elif number == 1:
            how, cost = How.OPENS, SWITCH if mode == "through" else 0.0
            mode = "restarts"
        else:
            how, cost = How.SERIES, SWITCH if mode == "restarts" else 0.0
            mode = "through"
            if last_seen and last_seen[1] > level:
                level = last_seen[1]  # a count running through the document keeps its level
    elif number == 1:
        how, cost = How.RESTART, RESTART
    elif number > min(expected):
        below = max(e for e in expected if e < number)
        how, cost = How.JUMP, SKIP * min(number - below, SKIP_MOST)
        level = _through_level(level, last_seen, continues, below)
    else:
        how, cost = How.BACK, BACK
    new_stack = stack[:depth - 1] + (_Open(rule, number, level),)
    new_seen = seen[:order[rule]] + ((number, level, mode),) + seen[order[rule] + 1:]
    told = below if how == How.JUMP else min(expected)  # (the number the reading carried on from + 1)
    yield cost, Decision(True, level, how, told), (new_stack, new_seen, None)
    if match.doubtful:
        return
    # a heading whose number was damaged: the count goes on as expected (by the system's habit:
    # 1 under a new parent, or the next of a count that runs through)
    mode = last_seen[2] if last_seen else None
    meant = min(expected) if continues or mode != "through" else max(expected)
    if number != meant:
        level = stack[depth - 1].level if continues else parent_level + 1
        level = _through_level(level, last_seen, continues, meant)
        new_stack = stack[:depth - 1] + (_Open(rule, meant, level),)
        new_seen = seen[:order[rule]] + ((meant, level, mode),) + seen[order[rule] + 1:]
        yield MISNUMBERED, Decision(True, level, How.MISNUMBERED, meant), (new_stack, new_seen, None)


def _through_level(level: int, last_seen, continues: bool, carried: int) -> int:
    """A count running through the document keeps its level (the level of its last heading)
    where a heading carries it on (``carried`` is its last number + 1), as in step."""
    if not continues and last_seen and carried == last_seen[0] + 1 and last_seen[1] > level:
        return last_seen[1]
    return level


def _place(stack: tuple, rule: str, rank: dict) -> tuple[int, bool]:
    """The depth ``rule`` takes under the open systems ``stack``, and whether it carries on one
    of them (as :meth:`planparse.parse.segment.Nesting.place`)."""
    for k, entry in enumerate(stack):
        if entry.rule == rule:
            return k + 1, True
    depth = len(stack)
    while depth and rank[stack[depth - 1].rule] >= rank[rule]:
        depth -= 1
    return depth + 1, False
