"""Golden files: every fixture parses to exactly its fixtures/<case>.yaml.

Regenerate after an intended change with:  python -m pytest tests/parse/test_golden_trees.py --update-goldens
"""
from __future__ import annotations

import pytest

import planparse
from conftest import CORPUS, FIXTURES, MARKDOWN, REPORTS


@pytest.mark.parametrize("path", CORPUS + MARKDOWN + REPORTS, ids=[p.stem for p in CORPUS + MARKDOWN + REPORTS])
def test_fixture_matches_golden(path, update_goldens):
    document = planparse.parse(path.read_bytes(), path=f"fixtures/{path.relative_to(FIXTURES)}")
    got = planparse.dump(document, "yaml")
    golden = path.parent / f"{path.stem}.yaml"
    if update_goldens:
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.exists(), f"no golden for {path.name}: run pytest tests/parse/test_golden_trees.py --update-goldens"
    want = golden.read_text(encoding="utf-8")
    assert got == want, f"{path.name} differs from {golden.name}; if intended, run pytest --update-goldens"
