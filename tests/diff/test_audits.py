"""The audits of the diff's sure "dropped" and "added" verdicts (tests/alignments/audits/, read by
people: the README's figures) judge the diff as it stands: each file holds every unit the diff
calls so today (or the sample tools/sample_verdicts.py draws today), each judged."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
AUDITS = sorted((ROOT / "tests" / "alignments" / "audits").glob("*.yaml"))


@pytest.mark.parametrize("path", AUDITS, ids=[p.stem for p in AUDITS])
def test_an_audit_judges_the_sample_the_diff_gives_today(path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import sample_verdicts
    finally:
        sys.path.remove(str(ROOT / "tools"))
    audit = yaml.safe_load(path.read_text(encoding="utf-8"))
    size = 0 if audit.get("size") == "all" else audit.get("size", 20)
    today = sample_verdicts.sample(FIXTURES / audit["old_file"], FIXTURES / audit["new_file"], audit.get("seed", 0),
                                   size)
    assert today["counts"] == audit["counts"]
    for side in ("dropped", "added"):
        assert [(u["id"], u["title"]) for u in today[side]] == [(u["id"], u["title"]) for u in audit[side]], side
        assert all(u["verdict"] in ("right", "wrong") and u["why"] for u in audit[side]), side
        assert all(u["where"] for u in audit[side] if u["verdict"] == "wrong"), side


def test_a_sample_is_drawn_from_the_units_the_diff_calls_so():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import sample_verdicts
    finally:
        sys.path.remove(str(ROOT / "tools"))
    old, new = FIXTURES / "liaoning-digital-gov-14th.txt", FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"
    every = sample_verdicts.sample(old, new, 23, 0)
    drawn = sample_verdicts.sample(old, new, 23, 3)
    assert (drawn["seed"], drawn["size"], every["size"]) == (23, 3, "all") and drawn["counts"] == every["counts"]
    assert len(drawn["dropped"]) == 3 and {u["id"] for u in drawn["dropped"]} < {u["id"] for u in every["dropped"]}
    assert drawn == sample_verdicts.sample(old, new, 23, 3)  # (the seed fixes the draw)


def test_there_is_an_audit_of_each_real_diff_the_readme_names():
    assert len(AUDITS) == 4
