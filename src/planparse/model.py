"""The data model of a parsed plan, in one place.

Field order is the key order of the emitted tree (see ``emit.py``); the names are the
contract in ``shared/spec/output-contract.md``. ``lines`` fields hold a node's source span
``[first, last]`` (1-based, in the decoded input) and are emitted only on request, because
two renderings of one plan must give equal ``sections``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
    title: str
    lines: list[int] | None = None


@dataclass
class Table:
    caption: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] | None = None


@dataclass
class Section:
    level: int
    number: int
    marker: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    boxes: list = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    lines: list[int] | None = None
    rule: str = field(default="", repr=False)


@dataclass
class Appendix:
    number: int | None
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    lines: list[int] | None = None


@dataclass
class Document:
    schema: str = SCHEMA
    source: Source = field(default_factory=Source)
    meta: Meta = field(default_factory=Meta)
    notice: Notice | None = None
    preamble: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)


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

    @property
    def span(self) -> list[int]:
        return [self.first, self.last]
