"""Extract the commitments: 专栏 items, lead units, deadlines, running-text targets and the
typed values of indicator tables, each read by a rule of the grammar (``box``, ``leads``,
``deadlines``, ``targets``, ``table``)."""
from __future__ import annotations

import dataclasses
import functools
import unicodedata

import regex

from .. import cache
from ..budget import derived
from ..grammar import Grammar
from ..model import (
    Block,
    Box,
    BoxItem,
    Comparator,
    Document,
    Indicator,
    Leads,
    Milestone,
    Section,
    Table,
    Target,
    TargetKind,
    Value,
    all_tables,
)
from ..numerals import read_numeral

NEAR = 256  # characters around a date that the deadline rules read
ACTION_MAX = 2000  # characters an action runs at most when no clause end comes (never, in a plan)

MASK = "\ufffc"  # stands in for quoted text, so a year in a title is no deadline
_DIGIT = cache.compile(r"\d")


def extract(document: Document, grammar: Grammar) -> Document:
    """Fill in leads, milestones and targets of every section and the indicators of every
    table (专栏 items are read while the tree is built: they decide where a box ends). The
    text is read in order, so that each figure is known to be of the past period or not
    (:class:`Period`)."""
    year = _document_year(document)
    front = (document.notice.text if document.notice is not None else []) + document.preamble
    for tops, preamble in [(document.sections, front)] \
            + [(part.sections, []) for part in document.documents[1:]] + [(a.sections, []) for a in document.appendices]:
        period = Period(grammar, year)
        for text in preamble:
            period.paragraph(text)
        for top in tops:
            period.heading(top.title)
            _read_tree(top, grammar, period, False)
    for table in all_tables(document):
        table.indicators = indicators(table, grammar)
    return document


def _read_tree(section: Section, grammar: Grammar, period: Period, under_review: bool) -> None:
    """Read a section and those under it, in order; a section titled as a review (发展基础)
    makes its whole subtree a review."""
    under_review = under_review or reviews_the_past(section.title, grammar, period.year)
    read_section(section, grammar, period, under_review)
    for child in section.sections:
        _read_tree(child, grammar, period, under_review)


class Period:
    """Where the text reading in order stands: in a review of the past period (its figures
    are results) or not. A review opens at a top-level heading or a part line of its own
    (a short line: 2023年工作回顾, written unnumbered in many reports) that the grammar's
    ``parts.review`` matches or that names an earlier year than the document's; it closes at
    one that looks ahead (``parts.ahead``, or the document's year or later: 2024年工作安排),
    or at a paragraph that opens on the year ahead (``parts.ahead_opening``: 今年…)."""

    PART_LINE = 30  # characters: a line this short, with no sentence punctuation, may head a part

    def __init__(self, grammar: Grammar, year: int | None):
        self.grammar, self.year, self.past = grammar, year, False
        period = grammar.sections.get("period") or {}
        self.ahead, self.opening = period.get("ahead"), period.get("ahead_opening")
        self.review_opening = period.get("review_opening")

    def heading(self, title: str) -> None:
        if reviews_the_past(title, self.grammar, self.year):
            self.past = True
        elif self._looks_ahead(title):
            self.past = False

    def paragraph(self, text: str) -> bool:
        """Read a paragraph; is it of the past period?"""
        if len(text) <= self.PART_LINE and not self.grammar.top["prose_punctuation"].search(text):
            self.heading(text)
        elif self.opening is not None and self.opening.match(text):
            self.past = False
        elif self.review_opening is not None and self.review_opening.match(text):
            self.past = True
        return self.past

    def _looks_ahead(self, title: str) -> bool:
        found = _TITLE_YEAR.search(title)
        return bool(self.ahead is not None and self.ahead.search(title)) or (
            self.year is not None and found is not None and int(found.group(1)) >= self.year)




def _document_year(document: Document) -> int | None:
    """The year a document is of: its date's, else the first year in its title."""
    if document.meta.date:
        return int(document.meta.date[:4])
    found = regex.search(r"(?:19|20)\d{2}", document.meta.title or "")
    return int(found.group()) if found else None


