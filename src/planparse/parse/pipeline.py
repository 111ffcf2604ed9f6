"""The parse pipeline, stage after stage (see the package's docstring): :func:`parse`."""
from __future__ import annotations

import functools
import gc
import hashlib
from collections import Counter

from regex import Pattern

from ..model import Document, Ledger, Notice, Repair, Source, all_tables, walk_sections
from ..rules import cache
from ..rules.grammar import Grammar, load_grammar
from .blocks import Line
from .decode import decode
from .extract import extract
from .layout import Layout, edges, measure, strip_furniture, unwrap
from .layout import forget as layout_forget
from .meta import read_front, take_signature
from .normalise import FIXERS, damage_fixers, line_endings, normalise, pinyin_glosses
from .readers import read
from .script import (
    OPENCC_CONFIG,
    detect_script,
    restore_script,
    script_table,
    simplified_chars,
    to_simplified,
)
from .segment import segment
from .tree import build, build_appendix

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


def parse(source: str | bytes, grammar: Grammar | str | None = None, *, path: str | None = None,
          keep_script: bool = False, form: str | None = None) -> Document:
    """Parse the text (or raw bytes) of a plan into a :class:`~planparse.model.Document`.

    ``keep_script`` keeps traditional characters as they are instead of converting them;
    ``form`` (text, markdown, html) says how the input is written, instead of telling it
    from the content.
    The cycle collector pauses while a plan is parsed: the parse makes many small objects and
    no cycles, and the collector's passes over them cost a fifth of the time."""
    from ..errors import too_large
    from ..rules.budget import collecting as timing
    from ..rules.budget import warning

    if (error := too_large(len(source))) is not None:  # (characters of a text: a bound all the same)
        raise error
    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with timing() as timeouts:  # the patterns of a user's grammar that gave up (budget.py)
            document = _parse(source, grammar, path, keep_script, form)
        document.source.warnings += [warning(rule, text) for rule, text in timeouts]
        return document
    finally:
        layout_forget()
        grammar.forget()
        if collecting:
            gc.enable()


def _parse(source: str | bytes, grammar: Grammar | str | None, path: str | None, keep_script: bool,
           form: str | None) -> Document:
    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    data = source if isinstance(source, bytes) else source.encode("utf-8")
    text, encoding = decode(source) if isinstance(source, bytes) else (source, None)
    document = Document(source=Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding))

    text, crs = line_endings(text)
    reading = read(text, grammar, form)  # an HTML page's line numbers are those of the text it shows
    document.source.form, document.source.url, document.source.citation = reading.form, reading.url, reading.citation
    raw_edges = edges(reading.text)
    text, repairs, spelling = _normalise(reading.text, grammar, document.source)
    repairs = ([Repair("line-endings", crs)] if crs else []) + reading.repairs + repairs
    lines = [Line(no, line) for no, line in enumerate(text.split("\n"), start=1)]
    normalised = lines
    lines, furniture = strip_furniture(lines, grammar)
    layout = (measure(lines, grammar, raw_edges) if reading.paragraph_ends is None
              else Layout(end_marks=reading.paragraph_ends))
    blocks, unwrapped = unwrap(lines, grammar, layout)
    for block in blocks:
        block.quoted = reading.roles.get(block.first) == "quote"
        block.image = reading.images.get(block.first)
    regions = segment(blocks, grammar)
    built = build(regions.body, grammar)
    front = read_front(built.front, regions.attachments, regions.colophon, grammar, given=reading.meta)

    document.source.repairs = repairs + furniture + unwrapped
    document.meta, document.notice, document.preamble = front.meta, front.notice, front.preamble
    signature = []
    if built.notice_sections:
        document.notice = document.notice or Notice()
        document.notice.sections = built.notice_sections
        signature = take_signature(document.notice, document.meta, grammar)
    document.toc = regions.toc
    document.sections = built.sections
    document.documents = built.documents
    appendix_warnings: list[str] = []
    document.appendices = [build_appendix(blocks, grammar, appendix_warnings) for blocks in regions.appendices]
    document.source.repairs += _repeated_headers(document)
    damaged = [f"table of contents: '{text[:30]}' reads as no entry; skipped" for text in regions.toc_damaged]
    document.source.warnings = built.warnings + appendix_warnings + damaged + _toc_warnings(document) + _empty_warnings(document)
    document.ledger = _ledger(normalised, lines, built.front, front.preamble, signature, regions)
    titles = {bundled.title for bundled in built.documents}  # a later document's front: its title, and text
    document.ledger.taken["front matter"] += [b.text for b in built.bundled if b.text.strip("《》") not in titles]
    document = extract(document, grammar)
    if keep_script and spelling:  # read in simplified; written in the script of the original
        restore_script(document, spelling)
        document.source.opencc = None  # (and no script-t2s repair: the output keeps the script)
        document.source.repairs = [r for r in document.source.repairs if r.kind != "script-t2s"]
    return document


