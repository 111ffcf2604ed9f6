"""Extract the commitments: 专栏 items, lead units, deadlines, running-text targets and the
typed values of indicator tables, each read by a rule of the grammar (``box``, ``leads``,
``deadlines``, ``targets``, ``table``)."""
from __future__ import annotations

import dataclasses
import functools

import regex

from .. import cache
from ..budget import derived
from ..grammar import Grammar
from ..model import (
    Block,
    Box,
    BoxItem,
    Document,
    Indicator,
    Leads,
    Milestone,
    Section,
    Table,
    Target,
    Value,
    all_tables,
    walk_sections,
)

NEAR = 256  # characters around a date that the deadline rules read
ACTION_MAX = 2000  # characters an action runs at most when no clause end comes (never, in a plan)

MASK = "\ufffc"  # stands in for quoted text, so a year in a title is no deadline
_DIGIT = cache.compile(r"\d")


def extract(document: Document, grammar: Grammar) -> Document:
    """Fill in leads, milestones and targets of every section and the indicators of every
    table (专栏 items are read while the tree is built: they decide where a box ends)."""
    later = [s for part in document.documents[1:] for s in part.sections]
    for section in walk_sections(document.sections + later + [s for a in document.appendices for s in a.sections]):
        read_section(section, grammar)
    for table in all_tables(document):
        table.indicators = indicators(table, grammar)
    return document


def read_section(section: Section, grammar: Grammar) -> None:
    """A section's own text: who leads it, by when, to what target."""
    found = Leads()
    for text, line in zip(section.paragraphs, section.paragraph_lines or [None] * len(section.paragraphs)):
        leads, rest = read_leads(text, grammar)
        if leads is not None:
            _merge_leads(found, leads)
        section.milestones += milestones(rest, grammar)
        section.targets += targets(rest, grammar, line)
    section.leads, section.partners, section.lead_note = found.leads, found.partners, found.note


# --- lead units ---------------------------------------------------------------------------

def read_leads(text: str, grammar: Grammar) -> tuple[Leads | None, str]:
    """The lead units that ``text`` names, and ``text`` without the brackets naming them.

    >>> from planparse.grammar import load_grammar
    >>> leads, rest = read_leads("建设平台。〔牵头单位：某省发展改革委（能源局）、某省网信办〕", load_grammar())
    >>> leads.leads, rest
    (['某省发展改革委（能源局）', '某省网信办'], '建设平台。')
    """
    rules = grammar.sections["leads"]
    forms = (  # first match wins where two forms overlap
        (rules["bracket"], lambda m: unit_list(m.group("units"), grammar)),
        (rules["lead_partner"], lambda m: Leads(split_units(m.group("units"), grammar),
                                                split_units(m.group("partners") or "", grammar))),
        (rules["responsible"], lambda m: Leads(split_units(m.group("units"), grammar))),
    )
    found, spans = Leads(), []
    for pattern, read in forms:
        for match in pattern.finditer(text):
            if not any(start < match.end() and match.start() < end for start, end in spans):
                _merge_leads(found, read(match))
                spans.append(match.span())
    line = rules["line"].match(text.strip())
    if not spans and line:
        _merge_leads(found, unit_list(line.group("units"), grammar))
        spans.append((0, len(text)))
    if not spans:
        return None, text
    rest = "".join(text[end:start] for (_, end), (start, _) in zip([(0, 0)] + sorted(spans),
                                                                    sorted(spans) + [(len(text), 0)]))
    return found, rest.strip()


def unit_list(units: str, grammar: Grammar) -> Leads:
    """The units of a 责任单位 list: leads, partners after 配合单位：, and a note after 。"""
    rules = grammar.sections["leads"]
    end = rules["note"].search(units)
    units, note = (units[:end.start()], units[end.end():]) if end else (units, "")
    lead_part, *partner_part = rules["partner_label"].split(units, maxsplit=1)
    return Leads(split_units(lead_part, grammar), split_units("".join(partner_part), grammar),
                 note.strip() or None)


