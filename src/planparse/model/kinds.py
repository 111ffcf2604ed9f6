"""The words of a diff's verdicts, typed: what became of a unit (:class:`Status`), what kind of
commitment a unit is (:class:`Kind`), and the keys of the summary. Kept apart from the data
model so that the command line can offer them without loading it.

``moved`` is no status but a flag a pair carries beside it: what became of a unit's content
and where it went are two questions.
"""
from __future__ import annotations

from enum import Enum
from typing import Literal


class Status(str, Enum):
    """What became of an old unit in the new plan (or where a new unit came from)."""

    UNCHANGED = "unchanged"  # the same text
    CHANGED = "changed"  # one old unit became one new unit, reworded
    MERGED = "merged"  # one of several old units that became one new unit
    SPLIT = "split"  # one old unit went on in several new units
    IN_PART = "in_part"  # a piece of the old unit goes on, inside a new unit about more
    UNCERTAIN = "uncertain"  # no sure partner, but a likely one: neither shown as gone nor as new
    ADDED = "added"  # a new unit that carries on no old one
    DROPPED = "dropped"  # an old unit that goes on nowhere

    def __str__(self) -> str:
        return self.value


class Kind(str, Enum):
    """What kind of commitment a leaf is, for the summary's counts: a task of the plan, a 专栏
    item, an indicator row, another table row, framing (guidance, principles, goals, the
    situation) or a review of the past period."""

    TASK = "task"
    BOX_ITEM = "box-item"
    INDICATOR = "indicator"
    ROW = "row"
    FRAMING = "framing"
    REVIEW = "review"

    def __str__(self) -> str:
        return self.value


STATUSES = tuple(s.value for s in Status)
KINDS = tuple(k.value for k in Kind)
# fates of an old commitment, in the order views list them
FATES = ("unchanged", "changed", "merged", "split", "in_part", "uncertain", "dropped")
# what a pair list's summary counts (the pairs' statuses, and the moved ones)
SUMMARY = ("unchanged", "changed", "moved", "merged", "split", "in_part", "uncertain", "added", "dropped")
LABELS = {"unchanged": "unchanged", "changed": "changed", "merged": "merged", "split": "split",
          "in_part": "continued in part", "uncertain": "uncertain", "added": "added", "dropped": "dropped", "moved": "moved"}

# The words of the other typed fields, as the type checker holds them to (their values are
# written out as they are: a Literal is a str).
UnitKind = Literal["section", "paragraph", "box-item", "table-row"]  # what a diff unit is
GroupKind = Literal["merge", "split", "regroup"]  # several old units and new ones that are one group
# what a commitment row is, and the part of the document it stands in
RowKind = Literal["box-item", "task", "indicator", "project", "target", "result", "forecast"]
PlanPart = Literal["review", "goals", "tasks", "safeguards"]
