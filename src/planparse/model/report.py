"""The records of a diff and a chain: units, pairs, merge groups, verdicts, the report of one
diff and the lineages of a chain. Field order is the key order of ``diff --format json``
(schema ``planparse-diff/3``) and of ``chain`` (``planparse-chain/3``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import GroupKind, Kind, Status, UnitKind

DIFF_SCHEMA = "planparse-diff/3"
CHAIN_SCHEMA = "planparse-chain/3"


@dataclass
class Unit:
    """A comparable piece of a plan: a section, a 专栏 item, a table row, or a paragraph of a
    section with no subsections. ``text`` is what is compared; ``parent`` indexes the unit of
    the section it stands in. A leaf is a commitment (a box item, a task, a paragraph, a row),
    of the kind ``commitment`` says; the other sections are containers, paired through what
    went on under them."""

    kind: UnitKind
    path: list[str]  # titles of the sections it stands in, outermost first
    title: str
    text: str
    level: int | None = None
    number: int | None = None
    marker: str | None = None  # a section's marker as the plan writes it: 一、 （一） 第三章
    box: int | None = None
    box_title: str | None = None  # the title of its 专栏, for a box item
    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    lead_note: str | None = None
    milestones: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)  # an indicator row's typed values
    id: str = ""  # where it stands, by position: 4.2.1, 4.2.1-p3 (paragraph), 4.2.4-b1.2 (box item), 1.3-t1.r4
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    index: int = 0
    leaf: bool = True
    inherited: list[str] = field(default_factory=list)  # lead units a plan-wide note gives it
    chapter: str = "plan"  # what its top-level chapter is about: a rule of the grammar's parts, or the plan
    commitment: Kind = Kind.TASK  # what kind of commitment a leaf is


@dataclass
class Group:
    """A merge, split or regrouping, told once: the old units that went into it and the new
    units that came of it (``kind``: merge — several old into one new; split — one old into
    several new; regroup — several into several), with the lead changes of the group as a
    whole."""

    id: int
    kind: GroupKind
    old: list[Unit]
    new: list[Unit]
    changes: dict = field(default_factory=dict)


@dataclass
class Pair:
    """One judgement of the diff: how an old unit became a new one (either may be None).
    ``status`` says what became of the content, ``moved`` whether it went under another
    parent; a pair of a merge or split points to its ``group``. ``score`` is how sure the
    alignment is that the two are one commitment, ``evidence`` what it saw (the views'
    likeness, the phrases both share)."""

    status: Status
    similarity: float
    old: Unit | None
    new: Unit | None
    moved: bool = False
    group: Group | None = None
    changes: dict = field(default_factory=dict)  # field-level changes: leads, milestones, targets …
    inline: list[list[str]] = field(default_factory=list)  # [op, text]: = kept, - removed, + added
    score: float | None = None
    evidence: dict = field(default_factory=dict)


@dataclass
class Verdict:
    """What became of one commitment of the old plan: its fate and the new units it went
    into (with the group it is part of, for a merge or split)."""

    unit: Unit
    fate: Status
    partners: list[Unit] = field(default_factory=list)
    group: Group | None = None


@dataclass
class Report:
    old: dict
    new: dict
    summary: dict
    pairs: list[Pair]
    groups: list[Group] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)  # one per old commitment
    added: list[Unit] = field(default_factory=list)  # the new commitments that carry on none
    old_units: list[Unit] = field(default_factory=list)
    new_units: list[Unit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader should know once (no leads named …)

    @property
    def equivalent(self) -> bool:
        return all(pair.status == Status.UNCHANGED and not pair.moved for pair in self.pairs)


@dataclass
class Step:
    edition: int  # index of the edition, oldest first
    status: str  # present (in the first edition) | added | unchanged | changed | merged | split | in_part | uncertain | dropped
    unit: Unit | None
    similarity: float | None = None
    moved: bool = False


@dataclass
class Lineage:
    """One commitment followed across editions. A lineage that merges into another goes on
    there: ``merged_into`` names it, and its last step is the merge, with the unit it went
    into; one that splits names the lineages of its other parts (``branches``), each of which
    says where it came from (``split_from``)."""

    id: str
    steps: list[Step] = field(default_factory=list)
    merged_into: str | None = None
    branches: list[str] = field(default_factory=list)
    split_from: str | None = None


@dataclass
class Chain:
    editions: list[dict]
    reports: list[Report]
    lineages: list[Lineage]
    warnings: list[str] = field(default_factory=list)
