"""The target golds of tests/targets/ (written by reading; see its README) and how a parse is
scored against them: a found target matches a gold one on its line, its value (or range), its
unit and its comparator; each gold target is matched at most once. Precision is over the
targets found, recall over the gold's."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

import planparse
from conftest import FIXTURES
from planparse.model import walk_sections

TARGETS = Path(__file__).resolve().parent / "targets"


def golds() -> list[str]:
    return sorted(p.stem for p in TARGETS.glob("*.yaml"))


def load(name: str) -> dict:
    return yaml.safe_load((TARGETS / f"{name}.yaml").read_text(encoding="utf-8"))


def parsed(gold: dict):
    path = FIXTURES / gold["file"]
    return planparse.parse(path.read_bytes(), path=str(path))


def found_targets(document) -> list:
    """Every target the parse found, wherever it stands in the tree."""
    sections = list(walk_sections(document.sections))
    for part in document.documents[1:]:
        sections += list(walk_sections(part.sections))
    for appendix in document.appendices:
        sections += list(walk_sections(appendix.sections))
    found = [t for s in sections for t in s.targets]
    found += list(getattr(document, "preamble_targets", []) or [])
    return [t for t in found if getattr(t, "kind", "target") == "target"]


def _unit(unit) -> str:
    return unicodedata.normalize("NFKC", str(unit or "")).strip()


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def _key(target) -> tuple:
    """(line, low, high, unit, comparator) of a found target or a gold one (a dict)."""
    get = target.get if isinstance(target, dict) else lambda key, default=None: getattr(target, key, default)
    value, low, high = get("value"), get("low"), get("high")
    if low is None and high is None:
        low = high = value
    return get("line"), low, high, _unit(get("unit")), get("comparator") or "exact"


def _matches(found: tuple, gold: tuple) -> bool:
    return found[0] == gold[0] and _same_number(found[1], gold[1]) and _same_number(found[2], gold[2]) \
        and found[3] == gold[3] and found[4] == gold[4]


@dataclass
class Score:
    matched: int
    found: int
    gold: int
    missed: list
    extra: list

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def score(found: list, gold: list[dict]) -> Score:
    wanted = [_key(g) for g in gold]
    used = [False] * len(wanted)
    extra = []
    for target in found:
        key = _key(target)
        hit = next((k for k, g in enumerate(wanted) if not used[k] and _matches(key, g)), None)
        if hit is None:
            extra.append(key)
        else:
            used[hit] = True
    missed = [wanted[k] for k, u in enumerate(used) if not u]
    return Score(sum(used), len(found), len(wanted), missed, extra)


def score_document(name: str) -> tuple[Score, str | None, str | None]:
    """The target score of one gold document, and its gold and parsed dates."""
    gold = load(name)
    document = parsed(gold)
    return score(found_targets(document), gold.get("targets") or []), gold.get("date"), document.meta.date
