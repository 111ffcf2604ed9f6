"""Hostile grammars: a pattern that backtracks without end is refused when the grammar is
loaded, and one that gets past the probes gives up at run time with a warning — every case
ends within seconds, with exit 0 or 2 and one line, never a hang or a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import regex

from conftest import FIXTURES
from planparse.rules import budget
from planparse.rules.grammar import grammar_files, load_grammar

PLAN = FIXTURES / "liaoning-egov-13th-web.txt"
# (the section, a rule of it that backtracks without end): overlapping words under a star, a
# lazy run before a comma under a star, a quantified group of runs (polynomial, not
# exponential, but slow on a long line); each was checked to hang the regex module
HOSTILE = [
    ("headings", "  - name: chinese-dun\n    rank: 4\n    numeral: chinese\n"
                 "    pattern: '^(?P<num>(?:一|一二|二)*)[、．.]\\s*(?P<rest>.*)$'\n    marker: '{n}、'\n"),
    ("leads", "  etc: '^(?:等|等等)+单位$'\n"),
    ("targets", "  forward: '(?:.*?，)*.*?(?:力争|确保)$'\n"),
    ("layout", "  prose_punctuation: '(?:\\S+\\s*)+，$'\n"),
]


def run(*args, timeout=30):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)
    return done, time.monotonic() - started


@pytest.mark.parametrize("section, rule", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_backtracking_pattern_is_refused_at_load_naming_its_rule(tmp_path, section, rule):
    grammar = tmp_path / "hostile.yaml"
    grammar.write_text(f"extends: zh-plan\n{section}:\n{rule}", encoding="utf-8")
    done, seconds = run("parse", PLAN, "--grammar", grammar)
    assert done.returncode == 2, done.stdout[:200]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "backtracks" in lines[0] and str(grammar) in lines[0]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert seconds < 10


def test_a_pattern_past_the_probes_gives_up_at_run_time_with_a_warning(tmp_path, monkeypatch):
    """A backtracking pattern that no probe shows (here: with the probes taken away) gives up
    on the line that makes it backtrack after the budget; the rule is left out for the rest
    of the document, and the tree says so."""
    from click.testing import CliRunner

    from planparse.cli.commands import main

    monkeypatch.setattr(budget, "probes", lambda source: [])
    monkeypatch.setattr(budget, "RUN_BUDGET", 0.2)
    monkeypatch.setenv("PLANPARSE_CACHE_DIR", "off")
    grammar = tmp_path / "sly.yaml"
    grammar.write_text("extends: zh-plan\nfurniture:\n  page_number: '^(?:一|一二|二)*[页张]$'\n", encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN.read_text(encoding="utf-8") + "\n" + "一二" * 40 + "庚\n" + "一二" * 40 + "辛\n",
                    encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["parse", str(plan), "--grammar", str(grammar), "--format", "json"])
    assert result.exit_code == 0, result.output
    warnings = [w for w in json.loads(result.stdout)["source"]["warnings"] if "furniture.page_number" in w]
    assert len(warnings) == 1 and "一二一二" in warnings[0]  # once: the rule is left out after it gave up
    assert time.monotonic() - started < 10


def test_a_budgeted_pattern_answers_no_match_when_it_gives_up(monkeypatch):
    monkeypatch.setattr(budget, "RUN_BUDGET", 0.05)
    pattern = budget.Budgeted(regex.compile(r"(?:a|aa)*[bc]$"), "test.rule")
    with budget.collecting() as timeouts:
        assert pattern.search("a" * 60) is None
        assert pattern.sub("x", "a" * 60) == "a" * 60
        assert pattern.findall("a" * 60) == [] and list(pattern.finditer("a" * 60)) == []
        assert pattern.search("ab") is None  # left out for the rest of the document
    assert [rule for rule, _ in timeouts] == ["test.rule"]
    with budget.collecting():
        assert pattern.search("ab").group() == "ab"  # a new document: the rule is back


def test_budgeted_patterns_survive_the_grammar_cache_and_a_process_pool(tmp_path):
    import pickle

    grammar = tmp_path / "mine.yaml"
    grammar.write_text("extends: zh-plan\nlayout:\n  prose_punctuation: '[，。；：？！]'\n", encoding="utf-8")
    loaded = load_grammar(str(grammar))
    pattern = loaded.top["prose_punctuation"]
    assert isinstance(pattern, budget.Budgeted)
    again = pickle.loads(pickle.dumps(pattern))
    assert again.rule == "layout.prose_punctuation" and again.search("建设，推进").group() == "，"
    assert again.pattern == "[，。；：？！]"


def test_the_built_in_grammar_is_vetted_and_runs_without_a_budget():
    grammar = load_grammar()
    assert not isinstance(grammar.top["prose_punctuation"], budget.Budgeted)


@pytest.mark.parametrize("path", grammar_files(), ids=lambda p: p.name)
def test_every_shipped_pattern_passes_the_probes(path):
    grammar = load_grammar(str(path))
    found = [(rule.name, rule.pattern) for rule in grammar.headings]

    def walk(name, value):
        if isinstance(value, regex.Pattern):
            found.append((name, value))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(name, item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{name}.{key}", item)

    for section, body in grammar.sections.items():
        walk(section, body)
    assert len(found) > 80
    for name, pattern in found:
        budget.check(pattern, name, path.name)  # raises when a probe takes too long


def test_probes_hold_runs_of_the_patterns_own_characters_and_pairs():
    lines = budget.probes("^(?:一|一二)*、")
    assert any(line.startswith("一二一二") for line in lines)
    assert any(line.startswith("一一一") for line in lines) and any(line.endswith("\x00") for line in lines)


def test_a_rule_slow_on_every_unit_is_left_out_of_the_rest_of_a_diff_which_says_so(tmp_path, monkeypatch):
    """A diff is one run under the budget, as a parse is: a user's rule whose matches take the
    whole budget is left out for the rest of it, and the diff's notes say which."""
    import planparse

    grammar = tmp_path / "mine.yaml"
    grammar.write_text("extends: zh-plan\nleads:\n  responsible: '[（](?P<agencies>[^（）]+?)负责[）]'\n",
                       encoding="utf-8")
    loaded = load_grammar(str(grammar))
    old = planparse.parse("一、任务\n（一）建设平台。推进建设（省局负责）。\n（二）完善机制。\n", loaded)
    new = planparse.parse("一、任务\n（一）建设平台。推进建设（市局负责）。\n", loaded)
    assert not any("gave up" in note for note in planparse.diff(old, new, grammar=loaded).notes)
    monkeypatch.setattr(budget, "DOCUMENT_BUDGET", 0.0)  # every match is past it
    notes = [note for note in planparse.diff(old, new, grammar=loaded).notes if "gave up" in note]
    assert len(notes) == 1 and "'leads.responsible'" in notes[0] and "rest of the diff" in notes[0]
