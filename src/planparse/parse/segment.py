"""Segment: say what each block is (heading candidate, TOC entry, figure, table row, box,
appendix, colophon, text) and cut the document into its regions.

The regions are: the body (front matter, headings and their text), the table of contents,
the appendices (附件1 … with their tables) and the colophon (抄送 … 印发) at the end.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..model import TocEntry
from ..rules.grammar import Grammar, HeadingMatch
from ..rules.numerals import read_numeral
from .blocks import Block, BlockKind

TOC_TITLE_MIN = 4  # characters: the shortest contents title that may split a heading from its text


@dataclass
class Regions:
    body: list[Block] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    toc_blocks: list[Block] = field(default_factory=list)
    toc_damaged: list[str] = field(default_factory=list)  # lines of the contents that read as no entry
    attachments: list[Block] = field(default_factory=list)
    appendices: list[list[Block]] = field(default_factory=list)
    colophon: list[Block] = field(default_factory=list)


class Nesting:
    """Depth of headings by how the document nests its numbering systems.

    A numbering system seen before closes everything nested inside it; a new one opens one
    level deeper, unless the grammar ranks it above the systems open now (then it closes
    them). So 一、 > （一） > 1. nests at depths 1–3, and a plan that puts 1. straight under
    一、 gives 1. depth 2.
    """

    def __init__(self, grammar: Grammar):
        self.rank = grammar.rank
        self.open: list[str] = []

    def place(self, rule: str) -> tuple[int, bool]:
        """Depth ``rule`` would take now, and whether it continues an open system."""
        if rule in self.open:
            return self.open.index(rule) + 1, True
        depth = len(self.open)
        while depth and self.rank[self.open[depth - 1]] >= self.rank[rule]:
            depth -= 1
        return depth + 1, False

    def enter(self, rule: str) -> int:
        depth, _ = self.place(rule)
        del self.open[depth - 1:]
        self.open.append(rule)
        return depth


def segment(blocks: list[Block], grammar: Grammar) -> Regions:
    """Cut blocks into regions and label every body block with its kind."""
    blocks = _unfuse(blocks, grammar)
    regions = Regions()
    toc_start = grammar.pattern("toc", "start")
    later: _LaterHeadings | None = None
    has_heading = False  # (kept, not searched for: a body with no heading would make it quadratic)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if toc_start.match(block.text) and not regions.toc_blocks:
            after = _read_toc(blocks, index, grammar, regions)
            if after is not None:
                index = after
                continue
        if not regions.toc_blocks and not has_heading and _entry_line(block.text, grammar):
            later = later or _LaterHeadings(blocks, grammar)
            after = _read_bare_toc(blocks, index, grammar, regions, later)
            if after is not None:
                index = after
                continue
        if (has_heading and _is_back_matter(block, grammar)
                and not _plan_follows(blocks[index + 1:], regions.body, grammar)
                and not (_glossary(block, grammar) and _count_goes_on(blocks[index + 1:], regions.body, grammar))):
            _read_back_matter(blocks[index:], grammar, regions)
            break
        regions.body.append(label(block, grammar))
        has_heading = has_heading or regions.body[-1].kind == BlockKind.HEADING
        index += 1
    if regions.toc:
        _split_run_in_headings(regions.body, regions.toc, grammar)
    return regions


def _unfuse(blocks: list[Block], grammar: Grammar) -> list[Block]:
    """A heading run into the line of a more major one (第一篇 总体要求 第一章 发展基础: OCR and
    some web copies) as two blocks on that line."""
    fused = grammar.sections["heading_title"].get("fused")
    if fused is None:
        return blocks
    out = []
    last: dict[str, int] = {}  # the last number of each numbering system so far
    for index, block in enumerate(blocks):
        heading = grammar.match_heading(block.text) if fused.search(block.text, 1) else None
        inner = fused.search(block.text, len(block.text) - len(heading.title) - len(heading.body)) \
            if heading is not None and heading.title else None
        if inner is not None:
            first, second = block.text[:inner.start()].rstrip(), block.text[inner.start():]
            outer, minor = grammar.match_heading(first), grammar.match_heading(second)
            # the inner heading must carry its count on (or open it): 第二篇 落实第三章要求 cites one
            if outer is not None and minor is not None and minor.rule.rank > outer.rule.rank and not outer.body \
                    and minor.number in (1, last.get(minor.rule.name, 0) + 1) \
                    and _next_number(blocks, index + 1, minor.rule.name, grammar) != minor.number:
                out += [dataclasses.replace(block, text=first), dataclasses.replace(block, text=second)]
                last[outer.rule.name], last[minor.rule.name] = outer.number, minor.number
                continue
        if (found := grammar.match_heading(block.text)) is not None and not found.doubtful:
            last[found.rule.name] = found.number
        out.append(block)
    return out


LOOK_AHEAD = 400  # blocks a fused heading's next of kin is looked for in


def _next_number(blocks: list[Block], start: int, rule: str, grammar: Grammar) -> int | None:
    """The number of the next heading of numbering system ``rule`` from ``start`` on, or None."""
    for block in blocks[start:start + LOOK_AHEAD]:
        found = grammar.match_heading(block.text)
        if found is not None and found.rule.name == rule:
            return found.number
    return None


def _split_run_in_headings(blocks: list[Block], toc: list[TocEntry], grammar: Grammar) -> None:
    """Headings run into their text with nothing between (OCR: 第一节加强基础设施建设加快…)
    are split where the table of contents says the title ends: a line whose marker and number
    are a heading's and whose text starts with the title of a contents entry of that number."""
    titles: dict[int, list[str]] = {}
    for entry in toc:
        titles.setdefault(entry.number, []).append(entry.title)
    for block in blocks:
        if block.kind not in (BlockKind.HEADING, BlockKind.TEXT):
            continue
        found = grammar.heading_candidate(block.text)
        if found is None:
            continue
        rule, match = found
        rest = match.group("rest").strip()
        try:
            number = read_numeral(match.group("num"), rule.numeral)
        except ValueError:
            continue
        current = block.data["match"].title if block.kind == BlockKind.HEADING else None
        for title in sorted(titles.get(number, ()), key=len, reverse=True):
            if len(title) >= TOC_TITLE_MIN and rest.startswith(title) and len(rest) > len(title) \
                    and current != title and (current is None or len(current) > len(title)):
                body = rest[len(title):].lstrip("。：；，、 ")
                marker = rule.marker.replace("{n}", match.group("num"))
                block.kind, block.data = BlockKind.HEADING, {"match": HeadingMatch(rule, number, marker, title, body)}
                break


