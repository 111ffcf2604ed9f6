"""The command line: output formats, stdin, determinism, and one-line errors with exit 2."""
from __future__ import annotations

import json
import subprocess
import sys

import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from planparse import __version__
from planparse.cli import main

PLAN = FIXTURES / "liaoning-digital-gov-14th.txt"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_yaml_and_json_give_the_same_tree():
    as_yaml = yaml.safe_load(run("parse", str(PLAN)).output)
    as_json = json.loads(run("parse", "--format", "json", str(PLAN)).output)
    assert as_yaml == as_json
    assert as_json["meta"]["title"] == "辽宁省“十四五”数字政府发展规划"


def test_two_runs_are_byte_identical():
    assert run("parse", str(PLAN)).stdout_bytes == run("parse", str(PLAN)).stdout_bytes


def test_stdin_gives_the_same_tree_as_the_file():
    from_file = json.loads(run("parse", "--format", "json", str(PLAN)).output)
    from_stdin = json.loads(run("parse", "--format", "json", "-", input=PLAN.read_bytes()).output)
    assert from_file["source"].pop("path") == str(PLAN)
    assert from_stdin["source"].pop("path") is None
    assert from_file == from_stdin


def test_output_file(tmp_path):
    out = tmp_path / "tree.yaml"
    result = run("parse", str(PLAN), "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["schema"] == "planparse/1"


def test_yaml_is_block_style_with_real_characters():
    text = run("parse", str(PLAN)).output
    assert "title: 辽宁省“十四五”数字政府发展规划" in text and "\\u" not in text


def test_lines_option_adds_spans():
    tree = json.loads(run("parse", "--format", "json", "--lines", str(PLAN)).output)
    first = tree["sections"][0]
    assert first["lines"][0] < first["sections"][0]["lines"][0] <= first["lines"][1]
    assert "lines" not in json.loads(run("parse", "--format", "json", str(PLAN)).output)["sections"][0]


def test_version():
    assert run("--version").output.strip().endswith(__version__)


def test_broken_grammar_is_one_line_naming_the_rule(tmp_path):
    grammar = tmp_path / "mine.yaml"
    grammar.write_text("extends: zh-plan\nheadings:\n  - name: chinese-dun\n    pattern: '^(?P<num>[一二'\n",
                       encoding="utf-8")
    result = run("parse", "--grammar", str(grammar), str(PLAN))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert f"{grammar}: rule 'chinese-dun': uncompilable regex at position" in result.output


def test_missing_grammar_is_an_error(tmp_path):
    result = run("parse", "--grammar", str(tmp_path / "none.yaml"), str(PLAN))
    assert result.exit_code == 2 and "no such grammar file" in result.output


def test_headingless_text_gives_preamble_and_a_warning(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("这是一段没有任何标题的说明文字。\n第二段文字。\n", encoding="utf-8")
    tree = yaml.safe_load(run("parse", str(path)).output)
    assert tree["sections"] == [] and tree["preamble"] == ["这是一段没有任何标题的说明文字。", "第二段文字。"]
    assert any("no headings" in w for w in tree["source"]["warnings"])


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from planparse.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rich', 'opencc', 'yaml', 'regex') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "planparse", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_unwritable_output_is_one_line(tmp_path):
    target = tmp_path / "missing-dir" / "tree.yaml"
    result = run("parse", str(PLAN), "-o", str(target))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert f"{target}: cannot be written" in result.output


def test_an_unexpected_failure_is_still_one_line(monkeypatch):
    import planparse as library

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(library, "parse", broken)
    result = run("parse", str(PLAN))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "internal error (RuntimeError: boom)" in result.output


def test_the_fast_help_is_what_click_renders(update_goldens):
    """`planparse --help` prints help.txt without importing click; it must say what click would."""
    from pathlib import Path

    import planparse

    rendered = CliRunner().invoke(main, ["--help"], prog_name="planparse", terminal_width=80).output
    stored = Path(planparse.__file__).with_name("help.txt")
    if update_goldens:
        stored.write_text(rendered, encoding="utf-8")
    assert stored.read_text(encoding="utf-8") == rendered, (
        "the commands changed: python3 -m pytest tests/test_cli.py --update-goldens")


def test_fast_help_and_no_arguments_print_it():
    for args in ([], ["--help"], ["-h"]):
        out = subprocess.run([sys.executable, "-m", "planparse", *args], capture_output=True, text=True)
        assert out.returncode == 0 and out.stdout.startswith("Usage: planparse [OPTIONS] COMMAND")
