"""Score a diff against a hand-made alignment gold (tests/alignments/*.yaml).

A gold lists commitments of the old plan (kind, title, and box, level or path to tell equal
titles apart) and, for each, the titles of the new plan's units it went into (``new``; a
专栏 item as ``专栏N name``), or ``[]`` when it was dropped; ``sure: false`` marks a call a
careful reader could make otherwise.

- **fate**: the share of the gold's commitments whose fate the diff shares: dropped when the
  gold says dropped, else paired with at least one of the gold's units;
- **fate, debatable either way**: the same, but a debatable commitment also counts when the
  diff drops it or pairs it only with units the gold names;
- **precision**: the share of the diff's pairs of these commitments whose new unit the gold
  names.

A paragraph of a section counts as the section (a gold names headings); in a gold with
``chapters: true`` every new unit counts as the chapter (level-2 section) it stands in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

import planparse

GOLDS = Path(__file__).resolve().parent / "alignments"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Agreement:
    fate: float
    either: float
    precision: float
    misses: list = field(default_factory=list)  # (old title, gold, the diff's partners)


def _plain(text) -> str:
    return "".join(str(text or "").split())


def _chapter(unit) -> str:
    if unit.kind == "section" and unit.level == 2:
        return unit.title
    return unit.path[1] if len(unit.path) > 1 else unit.title


def _label(unit) -> str:
    return f"专栏{unit.box}{unit.title}" if unit.kind == "box-item" else unit.title


def _matches(entry: dict, unit) -> bool:
    old = entry["old"]
    return (unit.kind == old["kind"] and _plain(unit.title) == _plain(old["title"])
            and old.get("box") in (None, unit.box) and old.get("level") in (None, unit.level)
            and (old.get("path") is None or [_plain(p) for p in old["path"]] == [_plain(p) for p in unit.path]))


def agreement(name: str, report=None) -> Agreement:
    """How far the diff of the gold's two fixtures (or ``report``) agrees with gold ``name``."""
    gold = yaml.safe_load((GOLDS / f"{name}.yaml").read_text(encoding="utf-8"))
    chapters = gold.get("chapters", False)
    if report is None:
        old, new = (planparse.parse((FIXTURES / gold[side]).read_bytes()) for side in ("old", "new"))
        report = planparse.diff(old, new)
    partners: dict[int, list] = {}
    olds = {}
    for pair in report.pairs:
        if pair.old is not None:
            olds[pair.old.index] = pair.old
            if pair.new is not None:
                partners.setdefault(pair.old.index, []).append(pair.new)
    fate = either = good = pairs = counted = 0
    misses = []
    for entry in gold["commitments"]:
        found = [u for u in olds.values() if _matches(entry, u)]
        assert len(found) == 1, f"{name}: the gold's {entry['old']} is {len(found)} units of the old plan"
        wanted = {_plain(t) for t in entry["new"]}
        got = []
        for unit in partners.get(found[0].index, []):
            title = _plain(_chapter(unit) if chapters else _label(unit))
            if unit.kind == "paragraph" and not chapters and title not in wanted:
                title = _plain(unit.path[-1])
            got.append(title)
        right = (not wanted and not got) or bool(wanted & set(got))
        counted += 1
        fate += right
        either += right or (entry.get("sure") is False and set(got) <= wanted)
        pairs += len(got)
        good += sum(title in wanted for title in got)
        if not right:
            misses.append((entry["old"]["title"], sorted(wanted), got))
    return Agreement(fate / counted, either / counted, good / pairs if pairs else 1.0, misses)
