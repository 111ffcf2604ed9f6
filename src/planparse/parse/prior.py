"""What a damaged line is likely to be, by the grammar: the line prior the GBK repair
(:mod:`.mojibake`) scores its readings with. A reading that is a heading gains, more so when
its number carries on the count of the headings before it or it is written like the heading
before it; a reading that is a notice's remark gains as one; and the prior says at once of a
start of a line whether any line so starting can gain (``reach``, ``never``, ``ceiling``), so
that the repair's search asks it about few readings."""
from __future__ import annotations

import functools

from regex import Pattern

from ..rules import cache
from ..rules.grammar import Grammar
from .normalise import pinyin_glosses
from .script import simplified_chars

HEADING_BONUS = 8.0  # log-odds a damaged line's repair gains when it reads as a heading
SEQUENCE_BONUS = 4.0  # and more when its number carries on the count of the lines before
PARALLEL_BONUS = 4.0  # and more when it is written like the heading before it: 完善X建设 after 完善Y建设
FRAME = 2  # characters at each end of a title that a list of parallel headings shares
_HAN = cache.pattern(r"\p{Han}")
_GLOSS_START = cache.pattern(r"(?<=\p{Han})[（(]")  # where a pinyin gloss (removed before a line is read) can start
FORMULA_START = 3  # characters of a fixed wording read before its start counts (not a bare bracket)


