"""The tree of a parsed plan: what ``parse`` returns and ``emit`` writes.

Field order is the key order of the emitted tree (see ``emit.py``); the names are the
contract in ``docs/output-contract.md``. ``lines`` fields hold a node's source span
``[first, last]`` (1-based, in the decoded input) and are emitted only on request, because
two renderings of one plan must give equal ``sections``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

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
class BundledDocument:
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
    documents: list[BundledDocument] = field(default_factory=list)  # every document, when the file bundles several
    ledger: Ledger = field(default_factory=Ledger, repr=False)


def walk_sections(sections: list[Section]):
    """Every section, depth first, in document order (:func:`.walk.nodes`)."""
    from .walk import nodes

    return nodes(sections)


def all_tables(document: Document):
    """Every table of a document: those of its sections, then those of its appendices."""
    for section in walk_sections(document.sections + [s for bundled in document.documents[1:] for s in bundled.sections]):
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