def label(block: Block, grammar: Grammar) -> Block:
    """Set ``block.kind`` and ``block.data`` from the first grammar rule it satisfies."""
    text = block.text
    if block.image is not None:
        match = grammar.pattern("figure", "pattern").match(text)
        number = read_numeral(match.group("num"), "auto") if match else None
        title = match.group("title").strip() if match else (text if text != block.image else None)
        block.kind, block.data = BlockKind.FIGURE, {"number": number, "title": title}
        return block
    if "\t" in text:
        block.kind, block.data = BlockKind.TABLE_ROW, {"cells": [c.strip() for c in text.split("\t")]}
        return block
    heading = grammar.match_heading(text)
    if heading:
        block.kind, block.data = BlockKind.HEADING, {"match": heading}
        return block
    for kind, section, key in ((BlockKind.FIGURE, "figure", "pattern"), (BlockKind.TABLE_CAPTION, "table", "caption"),
                               (BlockKind.BOX, "box", "pattern")):
        match = grammar.pattern(section, key).match(text)
        if match:
            block.kind = kind
            block.data = {"number": read_numeral(match.group("num"), "auto"), "title": match.group("title").strip(" ：:")}
            return block
    block.kind = BlockKind.TEXT
    return block


def _plan_follows(blocks: list[Block], body: list[Block], grammar: Grammar) -> bool:
    """Does a plan start again after this 附件 (a covering notice with points of its own,
    whose attachment is the plan)? Then the body is worded as a notice (关于印发…的通知,
    现印发给你们) and a heading numbered 1 of its outermost numbering system comes after it."""
    if _has_own_title(body, grammar) or not _worded_as_notice(body, grammar):
        return False  # the body is a plan of its own: what follows 附件 is its attachment
    top = min((b.data["match"].rule for b in body if b.kind == BlockKind.HEADING), key=lambda rule: rule.rank).name
    for block in blocks:
        if grammar.pattern("notice", "colophon_start").match(block.text):
            return False
        heading = grammar.match_heading(block.text)
        if heading and heading.rule.name == top and heading.number == 1:
            return True
    return False


def _worded_as_notice(body: list[Block], grammar: Grammar) -> bool:
    """Does the body hold a covering notice's title or wording (关于印发…的通知, 现印发给你们)?"""
    notice = grammar.sections["notice"]
    return any(notice["title"].match(block.text) or notice["text"].search(block.text) for block in body)


def _glossary(block: Block, grammar: Grammar) -> bool:
    pattern = grammar.sections["appendix"].get("glossary")
    return pattern is not None and pattern.match(block.text) is not None


