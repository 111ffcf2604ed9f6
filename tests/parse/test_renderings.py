"""Renderings of every corpus plan and work-report fixture — an HTML fragment, markdown, a
PDF-like re-wrap at 30–40 characters with indents on some paragraphs only, OCR spacing, both
— give the same sections, foreword and front matter as the plain text; and a heading removed
or garbled anywhere costs that heading only (its children may nest differently), never the
rest of the tree. Random renderings by hypothesis, over every plan of the corpus."""
from __future__ import annotations

import functools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planparse
from conftest import CORPUS, MARKDOWN, REPORTS
from planparse.diff import as_tree
from renderings import RENDERINGS, canonical

PLANS = CORPUS + MARKDOWN + REPORTS  # (work reports too: their first heading often comes late)
SETTINGS = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@functools.cache
def _canonical(index: int) -> str:
    return canonical(PLANS[index])


@functools.cache
def _tree(text: str) -> dict:
    return as_tree(planparse.parse(text), "plan")


def _sections(text: str) -> list:
    return _tree(text)["sections"]


def _headings(text: str) -> list[tuple]:
    """Every heading: its number, title and the titles above it."""
    out = []

    def walk(sections, above):
        for section in sections:
            out.append((section["number"], section["title"], above))
            walk(section["sections"], above + (section["title"],))
    walk(_sections(text), ())
    return out


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@SETTINGS
@given(plan=st.integers(0, len(PLANS) - 1), seed=st.integers(0, 2**16))
def test_a_rendering_gives_the_same_sections_and_front_matter(rendering, plan, seed):
    # and the cover's lines (a 文号, the period, the issuer, the date) and the foreword stay
    # apart however the copy is laid out: in a PDF with an indent on some lines only, a line
    # that is a date or a period alone is neither joined to the line before nor to the next
    text = _canonical(plan)
    rendered = RENDERINGS[rendering](text, random.Random(seed))
    where = f"{PLANS[plan].name} as {rendering} (seed {seed})"
    want, got = _tree(text), _tree(rendered)
    assert got["sections"] == want["sections"], where
    assert got["preamble"] == want["preamble"], where
    if rendering == "markdown":  # (its front matter names a title of its own, which wins)
        want, got = ({**tree["meta"], "title": None} for tree in (want, got))
    else:
        want, got = want["meta"], got["meta"]
    assert got == want, where


def _body_headings(text: str) -> list[int]:
    """Lines of the text that are headings of the tree (not entries of its contents list)."""
    grammar = planparse.load_grammar()
    lines = text.split("\n")
    entries = len(planparse.parse(text).toc)
    toc_end = lines.index("目录") + 1 + entries if entries else 0
    tree = {(number, title) for number, title, _ in _headings(text)}
    return [i for i, line in enumerate(lines) if i >= toc_end and (match := grammar.match_heading(line))
            and (match.number, match.title) in tree]  # (a report's run-in 一是… reads as no heading)


@SETTINGS
@given(plan=st.integers(0, len(PLANS) - 1), pick=st.integers(0, 2**16), garble=st.booleans())
def test_a_lost_heading_costs_that_heading_only(plan, pick, garble):
    text = _canonical(plan)
    lines = text.split("\n")
    candidates = _body_headings(text)
    index = candidates[pick % len(candidates)]
    match = planparse.load_grammar().match_heading(lines[index])
    if garble:  # its marker damaged beyond reading: 第十七章 → #十七章, 1. → #.
        lines[index] = "#" + lines[index][1:]
    else:
        del lines[index]
    lost = next(h for h in _headings(text) if (h[0], h[1]) == (match.number, match.title))
    want = [(n, t) for n, t, _ in _headings(text) if (n, t, _) != lost]
    got = [(n, t) for n, t, _ in _headings("\n".join(lines))]
    assert got == want, f"{PLANS[plan].name}: without '{lines[index][:20]}'"
