"""Inputs far past any plan: a tree or one clear error, in time linear in the size (the
benchmark measures the 20 MB line and the million lines; these are their smaller cousins)."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

import planparse
from conftest import FIXTURES
from planparse.errors import InputError

BODY = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8").replace("\n", "")


def run(*args, env=None):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=60, env=env)
    return done, time.monotonic() - started


def test_a_file_past_the_bound_is_one_line_and_is_not_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(210_000_000)  # sparse: nothing to write, and reading it would take long
    done, seconds = run("parse", huge)
    assert done.returncode == 2 and seconds < 10
    assert done.stderr.count("\n") == 1 and "210 MB" in done.stderr and "PLANPARSE_MAX_MB" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_bound_holds_for_standard_input_and_the_library(monkeypatch):
    monkeypatch.setenv("PLANPARSE_MAX_MB", "1")
    with pytest.raises(InputError, match="more than the 1 MB"):
        planparse.parse("一、总则\n" + "加强领导。" * 250_000)
    done = subprocess.run([sys.executable, "-m", "planparse", "parse", "-"], input=("加" * 400_000).encode("utf-8"),
                          capture_output=True, timeout=60, env={**__import__("os").environ, "PLANPARSE_MAX_MB": "1"})
    assert done.returncode == 2 and b"standard input: is more than the 1 MB" in done.stderr


def _seconds(text: str) -> float:
    started = time.process_time()
    planparse.parse(text)
    return time.process_time() - started


@pytest.mark.parametrize("make", [
    lambda n: (BODY * (n // len(BODY) + 1))[:n],  # one long line
    lambda n: "\n".join(["一、总体要求", "加强组织领导。", "（一）完善机制"] * (n // 18)),  # many short lines
], ids=["one long line", "many short lines"])
def test_time_grows_linearly_with_the_size(make):
    """Four times the text takes less than eight times as long (a quadratic stage, such as a
    slice of the text before every date, takes sixteen)."""
    small, large = _seconds(make(100_000)), _seconds(make(400_000))
    assert large < 8 * max(small, 0.01), (small, large)


def test_a_long_line_gives_a_tree(tmp_path):
    plan = tmp_path / "line.txt"
    plan.write_text("一、总则\n" + (BODY * 40)[:1_500_000] + "\n", encoding="utf-8")
    done, seconds = run("parse", plan, "--format", "json")
    assert done.returncode == 0 and seconds < 10 and '"sections"' in done.stdout
