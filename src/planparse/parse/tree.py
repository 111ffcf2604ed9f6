"""Build the tree: take the heading candidates the numbering decoder read as headings
(:mod:`planparse.parse.numbering`), nest them by their levels, and hang every other block
(paragraphs, figures, tables, 专栏 boxes) on the section it stands in."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import Appendix, Box, BundledDocument, Figure, Section, Table, walk_sections
from ..rules.grammar import Grammar
from .blocks import Block, BlockKind
from .extract import read_box
from .numbering import How, decode


@dataclass
class Built:
    front: list[Block] = field(default_factory=list)  # blocks before the first heading
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notice_sections: list[Section] = field(default_factory=list)  # a covering notice's own points
    documents: list[BundledDocument] = field(default_factory=list)  # the documents, when the blocks hold several
    bundled: list[Block] = field(default_factory=list)  # the front blocks of the later documents


@dataclass
class _OpenBox:
    """A 专栏 being read: the section it stands in, and the text blocks after its title."""

    section: Section
    box: Box
    blocks: list[Block] = field(default_factory=list)
    quoted: bool = False  # its title is in a block quote: the quote's end is the box's end


def build(blocks: list[Block], grammar: Grammar) -> Built:
    """The heading tree of the body blocks. A covering notice with numbered points of its own
    (一、… 二、…) before the plan's title gives those points to ``notice_sections``; the plan's
    numbering then starts afresh under its title. A file that bundles documents, each with its
    title and its own count, gives them all to ``documents``. The numbering is read once for the
    whole file (:func:`_splits`), then each document on its own."""
    decisions = decode(blocks, grammar)
    splits = _splits(blocks, decisions, grammar)
    if not splits:
        return _build(blocks, grammar, decisions)
    edges = [0] + splits + [len(blocks)]
    built = [_build(blocks[a:b], grammar) for a, b in zip(edges, edges[1:])]
    rest = built[-1]
    for head in reversed(built[:-1]):
        title = _own_title(head.front, grammar)
        if title is None:  # the points of a covering notice, then the plan it issues
            rest.front = head.front + rest.front
            rest.notice_sections = head.sections
            rest.warnings = head.warnings + rest.warnings
            continue
        later = rest.documents or [BundledDocument(_own_title(rest.front, grammar), rest.sections)]
        head.documents = [BundledDocument(title, head.sections)] + later
        head.warnings += rest.warnings
        head.bundled = rest.front if not rest.documents else rest.bundled + rest.front
        rest = head
    if rest.documents:
        rest.warnings.append(f"the file holds {len(rest.documents)} documents (" + "; ".join(
            bundled.title or "untitled" for bundled in rest.documents) + "): `sections` is the first, `documents` all")
    return rest


def _splits(blocks: list[Block], decisions: dict, grammar: Grammar) -> list[int]:
    """Where each later document starts: at a plan's title line before a heading numbered 1
    that breaks the count of the outermost numbering read so far (a plan numbered afresh after
    its own title; a list of 1. starting again under a line such as 保障措施 is no new plan)."""
    splits: list[int] = []
    outermost = None  # the smallest rank of the headings read since the last document began
    for index, block in enumerate(blocks):
        decision = decisions.get(index)
        if block.kind != BlockKind.HEADING or decision is None:
            continue
        rank = block.data["match"].rule.rank
        if outermost is not None and rank <= outermost and decision.how in (How.RESTART, How.REJECTED) \
                and (title := _plan_title_before(blocks, index, block, grammar)) is not None:
            splits.append(title)
            outermost = None
        if decision.heading:
            outermost = rank if outermost is None else min(outermost, rank)
    return splits


def _own_title(front: list[Block], grammar: Grammar) -> str | None:
    """The last plan title (a short line ending 规划/方案/政策/…, no 关于印发…的通知) before a
    document's first heading, or None."""
    titles = [block.text for block in front if grammar.plan_title(block.text)]
    return titles[-1].strip("《》") if titles else None