def reviews_the_past(title: str, grammar: Grammar, year: int | None = None) -> bool:
    """Is a top-level section with this title a review of the past period (2023年工作回顾,
    过去五年的工作, 发展基础)? By the grammar's ``parts.review``; or, in a document dated
    ``year``, a title about an earlier year's work (2015年主要工作 in a report of 2016); or a
    short title that says what was done (``parts.review_done``: 四年来的主要工作)."""
    if grammar.pattern("parts", "review").search(title):
        return True
    done = (grammar.sections.get("period") or {}).get("review_done")
    if done is not None and len(title) <= grammar.title_max and done.search(title):
        return True
    years = [int(found) for found in _TITLE_YEAR.findall(title)]
    return year is not None and bool(years) and max(years) < year


_TITLE_YEAR = regex.compile(r"((?:19|20)\d{2})年")


def read_section(section: Section, grammar: Grammar, period: Period | None = None, review: bool = False) -> None:
    """A section's own text: who leads it, by when, to what target (``period``: where the
    reading stands, each paragraph read in turn; ``review``: the section reviews the past.
    Figures of a review are results)."""
    found = Leads()
    section.review = review or (period is not None and period.past and not section.paragraphs)
    for text, line in zip(section.paragraphs, section.paragraph_lines or [None] * len(section.paragraphs)):
        leads, rest = read_leads(text, grammar)
        if leads is not None:
            _merge_leads(found, leads)
        section.milestones += milestones(rest, grammar)
        past = (period.paragraph(text) if period is not None else False) or review
        section.review = section.review or past
        section.targets += targets(rest, grammar, line, past, period.year if period is not None else None)
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


def targets(text: str, grammar: Grammar, line: int | None = None, past: bool = False,
            year: int | None = None) -> list[Target]:
    """Every figure with a unit in ``text`` and what it is: a target (the default), a result
    of the past (a word such as 去年 or 累计 before it in its sentence, a year before it earlier
    than ``year``, the year of the document, or ``past``: the text is a review of the past
    period) or a forecast (预计). Each has its indicator (its clause up to
    the verb), value or range, unit as written, comparator, direction and year.

    >>> from planparse.grammar import load_grammar
    >>> [(t.indicator, t.value, t.unit, t.comparator.value, t.year) for t in targets("到2025年底，全市网办率达到95%以上。", load_grammar())]
    [('全市网办率', 95, '%', 'at_least', 2025)]
    >>> [(t.indicator, t.low, t.high, t.comparator.value, t.kind.value) for t in targets("经济增长6%—6.5%；去年增长6.9%。", load_grammar())]
    [('经济', 6, 6.5, 'range', 'target'), ('去年', None, None, 'exact', 'result')]
    """
    rules = grammar.sections["targets"]
    found = []
    period = grammar.sections.get("period") or {}
    opens_past, opens_ahead = period.get("review_opening"), period.get("ahead_opening")
    looking_back = past  # a sentence that opens on the past year (过去一年，…) makes the ones after it so
    carried = None  # the year a date at the head of a sentence gives its clauses after a ；
    for sentence in _sentences(text, rules["sentence_end"]):
        given, carried = carried, None
        if opens_past is not None and opens_past.match(sentence):
            looking_back = True
        elif opens_ahead is not None and opens_ahead.match(sentence):
            looking_back = past
        if sentence.endswith("；") and (dated := rules.get("year")) is not None:
            years = [int(m.group("year")) for m in dated.finditer(sentence)]
            carried = years[0] if years and dated.match(sentence) else given
        if not _DIGIT.search(sentence) and "番" not in sentence and "百分之" not in sentence:
            continue
        masked = _masked(sentence, grammar.pattern("deadlines", "quoted"))
        figures = [(m.start(), m.end(), m) for m in rules["pattern"].finditer(masked)]
        for key in ("doubling", "percent_words"):
            if (pattern := rules.get(key)) is not None and ("番" in masked or "百分之" in masked):
                figures += [(m.start(), m.end(), m) for m in pattern.finditer(masked)]
        not_after = rules.get("not_after")
        threshold = rules.get("threshold")
        figures.sort(key=lambda f: f[0])
        clauses = [max((m.end() for m in rules["clause_end"].finditer(masked, 0, start)), default=0)
                   for start, _, _ in figures]
        for k in range(1, len(figures)):  # 分别达到10万人、75万人: figures listed one after another share a clause
            if _LISTED.fullmatch(masked, figures[k - 1][1], figures[k][0]):
                clauses[k] = clauses[k - 1]
        first_of: dict[int, Target] = {}
        for (start, end, match), clause in zip(figures, clauses):
            if not_after is not None and (after := not_after.match(masked, end)) is not None and (
                    after.group() != "的" or threshold is None or threshold.search(masked, 0, start)
                    or match.groupdict().get("after") in ("以上", "以下")):
                continue  # a qualifier (超10亿元的企业) or where a change starts (由30万元提高到…)
            if threshold is not None and threshold.search(masked, 0, start) and _QUALIFIED.match(masked, end):
                continue  # a qualifier with no 的 (产值超10亿元龙头企业10家)
            target = _target(sentence, masked, start, end, match, rules, line, looking_back, year)
            if target.year is None and given is not None:
                target = dataclasses.replace(target, year=given)
            order = sum(1 for (other, _, _), c in zip(figures, clauses) if c == clause and other < start)
            if order and clause in first_of:  # the later figures of 分别增长12%和15%: the first's indicator
                target = dataclasses.replace(target, indicator=first_of[clause].indicator,
                                             direction=target.direction or first_of[clause].direction)
            first_of.setdefault(clause, target)
            found += _each_indicator(target, masked[:start], rules, order, clauses.count(clause))
    return found


