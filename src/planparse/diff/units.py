"""Units: the comparable pieces of a plan tree, for the diff (the first stage: units →
candidates → score → select → verdicts → writers).

A unit is every section (its title and its own text), every 专栏 item, every table row (by
its key cell), in a section with several paragraphs of its own every paragraph (by its first
sentence), and every paragraph before the first heading (id ``0-p1`` …: a foreword, framing; or
all of a plan that has no headings, its tasks). The leaves are the commitments — box items, tasks (sections with no
subsections and at most one paragraph), paragraphs, rows; the other sections are
containers. Each leaf says what kind of commitment it is (:class:`~planparse.model.kinds.Kind`):
a task, a 专栏 item, an indicator or other table row, framing (under a section whose standing
role is guidance, principles, goals or the situation: the grammar's ``roles``) or a review of
the past period (under a chapter the grammar's ``parts`` call review or situation). Units are
read from the tree as ``parse`` writes it (a dict), so a plan text and a YAML/JSON tree
written earlier are the same to the diff.
"""
from __future__ import annotations

from ..model import Unit
from ..model.ids import appendix_id, unit_id
from ..model.kinds import Kind


def units(tree: dict, grammar=None, foreword: bool = True) -> list[Unit]:
    """Every unit of ``tree``, in document order; a unit's ``parent`` is its section's index
    and its ``part`` what its top-level chapter is about (by the grammar's ``parts`` rules).
    ``foreword=False`` leaves out the paragraphs before the first heading of a plan that has
    headings (see :func:`planparse.diff.diff`: a rendering without its foreword).

    >>> import planparse
    >>> from planparse.model.emit import to_data
    >>> tree = to_data(planparse.parse("一、任务\\n（一）建设平台。某某。\\n（二）完善机制。一是某某。\\n二是某某。"))
    >>> [(u.id, u.kind, u.title, u.leaf) for u in units(tree)]
    [('1', 'section', '任务', False), ('1.1', 'section', '建设平台', True), ('1.2', 'section', '完善机制', False), ('1.2-p1', 'paragraph', '一是某某', True), ('1.2-p2', 'paragraph', '二是某某', True)]
    """
    from ..rules.grammar import load_grammar

    grammar = grammar or load_grammar()
    found: list[Unit] = []
    # the text before the first heading: a plan's foreword, or all of a plan that has no headings
    preamble = tree.get("preamble") if foreword or not tree.get("sections") else None
    for p, paragraph in enumerate((q for q in preamble or [] if q), start=1):
        found.append(Unit("paragraph", [], first_sentence(paragraph, grammar), paragraph, id=unit_id("0", paragraph=p)))
    _sections(tree.get("sections") or [], found, grammar)
    for a, appendix in enumerate(tree.get("appendices") or [], start=1):
        title = appendix.get("title") or f"附件{appendix.get('number') or ''}"
        for t, table in enumerate(appendix.get("tables") or [], start=1):
            _table_rows(table, [title], appendix_id(a), t, None, found)
    for index, unit in enumerate(found):
        unit.index = index
        if unit.parent is not None:
            found[unit.parent].children.append(index)
    for unit in found:
        unit.chapter = chapter_of(unit.path[0] if unit.path else unit.title, grammar)
        unit.commitment = _kind(unit, found, grammar)
    _inherit_leads(found, grammar)
    return found


FRAMING_ROLES = ("guidance", "principles", "goals", "environment")


def role_of(title: str, grammar) -> str | None:
    """The standing role of a section, by its title (the grammar's ``roles``): guidance,
    principles, goals, environment, safeguards — or None.

    >>> from planparse.rules.grammar import load_grammar
    >>> role_of("基本原则", load_grammar()), role_of("推进数据共享", load_grammar())
    ('principles', None)
    """
    for name, pattern in grammar.sections["roles"].items():
        if name not in ("examples", "not_examples") and pattern.search(title):
            return name
    return None


def in_foreword(unit: Unit) -> bool:
    """Is ``unit`` a paragraph of the foreword, the text before a plan's first heading?"""
    return unit.kind == "paragraph" and unit.parent is None and not unit.path


def _kind(unit: Unit, units: list[Unit], grammar) -> Kind:
    if in_foreword(unit):
        return Kind.FRAMING if any(u.kind == "section" for u in units) else Kind.TASK
    if unit.kind == "box-item":
        return Kind.BOX_ITEM
    if unit.kind == "table-row":
        return Kind.INDICATOR if unit.values else Kind.ROW
    if unit.chapter != "plan":
        return Kind.REVIEW
    return Kind.FRAMING if framing_role(unit, units, grammar) is not None else Kind.TASK


