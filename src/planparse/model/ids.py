"""The one id scheme of every node a researcher can point at, in the tree, the commitment
table, the store, the diff and the chain: sections by their places (``4.2.1``), appendices
``a1``, and what stands in a section by kind and place (``4.2.1-p3``, ``4.2.4-b1.2``,
``2.3-t1.r4``). Lists in one CSV cell are joined the same way everywhere.
"""
from __future__ import annotations

LIST_JOIN = "；"  # joins a list in one CSV cell (lead units never contain it: it separates them)
PATH_JOIN = " > "  # joins the section path (and its markers) in one CSV cell


def section_id(parent: str, place: int) -> str:
    """A section's id: its place among its siblings (from 1) after its parent's id ("" at the top).

    >>> section_id("", 4), section_id("4.2", 1)
    ('4', '4.2.1')
    """
    return f"{parent}.{place}" if parent else str(place)


def unit_id(section: str, *, paragraph: int | None = None, box: int | None = None, item: int | None = None,
            table: int | None = None, row: int | None = None) -> str:
    """The id of what stands in a section (or in appendix ``a1``), by places counted from 1: a
    paragraph, a box's item or a table's row.

    >>> unit_id("4.2.1", paragraph=3), unit_id("4.2.4", box=1, item=2), unit_id("2.3", table=1, row=4)
    ('4.2.1-p3', '4.2.4-b1.2', '2.3-t1.r4')
    """
    if paragraph is not None:
        return f"{section}-p{paragraph}"
    if box is not None:
        return f"{section}-b{box}.{item}"
    return f"{section}-t{table}.r{row}"


def appendix_id(place: int) -> str:
    """An appendix's id, by its place among the appendices (from 1); a table row that stands in
    it is ``a2-t1.r3`` and its sections are :func:`within` it.

    >>> appendix_id(2), unit_id(appendix_id(2), table=1, row=3)
    ('a2', 'a2-t1.r3')
    """
    return f"a{place}"


def document_id(place: int) -> str:
    """The id of one of the documents a file bundles, by its place (from 1). The first
    document's ids carry no scope (a file of one document and the first of several agree)."""
    return f"d{place}" if place > 1 else ""


def within(scope: str, uid: str) -> str:
    """An id inside an appendix or a bundled document: ``a1-2.3``, ``d2-1.1``; inside no scope,
    the id itself.

    >>> within(appendix_id(1), "2.3"), within(document_id(2), "1.1"), within(document_id(1), "1.1")
    ('a1-2.3', 'd2-1.1', '1.1')
    """
    return f"{scope}-{uid}" if scope else uid