def _build(blocks: list[Block], grammar: Grammar, decisions: dict | None = None) -> Built:
    blocks = [block.copy() for block in blocks]  # kinds change here; callers' stay
    built = Built()
    decisions = decode(blocks, grammar) if decisions is None else decisions
    path: list[Section] = []  # the open sections, outermost first
    previous: Block | None = None
    box: _OpenBox | None = None
    for index, block in enumerate(blocks):
        decision = decisions.get(index)
        if decision is not None and decision.how == How.BOX_ITEM:
            block.kind = BlockKind.TEXT  # an item of the box, not a heading of the plan
        if block.kind == BlockKind.HEADING:
            section = _accept(block, decision, built)
            if section is not None:
                _close_box(box, grammar)
                box = None
                if previous is not None and previous.kind == BlockKind.TABLE_CAPTION and path:
                    _add_paragraph(path[-1], previous)
                while path and path[-1].level >= section.level:
                    path.pop()
                (path[-1].sections if path else built.sections).append(section)
                path.append(section)
                previous = None
                continue
            block.kind = BlockKind.TEXT
        if not path:
            built.front.append(block)
            continue
        if block.kind == BlockKind.BOX or (box is not None and (block.kind not in (BlockKind.TEXT, BlockKind.FIGURE)
                                                         or (box.quoted and not block.quoted))):
            _close_box(box, grammar)
            box = None
        if block.kind == BlockKind.BOX:
            box = _open_box(block, path)
        elif box is not None and block.kind == BlockKind.TEXT:
            if not box.box.title and not box.blocks and _title_line(block, grammar):
                box.box.title = block.text  # 专栏 3 on a line, its title on the next
                box.box.source_text += "\n" + block.text
            else:
                box.blocks.append(block)
            _extend_span(path, block)
        else:
            _attach(block, path, previous)
        previous = block
    _close_box(box, grammar)
    for section in reversed(list(walk_sections(built.sections))):
        _close_span(section)
    return built


def _open_box(block: Block, path: list[Section]) -> _OpenBox:
    """A 专栏 stands in the innermost open section."""
    box = Box(block.data["number"], block.data["title"], lines=block.span, source_text=block.text)
    path[-1].boxes.append(box)
    _extend_span(path, block)
    return _OpenBox(path[-1], box, quoted=block.quoted)


def _title_line(block: Block, grammar: Grammar) -> bool:
    return len(block.text) <= 40 and not grammar.top["prose_punctuation"].search(block.text) \
        and not grammar.pattern("box", "item").match(block.text)


def _close_box(open_box: _OpenBox | None, grammar: Grammar) -> None:
    """Read the items of the box; the text after its last item is its section's again."""
    if open_box is not None:
        for block in read_box(open_box.box, open_box.blocks, grammar):
            _add_paragraph(open_box.section, block)
    return None


def _plan_title_before(blocks: list[Block], index: int, block: Block, grammar: Grammar) -> int | None:
    """A heading numbered 1 that breaks the count, with a plan's title line since the last
    heading (or heading-like line): the index of that title line (the plan starts there), or
    None."""
    if block.data["match"].number != 1:
        return None
    for back in range(index - 1, -1, -1):
        earlier = blocks[back]
        if earlier.kind == BlockKind.HEADING or "match" in earlier.data:
            return None
        if grammar.plan_title(earlier.text):
            return back
    return None


def _accept(block: Block, decision, built: Built) -> Section | None:
    """The section of a heading candidate the decoder read as a heading (None when it read
    it as text), with a warning where its number does not follow the count."""
    match = block.data["match"]
    if decision is None or not decision.heading:
        if decision is not None and (not match.doubtful or match.number == decision.expected):
            built.warnings.append(f"line {block.first}: '{block.text[:30]}' looks like a heading but"
                                  f" breaks the numbering (expected {decision.expected}); kept as text")
        return None
    if decision.how == How.RESTART:
        built.warnings.append(f"line {block.first}: numbering starts again at 1 (expected {decision.expected})"
                              f" at '{match.title}': a heading above it is missing?")
    elif decision.how == How.MISNUMBERED:
        built.warnings.append(f"line {block.first}: '{match.title}' is numbered {match.number} where"
                              f" {decision.expected} was expected: read as a heading with a damaged number")
    elif decision.how in (How.JUMP, How.BACK):
        built.warnings.append(f"line {block.first}: numbering jumps to {match.number}"
                              f" (expected {decision.expected}) at '{match.title}'")
    section = Section(level=decision.level, number=match.number, marker=match.marker, title=match.title,
                      lines=block.span, rule=match.rule.name)
    if match.body:
        section.paragraphs.append(match.body)
        section.paragraph_lines.append(block.first)
    return section