def _count_goes_on(blocks: list[Block], body: list[Block], grammar: Grammar) -> bool:
    """Does the count of one of the body's numbering systems go on after these blocks' start
    (the next number of the body's last heading of that system comes)? Then a glossary's title
    line (or a table's 附注) is the body's, not its end."""
    last: dict[str, int] = {}
    for block in body:
        if block.kind == BlockKind.HEADING:
            last[block.data["match"].rule.name] = block.data["match"].number
    for block in blocks:
        heading = grammar.match_heading(block.text)
        if heading and last.get(heading.rule.name, -1) + 1 == heading.number:
            return True
    return False


def _has_own_title(body: list[Block], grammar: Grammar) -> bool:
    """Does the body open with a plan's own title (a short line ending 规划/方案/办法/…, not
    the 关于印发…的通知 of a covering notice) before its first heading?"""
    for block in body:
        if block.kind == BlockKind.HEADING:
            return False
        if grammar.plan_title(block.text):
            return True
    return False


def _read_toc(blocks: list[Block], start: int, grammar: Grammar, regions: Regions) -> int | None:
    """Read ``目录`` and the entries after it; return the index of the first block after, or
    None when what follows is no contents list.

    Entries carry a page number (``一、总体要求……1``). A web copy's contents list has none:
    then its entries are bare headings, and they are a contents list only if the first of
    them comes again after them, where the document itself begins."""
    entry = grammar.pattern("toc", "entry")
    entries: list[tuple[Block, HeadingMatch, int | None]] = []
    skipped: list[Block] = []
    seen: set[tuple] = set()
    index = start + 1
    run_together = grammar.sections["toc"].get("run_together")
    while index < len(blocks):
        block = blocks[index]
        if run_together is not None and len(parts := [p for p in run_together.split(block.text) if p]) > 1 \
                and all((m := entry.match(part)) and grammar.match_heading(m.group("text").strip()) for part in parts):
            blocks[index:index + 1] = [dataclasses.replace(block, text=part) for part in parts]
            block = blocks[index]  # (entries run together on one line: one block each)
        match = entry.match(block.text)
        heading = grammar.match_heading(match.group("text").strip()) if match else None
        page = int(match.group("page")) if heading and match else None
        if heading is None:
            heading = grammar.match_heading(block.text)
            if heading is None and entries and entries[0][2] is None and _damaged_entry(blocks, index, grammar):
                skipped.append(block)  # an entry the damage made unreadable: it costs itself only
                index += 1
                continue
            if heading is None or heading.body or (entries and entries[0][2] is not None):
                break
            if entries and _key(heading) in seen:
                break  # an entry again: the document itself begins (its first heading may be lost)
        entries.append((block, heading, page))
        seen.add(_key(heading))
        index += 1
    if not entries or (entries[0][2] is None
                       and not any(_repeats_later(e[1], blocks[index:], grammar) for e in entries[:3])):
        return None  # not a contents list after all
    nesting = Nesting(grammar)
    regions.toc_blocks.append(blocks[start])
    for block, heading, page in entries:
        regions.toc.append(TocEntry(nesting.enter(heading.rule.name), heading.number, heading.title, page,
                                    lines=block.span))
        regions.toc_blocks.append(block)
    if skipped:
        regions.toc_blocks += skipped
        regions.toc_blocks.sort(key=lambda block: block.first)
        regions.toc_damaged = [block.text for block in skipped]
    return index


TOC_LEAST = 3  # entries a contents list without a 目录 line has at least …
TOC_AGAIN = 0.6  # … and the share of them that come again, in order, as headings after it


class _LaterHeadings:
    """Where each heading (numbering system, number, title) stands among the blocks, for
    telling whether the entries of a list come again after it."""

    def __init__(self, blocks: list[Block], grammar: Grammar):
        self.at: dict[tuple, list[int]] = {}
        for index, block in enumerate(blocks):
            heading = grammar.match_heading(block.text)
            if heading is not None:
                self.at.setdefault(_key(heading), []).append(index)

    def again(self, keys: list[tuple], after: int) -> int:
        """How many of ``keys`` come again, in order, after block ``after``."""
        found, position = 0, after
        for key in keys:
            later = next((k for k in self.at.get(key, ()) if k > position), None)
            if later is not None:
                found, position = found + 1, later
        return found


def _entries(text: str, grammar: Grammar) -> list | None:
    """The contents entries of one line — one, or several run together (with or without
    page numbers) — as headings with their pages; None when a part reads as no entry."""
    toc = grammar.sections["toc"]
    parts = [text]
    for key in ("run_together", "run_together_bare"):
        if toc.get(key) is not None:
            parts = [p for part in parts for p in toc[key].split(part) if p.strip()]
    found = []
    for part in parts:
        match = toc["entry"].match(part)
        heading = grammar.match_heading(match.group("text").strip()) if match else None
        page = int(match.group("page")) if heading else None
        heading = heading or grammar.match_heading(part.strip())
        if heading is None or heading.body:
            return None
        found.append((heading, page))
    return found