def split_units(units: str, grammar: Grammar) -> list[str]:
    """Split a unit list on 、，； but not inside brackets; drop a closing 等有关单位.

    >>> from planparse.grammar import load_grammar
    >>> split_units("某局（某办）、某委，各市政府等有关单位", load_grammar())
    ['某局（某办）', '某委', '各市政府']
    """
    etc = grammar.pattern("leads", "etc")
    parts = _outside_brackets(grammar.pattern("leads", "separator")).split(units)
    when = grammar.sections["leads"].get("not_unit")  # a deadline written among the units
    return [unit for part in parts if (unit := etc.sub("", part.strip(" 。")).strip())
            and not (when is not None and when.search(unit))]


@functools.cache
@functools.lru_cache(maxsize=16)
def _outside_brackets(separator: regex.Pattern) -> regex.Pattern:
    return derived(separator, f"(?:{separator.pattern})(?![^（〔【]*[）〕】])")


def _merge_leads(into: Leads, more: Leads) -> None:
    into.leads += [unit for unit in more.leads if unit not in into.leads]
    into.partners += [unit for unit in more.partners if unit not in into.partners]
    if more.note:
        into.note = f"{into.note} {more.note}" if into.note else more.note


# --- deadlines and targets ----------------------------------------------------------------

def milestones(text: str, grammar: Grammar) -> list[Milestone]:
    """Every dated commitment in ``text``: the year, the date as written, and what is due
    (not what was done by then: 2012年底投入使用以来 is history).

    >>> from planparse.grammar import load_grammar
    >>> [(m.year, m.when, m.action) for m in milestones("2021年底编制出台；2025年底前全面建成。", load_grammar())]
    [(2021, '2021年底', '编制出台'), (2025, '2025年底前', '全面建成')]
    """
    rules = grammar.sections["deadlines"]
    masked = _masked(text, rules["quoted"])
    dates = deadlines(masked, grammar)
    found = []
    for index, date in enumerate(dates):
        end = rules["clause_end"].search(masked, date.end(), date.end() + ACTION_MAX)
        stop = end.start() if end else min(len(text), date.end() + ACTION_MAX)
        if index + 1 < len(dates):
            stop = min(stop, dates[index + 1].start())
        action = text[date.end():stop].strip("，、：: ")
        if action and not rules["past"].search(action):
            found.append(Milestone(int(date.group("year")), text[date.start("year"):date.end()], action))
    return found


def deadlines(text: str, grammar: Grammar) -> list[regex.Match]:
    """The dates in ``text`` that set a deadline: 2021年底, 到2025年, 2022年完成 — not a range,
    a period, a year of a name (2023年度) or a year inside a quoted title."""
    rules = grammar.sections["deadlines"]
    found = []
    for date in rules["when"].finditer(text):
        # windows, not the whole text after and before: slicing those would make a long
        # paragraph's dates quadratic (the patterns read a few characters either side)
        after = text[date.end():date.end() + NEAR]
        if rules["not_before"].search(text, max(0, date.start("year") - NEAR), date.start("year")):
            continue
        marked = date.group("lead") or date.group("part") or date.group("before")
        if not marked and (rules["not_after"].match(after) or not rules["action_start"].match(after.lstrip("，"))):
            continue
        found.append(date)
    return found