class HeadingPrior:
    """Line prior for repairing damaged lines: a line that reads as a heading (or as the
    remark of a covering notice, （此件公开发布）) is likelier, and a heading likelier still when
    its number is the one the headings before it lead one to expect (damage strikes line
    starts, where the markers are)."""

    ceiling = HEADING_BONUS + SEQUENCE_BONUS + PARALLEL_BONUS  # the most it gives a line (and it is never below 0)

    def __init__(self, grammar: Grammar):
        self.grammar = grammar
        # what the prior's answers depend on, for the cache of repairs: the grammar's files as read
        # (a grammar built from no file cannot say: its repairs are not cached)
        self.key = cache.key(grammar.origin, *(digest for _, digest in grammar.files)) if grammar.files else None
        self.last: dict[str, int] = {}  # numbering system → last number seen
        self.titles: dict[str, str] = {}  # numbering system → the title of that heading
        self.restarted: set[str] = set()  # systems a more major heading has since reopened
        self._never: dict[str, bool] = {}
        self._reach: dict[str, float] = {}

    def never(self, first: str) -> bool:
        """Does no line that starts with the character ``first`` get anything from this prior?
        So for a character that is not Chinese nor a space (neither the glosses nor OpenCC
        change it, so the line read still starts with it) with which no heading, remark or
        fixed wording of a remark can start: a repair search need not ask about the lines it
        makes that start so (most of them start with a comma or a bracket the wrong way)."""
        found = self._never.get(first)
        if found is None:
            notice = self.grammar.sections["notice"]
            heads = [self.grammar.any_heading] if self.grammar.any_heading is not None \
                else [rule.pattern for rule in self.grammar.headings]
            patterns = heads + [notice["remark"]] + ([notice["remark_formula"]] if notice.get("remark_formula") else [])
            forms = {first, first.replace("(", "（").replace(")", "）")}
            found = self._never[first] = not (first.isspace() or _HAN.match(first)) and not any(
                pattern.match(form, partial=True) for pattern in patterns for form in forms)
        return found

    def reach(self, start: str) -> float:
        """The most this prior gives any line that starts with ``start``: nothing when no
        heading (nor doubtful heading), remark or fixed wording of a remark can start with
        ``start`` stripped; else its :attr:`ceiling`. Sound because the line the prior reads
        (stripped, glosses removed) starts with ``start`` stripped, unless a bracket in that
        follows a Chinese character (where a gloss can start: then the ceiling); and the
        fixed wordings are compared a character at a time (:func:`simplified_chars`). It does
        not depend on the lines seen, so it is remembered, and what a start gets nothing
        after, no longer start does. (A repair search asks it of the start of each group of
        readings, and so asks the prior itself of few of them.)"""
        head = start.strip()
        found = self._reach.get(head)
        if found is None:
            known = self._reach
            dead = any(known.get(head[:end]) == 0.0 for end in range(len(head) - 1, 0, -1))
            found = known[head] = 0.0 if dead or not self._may_earn(head) else self.ceiling
        return found

    def _may_earn(self, head: str) -> bool:
        if not head or _GLOSS_START.search(head):
            return True
        starts, formula = self._starts
        forms = (head,) if "(" not in head and ")" not in head else (head, head.replace("(", "（").replace(")", "）"))
        for form in forms:
            if any(pattern.match(form, partial=True) for pattern in starts):
                return True
            if formula is not None and formula.fullmatch(simplified_chars(form), partial=True):
                return True
        return False

    @functools.cached_property
    def _starts(self) -> tuple[list, Pattern | None]:
        """What a line must start as to earn anything: the heading patterns (as one, where
        they can be), the doubtful ones, the remark; and the remark's fixed wordings."""
        grammar = self.grammar
        notice = grammar.sections["notice"]
        heads = [grammar.any_heading] if grammar.any_heading is not None else [rule.pattern for rule in grammar.headings]
        return (heads + [rule.doubtful for rule in grammar.headings if rule.doubtful is not None] + [notice["remark"]],
                notice.get("remark_formula"))

    def _remark(self, plain: str) -> float:
        """A covering notice's remark (（此件…）) counts like a heading; one of its fixed
        wordings (（此件公开发布）), word for word, like a heading that carries on the count and is
        written in parallel with the one before — and so does the start of one, so that the
        search keeps the reading that leads there. ``plain``: the line without glosses."""
        plain = plain.replace("(", "（").replace(")", "）")
        notice = self.grammar.sections["notice"]
        formula = notice.get("remark_formula")
        if formula is not None and len(plain) >= FORMULA_START \
                and formula.fullmatch(simplified_chars(plain), partial=True):
            # (simplified: scripts are read later; a character at a time, so that :meth:`reach` can tell)
            return HEADING_BONUS + SEQUENCE_BONUS + PARALLEL_BONUS
        return HEADING_BONUS if notice["remark"].match(plain) else 0.0

    @staticmethod
    def _plain(line: str) -> str:
        line = line.strip()
        if "\n" not in line and not _GLOSS_START.search(line):
            return line  # (no gloss can start: what pinyin_glosses would return, and faster)
        return pinyin_glosses(line)  # glosses go later

    def see(self, line: str) -> None:
        match = self.grammar.match_heading(self._plain(line))
        if match is None:
            return
        rank = match.rule.rank
        self.restarted |= {name for name, other in self.grammar.rank.items() if other > rank}
        self.last[match.rule.name] = match.number
        self.titles[match.rule.name] = match.title
        self.restarted.discard(match.rule.name)

    def __call__(self, line: str) -> float:
        plain = self._plain(line)
        match = self.grammar.match_heading(plain)
        if match is None:
            return self._remark(plain)
        name = match.rule.name
        expected = {self.last.get(name, 0) + 1}
        if name in self.restarted or name not in self.last:
            expected.add(1)
        bonus = HEADING_BONUS + (SEQUENCE_BONUS if match.number in expected else 0.0)
        sibling = self.titles.get(name) if name not in self.restarted and match.number == self.last.get(name, 0) + 1 \
            else None
        return bonus + (PARALLEL_BONUS if sibling and _parallel(sibling, match.title) else 0.0)


def _parallel(before: str, title: str) -> bool:
    """Are two sibling titles written in parallel: the same length, the same frame?

    >>> _parallel("完善网络设施建设", "完善共享平台建设"), _parallel("完善网络设施建设", "完善公共服务平台建设")
    (True, False)
    """
    return (len(title) == len(before) > 2 * FRAME
            and title[:FRAME] == before[:FRAME] and title[-FRAME:] == before[-FRAME:])