def framing_role(unit: Unit, units: list[Unit], grammar) -> str | None:
    """The standing role (one of :data:`FRAMING_ROLES`) of the nearest section at or above
    ``unit`` that has one, or None.

    >>> import planparse
    >>> from planparse.model.emit import to_data
    >>> found = units(to_data(planparse.parse("一、总体要求\\n（一）基本原则\\n坚持统筹。\\n二、任务\\n建设平台。")))
    >>> from planparse.rules.grammar import load_grammar
    >>> [(u.title, framing_role(u, found, load_grammar())) for u in found]
    [('总体要求', None), ('基本原则', 'principles'), ('任务', None)]
    """
    here: int | None = unit.index
    while here is not None:
        role = role_of(units[here].title, grammar)
        if role in FRAMING_ROLES:
            return role
        here = units[here].parent
    return None


def chapter_of(chapter: str, grammar) -> str:
    """What a top-level chapter is about, by its title: the first ``parts`` rule it matches,
    or the plan itself.

    >>> from planparse.rules.grammar import load_grammar
    >>> chapter_of("过去五年发展成效", load_grammar()), chapter_of("重点任务", load_grammar())
    ('review', 'plan')
    """
    for name, pattern in grammar.sections["parts"].items():
        if name not in ("examples", "not_examples") and pattern.search(chapter):
            return name
    return "plan"


def _sections(sections: list[dict], found: list[Unit], grammar) -> None:
    from ..model.walk import walk

    unit_of: dict[int, int] = {}  # a section's place in the walk → its unit's index in found
    for visit in walk(sections):
        section, uid = visit.section, visit.id
        title = section.get("title") or ""
        paragraphs = [p for p in section.get("paragraphs") or [] if p]
        here = unit_of[visit.index] = len(found)
        parent = unit_of[visit.parent.index] if visit.parent else None
        # several paragraphs of a section's own are units of their own (before its subsections too: a
        # work report's task part, a chapter's run-in items); one is its text
        by_paragraph = len(paragraphs) > 1
        found.append(Unit("section", list(visit.path), title, _joined(title, paragraphs), section.get("level"),
                          section.get("number"), marker=section.get("marker"), leads=list(section.get("leads") or []),
                          partners=list(section.get("partners") or []), lead_note=section.get("lead_note"),
                          milestones=list(section.get("milestones") or []),
                          targets=list(section.get("targets") or []), id=uid, parent=parent,
                          leaf=not section.get("sections") and not by_paragraph))
        inner = list(visit.path) + [title]
        if by_paragraph:
            for p, paragraph in enumerate(paragraphs, start=1):
                found.append(Unit("paragraph", inner, first_sentence(paragraph, grammar), paragraph,
                                  id=unit_id(uid, paragraph=p), parent=here))
        for b, box in enumerate(section.get("boxes") or [], start=1):
            for i, item in enumerate(box.get("items") or [], start=1):
                name = item.get("name") or ""
                found.append(Unit("box-item", inner, name, _joined(name, [item.get("text") or ""]),
                                  box=box.get("number"), box_title=box.get("title") or None,
                                  leads=list(item.get("leads") or []),
                                  partners=list(item.get("partners") or []), lead_note=item.get("lead_note"),
                                  milestones=list(item.get("milestones") or []),
                                  targets=list(item.get("targets") or []), id=unit_id(uid, box=b, item=i),
                                  parent=here))
        for t, table in enumerate(section.get("tables") or [], start=1):
            _table_rows(table, inner, uid, t, here, found)


def _table_rows(table: dict, path: list[str], section: str, place: int, parent: int | None,
                found: list[Unit]) -> None:
    columns = table.get("columns") or []
    indicators = table.get("indicators") or []
    key = _key_column(columns, table.get("rows") or [])
    for index, row in enumerate(table.get("rows") or []):
        cells = [str(cell) for cell in row]
        indicator = indicators[index] if index < len(indicators) else None
        title = indicator["name"] if indicator else (cells[key] if key < len(cells) else "")
        # the serial-number columns before the key say where a row stands, not what it is
        text = "；".join(f"{column}：{cell}" for column, cell in list(zip(columns, cells))[key:] if cell)
        found.append(Unit("table-row", path + [table.get("caption") or ""], title, text,
                          values=list(indicator["values"]) if indicator else [],
                          id=unit_id(section, table=place, row=index + 1), parent=parent))