def targets(text: str, grammar: Grammar, line: int | None = None) -> list[Target]:
    """The measurable targets in ``text``, each with the sentence it came from: a value to
    reach by a date in the sentence, or after a word that looks forward (力争, 确保 …).

    >>> from planparse.grammar import load_grammar
    >>> [(t.indicator, t.value, t.unit, t.comparator, t.year) for t in targets("到2025年底，全市网办率达到95%以上。", load_grammar())]
    [('全市网办率', 95, '%', '>=', 2025)]
    """
    rules = grammar.sections["targets"]
    # the verbs the pattern stands on, when it does: a sentence without one has no target
    verbs = rules["verbs"] if "verbs" in grammar.uses.get(("targets", "pattern"), ()) else None
    found = []
    for sentence in _sentences(text, rules["sentence_end"]):
        if not _DIGIT.search(sentence):  # a target has a value: most sentences have none
            continue
        if verbs is not None and not verbs.search(sentence):
            continue
        dates = deadlines(_masked(sentence, grammar.pattern("deadlines", "quoted")), grammar)
        for match in rules["pattern"].finditer(sentence):
            if not dates and not rules["forward"].search(sentence, 0, match.start("verb")):
                continue
            indicator = match.group("indicator")
            year = None
            for date in dates:
                if date.start() < match.start("verb"):
                    year = int(date.group("year"))
                    if date.end() > match.start("indicator"):
                        indicator = sentence[date.end():match.end("indicator")]
            indicator = _without_forward(indicator.strip("，、：: "), rules["forward"])
            if len(indicator) < 2:
                continue
            comparator = _comparator(grammar, match.group("verb"), match.group("before"), match.group("after"))
            found.append(Target(indicator, _number(match.group("value")), match.group("unit") or None,
                                comparator, year, sentence, line))
    return found


def _without_forward(indicator: str, forward: regex.Pattern) -> str:
    """An indicator's name without the word that made it a target (力争 …)."""
    start = forward.match(indicator)
    return indicator[start.end():] if start else indicator


def _sentences(text: str, end: regex.Pattern) -> list[str]:
    return [s.strip() for s in _after(end).split(text) if s.strip()]


@functools.lru_cache(maxsize=16)
def _after(end: regex.Pattern) -> regex.Pattern:
    """A pattern that splits text after each match of ``end``."""
    return derived(end, f"(?<=(?:{end.pattern}))")


def _masked(text: str, quoted: regex.Pattern) -> str:
    return quoted.sub(lambda m: MASK * len(m.group()), text)


def _comparator(grammar: Grammar, *words: str | None) -> str | None:
    table = grammar.sections["targets"]["comparators"]
    for word in words:
        if word and word in table:
            return table[word]
    return None


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


# --- 专栏 boxes -----------------------------------------------------------------------------

def read_box(box: Box, blocks: list[Block], grammar: Grammar) -> list[Block]:
    """Fill ``box`` with its items from the blocks after its title; return the blocks after
    its last item, which are the section's text again.

    An item is a named entry (``名称。描述……``). When the box's items name their lead units,
    an entry without them ends the box unless its bracket follows on the next block; an entry
    cut off mid-sentence (a page break) is continued by the next block."""
    with_leads = None
    blocks = [part for block in blocks for part in _run_in_items(block, grammar)]
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        last = box.items[-1] if box.items else None
        if last is not None and _continues(last, block, with_leads, grammar):
            _extend_item(last, block, grammar)
            continue
        item = box_item(block, grammar)
        if item is not None and with_leads is None:
            with_leads = bool(item.leads) or _bare_leads(following, grammar)
        if item is None or (with_leads and not item.leads and not _bare_leads(following, grammar)):
            if box.items:
                return blocks[index:]
            box.paragraphs.append(block.text)
            continue
        box.items.append(item)
        box.lines = [box.lines[0], block.last]
    return []


def _run_in_items(block: Block, grammar: Grammar) -> list[Block]:
    """A block that holds more than one item (…中心。某某工程→开发…), one block per item."""
    if grammar.pattern("box", "item").match(block.text) is None:
        return [block]
    parts = grammar.pattern("box", "item_run_in").split(block.text)
    return [block] if len(parts) == 1 else [dataclasses.replace(block, text=part) for part in parts]


