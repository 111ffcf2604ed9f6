"""Lint and type check, as CI runs them: ruff over the package, the tests, the tools and the
benchmarks, and mypy over the package (both configured in pyproject.toml), each from the repo
root. A failure shows the tool's own report."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff():
    done = run("ruff", "check", "src", "tests", "tools", "benchmarks")
    assert done.returncode == 0, f"ruff check failed:\n{done.stdout}{done.stderr}"


def test_mypy():
    done = run("mypy")
    assert done.returncode == 0, f"mypy failed:\n{done.stdout}{done.stderr}"
