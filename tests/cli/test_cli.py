"""The command line: output formats, stdin, determinism, and one-line errors with exit 2."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from planparse import __version__
from planparse.cli.commands import main

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
    code = ("import sys; from planparse.cli.commands import main\n"
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
    stored = Path(planparse.__file__).parent / "cli" / "help.txt"
    if update_goldens:
        stored.write_text(rendered, encoding="utf-8")
    assert stored.read_text(encoding="utf-8") == rendered, (
        "the commands changed: python3 -m pytest tests/cli/test_cli.py --update-goldens")


def test_fast_help_and_no_arguments_print_it():
    for args in ([], ["--help"], ["-h"]):
        out = subprocess.run([sys.executable, "-m", "planparse", *args], capture_output=True, text=True)
        assert out.returncode == 0 and out.stdout.startswith("Usage: planparse [OPTIONS] COMMAND")



# --- `parse` without click: the same answers as the click command --------------------------

FAST_CASES = [  # (arguments after `parse`, whether the fast path takes them)
    (["{plan}"], True),
    (["{plan}", "--format", "json"], True),
    (["--format=json", "{plan}", "--lines"], True),
    (["{plan}", "--check"], True),
    (["{plan}", "--keep-script", "--from", "text"], True),
    (["{plan}", "-o", "-"], True),
    (["{plan}", "--format", "xml"], False),  # click says what is wrong
    (["{plan}", "{plan}"], False),
    (["{plan}", "--unknown"], False),
    (["{plan}", "--help"], False),
    (["-"], True),
]


@pytest.mark.parametrize("args, fast", FAST_CASES)
def test_the_fast_parse_reads_what_click_reads(args, fast):
    from planparse.cli.launch import parse_arguments

    assert (parse_arguments([a.format(plan=PLAN) for a in args]) is not None) is fast


@pytest.mark.parametrize("args", [case for case, fast in FAST_CASES if fast and case != ["-"]]
                         + [["{missing}"], ["{plan}", "-o", "{folder}"], ["{folder}"], ["{plan}", "--format", "xml"]])
def test_the_fast_parse_answers_as_click_does(args, tmp_path):
    """The same stdout, stderr and exit status from `planparse parse` (no click) as from the
    click command, for what the fast path takes and for what it hands over."""
    values = {"plan": PLAN, "missing": tmp_path / "missing.txt", "folder": tmp_path}
    argv = ["parse", *(a.format(**values) for a in args)]
    fast = subprocess.run([sys.executable, "-m", "planparse", *argv], capture_output=True, text=True)
    code = "import sys; from planparse.cli.commands import main; main(sys.argv[1:], prog_name='planparse')"
    slow = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)



def test_the_fast_parse_knows_what_click_knows():
    """Its options, their choices and its flags are click's `parse` command's (a form added to
    the readers or an option added to the command must reach both)."""
    import click

    from planparse.cli.launch import PARSE_FLAGS, PARSE_VALUES

    command = main.commands["parse"]
    options = {name: param for param in command.params if isinstance(param, click.Option) for name in param.opts}
    for name, (keyword, allowed) in PARSE_VALUES.items():
        assert options[name].name == keyword
        choices = getattr(options[name].type, "choices", None)
        assert (tuple(choices) if choices is not None else None) == allowed, name
    for name, keyword in PARSE_FLAGS.items():
        assert options[name].is_flag and options[name].name == keyword
    assert set(options) - {"--help", "-h"} == set(PARSE_VALUES) | set(PARSE_FLAGS)


def test_an_ascii_stdout_gets_utf8_as_click_gives_it():
    import os

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    fast = subprocess.run([sys.executable, "-m", "planparse", "parse", str(PLAN)], capture_output=True, env=env)
    assert fast.returncode == 0, fast.stderr
    tree = fast.stdout.decode("utf-8")
    assert tree.startswith("schema: planparse/1") and any(ord(c) > 127 for c in tree)

def test_a_full_disk_on_stdout_is_named(tmp_path):
    """Writing the tree to a full disk is one line that says so, not an internal error."""
    import os

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "planparse", "parse", str(PLAN)], stdout=full,
                                stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2
    assert result.stderr == "planparse: error: standard output: cannot be written (No space left on device)\n"


# --- the views on a terminal and off it: colour, width, pager (diff and chain) -----------

ESCAPE = "\x1b["


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    """The 十三五 and 十四五 plans as trees, so that a diff or chain of them is quick."""
    import planparse

    folder = tmp_path_factory.mktemp("trees")
    paths = []
    for plan in (FIXTURES / "liaoning-egov-13th-pdf.txt", PLAN):
        path = folder / f"{plan.stem}.json"
        path.write_text(planparse.dump(planparse.parse(plan.read_bytes(), path=f"fixtures/{plan.name}"), "json"),
                        encoding="utf-8")
        paths.append(str(path))
    return paths


def view(*args, **env):
    """A command's result through CliRunner (stdout is no terminal), with no NO_COLOR,
    COLUMNS or PAGER from the environment but those given."""
    return CliRunner().invoke(main, [str(a) for a in args], env={"NO_COLOR": None, "COLUMNS": None, "PAGER": None,
                                                                  "TERM": "xterm", **env})


@pytest.fixture
def on_a_terminal(monkeypatch):
    from planparse.cli import terminal

    monkeypatch.setattr(terminal, "on_terminal", lambda output: not output)


def test_piped_views_have_no_colour_unless_always(trees):
    for command in ("diff", "chain"):
        assert ESCAPE not in view(command, *trees).output
        assert ESCAPE not in view(command, *trees, "--color", "never").output
        assert ESCAPE in view(command, *trees, "--color", "always").output
        assert ESCAPE in view(command, *trees, "--color", "always", NO_COLOR="1").output  # always is always


def test_on_a_terminal_colour_unless_no_color_or_a_file(trees, on_a_terminal, tmp_path):
    for command in ("diff", "chain"):
        assert ESCAPE in view(command, *trees, "--no-pager").output
        assert ESCAPE in view(command, *trees, "--no-pager", NO_COLOR="").output  # set but empty: no effect
        assert ESCAPE not in view(command, *trees, "--no-pager", NO_COLOR="1").output
        assert ESCAPE not in view(command, *trees, "--no-pager", "--color", "never").output
        result = view(command, *trees, "-o", tmp_path / "view.txt")
        assert result.exit_code in (0, 1) and ESCAPE not in (tmp_path / "view.txt").read_text(encoding="utf-8")


def test_piped_width_is_columns_else_no_limit(trees):
    from rich.cells import cell_len

    for command in ("diff", "chain"):
        unlimited = view(command, *trees).output.splitlines()
        assert max(map(cell_len, unlimited)) > 120  # a long line is not wrapped (nor fitted to 100)
        narrow = view(command, *trees, COLUMNS="60").output.splitlines()
        assert max(map(cell_len, narrow)) <= 60 and len(narrow) > len(unlimited)
        wider = view(command, *trees, "--width", "70", COLUMNS="60").output.splitlines()
        assert 60 < max(map(cell_len, wider)) <= 70  # --width beats $COLUMNS
        assert max(map(cell_len, view(command, *trees, COLUMNS="junk").output.splitlines())) > 120


def test_the_summary_comes_last(trees):
    for command in ("diff", "chain"):
        for width in ("60", "200"):
            lines = view(command, *trees, "--width", width).output.splitlines()
            last = max(k for k, line in enumerate(lines) if line.startswith("summary "))
            assert last >= len(lines) - 16 and all(line.startswith(" ") for line in lines[last + 1:])


def _pager(tmp_path):
    """A $PAGER that says it ran (the file ``ran``) and keeps what it was given (``paged``)."""
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\ntouch '{tmp_path}/ran'\ncat > '{tmp_path}/paged'\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _environment(**more):
    import os

    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "COLUMNS", "LINES", "PAGER")}
    return {**env, "TERM": "xterm", "LINES": "5", **more}  # five rows: every view is longer than the screen


def test_no_pager_runs_when_piped(trees, tmp_path):
    for extra in ([], ["--no-pager"]):
        out = subprocess.run([sys.executable, "-m", "planparse", "diff", *trees, *extra], capture_output=True,
                             text=True, env=_environment(PAGER=_pager(tmp_path)))
        lines = out.stdout.splitlines()
        last = max(k for k, line in enumerate(lines) if line.startswith("summary "))
        assert out.returncode == 1 and all(line.startswith(" ") for line in lines[last + 1:])
        assert not (tmp_path / "ran").exists()


def _on_a_tty(args, env) -> str:
    """Run planparse with its stdout a pseudo-terminal; what it wrote there."""
    import os
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "planparse", *args], stdin=subprocess.DEVNULL, stdout=slave,
                               stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_a_long_view_goes_through_the_pager(trees, tmp_path):
    pager = _pager(tmp_path)
    shown = _on_a_tty(["chain", *trees], _environment(PAGER=pager, COLUMNS="80"))
    assert (tmp_path / "ran").exists() and shown == ""
    paged = (tmp_path / "paged").read_text(encoding="utf-8")
    assert ESCAPE in paged and "summary" in paged  # coloured: the view is for a terminal
    (tmp_path / "ran").unlink()
    printed = _on_a_tty(["chain", *trees, "--no-pager"], _environment(PAGER=pager, COLUMNS="80"))
    assert not (tmp_path / "ran").exists() and "summary" in printed and ESCAPE in printed
    plain = _on_a_tty(["chain", *trees, "--no-pager"], _environment(PAGER=pager, COLUMNS="80", NO_COLOR="1"))
    assert "summary" in plain and ESCAPE not in plain
    missing = _on_a_tty(["chain", *trees], _environment(PAGER=str(tmp_path / "no-such-pager"), COLUMNS="80"))
    assert "summary" in missing  # no pager to run: printed


def test_every_format_of_diff_and_chain_has_one_writer_and_each_writer_a_format():
    from planparse.diff.writers import CHAIN_WRITERS, DIFF_WRITERS

    def choices(command):
        return next(p.type.choices for p in main.commands[command].params if p.name == "fmt")

    assert set(choices("diff")) == set(DIFF_WRITERS) and set(choices("chain")) == set(CHAIN_WRITERS)