def _entry_line(text: str, grammar: Grammar) -> bool:
    """Can ``text`` open a contents list that has no 目录 line of its own (目录 run into it, or
    none)?"""
    run_in = grammar.sections["toc"].get("start_run_in")
    if run_in is not None and run_in.match(text):
        return True
    heading = grammar.match_heading(text)
    return heading is not None and not heading.body


def _read_bare_toc(blocks: list[Block], start: int, grammar: Grammar, regions: Regions,
                   later: _LaterHeadings) -> int | None:
    """A contents list found as a sequence: lines of entries only (several to a line, page
    numbers or none; 目录 run into the first), at least ``TOC_LEAST`` entries, most of which
    come again in order after them as the document's headings. The index after it, or None."""
    run_in = grammar.sections["toc"].get("start_run_in")
    lines: list[tuple[Block, list]] = []
    seen: set[tuple] = set()
    index = start
    while index < len(blocks):
        text = blocks[index].text
        if index == start and run_in is not None and (head := run_in.match(text)):
            text = text[head.end():]
        entries = _entries(text, grammar) if blocks[index].kind in (BlockKind.TEXT, BlockKind.HEADING) else None
        if not entries or any(_key(heading) in seen for heading, _ in entries):
            break  # (an entry again: the document itself begins)
        lines.append((blocks[index], entries))
        seen.update(_key(heading) for heading, _ in entries)
        index += 1
    headings = [heading for _, entries in lines for heading, _ in entries]
    keys = [_key(heading) for heading in headings]
    if len(keys) < TOC_LEAST or later.again(keys, index - 1) < TOC_AGAIN * len(keys):
        return None
    # its outermost entries (and so its first) must all come again: sub-headings that every
    # part repeats (（一）发展现状) are no evidence of a contents list
    outermost = min(heading.rule.rank for heading in headings)
    major = [key for key, heading in zip(keys, headings) if heading.rule.rank == outermost]
    if later.again(major, index - 1) < len(major) or headings[0].rule.rank != outermost:
        return None
    nesting = Nesting(grammar)
    for block, entries in lines:
        for heading, page in entries:
            regions.toc.append(TocEntry(nesting.enter(heading.rule.name), heading.number, heading.title, page,
                                        lines=block.span))
        regions.toc_blocks.append(block)
    return index


def _damaged_entry(blocks: list[Block], index: int, grammar: Grammar) -> bool:
    """Is this line of a contents list without page numbers a damaged entry, the list going
    on after it? A short line with no prose punctuation between two entries."""
    text = blocks[index].text
    after = blocks[index + 1].text if index + 1 < len(blocks) else ""
    following = grammar.match_heading(after)
    return (len(text) <= grammar.title_max and not grammar.top["prose_punctuation"].search(text)
            and following is not None and not following.body)


def _key(heading) -> tuple:
    return heading.rule.name, heading.number, heading.title


def _same_heading(a, b) -> bool:
    return _key(a) == _key(b)


def _repeats_later(heading, blocks: list[Block], grammar: Grammar) -> bool:
    return any((found := grammar.match_heading(b.text)) and _same_heading(found, heading) for b in blocks)


def _is_back_matter(block: Block, grammar: Grammar) -> bool:
    starts = [grammar.pattern("appendix", "list_start"), grammar.pattern("appendix", "start"),
              grammar.pattern("notice", "colophon_start")]
    glossary = grammar.sections["appendix"].get("glossary")
    return grammar.matches_any("back-matter", starts + ([glossary] if glossary is not None else []), block.text)


def _read_back_matter(blocks: list[Block], grammar: Grammar, regions: Regions) -> None:
    """Attachment list, appendices and colophon: everything after the plan's last section."""
    list_start = grammar.pattern("appendix", "list_start")
    list_item = grammar.pattern("appendix", "list_item")
    appendix = grammar.pattern("appendix", "start")
    colophon_start = grammar.pattern("notice", "colophon_start")
    state = None
    for block in blocks:
        text = block.text
        if list_start.match(text):
            state = "list"
            regions.attachments.append(block)
        elif state == "list" and list_item.match(text):
            regions.attachments.append(block)
        elif appendix.match(text) or _glossary(block, grammar):
            if state == "appendix" and len(regions.appendices[-1]) == 1 and _glossary(block, grammar):
                regions.appendices[-1].append(block)  # 附件： then 名词解释: the appendix's title
                continue
            state = "appendix"
            block.kind = BlockKind.APPENDIX
            regions.appendices.append([block])
        elif colophon_start.match(text) or state == "colophon":
            state = "colophon"
            regions.colophon.append(block)
        elif state == "appendix":
            regions.appendices[-1].append(label(block, grammar))
        else:
            state = None
            regions.body.append(label(block, grammar))
