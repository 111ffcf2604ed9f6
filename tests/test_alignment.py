"""The diff against the hand-made alignment golds of real editions (tests/alignments/):
how many of the old plan's commitments get the gold's fate, and how many of the diff's pairs
the gold names (see alignment_gold.py). The floors are the figures measured for this release,
less a little: a change that loses agreement fails here; one that gains it
should raise them."""
from __future__ import annotations

import pytest

from alignment_gold import GOLDS, agreement

# gold: (least fate, least fate counting debatable calls either way, least precision)
FLOORS = {
    "liaoning-14th-to-2025": (0.71, 0.83, 0.91),
    "national-13th-to-15th": (0.80, 0.91, 0.97),
    "liaoning-13th-to-14th": (0.55, 0.75, 0.87),
    "national-11th-to-13th": (0.73, 0.83, 0.86),  # (the 十一五 boxes read as items since issue 12)
}


def test_every_gold_is_scored():
    assert sorted(p.stem for p in GOLDS.glob("*.yaml")) == sorted(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_agreement_with_the_gold(name):
    fate, either, precision = FLOORS[name]
    found = agreement(name)
    assert found.fate >= fate, (found.fate, found.misses)
    assert found.either >= either, (found.either, found.misses)
    assert found.precision >= precision, found.precision
