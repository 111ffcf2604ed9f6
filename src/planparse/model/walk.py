"""The one walker of a heading tree: every section in document order, with its id (from
:mod:`.ids`), its place, the section above it and the titles and markers of the path down to
it. It visits typed sections (:class:`~planparse.model.Section`, what ``parse`` returns) and
their plain-data form (a tree read back from YAML or JSON) alike, so that the commitment table,
the store and the diff's units see one tree the same way.

>>> tree = [{"title": "任务", "marker": "一、", "sections": [{"title": "建设平台", "marker": "（一）"}]},
...         {"title": "保障", "marker": "二、"}]
>>> [(v.id, v.path, v.parent.id if v.parent else None) for v in walk(tree)]
[('1', (), None), ('1.1', ('任务',), '1'), ('2', (), None)]
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .ids import section_id


def field_of(node: Any, name: str, default: Any = None) -> Any:
    """A field of a typed node or a key of its plain-data form (``default`` when missing or empty)."""
    value = node.get(name) if isinstance(node, dict) else getattr(node, name, None)
    return default if value is None else value


@dataclass(frozen=True)
class Visit:
    """One section, where the walk found it."""

    section: Any  # a Section, or the dict a tree read back holds
    id: str  # 4.2.1: the one id scheme (:func:`~planparse.model.ids.section_id`)
    index: int  # its place in document order among all sections walked, from 0
    parent: Visit | None
    path: tuple[str, ...]  # the titles of the sections above it, outermost first
    markers: tuple[str, ...]  # their heading markers

    @property
    def title(self) -> str:
        return field_of(self.section, "title", "")

    @property
    def marker(self) -> str:
        return field_of(self.section, "marker", "")

    def below(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The path and markers of what stands in this section (its own title and marker added)."""
        return self.path + (self.title,), self.markers + (self.marker,)


def walk(sections: Sequence[Any], path: Sequence[str] = (), markers: Sequence[str] = ()) -> Iterator[Visit]:
    """Every section of ``sections`` and below, depth first in document order; paths start
    from ``path`` and ``markers`` (an appendix's title, say). Iterative: any depth is safe."""
    top = (tuple(path), tuple(markers))
    index = 0
    stack: list[tuple[Sequence[Any], int, Visit | None]] = [(sections, 0, None)]
    while stack:
        siblings, place, parent = stack.pop()
        if place >= len(siblings):
            continue
        stack.append((siblings, place + 1, parent))
        section = siblings[place]
        above, their_markers = parent.below() if parent else top
        visit = Visit(section, section_id(parent.id if parent else "", place + 1), index, parent, above,
                      their_markers)
        index += 1
        yield visit
        stack.append((field_of(section, "sections", []), 0, visit))


_END = object()


def nodes(sections: Sequence[Any]) -> Iterator[Any]:
    """The sections alone, in the same order as :func:`walk` (a hot loop's form of it: no ids,
    no paths)."""
    stack = [iter(sections)]
    while stack:
        section = next(stack[-1], _END)
        if section is _END:
            stack.pop()
            continue
        yield section
        children = field_of(section, "sections")
        if children:
            stack.append(iter(children))
