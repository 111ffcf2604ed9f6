"""Extract the commitments: 专栏 items, lead units, deadlines, running-text targets and the
typed values of indicator tables, each read by a rule of the grammar (``box``, ``leads``,
``deadlines``, ``targets``, ``table``)."""
from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..model import (
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
from ..rules import cache
from ..rules.budget import derived
from ..rules.grammar import Grammar
from ..rules.numerals import read_numeral
from .blocks import Block

NEAR = 256  # characters around a date that the deadline rules read
ACTION_MAX = 2000  # characters an action runs at most when no clause end comes (never, in a plan)

MASK = "\ufffc"  # stands in for quoted text, so a year in a title is no deadline
_DIGIT = cache.pattern(r"\d")


def extract(document: Document, grammar: Grammar) -> Document:
    """Fill in leads, milestones and targets of every section and the indicators of every
    table (专栏 items are read while the tree is built: they decide where a box ends). The
    text is read in order, so that each figure is known to be of the past period or not
    (:class:`Period`)."""
    year = _document_year(document, grammar)
    front = (document.notice.text if document.notice is not None else []) + document.preamble
    for tops, preamble in [(document.sections, front)] \
            + [(bundled.sections, []) for bundled in document.documents[1:]] + [(a.sections, []) for a in document.appendices]:
        period = Period(grammar, year)
        for text in preamble:
            period.paragraph(text)
        for top in tops:
            period.heading(top.title)
            _read_tree(top, grammar, period, False)
    for table in all_tables(document):
        table.indicators = indicators(table, grammar)
    return document


def _read_tree(section: Section, grammar: Grammar, period: Period, under_review: bool, top: bool = True) -> None:
    """Read a section and those under it, in order. A top-level section titled as a review
    (2023年工作回顾, 发展成效: :func:`reviews_the_past`) makes its whole subtree a review; below
    the top only the grammar's ``period.review_below`` does (第一节 发展基础) — a task titled
    …取得新进展 is no review."""
    below = (grammar.sections.get("period") or {}).get("review_below")
    if top:
        under_review = under_review or reviews_the_past(section.title, grammar, period.year)
    elif below is not None and below.search(section.title):
        under_review = True
    read_section(section, grammar, period, under_review, top)
    for child in section.sections:
        _read_tree(child, grammar, period, under_review, top=False)


class Period:
    """Where the text reading in order stands: in a review of the past period (its figures
    are results) or not. A review opens at a top-level heading, or a part line of its own
    (a short line naming a year or a part as ``period.part_line`` says: 2023年工作回顾,
    written unnumbered in many reports),
    that :func:`reviews_the_past` reads so; it closes at one that looks ahead (``period.ahead``,
    or the document's year or later: 2024年工作安排), or at a paragraph that opens on the year
    ahead (``period.ahead_opening``: 今年…). A paragraph that opens on the past year
    (``period.review_opening``: 过去一年…) is of the past itself, and changes nothing after it."""

    PART_LINE = 30  # characters: a line this short, with no sentence punctuation, may head a part

    def __init__(self, grammar: Grammar, year: int | None):
        self.grammar, self.year, self.past = grammar, year, False
        period = grammar.sections.get("period") or {}
        self.ahead, self.opening = period.get("ahead"), period.get("ahead_opening")
        self.review_opening, self.part_line = period.get("review_opening"), period.get("part_line")
        self.title_year = period.get("title_year")

    def heading(self, title: str) -> None:
        if reviews_the_past(title, self.grammar, self.year):
            self.past = True
        elif self._looks_ahead(title):
            self.past = False

    def paragraph(self, text: str, top: bool = True) -> bool:
        """Read a paragraph (``top``: before the first heading or in a top-level section: a
        part line may stand anywhere, since the headings of a part may be numbered under none);
        is it of the past period?"""
        if len(text) <= self.PART_LINE and not self.grammar.top["prose_punctuation"].search(text) \
                and self.part_line is not None and self.part_line.search(text):
            self.heading(text)
        elif self.opening is not None and self.opening.match(text):
            self.past = False
        elif self.review_opening is not None and self.review_opening.match(text):
            return True
        return self.past

    def _looks_ahead(self, title: str) -> bool:
        found = self.title_year.search(title) if self.title_year is not None else None
        return bool(self.ahead is not None and self.ahead.search(title)) or (
            self.year is not None and found is not None and int(found.group("year")) >= self.year)




def _document_year(document: Document, grammar: Grammar) -> int | None:
    """The year a document is of: its date's (a report delivered in December is the next
    year's: 2006-12-28 plans 2007), else the first year in its title (``period.year``)."""
    if document.meta.date:
        year = int(document.meta.date[:4])
        return year + 1 if document.meta.date[5:7] == "12" else year
    pattern = (grammar.sections.get("period") or {}).get("year")
    found = pattern.search(document.meta.title or "") if pattern is not None else None
    return int(found.group()) if found else None


def reviews_the_past(title: str, grammar: Grammar, year: int | None = None) -> bool:
    """Is a top-level section with this title a review of the past period (2023年工作回顾,
    过去五年的工作, 发展基础)? By the grammar's ``parts.review``; or, in a document dated
    ``year``, a title about an earlier year's work (2015年主要工作 in a report of 2016); or a
    short title that says what was done (``period.review_done``: 四年来的主要工作)."""
    if grammar.pattern("parts", "review").search(title):
        return True
    done = (grammar.sections.get("period") or {}).get("review_done")
    if done is not None and len(title) <= grammar.title_max and done.search(title):
        return True
    title_year = (grammar.sections.get("period") or {}).get("title_year")
    years = [int(found.group("year")) for found in title_year.finditer(title)] if title_year is not None else []
    return year is not None and bool(years) and max(years) < year


def read_section(section: Section, grammar: Grammar, period: Period | None = None, review: bool = False,
                 top: bool = True) -> None:
    """A section's own text: who leads it, by when, to what target (``period``: where the
    reading stands, each paragraph read in turn; ``review``: the section reviews the past;
    ``top``: it is a top-level section. Figures of a review are results)."""
    found = Leads()
    section.review = review or (period is not None and period.past and not section.paragraphs)
    unknown: list[int | None] = [None] * len(section.paragraphs)  # (no line known)
    for text, line in zip(section.paragraphs, section.paragraph_lines or unknown):
        leads, rest = read_leads(text, grammar)
        if leads is not None:
            _merge_leads(found, leads)
        section.milestones += milestones(rest, grammar)
        past = (period.paragraph(text, top) if period is not None else False) or review
        section.review = section.review or past
        section.targets += targets(rest, grammar, line, past, period.year if period is not None else None)
    section.leads, section.partners, section.lead_note = found.leads, found.partners, found.note


# --- lead units ---------------------------------------------------------------------------

def read_leads(text: str, grammar: Grammar) -> tuple[Leads | None, str]:
    """The lead units that ``text`` names, and ``text`` without the brackets naming them.

    >>> from planparse.rules.grammar import load_grammar
    >>> leads, rest = read_leads("建设平台。〔牵头单位：某省发展改革委（能源局）、某省网信办〕", load_grammar())
    >>> leads.leads, rest
    (['某省发展改革委（能源局）', '某省网信办'], '建设平台。')
    """
    rules = grammar.sections["leads"]
    patterns = (rules["bracket"], rules["lead_partner"], rules["responsible"])  # first match wins where two overlap
    any_form = grammar.union("leads-forms", patterns)
    line = rules["line"].match(text.strip())
    if line is None and any_form is not None and any_form.search(text) is None:
        return None, text  # (one scan for the three forms: most paragraphs name no lead unit)
    forms: tuple[tuple[regex.Pattern, Callable[[regex.Match], Leads]], ...] = (
        (patterns[0], lambda m: unit_list(m.group("agencies"), grammar)),
        (patterns[1], lambda m: Leads(split_leads(m.group("agencies"), grammar),
                                      split_leads(m.group("partners") or "", grammar))),
        (patterns[2], lambda m: Leads(split_leads(m.group("agencies"), grammar))),
    )
    found = Leads()
    spans: list[tuple[int, int]] = []
    for pattern, read in forms:
        for match in pattern.finditer(text):
            if not any(start < match.end() and match.start() < end for start, end in spans):
                _merge_leads(found, read(match))
                spans.append(match.span())
    if not spans and line:
        _merge_leads(found, unit_list(line.group("agencies"), grammar))
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
    return Leads(split_leads(lead_part, grammar), split_leads("".join(partner_part), grammar),
                 note.strip() or None)


def split_leads(units: str, grammar: Grammar) -> list[str]:
    """Split a unit list on 、，； but not inside brackets; drop a closing 等有关单位.

    >>> from planparse.rules.grammar import load_grammar
    >>> split_leads("某局（某办）、某委，各市政府等有关单位", load_grammar())
    ['某局（某办）', '某委', '各市政府']
    """
    etc = grammar.pattern("leads", "etc")
    parts = _outside_brackets(grammar.pattern("leads", "separator")).split(units)
    when = grammar.sections["leads"].get("not_unit")  # a deadline written among the units
    return [unit for part in parts if (unit := etc.sub("", part.strip(" 。")).strip())
            and not (when is not None and when.search(unit))]


@functools.lru_cache(maxsize=16)  # (a grammar's separator: a few grammars a process)
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

    >>> from planparse.rules.grammar import load_grammar
    >>> [(m.year, m.when, m.action) for m in milestones("2021年底编制出台；2025年底前全面建成。", load_grammar())]
    [(2021, '2021年底', '编制出台'), (2025, '2025年底前', '全面建成')]
    """
    rules = grammar.sections["deadlines"]
    if not rules["when"].search(text):  # (most paragraphs have no date: one scan, no masking)
        return []
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
    of the past — a word of the past before it in its sentence (去年) or its clause (累计,
    目前), a year before it earlier than ``year`` (the document's year), or ``past`` (the text
    reviews the past period) — unless its sentence looks ahead (力争, 到2025年); or a forecast
    (预计). Each has its indicator (its clause up to the verb), value or range, unit as
    written, comparator, direction, year and measure. Each sentence is read once: its
    figures look up the words around them by position, so many figures cost no more each.

    >>> from planparse.rules.grammar import load_grammar
    >>> [(t.indicator, t.value, t.unit, t.comparator.value, t.year) for t in targets("到2025年底，全市网办率达到95%以上。", load_grammar())]
    [('全市网办率', 95, '%', 'at_least', 2025)]
    >>> [(t.indicator, t.low, t.high, t.comparator.value, t.kind.value) for t in targets("经济增长6%—6.5%；去年增长6.9%。", load_grammar())]
    [('经济', 6, 6.5, 'range', 'target'), ('去年', None, None, 'exact', 'result')]
    """
    rules = grammar.sections["targets"]
    words = rules.get("figure_words")
    if not _DIGIT.search(text) and not (words is not None and words.search(text)):
        return []  # (a figure has digits, or words the grammar's figure_words name: 百分之…, 翻…番)
    period = grammar.sections.get("period") or {}
    opens_past, opens_ahead = period.get("review_opening"), period.get("ahead_opening")
    looking_back = past  # a sentence that opens on the past year (过去一年，…) makes the ones after it so
    carried = None  # the year a date at the head of a sentence gives its clauses after a ；
    found: list[Target] = []
    for sentence in _sentences(text, rules["sentence_end"]):
        given, carried = carried, None
        if opens_past is not None and opens_past.match(sentence):
            looking_back = True
        elif opens_ahead is not None and opens_ahead.match(sentence):
            looking_back = past
        if sentence.endswith("；") and (dated := rules.get("year")) is not None:
            head = dated.match(sentence)
            carried = int(head.group("year")) if head else given
        if not _DIGIT.search(sentence) and not (words is not None and words.search(sentence)):
            continue
        found += _sentence_targets(sentence, grammar, rules, line, looking_back, year, given)
    return found


@dataclass
class _Marks:
    """Where the words that bear on a sentence's figures stand, found once per sentence."""

    clause_ends: list[int]
    past: list[tuple[int, int]]  # (start, end) of each word of the past
    past_clause: list[tuple[int, int]]
    forecast: list[int]  # ends
    ahead: list[int]  # ends of the words that look ahead (力争, 确保 …)
    lead: list[tuple[int, str]]  # (end, word) of the words that bind every figure after them (力争)
    years: list[tuple[int, int, bool]]  # (end, year, after 到/至) of the years a target may be for
    dated: list[tuple[int, int]]  # (end, year) of the years that date a figure
    attribute: str | None  # 约束性 / 预期性, where the sentence says


def _marks(masked: str, rules: dict) -> _Marks:
    def spans(key):
        pattern = rules.get(key)
        return [m.span() for m in pattern.finditer(masked)] if pattern is not None else []

    year, dated = rules.get("year"), rules.get("dated")
    return _Marks(
        [m.end() for m in rules["clause_end"].finditer(masked)], spans("past"), spans("past_clause"),
        [end for _, end in spans("forecast")], [end for _, end in spans("looks_ahead")],
        [(m.end(), m.group()) for m in rules["binds_sentence"].finditer(masked)] if rules.get("binds_sentence") else [],
        [(m.end(), int(m.group("year")), bool(m.groupdict().get("by"))) for m in year.finditer(masked)] if year else [],
        [(m.end(), int(m.group("year"))) for m in dated.finditer(masked)] if dated else [],
        found.group() if (attribute := rules.get("attribute")) is not None and (found := attribute.search(masked))
        else None)


def _sentence_targets(sentence: str, grammar: Grammar, rules: dict, line: int | None, past: bool,
                      this_year: int | None, given: int | None) -> list[Target]:
    masked = _masked(sentence, grammar.pattern("deadlines", "quoted"))
    figures = [(m.start(), m.end(), "figure", m) for m in rules["pattern"].finditer(masked)]
    words = rules.get("figure_words")
    for key, kind in (("doubling", "doubling"), ("percent_words", "words")):
        if (pattern := rules.get(key)) is not None and (words is None or words.search(masked)):
            figures += [(m.start(), m.end(), kind, m) for m in pattern.finditer(masked)]
    if not figures:
        return []  # (a year, an article's number: digits but no figure with a unit)
    figures.sort(key=lambda f: f[0])
    marks = _marks(masked, rules)
    not_after, threshold = rules.get("not_after"), rules.get("threshold")
    clauses = [_clause_start(marks.clause_ends, start) for start, _, _, _ in figures]
    listed = rules.get("indicator_list")  # (what separates the names of a list separates its figures too)
    follows = [False] * len(figures)  # does a figure follow the one before it in one list?
    for k in range(1, len(figures)):  # 分别达到10万人、75万人: figures listed one after another share a clause
        if listed is not None and listed.fullmatch(masked, figures[k - 1][1], figures[k][0]):
            clauses[k], follows[k] = clauses[k - 1], True
    last_listed = list(range(len(figures)))  # the last figure of the list each figure is in
    for k in range(len(figures) - 2, -1, -1):
        if follows[k + 1]:
            last_listed[k] = last_listed[k + 1]
    in_clause: dict[int, int] = {}
    for clause in clauses:
        in_clause[clause] = in_clause.get(clause, 0) + 1
    seen: dict[int, int] = {}
    first_of: dict[int, tuple[Target, regex.Match]] = {}  # a clause's first target, and its figure
    found: list[Target] = []
    last_end = 0
    qualifies = [_qualifies(masked, start, end, match, not_after, threshold) for start, end, _, match in figures]
    for k, ((start, end, kind, match), clause) in enumerate(zip(figures, clauses)):
        previous_end, last_end = last_end, end
        order = seen.get(clause, 0)
        seen[clause] = order + 1
        if qualifies[k]:
            continue
        target = _target(sentence, masked, start, kind, match, rules, line, past, this_year, previous_end, marks)
        if target is None:
            continue
        if target.year is None and given is not None:
            target = dataclasses.replace(target, year=given)
        if order and clause in first_of:  # the later figures of 分别增长12%和15%: the first's indicator
            first, first_match = first_of[clause]
            own = any(first_match.groupdict().get(word) for word in ("after", "approx"))  # (30余个…和8条: 余 is 30's)
            target = dataclasses.replace(target, indicator=first.indicator, direction=target.direction or first.direction,
                                         measure=first.measure, comparator=first.comparator
                                         if target.comparator == Comparator.EXACT and first.comparator != Comparator.RANGE
                                         and not own else target.comparator)
        if last_listed[k] != k and target.comparator == Comparator.EXACT and not qualifies[last_listed[k]]:
            # (降到4.2‰、9/10万以下: the word closing the list)
            closing = figures[last_listed[k]][3].groupdict().get("after") or ""
            if (comparator := _comparator_of(closing, rules["comparators"])) is not None:
                target = dataclasses.replace(target, comparator=comparator)
        if _names_a_plant(target, masked, end, rules):
            continue  # (某集团60万吨烯烃、某公司30万吨…等项目: the size of a plant, in its name)
        first_of.setdefault(clause, (target, match))
        found += _each_indicator(target, masked, start, rules, order, in_clause[clause])
    return found


def _qualifies(masked: str, start: int, end: int, match, not_after, threshold) -> bool:
    """Is a figure no target of its own: a qualifier (超10亿元的企业, 产值超10亿元龙头企业) or
    where a change starts (由30万元提高到…)?"""
    qualifier = threshold is not None and threshold.search(masked, max(0, start - THRESHOLD_WINDOW), start) is not None
    if not_after is not None and (after := not_after.match(masked, end)) is not None and (
            after.group() != "的" or qualifier or match.groupdict().get("after") in ("以上", "以下")):
        return True
    return qualifier and _QUALIFIED.match(masked, end) is not None


def _names_a_plant(target: Target, masked: str, end: int, rules: dict) -> bool:
    """Is a figure the size of a named plant or project — a capacity (the grammar's
    ``capacity``: tonnes, head, kilowatts) that no verb introduces (nor the list it is in), with
    no comparator, run straight on into what it measures, in a sentence about projects
    (``capacity_project``: 某石化60万吨烯烃项目, 某集团30万吨纸浆、…等投资项目)? A target says
    what is to be done (新增1000万千瓦装机, 淘汰300万吨落后产能) or stands alone (产量1亿吨。)."""
    capacity, named, project = rules.get("capacity"), rules.get("capacity_named"), rules.get("capacity_project")
    return (capacity is not None and named is not None and project is not None and target.direction is None
            and target.comparator == Comparator.EXACT and capacity.fullmatch(target.unit or "") is not None
            and named.match(masked, end) is not None and project.search(masked, end) is not None)


THRESHOLD_WINDOW = 8  # characters before a figure a threshold word (超, 投资) is looked for in
CLAUSE_MAX = 80  # characters before a figure its clause (and so its indicator) reaches at most
VERB_WINDOW = 12  # characters before a figure its verb is looked for in


def _clause_start(ends: list[int], start: int) -> int:
    """Where the clause of a figure at ``start`` starts: after the last clause end before it."""
    k = bisect.bisect_right(ends, start) - 1
    return max(ends[k] if k >= 0 else 0, start - CLAUSE_MAX)


def _last_before(ends: list, start: int):
    """The last of ``ends`` (sorted; or tuples sorted by their first) that ends by ``start``."""
    k = bisect.bisect_right(ends, (start, float("inf")) if ends and isinstance(ends[0], tuple) else start) - 1
    return ends[k] if k >= 0 else None


def _each_indicator(target: Target, masked: str, start: int, rules: dict, order: int = 0,
                    figures: int = 1) -> list[Target]:
    """One target for each indicator that a figure is shared by (城镇和农村居民收入都增长7%;
    A、B和C比2010年翻一番), by the grammar's ``shared`` words and ``indicator_list``
    separators; where a clause gives several figures for its names (A和B分别增长12%和15%), the
    ``order``-th of its ``figures`` is the ``order``-th name's. Each name is measured anew."""
    shared, separator = rules.get("shared"), rules.get("indicator_list")
    if shared is None or separator is None or not (
            target.unit == "番" or shared.search(masked, max(0, start - CLAUSE_MAX), start)):
        return [target]
    names = [name for part in separator.split(target.indicator) if (name := _without_trailing(part, shared))]
    if len(names) < 2:
        return [target]
    verb = target.direction or ""
    if 1 < figures <= len(names):  # (A、B、C分别降为7.5‰、9.5‰: the figures go to the names in turn)
        names = [names[order]]
    return [dataclasses.replace(target, indicator=name, measure=measure_of(name + verb, rules)) for name in names]


def _target(sentence: str, masked: str, start: int, kind: str, match, rules: dict, line: int | None,
            past: bool, this_year: int | None, after_figure: int, marks: _Marks) -> Target | None:
    """The target a figure of a sentence reads as, or None when it is no number (百分之二三十
    is no one figure; a value past 1e300 none that can be written)."""
    clause_at = _clause_start(marks.clause_ends, start)
    shared = rules.get("shared")
    if shared is not None and shared.search(masked, clause_at, start):  # 化学需氧量、氨氮排放量分别下降2%: one list
        k = bisect.bisect_right(marks.clause_ends, start) - 1
        steps = 0
        while k >= 0 and masked[marks.clause_ends[k] - 1] == "、" and steps < LIST_MAX:
            k, steps = k - 1, steps + 1
        clause_at = max(marks.clause_ends[k] if k >= 0 else 0, start - CLAUSE_MAX)
    verb = None
    for found in rules["verbs"].finditer(masked, max(clause_at, start - VERB_WINDOW), start):
        if _VERB_GAP.fullmatch(masked, found.end(), start):  # the verb right before the figure (达到95%, 增长约5%)
            verb = found
    # the indicator from the sentence itself (the masked copy has its quotes blanked, same offsets)
    indicator = sentence[clause_at:verb.start()] if verb else sentence[clause_at:start]
    if len(indicator) < SHORT_INDICATOR and clause_at:  # (…调控目标，定为8%: the clause before names it)
        previous = _clause_start(marks.clause_ends, clause_at - 1)
        indicator = sentence[previous:clause_at - 1] + indicator
    indicator = _without_forward(indicator.strip("，、：: "), rules["forward"])
    if shared is not None:
        indicator = _without_trailing(indicator, shared)
    indicator = _without_trailing(indicator, rules["forward"])  # (…排放量要 分别下降)
    groups = match.groupdict()
    value = _figure(kind, groups)
    if value is None:
        return None
    low, high, unit = value
    words = rules["comparators"]
    comparator = Comparator.RANGE if high is not None else None
    for word in (groups.get("after"), groups.get("approx")):
        if comparator is None and word:
            comparator = _comparator_of(word, words)
    if comparator is None:  # a word in the clause since the figure before (超10亿元龙头企业10家: not 超)
        qualifies = rules.get("qualifies")  # (超百亿元的园区达到12个: 超 is the name's, not the figure's)
        near = [word for word in rules["before"].finditer(masked, max(clause_at - 1, after_figure, 0), start)
                if qualifies is None or not qualifies.search(masked, word.end(), start)]
        if near:
            comparator = _comparator_of(near[-1].group(), words)
        elif (lead := _last_before(marks.lead, start)) is not None:  # (力争 binds the whole sentence)
            comparator = _comparator_of(lead[1], words)
    year = _target_year(marks, start)
    future = year is not None and this_year is not None and year >= this_year
    forward = _last_before(marks.ahead, start) is not None or future
    clause_past = _last_before(marks.past_clause, start)
    sentence_past = _last_before(marks.past, start)
    dated = _last_before(marks.dated, start)
    done = rules.get("done")
    figure_kind = TargetKind.TARGET
    if _last_before(marks.forecast, start) is not None:
        figure_kind = TargetKind.FORECAST
    elif not forward and (sentence_past is not None or clause_past is not None and clause_past[0] >= clause_at
                          or dated is not None and this_year is not None and dated[1] < this_year
                          or done is not None and done.search(masked, max(0, start - 3), start)):
        figure_kind = TargetKind.RESULT
    elif past and not future and not (rules.get("ahead") is not None and rules["ahead"].search(masked, 0, start)):
        figure_kind = TargetKind.RESULT  # (a review: 争取 and 确保 tell there what was done; a year ahead does not)
    attribute = marks.attribute
    direction = verb.group() if verb else None
    measure = measure_of(indicator + (direction or ""), rules)  # (经济 + 增长)
    average = rules.get("average")
    if average is not None and average.search(masked, clause_at, start) and not (direction or "").startswith("年均"):
        direction = "年均" + (direction or "")  # 平均每年增长百分之六: a yearly average
    return Target(indicator, low if high is None else None, unicodedata.normalize("NFKC", unit) if unit else None,
                  comparator or Comparator.EXACT, year, sentence, line, low if high is not None else None, high,
                  direction, attribute, figure_kind, measure)


LIST_MAX = 20  # items of one 、-list a shared figure reaches back over at most


def _figure(kind: str, groups: dict) -> tuple | None:
    """(low, high, unit) of a figure: high None but for a range (put in order); None when it
    is no number to write down."""
    try:
        if kind == "figure":
            low = _number(groups["low"])
            high = _number(groups["high"]) if groups.get("high") else None
            unit = groups["unit"]
        elif kind == "words":  # 百分之十三点四, 百分之八至九
            low, unit = _chinese_amount(groups["words"]), "%"
            high = _chinese_amount(groups["words_high"]) if groups.get("words_high") else None
        else:  # 翻一番
            low, high, unit = read_numeral(groups["value"], "chinese"), None, "番"
    except (ValueError, KeyError):
        return None  # (百分之二三十: no one number)
    if any(v is not None and not (math.isfinite(v) and abs(v) <= MAX_VALUE) for v in (low, high)):
        return None
    if high is not None and high < low:
        low, high = high, low
    return low, high, unit


MAX_VALUE = 1e300  # a figure larger than this is no value the tree (or a store) can hold


def _comparator_of(word: str, words: dict) -> Comparator | None:
    """The comparator a word stands for, by the grammar's ``comparators`` (the older signs,
    >= and <=, read as at_least and at_most)."""
    value = words.get(word)
    value = _OLD_SIGNS.get(value, value)
    return Comparator(value) if value in Comparator._value2member_map_ else None


_OLD_SIGNS: dict[object, str] = {">": "at_least", ">=": "at_least", "<": "at_most", "<=": "at_most", "~": "about"}


def _target_year(marks: _Marks, start: int) -> int | None:
    """The year a figure is for: the last year before it after 到/至 (到2025年) among the
    few years before it, else the last year before it that is no base of a comparison."""
    k = bisect.bisect_right(marks.years, (start, float("inf"), True)) - 1
    if k < 0:
        return None
    for end, year, by in reversed(marks.years[max(0, k - YEARS_BACK):k + 1]):
        if by:
            return year
    return marks.years[k][1]


YEARS_BACK = 4  # years before a figure looked at for a 到/至 year


def measure_of(indicator: str, rules: dict) -> str | None:
    """What an indicator measures, by the grammar's ``targets.measures`` (the first whose
    words it holds): 地区生产总值 and GDP are both ``gdp``. (One search of all of them first:
    most indicators measure none of them.)"""
    measures = rules.get("measures")
    if not measures:
        return None
    known = _MEASURES.get(id(measures))
    if known is None:
        from ..rules.grammar import any_of

        named = [(name, pattern) for name, pattern in measures.items() if name not in ("examples", "not_examples")]
        known = _MEASURES[id(measures)] = (named, (any_of([pattern for _, pattern in named]) or False) if named else False,
                                           measures)
    named, union, _ = known
    if not named or (union is not False and union.search(indicator) is None):
        return None
    return next((name for name, pattern in named if pattern.search(indicator)), None)


# id of a grammar's measures → (its measures by name, one pattern of them all, the measures kept alive: an id is
# not reused while its object lives)
_MEASURES: dict[int, tuple] = {}


def _without_trailing(text: str, words: regex.Pattern) -> str:
    """``text`` without one of ``words`` at its end (收入分别 → 收入; 人均 stays)."""
    last = None
    for last in words.finditer(text):
        pass
    return text[:last.start()] if last is not None and last.end() == len(text) else text


SHORT_INDICATOR = 4  # characters: an indicator this short borrows the clause before it
_VERB_GAP = regex.compile(r"(?:约|近|超|为|了)?")  # what may stand between a target's verb and its figure
_QUALIFIED = regex.compile(r"[\p{Han}\d]")  # what follows a threshold figure: what it qualifies
def _chinese_amount(words: str) -> int | float:
    """A number in Chinese numerals, with decimals after 点: 十三点四 → 13.4, 六 → 6."""
    whole, _, decimals = words.partition("点")
    number = read_numeral(whole, "chinese") if whole else 0
    if not decimals:
        return number
    digits = "".join(str("零一二三四五六七八九".index(c) if c in "零一二三四五六七八九" else 0) for c in decimals)
    return float(f"{number}.{digits}")




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
        assert box.lines is not None  # (set when the box was opened)
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
    assert item.lines is not None  # (set when the item was read)
    item.lines = [item.lines[0], block.last]


def _bare_leads(block: Block | None, grammar: Grammar) -> bool:
    if block is None:
        return False
    leads, rest = read_leads(block.text, grammar)
    return leads is not None and not rest


# --- indicator tables ---------------------------------------------------------------------

def indicators(table: Table, grammar: Grammar) -> list[Indicator]:
    """Typed rows of an indicator table (one with a column per target year); [] otherwise.

    >>> from planparse.rules.grammar import load_grammar
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
