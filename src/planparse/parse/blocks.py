"""What the parse works on before there is a tree: physical :class:`Line` s and logical
:class:`Block` s (lines joined by hard-wrap repair), each typed by the stage that reads it
(:class:`BlockKind`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    """What a block is, once the grammar has labelled it (``segment.label``) and the tree
    builder has had its say (a heading inside a box is an item: text again)."""

    TEXT = "text"
    HEADING = "heading"  # data: {"match": HeadingMatch}
    TABLE_ROW = "table-row"  # data: {"cells": [...]}
    TABLE_CAPTION = "table-caption"  # data: {"number", "title"}
    FIGURE = "figure"  # data: {"number", "title"}
    BOX = "box"  # a 专栏's title line; data: {"number", "title"}
    APPENDIX = "appendix"  # a 附件 line that starts an attachment

    def __str__(self) -> str:
        return self.value

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
    kind: BlockKind = BlockKind.TEXT
    data: dict = field(default_factory=dict)
    quoted: bool = False  # set apart by the input's form: a markdown block quote
    image: str | None = None  # the picture the line shows (a markdown image line)

    @property
    def span(self) -> list[int]:
        return [self.first, self.last]

    def copy(self) -> Block:
        """A shallow copy (``data`` shared), as ``copy.copy`` makes it, five times faster."""
        return Block(self.text, self.first, self.last, self.kind, self.data, self.quoted, self.image)
