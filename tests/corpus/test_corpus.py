"""The work-report corpus: every report parses (no error, no traceback), and nearly every one
gives a title and a heading tree. CI runs a sample (every 20th report); set
``PLANPARSE_CORPUS_ALL=1`` for all 1 659 (the benchmark times the whole corpus)."""
from __future__ import annotations

import os

import pytest

import planparse
from corpus import archive, reports
from planparse.model import walk_sections

ARCHIVE = archive()
EVERY = 1 if os.environ.get("PLANPARSE_CORPUS_ALL") else 20
WITH_TREE = 0.95  # share of reports with a title and three headings or more (0.99 measured on all)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(ARCHIVE is None, reason="no work-report archive here")]


def test_every_report_parses_with_a_title_and_a_heading_tree():
    parsed, with_tree, failures = 0, 0, []
    for name, data in reports(ARCHIVE, EVERY):
        try:
            document = planparse.parse(data, path=name)
        except Exception as err:  # noqa: BLE001 — any exception is a failure to report, by name
            failures.append(f"{name}: {type(err).__name__}: {err}")
            continue
        parsed += 1
        headings = sum(1 for _ in walk_sections(document.sections))
        with_tree += bool(document.meta.title) and headings >= 3
    assert not failures, failures[:5]
    assert parsed >= 1659 // EVERY
    assert with_tree >= WITH_TREE * parsed, f"{with_tree} of {parsed} with a title and ≥ 3 headings"
