"""The heading golds of tests/headings/ (written by reading; see its README) and how a parse
is scored against them: precision, recall and F1 over (level, number, title) in document
order, matched by longest common subsequence — the way ``../shared/tools/score`` does it."""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

import plan_renderings
import planparse
from conftest import FIXTURES

HEADINGS = Path(__file__).resolve().parent / "headings"
HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})


def norm(text) -> str:
    """Titles compared leniently on spacing and punctuation width, strictly on characters."""
    return "".join(str(text or "").split()).translate(HALF_TO_FULL).rstrip("。．.")


def golds() -> list[str]:
    return sorted(p.stem for p in HEADINGS.glob("*.yaml") if p.stem != "renderings")


def load(name: str) -> dict:
    """A gold of tests/headings/, or else of fixtures/gold/ (the corpus plans' reviewed golds)."""
    path = HEADINGS / f"{name}.yaml"
    path = path if path.exists() else FIXTURES / "gold" / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def renderings() -> list[dict]:
    return yaml.safe_load((HEADINGS / "renderings.yaml").read_text(encoding="utf-8"))["renderings"]


def rendered(spec: dict) -> str:
    """The text of one rendering: its generator applied to its source plan."""
    make = getattr(plan_renderings, spec["make"])
    source = (FIXTURES / load(spec["gold"])["file"]).read_text(encoding="utf-8")
    return make(source, random.Random(spec["seed"])) if "seed" in spec else make(source)


def headings(sections) -> list[tuple]:
    """(level, number, title) of every section, in document order."""
    found = []
    for section in sections:
        found.append((section.level, section.number, norm(section.title)))
        found += headings(section.sections)
    return found


def gold_headings(gold: dict) -> list[tuple]:
    return [(level, number, norm(title)) for level, number, title in gold["headings"]]


def lcs(a: list, b: list) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    missing: list
    extra: list


def score(found: list[tuple], gold: list[tuple]) -> Score:
    hit = lcs(found, gold)
    precision = hit / len(found) if found else 0.0
    recall = hit / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, [h for h in gold if h not in found], [h for h in found if h not in gold])


def score_text(text: str | bytes, gold: dict) -> Score:
    return score(headings(planparse.parse(text).sections), gold_headings(gold))
