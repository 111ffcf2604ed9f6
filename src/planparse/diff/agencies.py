"""Names of units (agencies), as a diff compares lead units: one unit is written in several
forms, and agencies are renamed and merged between editions. The forms and the renames are
data in the grammar's ``agencies`` section; this module reads a name into the keys it is known
by, and two names are one unit when they share a key.
"""
from __future__ import annotations

import functools


def agency_names(text: str, grammar) -> list[str]:
    """The unit names in a list written in running text (a lead note).

    >>> from planparse.rules.grammar import load_grammar
    >>> agency_names("各市政府和省某示范区管委会", load_grammar())
    ['各市政府', '省某示范区管委会']
    >>> agency_names("省文化和旅游厅、省教育厅", load_grammar())
    ['省文化和旅游厅', '省教育厅']
    """
    parts = grammar.pattern("agencies", "separator").split(text)
    return [part.strip() for part in parts if part and part.strip()]


def keys(name: str, grammar) -> frozenset[str]:
    """Every form a unit's name stands for: the name, its second name in brackets (with the
    level the first name starts with), its short forms, and what renamed agencies are called
    now.

    >>> from planparse.rules.grammar import load_grammar
    >>> sorted(keys("省营商局（大数据局）", load_grammar()))
    ['省大数据局', '省数据局', '省营商局', '省营商局（大数据局）', '省营商局（数据局）']
    >>> "各市政府" in keys("各市人民政府", load_grammar())
    True
    """
    return _keys(name, _rules(grammar))


def same_agency(before: str, after: str, grammar) -> bool:
    """Are two names one unit: forms of one name, one the short form of the other, or an
    agency and what the reforms renamed it (the grammar's ``agencies`` rules)?

    >>> from planparse.rules.grammar import load_grammar
    >>> same_agency("市城管局", "市城市管理综合行政执法局", load_grammar())
    True
    >>> same_agency("省委办", "省委网信办", load_grammar())
    False
    >>> same_agency("市数据局", "市数字经济发展局", load_grammar())
    False
    """
    ours, theirs = keys(before, grammar), keys(after, grammar)
    if ours & theirs:
        return True
    rules = _rules(grammar)
    return any(_shortens(a, b, rules) or _shortens(b, a, rules) for a in ours for b in theirs)


def _shortens(short: str, long: str, rules) -> bool:
    """Is ``short`` the short form of ``long``: of one level, both agencies' names, its
    characters (three at least, after the level) all in ``long`` in order, starting and ending
    alike (市城管局, 市城市管理综合行政执法局)?"""
    _, level, _, _, end = rules
    if len(short) >= len(long) or not end.search(short) or not end.search(long):
        return False
    found_short, found_long = level.match(short), level.match(long)
    prefix = found_short.group(0) if found_short else ""
    long_prefix = found_long.group(0) if found_long else ""
    if long_prefix == prefix:
        short, long = short[len(prefix):], long[len(prefix):]
    elif long.startswith(long_prefix + short[:1]) and len(short) >= 3:  # the long name says its level, the short not
        long = long[len(long_prefix):]
    else:
        return False
    if len(short) < 3 or short[0] != long[0] or short[-1] != long[-1]:
        return False  # (two characters, 委办, say too little to stand for a longer name)
    rest = iter(long)
    return all(char in rest for char in short)


@functools.lru_cache(maxsize=4096)
def _keys(name: str, rules) -> frozenset[str]:
    second, level, short_forms, aliases, _ = rules
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
    section = grammar.sections["agencies"]
    return (section["second_name"], section["level"], tuple((str(a), str(b)) for a, b in section["short_forms"]),
            tuple((str(rule["from"]), str(rule["to"])) for rule in section["aliases"]), section["agency_end"])