def _key_column(columns: list[str], rows: list[list]) -> int:
    """The column that names a row: the first whose cells are not all serial numbers."""
    for index in range(len(columns)):
        if not all(str(row[index]).isdigit() for row in rows if index < len(row)):
            return index
    return 0


def _joined(title: str, paragraphs: list[str]) -> str:
    return "\n".join([title] + paragraphs)


def _inherit_leads(found: list[Unit], grammar) -> None:
    """A note such as 以下均需各市政府落实，不再列出 names units that every later task has too,
    though its bracket no longer lists them: they are the later units' ``inherited`` leads."""
    from .agencies import agency_names

    inherit = grammar.pattern("agencies", "inherit")
    given: list[str] = []
    for unit in found:
        if given and (unit.leads or unit.partners):
            unit.inherited = [name for name in given if name not in unit.leads]
        note = inherit.search(unit.lead_note or "")
        if note:
            given = agency_names(note.group("agencies"), grammar)


def first_sentence(text: str, grammar=None) -> str:
    """The first sentence of a paragraph, its title as a unit — without the dash or bullet
    that the grammar's ``layout.block_starts`` says a paragraph may start with.

    >>> first_sentence("坚持统一规划。强化系统思维。"), first_sentence("——坚持需求牵引。以需求为主。")
    ('坚持统一规划', '坚持需求牵引')
    """
    from ..rules.grammar import load_grammar

    grammar = grammar or load_grammar()
    for start in grammar.top_lists["block_starts"]:
        if found := start.match(text):
            text = text[found.end():]
            break
    end = grammar.pattern("compare", "sentence_end").search(text)
    return text[:end.start()] if end else text


def sentences(text: str, grammar) -> list[str]:
    """The sentences of a text, each with the mark that ends it (the grammar's
    ``compare.sentence_end``).

    >>> from planparse.rules.grammar import load_grammar
    >>> sentences("建设平台。完善机制；加强保障", load_grammar())
    ['建设平台。', '完善机制；', '加强保障']
    """
    pieces, start = [], 0
    for end in grammar.pattern("compare", "sentence_end").finditer(text):
        pieces.append(text[start:end.end()])
        start = end.end()
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def below(units: list[Unit], index: int) -> list[int]:
    """The units under unit ``index`` (not itself), in document order."""
    found, stack = [], list(reversed(units[index].children))
    while stack:
        k = stack.pop()
        found.append(k)
        stack.extend(reversed(units[k].children))
    return found


def plain(text: str) -> str:
    """A text without its white space: two renderings of one text are the same plain text."""
    return "".join(text.split())


SCRIPT_FOLD = "s2t"  # the OpenCC configuration that writes two plans' texts in one script to compare them
COPY_SHARE = 0.5  # share of the smaller plan's leaves with the same plain text that makes two plans copies of one
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # full-width forms (％ ＋ ．) → ASCII


class Sameness:
    """Which units of two plans are the same text: the same plain text, full-width forms
    read as their ASCII ones (85％ and 85% are one figure, as two copies write it), and,
    when ``fold``, also the same once both are written in traditional script. A plan
    converted from traditional (``source.opencc``) and its simplified rendering differ where
    a phrase converts otherwise one way than the other (熏陶 is written 薰陶 in traditional,
    which t2s leaves as it is): in one script they are the same text. (:func:`.select.same_text`
    folds only where the two plans are copies of one text — at least ``COPY_SHARE`` of the
    leaves of the smaller the same already — and only texts of one length: the converter
    is slow to build, and two editions of a plan do not need it.)"""

    def __init__(self, old: list[Unit], new: list[Unit], fold: bool = False):
        self.texts = ([plain(u.text).translate(_NARROW) for u in old], [plain(u.text).translate(_NARROW) for u in new])
        self.fold = fold
        self._folded: dict[str, str] = {}

    def same(self, i: int, j: int) -> bool:
        """Are old unit ``i`` and new unit ``j`` the same text?"""
        a, b = self.texts[0][i], self.texts[1][j]
        return a == b or (self.fold and len(a) == len(b) and self.folded(a) == self.folded(b))

    def folded(self, text: str) -> str:
        if text not in self._folded:
            from ..parse.script import converter

            self._folded[text] = converter(SCRIPT_FOLD).convert(text)
        return self._folded[text]