def _attach(block: Block, path: list[Section], previous: Block | None) -> None:
    """Hang one block on the innermost open section. A table caption waits for its table."""
    section = path[-1]
    _extend_span(path, block)
    caption = previous if previous is not None and previous.kind == BlockKind.TABLE_CAPTION else None
    if block.kind == BlockKind.TABLE_ROW:
        continuing = previous is not None and previous.kind == BlockKind.TABLE_ROW
        add_table_row(section.tables, block, caption, continuing)
        return
    if caption is not None:
        _add_paragraph(section, caption)
    if block.kind == BlockKind.FIGURE:
        section.figures.append(Figure(block.data["number"], block.data["title"], block.image, lines=block.span,
                                      source_text=block.text))
    elif block.kind != BlockKind.TABLE_CAPTION:
        _add_paragraph(section, block)


def _add_paragraph(section: Section, block: Block) -> None:
    section.paragraphs.append(block.text)
    section.paragraph_lines.append(block.first)


def add_table_row(tables: list[Table], block: Block, caption: Block | None, continuing: bool) -> None:
    """Start a table at its header row, or add a row to the table being read.

    A row that repeats the header (a new page) is dropped; a blank cell under a merged cell
    takes the value above it.
    """
    cells = block.data["cells"]
    if caption is not None or not continuing or not tables:
        title = f"表{caption.data['number']} {caption.data['title']}" if caption else None
        tables.append(Table(caption=title, columns=cells, rows=[], lines=block.span,
                            source_text=caption.text if caption else ""))
        return
    table = tables[-1]
    assert table.lines is not None  # (set when the table was started)
    table.lines[1] = block.last
    if cells == table.columns:
        table.repeated.append(block.text)
        return
    cells = cells + [""] * (len(table.columns) - len(cells))
    previous = table.rows[-1] if table.rows else None
    row = len(table.rows)
    table.filled += [(row, i) for i, c in enumerate(cells) if not c and previous and i < len(previous) and previous[i]]
    table.rows.append([c or (previous[i] if previous and i < len(previous) else c) for i, c in enumerate(cells)])
    table.row_lines.append(block.first)


def build_appendix(blocks: list[Block], grammar: Grammar | None = None,
                   warnings: list[str] | None = None) -> Appendix:
    """An appendix: its number and title, and its tables and text — or, when it is numbered
    on its own (一、…), its own heading tree (its numbering's warnings go to ``warnings``)."""
    head, rest = blocks[0], blocks[1:]
    number = regex.sub(r"^《[^》]*》", "", head.text).strip("附件：: ") or None
    appendix = Appendix(number=int(number) if number and number.isdigit() else None, lines=head.span,
                        source_text=head.text)
    if number and not number.isdigit():  # a glossary: its title line is its head (附：名词解释)
        appendix.title = regex.sub(r"^附[：:]\s*", "", head.text).rstrip("：: ")
    if grammar is not None and any(block.kind == BlockKind.HEADING for block in rest):
        built = _build(rest, grammar)
        if built.sections:
            if warnings is not None:
                warnings += built.warnings
            front = [block.text for block in built.front]
            if front and len(front[0]) <= 60 and appendix.title is None:
                appendix.title, front = front[0], front[1:]
            appendix.paragraphs, appendix.sections = front, built.sections
            appendix.lines = [head.first, max([b.last for b in rest] or [head.last])]
            return appendix
    previous = None
    assert appendix.lines is not None  # (set from its head)
    for block in rest:
        appendix.lines = [appendix.lines[0], block.last]
        if block.kind == BlockKind.TABLE_ROW:
            add_table_row(appendix.tables, block, None, previous is not None and previous.kind == BlockKind.TABLE_ROW)
            if appendix.tables and appendix.tables[-1].caption is None:
                appendix.tables[-1].caption = appendix.title
        elif appendix.title is None and not appendix.tables and not appendix.paragraphs and len(block.text) <= 60:
            appendix.title = block.text
        else:
            appendix.paragraphs.append(block.text)
        previous = block
    return appendix


def _extend_span(path: list[Section], block: Block) -> None:
    for section in path:
        assert section.lines is not None  # (a section has its lines from its heading)
        section.lines = [section.lines[0], max(section.lines[1], block.last)]


def _close_span(section: Section) -> None:
    for child in section.sections:
        assert section.lines is not None and child.lines is not None  # (a section has its lines from its heading)
        section.lines = [section.lines[0], max(section.lines[1], child.lines[1])]
