"""The data model of a parsed plan, in one place.

Field order is the key order of the emitted tree (see ``emit.py``); the names are the
contract in ``docs/output-contract.md``. ``lines`` fields hold a node's source span
``[first, last]`` (1-based, in the decoded input) and are emitted only on request, because
two renderings of one plan must give equal ``sections``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .diff.statuses import Kind, Status

SCHEMA = "planparse/1"


@dataclass
class Repair:
    kind: str
    count: int = 0
    examples: list[str] = field(default_factory=list)
    unrecovered: list[str] = field(default_factory=list)


@dataclass
class Source:
    path: str | None = None
    sha256: str | None = None
    encoding: str | None = None
    form: str = "text"  # the form it was read in: text | markdown | html
    url: str | None = None  # where the text was taken from, when the input says (front matter)
    citation: str | None = None  # a legal database's reference code (【法宝引证码】), when exported from one
    script: str = "simplified"
    opencc: str | None = None  # the OpenCC configuration that converted the script, if any
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Meta:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    edition: str | None = None
    period: list[int] | None = None
    status: str | None = None  # a note under the title: 征求意见稿, 试行, 送审稿 …


@dataclass
class Notice:
    """The covering 通知 that issues a plan, and its colophon (版记)."""

    title: str | None = None
    doc_number: str | None = None
    addressees: str | None = None
    text: list[str] = field(default_factory=list)
    issuer: str | None = None
    date: str | None = None
    attachments: list[str] = field(default_factory=list)
    colophon: list[str] = field(default_factory=list)
    sections: list = field(default_factory=list)  # the notice's own numbered points, if any
    lines: list[int] | None = None


@dataclass
class TocEntry:
    level: int
    number: int
    title: str
    page: int | None = None
    lines: list[int] | None = None


@dataclass
class Figure:
    number: int | None
    title: str | None  # None for a picture with no caption
    image: str | None = None  # the picture's file, when the input shows one (markdown, HTML)
    lines: list[int] | None = None
    source_text: str = field(default="", repr=False)  # the caption line as written


@dataclass
class Value:
    """A typed value read from a cell or a sentence: ``>95%`` → 95, ``%``, ``>``."""

    text: str
    value: float | int | None = None
    unit: str | None = None
    comparator: str | None = None  # > >= < <= as the text says (超过 → >, 不低于 → >=)
    year: int | None = None


@dataclass
class Indicator:
    """A row of an indicator table (指标表), typed."""

    name: str
    category: str | None = None
    attribute: str | None = None  # 约束性 / 预期性
    values: list[Value] = field(default_factory=list)  # one per year column
    line: int | None = None


@dataclass
class Table:
    caption: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    lines: list[int] | None = None
    row_lines: list[int] = field(default_factory=list, repr=False)  # first source line of each row
    filled: list[tuple[int, int]] = field(default_factory=list, repr=False)  # (row, column) filled from above
    repeated: list[str] = field(default_factory=list, repr=False)  # header rows repeated on a new page
    source_text: str = field(default="", repr=False)  # the caption line as written


@dataclass
class Milestone:
    """A dated commitment: ``2021年底`` … ``编制出台``."""

    year: int
    when: str
    action: str


class TargetKind(str, Enum):
    """What a figure in running text is: a target the plan sets (for its period or the coming
    year), a result of the past period (去年…增长7.2%), or a forecast (预计…)."""

    TARGET = "target"
    RESULT = "result"
    FORECAST = "forecast"


class Comparator(str, Enum):
    """How a target's value binds: 左右/约 about, 以上/不低于/力争 at least, 以内/控制在/不超过
    at most, 6%—6.5% a range, else exactly."""

    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"
    EXACT = "exact"


@dataclass
class Target:
    """A figure in running text with its indicator: 到2025年底，某某率达到90%以上;
    地区生产总值增长5%左右. ``value`` (or ``low``/``high`` for a range), ``unit`` as written,
    ``direction`` the verb before the figure (增长, 控制在, 新增 …), ``year`` the year it is for."""

    indicator: str
    value: float | int | None
    unit: str | None = None
    comparator: Comparator | None = None
    year: int | None = None
    sentence: str = ""
    line: int | None = None
    low: float | int | None = None
    high: float | int | None = None
    direction: str | None = None
    attribute: str | None = None  # 约束性 / 预期性, where the text says
    kind: TargetKind = TargetKind.TARGET
    measure: str | None = None  # what it measures, by the grammar's ``targets.measures``: gdp, cpi …

    def shown(self) -> str:
        """The value as a reader writes it: ≥5%, 约5%, 6–6.5%, ≤3%, 1200万人."""
        return shown_target({"comparator": getattr(self.comparator, "value", self.comparator), "value": self.value,
                             "low": self.low, "high": self.high, "unit": self.unit})


def shown_target(target: dict) -> str:
    """A target's value as a reader writes it, from its data (a tree's ``targets`` entry):
    ≥5%, 约5%, 6–6.5%, ≤3%, 1200万人. Older trees' signs (>=, <=) are shown as they are."""
    comparator = target.get("comparator") or ""
    sign = {"about": "约", "at_least": "≥", "at_most": "≤", "range": "", "exact": ""}.get(comparator, comparator)
    low, high = target.get("low"), target.get("high")
    value = f"{low}–{high}" if low is not None and high is not None else f"{target.get('value')}"
    return f"{sign}{value}{target.get('unit') or ''}"


@dataclass
class Leads:
    """Who carries out a task, read off a bracket such as （责任单位：…）."""

    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # 配合 units, when named
    note: str | None = None  # what follows the unit list in the bracket