def _each_indicator(target: Target, before: str, rules: dict, order: int = 0, figures: int = 1) -> list[Target]:
    """One target for each indicator that a figure is shared by (城镇和农村居民收入都增长7%;
    A、B和C比2010年翻一番), by the grammar's ``shared`` words and ``indicator_list``
    separators; where a clause gives as many figures as names (A和B分别增长12%和15%), the
    ``order``-th of its ``figures`` is the ``order``-th name's."""
    shared, separator = rules.get("shared"), rules.get("indicator_list")
    if shared is None or separator is None or not (target.unit == "番" or shared.search(before)):
        return [target]
    names = [name for part in separator.split(target.indicator) if (name := _without_trailing(part, shared))]
    if len(names) < 2:
        return [target]
    if figures == len(names):
        return [dataclasses.replace(target, indicator=names[order])]
    return [dataclasses.replace(target, indicator=name) for name in names]


def _target(sentence: str, masked: str, start: int, end: int, match, rules: dict, line: int | None,
            past: bool, this_year: int | None) -> Target:
    before = masked[:start]
    ends = [m.end() for m in rules["clause_end"].finditer(before)]
    clause_at = ends[-1] if ends else 0
    shared = rules.get("shared")
    if shared is not None and shared.search(before, clause_at):  # 化学需氧量、氨氮排放量分别下降2%: one list
        while ends and before[ends[-1] - 1] == "、":
            ends.pop()
        clause_at = ends[-1] if ends else 0
    clause = before[clause_at:]
    verb = None
    for found in rules["verbs"].finditer(clause):
        if _VERB_GAP.fullmatch(clause, found.end()):  # the verb right before the figure (达到95%, 增长约5%)
            verb = found
    indicator = clause[:verb.start()] if verb else clause
    if len(indicator) < SHORT_INDICATOR and clause_at:  # (…调控目标，定为8%: the clause before names it)
        previous = max((m.end() for m in rules["clause_end"].finditer(before, 0, clause_at - 1)), default=0)
        indicator = before[previous:clause_at - 1] + indicator
    indicator = _without_forward(indicator.strip("，、：: "), rules["forward"])
    if shared is not None:
        indicator = _without_trailing(indicator, shared)
    indicator = _without_trailing(indicator, rules["forward"])  # (…排放量要 分别下降)
    groups = match.groupdict()
    if "dash" in groups:
        low, high = _number(groups["low"]), _number(groups["high"]) if groups.get("high") else None
        unit = groups["unit"]
    elif "words" in groups:  # 百分之十三点四, 百分之八至九
        low, unit = _chinese_amount(groups["words"]), "%"
        high = _chinese_amount(groups["words_high"]) if groups.get("words_high") else None
    else:  # 翻一番
        low, high, unit = _CHINESE_DIGITS[groups["value"]], None, "番"
    comparator = None
    if high is not None:
        comparator = Comparator.RANGE
    words = rules["comparators"]
    for word in (groups.get("after"), groups.get("approx")):
        if comparator is None and word and word in words:
            comparator = Comparator(words[word])
    if comparator is None:
        near = [m for m in rules["before"].finditer(before[max(0, clause_at - 1):])]
        # (力争 binds the whole sentence: 力争…增长10%，…达到500亿元)
        lead = [m for m in rules["before"].finditer(before) if m.group() in ("力争", "争取")]
        for word in near[-1:] or lead[-1:]:
            comparator = Comparator(words[word.group()]) if word.group() in words else None
    kind = TargetKind.TARGET
    if rules["forecast"].search(before):
        kind = TargetKind.FORECAST
    elif rules["past"].search(before) or _dated_before(before, rules, this_year):
        kind = TargetKind.RESULT
    elif past and not (rules.get("ahead") is not None and rules["ahead"].search(before)):
        kind = TargetKind.RESULT
    year = None
    if (pattern := rules.get("year")) is not None:
        years = [int(m.group("year")) for m in pattern.finditer(before)]
        year = years[-1] if years else None
    attribute = None
    if (pattern := rules.get("attribute")) is not None and (m := pattern.search(sentence)):
        attribute = m.group()
    measure = measure_of(indicator + (verb.group() if verb else ""), rules)  # (经济 + 增长)
    direction = verb.group() if verb else None
    average = rules.get("average")
    if average is not None and average.search(clause) and not (direction or "").startswith("年均"):
        direction = "年均" + (direction or "")  # 平均每年增长百分之六: a yearly average
    return Target(indicator, low if high is None else None, unicodedata.normalize("NFKC", unit) if unit else None, comparator or Comparator.EXACT, year,
                  sentence, line, low if high is not None else None, high,
                  direction, attribute, kind, measure)


