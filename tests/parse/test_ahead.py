"""The helper that computes a repair's candidate tables on another core: what it sends is
what this process would compute, and whatever it does — finish, die, dawdle, never start —
the repair is the same."""
from __future__ import annotations

import os
import sys
import time

import pytest

from conftest import FIXTURES
from planparse.parse import ahead, mojibake
from planparse.parse.ahead import MISSING, Ahead
from planparse.parse.prior import HeadingPrior
from planparse.rules.grammar import load_grammar

DAMAGED = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"
forks = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs os.fork and /proc (Linux)")


def _children() -> set[int]:
    """This process's children, zombies too (Linux: from /proc): a child not reaped is one."""
    me = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
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
    damaged = [line for line in DAMAGED.read_text(encoding="utf-8").split("\n") if mojibake.damaged_span(line)]
    assert mojibake._tables_ahead(None, damaged).keys == []  # type: ignore[arg-type]  # (no model read: no fork)


# run in a fresh interpreter: this one may hold other threads by now (numpy's, DuckDB's),
# and then no helper is forked
_COMPARE = """
import json, sys
from planparse.parse import ahead, mojibake
from planparse.parse.ahead import MISSING, Ahead
from planparse.parse.prior import HeadingPrior
from planparse.rules.grammar import load_grammar

text = open(sys.argv[1], encoding="utf-8").read()
grammar = load_grammar()
usable = ahead.usable()
forked, taken = [], []
real_enter, real_wait = Ahead.__enter__, Ahead.wait

def enter(self):
    found = real_enter(self)
    forked.append(self.pid is not None)
    return found

def wait(self, key):
    found = real_wait(self, key)
    taken.append(found is not MISSING)
    return found

Ahead.__enter__, Ahead.wait = enter, wait
with_helper = mojibake._repair(text, HeadingPrior(grammar))
ahead.ENABLED = False
alone = mojibake._repair(text, HeadingPrior(grammar))
print(json.dumps({"usable": usable, "forked": forked, "taken": sum(taken), "same": with_helper == alone,
                  "repairs": len(alone[1])}))
"""


def test_a_repair_is_the_same_with_the_helper_and_without(tmp_path):
    import json
    import subprocess
    import sys

    env = {**os.environ, "PLANPARSE_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _COMPARE, str(DAMAGED)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    if not found["usable"]:
        pytest.skip("no helper on this machine (one core): nothing to compare")
    assert found["same"]
    assert found["forked"] == [True, False]  # (with the helper; then switched off)
    assert found["taken"] >= mojibake.AHEAD_LEAST  # (the helper's tables were used)
    assert found["repairs"] >= 10  # (the fixture's damaged headings were repaired: the comparison means something)


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


def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@forks
def test_a_helper_blocked_on_a_full_pipe_is_stopped_at_the_end():
    before, fds = _children(), _fds()
    started = time.monotonic()
    with Ahead(list(range(50)), lambda key: "x" * 100_000) as helper:  # (far more than a pipe holds)
        assert helper.wait(0) == "x" * 100_000
        time.sleep(0.1)  # (the helper fills the pipe meanwhile, and waits)
    assert time.monotonic() - started < 5
    assert _children() == before and _fds() == fds


@forks
def test_a_descriptor_past_1023_is_waited_on():
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("too few descriptors allowed")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = []
    try:
        while len(held) < 1100:
            held.append(os.open(os.devnull, os.O_RDONLY))
        with Ahead([1, 2], lambda key: key) as helper:
            assert helper.fd is not None and helper.fd > 1023
            assert [helper.wait(1), helper.wait(2)] == [1, 2]
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@forks
def test_the_helper_writes_nothing_to_the_cache(monkeypatch, tmp_path):
    from planparse.parse import charmodel
    from planparse.rules import cache

    monkeypatch.setattr(mojibake, "usable", lambda: True)  # (even beside this process's other threads, if any)
    (tmp_path / "cache").mkdir()
    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(tmp_path / "cache"))
    mojibake._tables.cache_clear()  # (a cold cache: the GBK tables and the characters' order are built
    charmodel.general_order.cache_clear()  # and written, by whichever process needs them first)
    me = os.getpid()
    real_save = cache.save
    marker = tmp_path / "the helper wrote to the cache"

    def save(name, value, stale_prefix=None):
        if os.getpid() != me:
            marker.touch()
            os._exit(7)  # (the helper dies: the repair goes on without it)
        return real_save(name, value, stale_prefix)

    monkeypatch.setattr(cache, "save", save)
    taken = []
    real_wait = Ahead.wait
    monkeypatch.setattr(Ahead, "wait", lambda self, key: taken.append(real_wait(self, key)) or taken[-1])
    mojibake._repair(DAMAGED.read_text(encoding="utf-8"), HeadingPrior(load_grammar()))
    assert any(found is not MISSING for found in taken)  # (a helper ran and sent tables)
    assert not marker.exists()  # (and tried to write nothing, before or after)


def _helper_enabled() -> bool:
    return ahead.ENABLED


def test_the_workers_of_a_batch_fork_no_helper():
    from concurrent.futures import ProcessPoolExecutor

    from planparse.corpus import batch

    with ProcessPoolExecutor(max_workers=1, initializer=batch._worker_start, initargs=(os.getpid(),)) as pool:
        assert pool.submit(_helper_enabled).result(timeout=60) is False
    assert ahead.ENABLED  # (this process's own is untouched)
