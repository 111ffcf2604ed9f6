"""Names of units (agencies), as a diff compares lead units: one unit is written in several
forms, and agencies are renamed and merged between editions. The forms and the renames are
data in the grammar's ``units`` section; this module reads a name into the keys it is known
by, and two names are one unit when they share a key.
"""
from __future__ import annotations

import functools


def split_units(text: str, grammar) -> list[str]:
    """The unit names in a list written in running text (a lead note).

    >>> from planparse.grammar import load_grammar
    >>> split_units("各市政府和省某示范区管委会", load_grammar())
    ['各市政府', '省某示范区管委会']
    >>> split_units("省文化和旅游厅、省教育厅", load_grammar())
    ['省文化和旅游厅', '省教育厅']
    """
    parts = grammar.pattern("units", "separator").split(text)
    return [part.strip() for part in parts if part and part.strip()]


def keys(name: str, grammar) -> frozenset[str]:
    """Every form a unit's name stands for: the name, its second name in brackets (with the
    level the first name starts with), its short forms, and what renamed agencies are called
    now.

    >>> from planparse.grammar import load_grammar
    >>> sorted(keys("省营商局（大数据局）", load_grammar()))
    ['省大数据局', '省数据局', '省营商局', '省营商局（大数据局）', '省营商局（数据局）']
    >>> "各市政府" in keys("各市人民政府", load_grammar())
    True
    """
    return _keys(name, _rules(grammar))


def same_unit(before: str, after: str, grammar) -> bool:
    """Are two names one unit (under the grammar's forms and renames)?"""
    return bool(keys(before, grammar) & keys(after, grammar))


@functools.lru_cache(maxsize=4096)
def _keys(name: str, rules) -> frozenset[str]:
    second, level, short_forms, aliases = rules
    names = {name}
    found = second.match(name)
    if found:
        first = found.group("first")
        prefix = level.match(first)
        names |= {first, (prefix.group(0) if prefix else "") + found.group("second")}
    for old, new in short_forms:
        names |= {n.replace(old, new) for n in names if old in n}
    for old, new in aliases:
        names |= {n.replace(old, new) for n in names if old in n}
    return frozenset(names)


@functools.cache
def _rules(grammar):
    """The grammar's unit rules as a hashable tuple (the cache key of :func:`_keys`)."""
    section = grammar.sections["units"]
    return (section["second_name"], section["level"], tuple((str(a), str(b)) for a, b in section["short_forms"]),
            tuple((str(rule["from"]), str(rule["to"])) for rule in section["aliases"]))
