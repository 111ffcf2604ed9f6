"""Fuzzing with plan-like documents: random heading trees rendered with random markers, line
widths and wraps, punctuation widths and scripts. Whatever comes out, the parse does not
crash, gives the same tree twice, loses nothing, and the tree renders to a text that parses
back to the same tree.

CI runs a few hundred examples; a longer run:

    PLANPARSE_FUZZ_EXAMPLES=5000 python3 -m pytest tests/test_fuzz.py
"""
from __future__ import annotations

import os

import opencc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planparse
from hostile_plans import (
    MARKERS,  # marker systems by level, as plans write them (full- and half-width)
)
from planparse.model.emit import to_data
from planparse.parse.check import account
from planparse.parse.plaintext import render_text
from test_properties import HAN, hard_wrap, long_paragraphs

LONG = "PLANPARSE_FUZZ_EXAMPLES" in os.environ
# the run in CI is the same every time (a failure there is reproducible); a long run explores
FUZZ = settings(max_examples=int(os.environ.get("PLANPARSE_FUZZ_EXAMPLES", "200")), deadline=None,
                derandomize=not LONG, database=None if not LONG else settings.default.database,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
S2T = opencc.OpenCC("s2t")
titles = st.text(alphabet=HAN, min_size=2, max_size=14)


@st.composite
def heading_trees(draw, level=1, most=4):
    """A list of (level, number, title, paragraphs, children)."""
    count = draw(st.integers(1 if level == 1 else 0, most))
    nodes = []
    for number in range(1, count + 1):
        children = draw(heading_trees(level + 1, max(most - 1, 1))) if level < len(MARKERS) else []
        nodes.append((level, number, draw(titles), draw(st.lists(long_paragraphs, max_size=2)), children))
    return nodes


@st.composite
def rendered_plans(draw):
    """A plan's text: a title and preamble, then the heading tree with the chosen markers."""
    choice = [draw(st.integers(0, len(systems) - 1)) for systems in MARKERS]
    run_in = draw(st.booleans())  # 1.标题。正文 on one line, or the heading on its own line
    lines = [draw(titles) + "规划", draw(long_paragraphs)]

    def render(nodes):
        for level, number, title, paragraphs, children in nodes:
            marker = MARKERS[level - 1][choice[level - 1]](number)
            if run_in and level >= 3 and paragraphs:
                lines.append(f"{marker}{title}。{paragraphs[0]}")
                lines.extend(paragraphs[1:])
            else:
                lines.append(f"{marker}{title}")
                lines.extend(paragraphs)
            render(children)

    render(draw(heading_trees()))
    text_lines = lines
    if draw(st.booleans()):  # half-width punctuation, as web copies have it
        text_lines = [line.replace("，", ",").replace("：", ":").replace("；", ";") for line in text_lines]
    if draw(st.booleans()):
        text_lines = [S2T.convert(line) for line in text_lines]
    wrap = draw(st.sampled_from([None, 24, 28, 35]))
    if wrap:
        return hard_wrap(text_lines, wrap, draw(st.sampled_from(["space", "indent"])))
    return "\n".join(text_lines)


@FUZZ
@given(rendered_plans())
def test_plan_like_documents(text):
    document = planparse.parse(text)
    tree = to_data(document)
    assert to_data(planparse.parse(text)) == tree  # deterministic
    books = account(document)
    assert books.balanced, books.summary("fuzz")
    again = to_data(planparse.parse(render_text(tree)))
    assert {k: v for k, v in again.items() if k != "source"} == {k: v for k, v in tree.items() if k != "source"}


@FUZZ
@given(st.integers(0, 2**32 - 1))
def test_hostile_plan_like_documents_round_trip(seed):
    """The harsher plans of ``hostile_plans``: commas and brackets at line starts after a hard
    wrap, half-width lead brackets, tables, junk characters, paragraphs that stop mid-sentence."""
    import random

    from hostile_plans import plan

    text = plan(random.Random(seed))
    tree = to_data(planparse.parse(text))
    again = to_data(planparse.parse(render_text(tree)))
    assert {k: v for k, v in again.items() if k != "source"} == {k: v for k, v in tree.items() if k != "source"}


# a value of every kind a tree's keys may be wrongly given
ODD = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                st.text(max_size=20), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                                                          st.integers(), max_size=2))


@FUZZ
@given(st.data())
def test_a_tree_with_any_key_changed_is_read_or_refused_in_one_line(data):
    """Trees as well as texts: a tree that parse wrote, with a value anywhere replaced by any
    other, is read back (and renders and parses) or refused with a PlanparseError — nothing else."""
    import json

    from planparse.errors import PlanparseError
    from planparse.model.load import load_tree

    tree = _TREE()
    places = list(_places(tree))
    holder, key = places[data.draw(st.integers(0, len(places) - 1))]
    holder[key] = data.draw(ODD)
    try:
        found = load_tree("tree.json", json.dumps(tree, ensure_ascii=False).encode("utf-8"))
    except PlanparseError:
        return
    planparse.parse(render_text(found))


def _TREE():
    import copy

    global _SAMPLE
    if "_SAMPLE" not in globals():
        from conftest import FIXTURES

        _SAMPLE = to_data(planparse.parse((FIXTURES / "liaoning-digital-gov-14th.txt").read_bytes()))
    return copy.deepcopy(_SAMPLE)


def _places(node):
    """(container, key) of every value in a tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield node, key
        yield from _places(value)