def measure_of(indicator: str, rules: dict) -> str | None:
    """What an indicator measures, by the grammar's ``targets.measures`` (the first whose
    words it holds): 地区生产总值 and GDP are both ``gdp``."""
    for name, pattern in (rules.get("measures") or {}).items():
        if name not in ("examples", "not_examples") and pattern.search(indicator):
            return name
    return None


def _dated_before(before: str, rules: dict, this_year: int | None) -> bool:
    """Does a year earlier than the document's date the figure (1984年增长14.5%)?"""
    dated = rules.get("dated")
    if dated is None or this_year is None:
        return False
    years = [int(m.group("year")) for m in dated.finditer(before)]
    return bool(years) and years[-1] < this_year


def _without_trailing(text: str, words: regex.Pattern) -> str:
    """``text`` without one of ``words`` at its end (收入分别 → 收入; 人均 stays)."""
    last = None
    for last in words.finditer(text):
        pass
    return text[:last.start()] if last is not None and last.end() == len(text) else text


SHORT_INDICATOR = 4  # characters: an indicator this short borrows the clause before it
_VERB_GAP = regex.compile(r"(?:约|近|超|为|了)?")  # what may stand between a target's verb and its figure
_QUALIFIED = regex.compile(r"[\p{Han}\d]")  # what follows a threshold figure: what it qualifies
_LISTED = regex.compile(r"[、和及与]")  # between two figures of one list
def _chinese_amount(words: str) -> int | float:
    """A number in Chinese numerals, with decimals after 点: 十三点四 → 13.4, 六 → 6."""
    whole, _, decimals = words.partition("点")
    number = read_numeral(whole, "chinese") if whole else 0
    if not decimals:
        return number
    digits = "".join(str("零一二三四五六七八九".index(c) if c in "零一二三四五六七八九" else 0) for c in decimals)
    return float(f"{number}.{digits}")


_CHINESE_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


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
    ('网办率', '约束性', 95, '%', 'at_least')
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