def _ledger(normalised: list[Line], kept: list[Line], front: list, preamble: list[str], signature: list[str],
            regions) -> Ledger:
    """The text read and what the tree holds other than as written (for ``--check``)."""
    taken = Counter(block.text for block in front) - Counter(preamble)
    taken = _less_kept(taken, [p for p in preamble if p not in {block.text for block in front}])
    return Ledger(
        body="\n".join(line.text for line in kept),
        furniture="\n".join(a.text for a, b in zip(normalised, kept) if a.text != b.text),
        taken={"front matter": list(taken.elements()) + signature,
               "contents": [block.text for block in regions.toc_blocks],
               "back matter": [block.text for block in regions.attachments + regions.colophon]})


def _less_kept(taken: Counter, kept: list[str]) -> Counter:
    """The front lines metadata took, without what of them the preamble keeps (the rest of a
    文号 line, 附件36: the line's spaces gone)."""
    for rest in kept:
        for text in list(taken):
            squeezed = "".join(text.split())
            if rest and rest in squeezed and squeezed != rest:
                taken[text] -= 1
                taken[squeezed.replace(rest, "", 1)] += 1
                break
    return +taken


def _repeated_headers(document: Document) -> list[Repair]:
    """Header rows a table repeats on a new page: dropped, and counted as furniture."""
    repeated = [row for table in all_tables(document) for row in table.repeated]
    examples = list(dict.fromkeys(row.replace("\t", " ") for row in repeated))[:3]
    return [Repair("repeated-table-header", len(repeated), examples)] if repeated else []


def _normalise(text: str, grammar: Grammar, source: Source):
    """Damage repair, script, then widths and spacing; sets ``source.script``. Returns the
    text, the repairs, and what each simplified character stood for in the original (for
    ``--keep-script``: the text is always read in simplified, so that every rule applies)."""
    text, damage = normalise(text, damage_fixers(HeadingPrior(grammar)))
    source.script = detect_script(text)
    converted = to_simplified(text, source.script)
    script_repairs, table = [], {}
    if converted != text:
        source.opencc = OPENCC_CONFIG
        changed = sum(1 for a, b in zip(text.split("\n"), converted.split("\n")) if a != b)
        script_repairs = [Repair("script-t2s", changed)]
        table = script_table(text, converted)
    text, widths = normalise(converted, FIXERS)
    return text, damage + script_repairs + widths, table


def _toc_warnings(document: Document) -> list[str]:
    if not document.toc:
        return []
    depth = max(entry.level for entry in document.toc)
    toc = [(e.level, e.number, e.title) for e in document.toc]
    heads = [(s.level, s.number, s.title) for s in walk_sections(document.sections) if s.level <= depth]
    return ([f"table of contents lists '{e[2]}' but no such heading was found" for e in toc if e not in heads]
            + [f"heading '{h[2]}' is missing from the table of contents" for h in heads if h not in toc])


def _empty_warnings(document: Document) -> list[str]:
    if document.sections:
        return []
    return ["no headings found: the whole text is preamble"]

