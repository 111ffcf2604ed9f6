"""The rows of the flat export: one :class:`Commitment` per box item, task, indicator, project
or target, with the metadata of its document (``planparse commitments``, the store's
``commitments`` table). Field order is the column order.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import PlanPart, RowKind


@dataclass
class Commitment:
    """One row of the flat export: a box item, a task, an indicator, a project or a target,
    with the metadata of its document."""

    document: str | None  # the file's path
    title: str | None
    edition: str | None
    period_start: int | None
    period_end: int | None
    date: str | None  # ISO, as precise as the plan: 2021, 2021-10, 2021-10-08
    issuer: str | None
    unit_id: str  # the id of its unit in the diff and the chain: 4.2.4-b1.2; a target adds #n
    path: list[str]  # titles of the sections it stands in, outermost first (and a table's caption)
    markers: list[str]  # each path element's heading marker: 三、, （一）; "" for a caption or a title
    kind: RowKind
    part: PlanPart | None  # the part of the document it stands in
    box: int | None
    box_title: str | None
    name: str
    text: str
    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    lead_note: str | None = None
    when: list[str] = field(default_factory=list)  # deadlines as written
    years: list[int] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)  # an indicator's every year: {year, text, value, unit, comparator}
    value: float | int | None = None  # the target value (an indicator's last year)
    low: float | int | None = None  # a range's ends (6%—6.5%); value is then empty
    high: float | int | None = None
    unit: str | None = None
    comparator: str | None = None  # about | at_least | at_most | range | exact
    direction: str | None = None  # the verb before a target's figure: 增长, 控制在, 新增 …
    measure: str | None = None  # what a target measures (the grammar's targets.measures): gdp, cpi …
    target_year: int | None = None
    attribute: str | None = None  # 约束性 / 预期性
    line: int | None = None
