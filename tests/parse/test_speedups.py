"""The shortcuts that make parsing fast must not change a result: each is checked against
the plain computation it stands for."""
from __future__ import annotations

import heapq

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from damage import gbk_one_byte_off
from planparse.parse import mojibake
from planparse.parse.extract import targets
from planparse.parse.pipeline import HeadingPrior
from planparse.parse.script import LineScript, converter, line_scripts
from planparse.rules.grammar import load_grammar

DAMAGED = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"


class _PlainPrior:
    """The heading prior without its ``ceiling`` and ``never``: the search asks it of every reading."""

    def __init__(self, grammar):
        self.inner = HeadingPrior(grammar)

    def __call__(self, line):
        return self.inner(line)

    def see(self, line):
        self.inner.see(line)


def test_the_bounded_repair_search_finds_what_the_full_search_finds():
    grammar = load_grammar()
    lines = DAMAGED.read_text(encoding="utf-8").split("\n")
    damaged = [i for i, line in enumerate(lines) if mojibake.damaged_span(line)]
    assert len(damaged) >= 10
    text = "\n".join(lines[:damaged[5] + 1])  # the first six damaged lines and what comes before them
    bounded = mojibake.repair(text, HeadingPrior(grammar))
    full = mojibake.repair(text, _PlainPrior(grammar))
    assert [r.fixed for r in bounded[1]] == [r.fixed for r in full[1]]
    assert bounded[0] == full[0]


def test_garbled_headings_of_a_clean_plan_come_back_the_same_with_and_without_the_bounds():
    grammar = load_grammar()
    lines = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8").split("\n")
    heads = [i for i, line in enumerate(lines) if grammar.match_heading(line.strip())][:8]
    garbled = [gbk_one_byte_off(line) if i in heads else line for i, line in enumerate(lines)]
    text = "\n".join(garbled[:heads[-1] + 1])
    assert mojibake.repair(text, HeadingPrior(grammar))[0] == mojibake.repair(text, _PlainPrior(grammar))[0]


@pytest.mark.parametrize("first, never", [("，", True), ("）", True), ("（", False), ("(", False), ("一", False),
                                          ("第", False), (" ", False), ("\u3000", False), ("1", False)])
def test_the_heading_prior_says_which_first_characters_never_earn_anything(first, never):
    assert HeadingPrior(load_grammar()).never(first) is never


def test_a_character_the_prior_calls_hopeless_earns_nothing_as_any_line_start():
    prior = HeadingPrior(load_grammar())
    for line in ["，建设", "）一、总体要求", "、（一）加强", "．此件公开发布"]:
        assert prior.never(line[0]) and prior(line) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-30, 0), st.text("abcdef", min_size=1, max_size=2),
                          st.lists(st.sampled_from("uvwxyz"), max_size=4, unique=True)), max_size=40))
def test_likeliest_extensions_is_nlargest_of_every_extension(starts):
    def probability(before, char):
        return -((ord(char) * 7 + sum(map(ord, before))) % 13) / 2

    every = [(start + probability(text[-2:], end), text + end) for start, text, ends in starts for end in ends]
    assert mojibake._likeliest_extensions(list(starts), probability) == \
        [text for _, text in heapq.nlargest(mojibake.CANDIDATES, every)]


def test_one_test_for_any_heading_rule_agrees_with_trying_each_rule():
    grammar = load_grammar()
    assert grammar.any_heading is not None
    for path in sorted(FIXTURES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            each = next((rule for rule in grammar.headings if rule.pattern.match(line)), None)
            found = grammar.heading_candidate(line)
            assert (found[0] if found else None) == each, line


def test_rules_with_flags_of_their_own_are_not_put_together(tmp_path):
    user = tmp_path / "flags.yaml"
    user.write_text("extends: zh-plan\nheadings:\n- name: part\n  rank: 1\n  numeral: chinese\n"
                    "  pattern: '(?i)^part (?P<num>[一二三]) (?P<rest>.*)$'\n  marker: 'PART {n}'\n",
                    encoding="utf-8")
    grammar = load_grammar(str(user))
    assert grammar.any_heading is None
    assert grammar.match_heading("PART 一 总则").marker == "PART 一"


def test_a_pattern_stands_on_another_of_its_section():
    grammar = load_grammar()
    assert "units" in grammar.uses[("targets", "pattern")]
    assert grammar.sections["targets"]["pattern"].search("网办率达到90万人")
    assert "{units}" not in grammar.sections["targets"]["pattern"].pattern


def test_a_user_grammar_adds_a_unit_in_one_place(tmp_path):
    """The figure pattern stands on the units list: a grammar that extends zh-plan and adds a
    unit to ``targets.units`` finds figures in it, with no pattern of its own."""
    user = tmp_path / "own.yaml"
    base = load_grammar().raw["targets"]["units"]
    user.write_text(f"extends: zh-plan\ntargets:\n  units: '标准间|{base}'\n", encoding="utf-8")
    grammar = load_grammar(str(user))
    assert [(t.value, t.unit) for t in targets("到2025年，新增客房300标准间。", grammar)] == [(300, "标准间")]
    assert [t.unit for t in targets("到2025年，新增客房300标准间。", load_grammar())] != ["标准间"]


@pytest.mark.parametrize("text", ["遼寧省數字政府\n乾安县\n\n發展規劃（2021—2025年）", "简体\n繁體與简体\n",
                                  "數據共享\n数据共享\n乾隆\n"])
def test_line_scripts_of_the_whole_text_are_those_of_each_line(text):
    line_scripts.cache_clear()
    each = [LineScript(_changed(line, "t2s"), _changed(line, "s2t")) for line in text.split("\n")]
    assert line_scripts(text) == each


def _changed(line, config):
    converted = converter(config).convert(line)
    return sum(1 for a, b in zip(line, converted) if a != b)
