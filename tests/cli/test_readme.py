"""Every example in the README runs as written: each command of its indented code blocks
and each ```python block, in order, in a folder where fixtures/ and grammars/ are the
repository's (an example may use a file an earlier one wrote). Set-up, test and benchmark
commands are left out; so is a pipe into a tool this machine does not have (jq, yq)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

SKIPPED = ("python3 -m pip", "python3 -m pytest", "PLANPARSE_FUZZ_EXAMPLES", "python3 benchmarks/", "python3 tools/")
TOOLS = ("jq", "yq")


def examples() -> list[tuple[str, str]]:
    """(kind, code) for every example: ``shell`` commands and ``python`` blocks."""
    found, fenced, block = [], None, []
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        if line.startswith("```"):
            if fenced == "python":
                found.append(("python", "\n".join(block)))
            fenced = None if fenced is not None else line[3:].strip() or "text"
            block = []
            continue
        if fenced is not None:
            block.append(line)
            continue
        if line.startswith("    ") and (k == 0 or not lines[k - 1].strip() or lines[k - 1].startswith("    ")):
            command = line[4:]
            if command.startswith(("planparse ", "python3 ", "PLANPARSE_")):
                found.append(("shell", command))
            elif found and found[-1][0] == "shell" and found[-1][1].endswith("\\"):
                found[-1] = ("shell", found[-1][1][:-1] + command)
    return [(kind, code) for kind, code in found if not code.startswith(SKIPPED)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    where = tmp_path_factory.mktemp("readme")
    for name in ("fixtures", "grammars"):
        os.symlink(ROOT / name, where / name)
    return where


def test_the_readme_has_examples():
    kinds = [kind for kind, _ in examples()]
    assert kinds.count("shell") >= 20 and "python" in kinds


@pytest.mark.parametrize("kind, code", examples(), ids=lambda v: v[:60] if isinstance(v, str) else v)
def test_example_runs_as_written(kind, code, folder):
    if kind == "shell":
        missing = [tool for tool in TOOLS if re.search(rf"\|\s*{tool}\b", code) and not shutil.which(tool)]
        if missing:
            pytest.skip(f"{', '.join(missing)} not installed")
        result = subprocess.run(["bash", "-o", "pipefail", "-c", code], cwd=folder, capture_output=True, text=True,
                                timeout=120)
        allowed = {0, 1} if re.match(r"planparse diff\b", code) else {0}  # diff: 1 = the plans differ
    else:
        result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120)
        allowed = {0}
    assert result.returncode in allowed, f"{code}\n{result.stderr[-2000:]}"
