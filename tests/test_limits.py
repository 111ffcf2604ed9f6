"""Never hang, never lie (issue 26): every read is bounded before it starts, a grammar cannot
reach outside its folder or compile for ever, a batch survives odd folders, and invisible
characters are normalised, never emitted raw. Each case: one line on stderr, exit 2 (or the
documented success), in bounded time; for batch, the rest of the folder stored."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import duckdb
import pytest

import planparse
from conftest import FIXTURES
from planparse.model.emit import to_data

PLAN = FIXTURES / "liaoning-egov-13th-web.txt"
SECONDS = 20  # each case far within this (a hang would not be)


def cli(*args, env=None, **kw) -> subprocess.CompletedProcess:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=SECONDS, env={**os.environ, **(env or {})}, **kw)
    done.seconds = time.monotonic() - started
    return done


def one_line_error(done, *words) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("planparse: error:"), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_no_one_writes_to_is_empty_not_a_hang(tmp_path):
    pipe = tmp_path / "plan.txt"
    os.mkfifo(pipe)
    for command in (("parse", pipe), ("commitments", pipe), ("render", pipe)):
        one_line_error(cli(*command), "is empty")
    one_line_error(cli("parse", "--grammar", pipe, PLAN), "YAML mapping")  # (an empty grammar)
    one_line_error(cli("diff", pipe, PLAN), "is empty")


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="no /dev/stdin here")
def test_a_pipe_given_by_name_is_read_as_standard_input_is():
    done = cli("parse", "/dev/stdin", input=PLAN.read_text(encoding="utf-8"))
    assert done.returncode == 0 and done.stdout.startswith("schema: planparse/1"), done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_it_is_read(device):
    one_line_error(cli("parse", device), "device")
    one_line_error(cli("parse", "--grammar", device, PLAN), "device")
    one_line_error(cli("parse", PLAN, "--grammar", device), "device")


def test_a_huge_sparse_file_is_refused_by_its_size(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(20 * 10**9)  # 20 GB, no block of it written
    done = cli("parse", big)
    one_line_error(done, "20000 MB", "more than the 100 MB")
    assert done.seconds < 10


def test_a_batch_records_odd_files_as_their_errors_and_stores_the_rest(tmp_path):
    plans = tmp_path / "plans"
    (plans / "sub").mkdir(parents=True)
    (plans / "a.txt").write_bytes(PLAN.read_bytes())
    (plans / "sub" / "b.txt").write_bytes((FIXTURES / "guangdong-egov-2014-2020.txt").read_bytes())
    os.symlink("..", plans / "sub" / "loop")  # a folder loop: each real folder read once
    os.symlink(".", plans / "self")
    with open(plans / "big.txt", "wb") as handle:
        handle.truncate(20 * 10**9)
    odd = os.fsencode(str(plans)) + b"/bad\xff.txt"  # a name that is no UTF-8
    with open(odd, "wb") as handle:
        handle.write(PLAN.read_bytes() + "\n本规划另一版本。\n".encode())
    if hasattr(os, "mkfifo"):
        os.mkfifo(plans / "pipe.txt")
    deep = plans
    for _ in range(300):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_bytes(PLAN.read_bytes() + "\n深处的一份。\n".encode())
    done = cli("batch", plans, "--out", tmp_path / "out", "-j", "1")
    assert done.returncode == 1, done.stderr  # some files failed: the run went on
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    with duckdb.connect(str(tmp_path / "out" / "corpus.duckdb"), read_only=True) as db:
        errors = dict(db.execute("select path, error from errors").fetchall())
        files = sorted(path for (path,) in db.execute("select path from files").fetchall())
    assert any("big.txt" in path and "more than the 100 MB" in error for path, error in errors.items())
    assert any("\\xff" in path and "UTF-8" in error for path, error in errors.items())
    if hasattr(os, "mkfifo"):
        assert any("pipe.txt" in path and "empty" in error for path, error in errors.items())
    assert len(files) == 3 and any(path.endswith("deep.txt") for path in files), files  # once each, no loop


def test_a_grammar_reaches_no_file_outside_its_folder(tmp_path):
    for parent in ("../../etc/passwd", "/etc/hosts", "sub/x"):
        grammar = tmp_path / "g.yaml"
        grammar.write_text(f"extends: '{parent}'\n", encoding="utf-8")
        one_line_error(cli("parse", "--grammar", grammar, PLAN), "extends: must name a grammar")
    grammar.write_text("extends: '" + "x" * 100_000 + "'\n", encoding="utf-8")
    done = cli("parse", "--grammar", grammar, PLAN)
    one_line_error(done)
    assert len(done.stderr) < 300  # an excerpt of the value, not the value


def test_a_counted_repeat_that_would_compile_for_ever_is_refused(tmp_path):
    grammar = tmp_path / "g.yaml"
    grammar.write_text("extends: zh-plan\nheadings:\n  - name: huge\n    rank: 1\n    numeral: arabic\n"
                       "    pattern: '^(?P<num>a{4294967294})(?P<rest>.*)$'\n    marker: '{n}'\n", encoding="utf-8")
    done = cli("parse", "--grammar", grammar, PLAN)
    one_line_error(done, "counted repeat")
    assert done.seconds < 10


def test_bidi_controls_and_unicode_line_ends_are_normalised_and_counted():
    text = "\u202e一、总体要求\u2029推进建设。\u2028\u200f二、主要任务\x85落实任务。\u2066（一）建设平台\u2069"
    document = planparse.parse(text)
    assert [s.title for s in document.sections] == ["总体要求", "主要任务"]
    kinds = {r.kind: r.count for r in document.source.repairs}
    assert kinds["line-endings"] == 3 and kinds["invisible-characters"] == 3  # (lines changed)
    out = json.dumps(to_data(document), ensure_ascii=False)
    assert not any(c in out for c in "\u202e\u200f\u2066\u2069\u2028\u2029\x85")


def test_output_options_say_what_is_wrong_in_one_line(tmp_path):
    done = cli("parse", PLAN, "-o", "-")
    assert done.returncode == 0 and done.stdout.startswith("schema: planparse/1")
    assert not (tmp_path / "-").exists()
    one_line_error(cli("parse", PLAN, "-o", tmp_path), "is a directory")
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    one_line_error(cli("batch", FIXTURES / "liaoning-egov-13th-web.txt", "--out", afile), "is a file")


def test_a_tree_with_a_lone_surrogate_is_refused(tmp_path):
    tree = json.dumps(to_data(planparse.parse("一、总体要求\n推进建设。")), ensure_ascii=True)
    bad = tmp_path / "bad.json"
    bad.write_text(tree.replace("\\u603b\\u4f53", "\\ud800"), encoding="utf-8")
    one_line_error(cli("render", bad), "lone surrogate")


def test_shell_completion_is_answered_by_click():
    done = cli(env={"_PLANPARSE_COMPLETE": "bash_source"})
    assert done.returncode == 0 and "_planparse_completion" in done.stdout


def test_the_store_opens_in_the_duckdb_of_a_year_ago(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a.txt").write_bytes(PLAN.read_bytes())
    assert cli("batch", plans, "--out", tmp_path / "out", "-j", "1").returncode == 0
    with duckdb.connect(str(tmp_path / "out" / "corpus.duckdb"), read_only=True) as db:
        tags = dict(db.execute("select database_name, tags from duckdb_databases()").fetchall())
    assert tags["corpus"]["storage_version"].startswith("v1.0")


def test_the_chain_csv_has_one_line_a_row():
    from planparse.diff.writers.table import _csv

    text = _csv(["a", "b"], [{"a": "第一行\n第二行", "b": 1}])
    assert text.splitlines() == ["a,b", "第一行 / 第二行,1"]


@pytest.mark.parametrize("pattern", ["^(?:(?:x{1000}){1000}){10}$", "^\\\\\\\\{100000000}$", "a{4294967294}"])
def test_counted_repeats_that_multiply_past_the_bound_are_refused(tmp_path, pattern):
    grammar = tmp_path / "g.yaml"
    grammar.write_text("extends: zh-plan\nfurniture:\n  page_number:\n    - '" + pattern + "'\n", encoding="utf-8")
    done = cli("parse", "--grammar", grammar, PLAN)
    one_line_error(done, "counted repeat")
    assert done.seconds < 10


def test_a_glob_spec_and_a_pattern_with_folders_find_each_file_once(tmp_path):
    from planparse.corpus.batch import find_inputs

    root = tmp_path / "d"
    (root / "x" / "notes").mkdir(parents=True)
    (root / "sub").mkdir()
    (root / "a.txt").write_text("一、任务\n推进。", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("一、任务\n落实。", encoding="utf-8")
    (root / "x" / "notes" / "n.text").write_text("一、任务\n完成。", encoding="utf-8")
    os.symlink(".", root / "sub" / "loop")
    os.symlink("..", root / "sub" / "up")
    started = time.monotonic()
    assert [p.split("/d/")[1] for p in find_inputs([str(root)], ("*.txt", "notes/*.text"))] == [
        "a.txt", "sub/b.txt", "x/notes/n.text"]
    assert [p.split("/d/")[1] for p in find_inputs([f"{root}/**/*.txt"])] == ["a.txt", "sub/b.txt"]
    assert [p.split("/d/")[1] for p in find_inputs([f"{root}/*.txt"])] == ["a.txt"]
    assert time.monotonic() - started < 5


def test_an_alias_bomb_in_a_grammar_is_refused(tmp_path):
    grammar = tmp_path / "g.yaml"
    lines = ["extends: zh-plan", "agencies:", "  short_forms: &a [x, x, x, x, x, x, x, x, x]"]
    for k, (name, ref) in enumerate(zip(["aliases", "s1", "s2", "s3", "s4"], "abcde")):
        lines.append(f"  {name}: &{chr(ord(ref) + 1)} [" + ", ".join([f"*{ref}"] * 9) + "]")
    grammar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = cli("parse", "--grammar", grammar, PLAN)
    one_line_error(done, "aliases")
    assert done.seconds < 10


def test_a_filtered_diff_says_its_summary_counts_the_whole_diff():
    old, new = FIXTURES / "liaoning-egov-13th-web.txt", FIXTURES / "liaoning-digital-gov-14th.txt"
    filtered = cli("diff", old, new, "--status", "dropped", "--no-pager")
    assert "pairs shown (a filter by status); the summary counts the whole diff" in filtered.stdout
    whole = cli("diff", old, new, "--no-pager")
    assert "a filter by status" not in whole.stdout
    markdown = cli("diff", old, new, "--status", "dropped", "--format", "markdown")
    assert "the summary counts the whole diff" in markdown.stdout


def _tree_of(path, sections: int):
    """A valid YAML tree of ``sections`` sections, one after another, written as ``parse``
    writes one (to be quick to write, not read)."""
    head, _, tail = cli("parse", "-", input="一、总体要求\n推进建设。\n").stdout.partition("sections:\n")
    one = "- level: 1\n  number: 1\n  marker: 一、\n  title: 总体要求\n  paragraphs:\n  - 推进建设。\n  sections: []\n"
    path.write_text(head + "sections:\n" + one * sections + tail.partition("appendices:")[1]
                    + tail.partition("appendices:")[2], encoding="utf-8")
    return path


def test_a_tree_too_large_to_diff_is_refused_before_it_is_read_whole(tmp_path):
    from planparse.diff import MAX_UNITS

    big = _tree_of(tmp_path / "big.yaml", 3 * MAX_UNITS)
    done = cli("diff", PLAN, big)
    one_line_error(done, "big.yaml", f"at least {MAX_UNITS + 1:,} units", f"the {MAX_UNITS:,} of one plan")
    one_line_error(cli("diff", big, big), f"at least {MAX_UNITS + 1:,} units")  # the first read is cut too
    one_line_error(cli("chain", PLAN, big), f"at least {MAX_UNITS + 1:,} units")


def test_two_trees_whose_pairs_are_too_many_are_refused_before_the_second_is_read_whole(tmp_path):
    from planparse.diff import MAX_PAIRS, MAX_UNITS

    each = int(MAX_PAIRS ** 0.5) + 1  # each within the cap of one plan, the two past the cap of pairs
    assert each <= MAX_UNITS
    old, new = _tree_of(tmp_path / "old.yaml", each), _tree_of(tmp_path / "new.yaml", each + 10)
    one_line_error(cli("diff", old, new), f"{old}, {new}: at least {each:,} × {MAX_PAIRS // each + 1:,} units",
                   f"the {MAX_PAIRS:,} pairs")