@dataclass
class BoxItem:
    """An entry of a 专栏: a named project, its description, deadlines and lead units."""

    name: str
    text: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    lead_note: str | None = None
    lines: list[int] | None = None
    source_text: str = field(default="", repr=False)  # the item's lines as written


@dataclass
class Box:
    """A 专栏 (a box of key projects) standing in a section."""

    number: int | None
    title: str
    items: list[BoxItem] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # text in the box that is no item
    lines: list[int] | None = None
    source_text: str = field(default="", repr=False)  # the 专栏 line as written


@dataclass
class Section:
    level: int
    number: int
    marker: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    lead_note: str | None = None
    milestones: list[Milestone] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    lines: list[int] | None = None
    rule: str = field(default="", repr=False)
    paragraph_lines: list[int] = field(default_factory=list, repr=False)  # first line of each paragraph
    review: bool = field(default=False, repr=False)  # it reviews the past period (extract reads it so)


@dataclass
class Appendix:
    number: int | None
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # an attachment numbered on its own (一、…)
    lines: list[int] | None = None
    source_text: str = field(default="", repr=False)  # the 附件 line as written


@dataclass
class Ledger:
    """What the tree holds in a form other than as written, kept as written so that ``--check``
    can account for every character: the normalised text, what was dropped as furniture, the
    front-matter lines that metadata took, the contents list and the back matter."""

    body: str = ""  # the normalised text the parse read, furniture blanked out
    furniture: str = ""  # what was blanked out as layout furniture
    taken: dict[str, list[str]] = field(default_factory=dict)  # place → lines as written


@dataclass
class Part:
    """One of several documents a file bundles (a 通知 that 印发 two plans): its own title
    and heading tree."""

    title: str | None
    sections: list[Section] = field(default_factory=list)
    lines: list[int] | None = None


@dataclass
class Document:
    schema: str = SCHEMA
    source: Source = field(default_factory=Source)
    meta: Meta = field(default_factory=Meta)
    notice: Notice | None = None
    preamble: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # the (first) document's heading tree
    appendices: list[Appendix] = field(default_factory=list)
    documents: list[Part] = field(default_factory=list)  # every document, when the file bundles several
    ledger: Ledger = field(default_factory=Ledger, repr=False)


@dataclass
class Line:
    """One physical line of the normalised input, with its 1-based number."""

    no: int
    text: str


@dataclass
class Block:
    """A logical line: physical lines joined by hard-wrap repair, with its span."""

    text: str
    first: int
    last: int
    kind: str = "text"
    data: dict = field(default_factory=dict)
    quoted: bool = False  # set apart by the input's form: a markdown block quote
    image: str | None = None  # the picture the line shows (a markdown image line)

    @property
    def span(self) -> list[int]:
        return [self.first, self.last]


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
    kind: str  # box-item | task | indicator | project | target | result | forecast
    part: str | None  # review | goals | tasks | safeguards: the part of the document it stands in
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


# --- the diff ------------------------------------------------------------------------------

DIFF_SCHEMA = "planparse-diff/3"
CHAIN_SCHEMA = "planparse-chain/3"


@dataclass
class Unit:
    """A comparable piece of a plan: a section, a 专栏 item, a table row, or a paragraph of a
    section with no subsections. ``text`` is what is compared; ``parent`` indexes the unit of
    the section it stands in. A leaf is a commitment (a box item, a task, a paragraph, a row),
    of the kind ``commitment`` says; the other sections are containers, paired through what
    went on under them."""

    kind: str  # section | box-item | table-row | paragraph
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
    part: str = "plan"  # what its top-level chapter is about: review, situation, or the plan itself
    commitment: Kind = Kind.TASK  # what kind of commitment a leaf is


@dataclass
class Group:
    """A merge, split or regrouping, told once: the old units that went into it and the new
    units that came of it (``kind``: merge — several old into one new; split — one old into
    several new; regroup — several into several), with the lead changes of the group as a
    whole."""

    id: int
    kind: str  # merge | split | regroup
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


def walk_sections(sections: list[Section]):
    """Every section, depth first, in document order."""
    for section in sections:
        yield section
        yield from walk_sections(section.sections)


def all_tables(document: Document):
    """Every table of a document: those of its sections, then those of its appendices."""
    for section in walk_sections(document.sections + [s for part in document.documents[1:] for s in part.sections]):
        yield from section.tables
    for appendix in document.appendices:
        for section in walk_sections(appendix.sections):
            yield from section.tables
        yield from appendix.tables


def from_data(cls, data):
    """A node of type ``cls`` rebuilt from the plain data ``emit.to_data`` wrote (a tree read
    back from YAML or JSON): keys the type does not know are left out, missing ones take their
    defaults, and nested nodes are rebuilt by their declared types."""
    import dataclasses
    import types
    import typing

    hints = typing.get_type_hints(cls)

    def build(kind, value):
        if value is None:
            return None
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if origin in (typing.Union, types.UnionType):  # X | None: the X
            kind = next(a for a in args if a is not type(None))
            origin, args = typing.get_origin(kind), typing.get_args(kind)
        if dataclasses.is_dataclass(kind) and isinstance(value, dict):
            return from_data(kind, value)
        if origin is list and isinstance(value, list):
            return [build(args[0], item) for item in value] if args else list(value)
        if origin is tuple and isinstance(value, list):
            return tuple(value)
        if isinstance(kind, type) and issubclass(kind, Enum) and isinstance(value, str):
            return kind(value) if value in kind._value2member_map_ else value
        return value

    names = {f.name for f in dataclasses.fields(cls) if f.init}
    return cls(**{key: build(hints[key], value) for key, value in data.items() if key in names})
