"""The helper that computes a repair's candidate tables on another core: what it sends is
what this process would compute, and whatever it does — finish, die, dawdle, never start —
the repair is the same."""
from __future__ import annotations

import os
import time

import pytest

from conftest import FIXTURES
from planparse.parse import ahead, mojibake
from planparse.parse.ahead import MISSING, Ahead
from planparse.parse.prior import HeadingPrior
from planparse.rules.grammar import load_grammar

DAMAGED = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"
forks = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _children() -> set[int]:
    """This process's live children (Linux: from /proc)."""
    me = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me and fields[0] != "Z":
                found.add(int(entry))
    return found


@forks
def test_the_helper_sends_each_value_and_nothing_it_was_not_asked_for():
    before = _children()
    with Ahead([1, 2, 3], lambda key: [key * 10, str(key)]) as helper:
        assert helper.pid is not None
        assert [helper.wait(k) for k in (1, 2, 3)] == [[10, "1"], [20, "2"], [30, "3"]]
        assert helper.wait(4) is MISSING  # (not among its keys)
        assert helper.wait(2) is MISSING  # (each value is given once)
    assert _children() == before  # stopped and reaped


@forks
def test_a_helper_that_dies_leaves_this_process_to_compute_the_rest():
    def compute(key):
        if key == 2:
            os._exit(3)
        return key

    with Ahead([1, 2, 3], compute) as helper:
        assert helper.wait(1) == 1
        assert helper.wait(2) is MISSING and helper.wait(3) is MISSING
        assert helper.fd is None and helper.pid is None  # (ended, reaped)


@forks
def test_a_helper_that_dawdles_is_stopped_after_the_patience(monkeypatch):
    monkeypatch.setattr(ahead, "PATIENCE", 0.05)
    with Ahead([1], lambda key: time.sleep(30)) as helper:
        started = time.monotonic()
        assert helper.wait(1) is MISSING
        assert time.monotonic() - started < 5
        assert helper.pid is None


def test_no_helper_is_forked_without_keys_or_where_it_is_switched_off(monkeypatch):
    with Ahead([], lambda key: key) as helper:
        assert helper.pid is None and helper.wait(1) is MISSING
    monkeypatch.setattr(ahead, "ENABLED", False)
    assert not ahead.usable()


def test_a_repair_is_the_same_with_the_helper_and_without(monkeypatch):
    text = DAMAGED.read_text(encoding="utf-8")
    grammar = load_grammar()
    monkeypatch.setattr(ahead, "ENABLED", False)
    alone = mojibake._repair(text, HeadingPrior(grammar))
    monkeypatch.setattr(ahead, "ENABLED", True)
    forked = []
    real_enter = Ahead.__enter__

    def counted(self):
        found = real_enter(self)
        forked.append(self.pid is not None)
        return found

    monkeypatch.setattr(Ahead, "__enter__", counted)
    assert mojibake._repair(text, HeadingPrior(grammar)) == alone
    assert forked == [ahead.usable()]  # (a helper ran, where this machine allows one)
    assert len(alone[1]) >= 10  # (the fixture's damaged headings were repaired: the comparison means something)


def test_the_helper_is_asked_for_the_tables_the_search_asks_for(monkeypatch):
    text = DAMAGED.read_text(encoding="utf-8")
    damaged = [line for line in text.split("\n") if mojibake.damaged_span(line)]
    asked = []
    real = mojibake._candidates

    def spy(model, left, right, long=False):
        asked.append((left, right, long))
        return real(model, left, right, long)

    monkeypatch.setattr(ahead, "ENABLED", False)
    monkeypatch.setattr(mojibake, "_candidates", spy)
    mojibake._repair(text, HeadingPrior(load_grammar()))
    planned = [key for line in damaged for key in mojibake._candidate_keys(line)]
    assert asked == planned  # the same tables, in the same order