def box_item(block: Block, grammar: Grammar) -> BoxItem | None:
    """One item of a box, or None when the block does not read as one."""
    match = grammar.pattern("box", "item").match(block.text)
    if match is None:
        return None
    item = BoxItem(name=match.group("name").strip(), lines=block.span, source_text=block.text)
    _fill_item(item, match.group("text"), grammar)
    return item


def _fill_item(item: BoxItem, text: str, grammar: Grammar) -> None:
    leads, rest = read_leads(text, grammar)
    item.text = rest
    item.leads, item.partners, item.lead_note = (leads.leads, leads.partners, leads.note) if leads else ([], [], None)
    item.milestones = milestones(rest, grammar)
    item.targets = targets(rest, grammar, item.lines[0] if item.lines else None)


def _continues(item: BoxItem, block: Block, with_leads: bool | None, grammar: Grammar) -> bool:
    """Does ``block`` carry on ``item``: its lead bracket on a line of its own, or the rest of
    a description cut off by a page break?"""
    if _bare_leads(block, grammar):
        return not item.leads
    if with_leads and item.leads:
        return False
    ended = grammar.top["terminal_punctuation"].search(item.text) or grammar.top["closing_brackets"].search(item.text)
    return not ended and (with_leads or box_item(block, grammar) is None)


def _extend_item(item: BoxItem, block: Block, grammar: Grammar) -> None:
    kept = Leads(list(item.leads), list(item.partners), item.lead_note)
    _fill_item(item, item.text + block.text, grammar)
    item.source_text += "\n" + block.text
    _merge_leads(kept, Leads(item.leads, item.partners, item.lead_note))
    item.leads, item.partners, item.lead_note = kept.leads, kept.partners, kept.note
    item.lines = [item.lines[0], block.last]


def _bare_leads(block: Block | None, grammar: Grammar) -> bool:
    if block is None:
        return False
    leads, rest = read_leads(block.text, grammar)
    return leads is not None and not rest


# --- indicator tables ---------------------------------------------------------------------

def indicators(table: Table, grammar: Grammar) -> list[Indicator]:
    """Typed rows of an indicator table (one with a column per target year); [] otherwise.

    >>> from planparse.grammar import load_grammar
    >>> table = Table(columns=["指标", "2025年", "属性"], rows=[["网办率", ">95%", "约束性"]])
    >>> row = indicators(table, load_grammar())[0]
    >>> row.name, row.attribute, row.values[0].value, row.values[0].unit, row.values[0].comparator
    ('网办率', '约束性', 95, '%', '>')
    """
    rules = grammar.sections["table"]
    years = {i: int(m.group("year")) for i, column in enumerate(table.columns)
             if (m := rules["year_column"].match(column))}
    if not years:
        return []
    category = _column(table, rules["category_column"])
    attribute = _column(table, rules["attribute_column"])
    name = _column(table, rules["name_column"])
    if name is None:
        name = next((i for i in range(len(table.columns)) if i not in years and i not in (category, attribute)
                     and not all(row[i].isdigit() for row in table.rows if i < len(row))), None)
    if name is None:
        return []
    found = []
    for index, row in enumerate(table.rows):
        cell = lambda i: row[i] if i is not None and i < len(row) else None  # noqa: E731
        line = table.row_lines[index] if index < len(table.row_lines) else None
        found.append(Indicator(cell(name) or "", cell(category), cell(attribute),
                               [read_value(cell(i) or "", grammar, year) for i, year in years.items()], line))
    return found


def read_value(text: str, grammar: Grammar, year: int | None = None) -> Value:
    """A cell's value: ``>95%`` → 95, ``%``, ``>``; a cell with no number (``/``) has none."""
    match = grammar.pattern("table", "value").match(text.strip())
    if match is None:
        return Value(text, year=year)
    return Value(text, _number(match.group("value")), match.group("unit") or None,
                 _comparator(grammar, match.group("before"), match.group("after")), year)


def _column(table: Table, pattern: regex.Pattern) -> int | None:
    return next((i for i, column in enumerate(table.columns) if pattern.match(column)), None)
