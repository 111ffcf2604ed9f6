"""Units: the comparable pieces of a plan tree, for the diff.

A unit is every section (its title and its own text), every 专栏 item, every table row (by
its key cell) and, in a section with no children and several paragraphs, every paragraph
(by its first sentence). Units are read from the tree as ``parse`` writes it (a dict), so a
plan text and a YAML/JSON tree written earlier are the same to the diff.
"""
from __future__ import annotations

import json

import regex

from .errors import PlanparseError
from .model import SCHEMA, Unit

SENTENCE_END = regex.compile(r"(?<=[。！？；])")


def units(tree: dict, grammar=None) -> list[Unit]:
    """Every unit of ``tree``, in document order; a unit's ``parent`` is its section's index
    and its ``part`` what its top-level chapter is about (by the grammar's ``parts`` rules)."""
    found: list[Unit] = []
    _sections(tree.get("sections") or [], [], None, found, grammar)
    for appendix in tree.get("appendices") or []:
        title = appendix.get("title") or f"附件{appendix.get('number') or ''}"
        for table in appendix.get("tables") or []:
            _table_rows(table, [title], None, found)
    for index, unit in enumerate(found):
        unit.index = index
    for unit in reversed(found):  # children come after their parent: build contexts bottom up
        unit.context = unit.context or unit.text
        if unit.parent is not None:
            parent = found[unit.parent]
            parent.context = (parent.context or parent.text) + "\n" + unit.context
    if grammar is not None:
        for unit in found:
            unit.part = part_of(unit.path[0] if unit.path else unit.title, grammar)
    return found


def part_of(chapter: str, grammar) -> str:
    """What a top-level chapter is about, by its title: the first ``parts`` rule it matches,
    or the plan itself.

    >>> from planparse.grammar import load_grammar
    >>> part_of("过去五年发展成效", load_grammar()), part_of("重点任务", load_grammar())
    ('review', 'plan')
    """
    for name, pattern in grammar.sections["parts"].items():
        if name not in ("examples", "not_examples") and pattern.search(chapter):
            return name
    return "plan"


def _sections(sections: list[dict], path: list[str], parent: int | None, found: list[Unit], grammar) -> None:
    for section in sections:
        title = section.get("title") or ""
        paragraphs = section.get("paragraphs") or []
        here = len(found)
        found.append(Unit("section", list(path), title, _joined(title, paragraphs), section.get("level"),
                          section.get("number"), leads=list(section.get("leads") or []),
                          milestones=list(section.get("milestones") or []),
                          targets=list(section.get("targets") or []), parent=parent))
        inner = path + [title]
        children = section.get("sections") or []
        if not children and len(paragraphs) > 1:
            for paragraph in paragraphs:
                found.append(Unit("paragraph", inner, first_sentence(paragraph, grammar), paragraph, parent=here))
        for box in section.get("boxes") or []:
            for item in box.get("items") or []:
                name = item.get("name") or ""
                found.append(Unit("box-item", inner, name, _joined(name, [item.get("text") or ""]),
                                  box=box.get("number"), leads=list(item.get("leads") or []),
                                  milestones=list(item.get("milestones") or []),
                                  targets=list(item.get("targets") or []), parent=here))
        for table in section.get("tables") or []:
            _table_rows(table, inner, here, found)
        _sections(children, inner, here, found, grammar)


def _table_rows(table: dict, path: list[str], parent: int | None, found: list[Unit]) -> None:
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
                          values=list(indicator["values"]) if indicator else [], parent=parent))


def _key_column(columns: list[str], rows: list[list]) -> int:
    """The column that names a row: the first whose cells are not all serial numbers."""
    for index in range(len(columns)):
        if not all(str(row[index]).isdigit() for row in rows if index < len(row)):
            return index
    return 0


def _joined(title: str, paragraphs: list[str]) -> str:
    return "\n".join([title] + [p for p in paragraphs if p])


def first_sentence(text: str, grammar=None) -> str:
    """The first sentence of a paragraph, its title as a unit — without the dash or bullet
    that the grammar's ``layout.block_starts`` says a paragraph may start with.

    >>> first_sentence("坚持统一规划。强化系统思维。"), first_sentence("——坚持需求牵引。以需求为主。")
    ('坚持统一规划', '坚持需求牵引')
    """
    from .grammar import load_grammar

    for start in (grammar or load_grammar()).top_lists["block_starts"]:
        if found := start.match(text):
            text = text[found.end():]
            break
    return SENTENCE_END.split(text, maxsplit=1)[0].rstrip("。！？；")


def load_tree(path: str, data: bytes) -> dict | None:
    """The tree in ``data`` if it is one that ``parse`` wrote (YAML or JSON), else None (the
    file is a plan text). A file that looks like a tree but is broken is an error."""
    head = data.lstrip()[:200]
    if not (head.startswith(b"{") or head.startswith(b"schema:")):
        return None
    try:
        if head.startswith(b"{"):
            tree = json.loads(data.decode("utf-8"))
        else:
            import yaml

            tree = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ValueError, UnicodeDecodeError) as err:
        raise PlanparseError(f"{path}: not a valid tree ({type(err).__name__}: {str(err).splitlines()[0]})") from None
    except Exception as err:  # yaml.YAMLError, without importing yaml up front
        raise PlanparseError(f"{path}: not a valid YAML tree ({str(err).splitlines()[0]})") from None
    if not isinstance(tree, dict) or tree.get("schema") != SCHEMA or not isinstance(tree.get("sections"), list):
        raise PlanparseError(f"{path}: not a planparse tree (expected schema: {SCHEMA} with sections)")
    return tree
