"""One heading line removed or garbled: does it change at most that heading and its direct
children? (Issue 24: no single line decides the tree.) A trial picks, with its seed, a plan of
the corpus, one of its headings and a damage — the line gone, its marker garbled, its number
changed, or a character of its title changed — parses the damaged text and compares the two
heading lists. The headings other than the damaged one and its children must all come back
(level, number, title) in order, and nothing may be added but as many headings as were
allowed to change."""
from __future__ import annotations

import random
from dataclasses import dataclass

import planparse
from conftest import FIXTURES, MARKDOWN, REPORTS
from headings_gold import lcs, norm

PLANS = sorted(FIXTURES.glob("*.txt")) + MARKDOWN + REPORTS
DAMAGES = ("remove", "marker", "number", "title")
_NOISE = "的了和在是有为之与及或乃于"
_NUMERALS = "一二三四五六七八九十"


@dataclass
class Trial:
    seed: int
    plan: str
    damage: str
    line: int
    heading: tuple
    allowed: int  # headings that may change: the damaged one and its direct children
    lost: list  # headings outside those that did not come back
    added: int  # headings of the damaged text beyond what may change

    @property
    def ok(self) -> bool:
        return not self.lost and self.added <= 0


def _flat(sections, parent=None, out=None):
    """(key, line, parent index, children count) of every section, in document order."""
    out = [] if out is None else out
    for section in sections:
        index = len(out)
        out.append([(section.level, section.number, norm(section.title)), section.lines[0], parent, 0])
        if parent is not None:
            out[parent][3] += 1
        _flat(section.sections, index, out)
    return out


_CACHE: dict = {}


def _parsed(path):
    if path not in _CACHE:
        text = path.read_text(encoding="utf-8")
        _CACHE[path] = (text, _flat(planparse.parse(text).sections))
    return _CACHE[path]


def damage(line: str, how: str, rng: random.Random) -> str | None:
    """``line`` damaged ``how``; None when that damage does not apply to it."""
    stripped = line.lstrip("#*> \u3000\t")
    lead = line[:len(line) - len(stripped)]
    if how == "remove":
        return ""
    if how == "marker":  # the marker's punctuation or its first character lost to noise
        for mark in ("、", "）", ")", ".", "．", "章", "节", "篇"):
            at = stripped.find(mark)
            if 0 <= at <= 6:
                return lead + stripped[:at] + rng.choice("，。 ") + stripped[at + 1:]
        return None
    if how == "number":
        for at, char in enumerate(stripped[:6]):
            if char in _NUMERALS:
                other = rng.choice([c for c in _NUMERALS if c != char])
                return lead + stripped[:at] + other + stripped[at + 1:]
            if char.isdigit():
                other = rng.choice([c for c in "123456789" if c != char])
                return lead + stripped[:at] + other + stripped[at + 1:]
        return None
    # title: one character of the title changed
    at = rng.randrange(min(len(stripped), 8), max(len(stripped), 9)) if len(stripped) > 8 else None
    if at is None or at >= len(stripped):
        return None
    return lead + stripped[:at] + rng.choice(_NOISE) + stripped[at + 1:]


def trial(seed: int) -> Trial | None:
    rng = random.Random(seed)
    path = rng.choice(PLANS)
    text, flat = _parsed(path)
    if not flat:
        return None
    index = rng.randrange(len(flat))
    key, line_no, _, children = flat[index]
    how = rng.choice(DAMAGES)
    lines = text.split("\n")
    if not 0 < line_no <= len(lines) or key[2][:4] not in norm(lines[line_no - 1]):
        return None  # the heading's line is not the source's line (a reader moved it): skip
    damaged = damage(lines[line_no - 1], how, rng)
    if damaged is None:
        return None
    lines[line_no - 1] = damaged
    after = [(s[0]) for s in _flat(planparse.parse("\n".join(lines)).sections)]
    keep = [i for i, entry in enumerate(flat) if i != index and entry[2] != index]
    kept = [flat[i][0] for i in keep]
    matched = lcs(kept, after)
    lost = [flat[i][0] for i in keep][:0] if matched == len(kept) else _lost(kept, after)
    allowed = 1 + children
    return Trial(seed, path.name, how, line_no, key, allowed, lost, len(after) - matched - allowed)


def _lost(kept: list, after: list) -> list:
    """The headings of ``kept`` that do not come back in ``after`` (by a longest common
    subsequence)."""
    n, m = len(kept), len(after)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if kept[i] == after[j] else max(table[i + 1][j], table[i][j + 1])
    lost, i, j = [], 0, 0
    while i < n:
        if j < m and kept[i] == after[j]:
            i, j = i + 1, j + 1
        elif j < m and table[i][j + 1] >= table[i + 1][j]:
            j += 1
        else:
            lost.append(kept[i])
            i += 1
    return lost


def run(trials: int, start: int = 0) -> tuple[int, list[Trial]]:
    """``trials`` trials that apply (seeds from ``start``): how many were run, and the failures."""
    done, failed, seed = 0, [], start
    while done < trials:
        found = trial(seed)
        seed += 1
        if found is None:
            continue
        done += 1
        if not found.ok:
            failed.append(found)
    return done, failed
