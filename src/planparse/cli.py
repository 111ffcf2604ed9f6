"""The command line: thin click commands over the library API."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from . import __version__
from .errors import PlanparseError


def read_input(path: str) -> bytes:
    """Bytes of ``path`` (``-`` for standard input), or a one-line error naming it."""
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.exists():
        raise PlanparseError(f"{path}: no such file")
    if file.is_dir():
        raise PlanparseError(f"{path}: is a directory, not a plan text")
    try:
        return file.read_bytes()
    except OSError as err:
        raise PlanparseError(f"{path}: cannot be read ({err.strerror})") from None


def write_output(text: str, output: str | None) -> None:
    """Write to ``output`` (a path) or to stdout."""
    if not output:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise PlanparseError(f"{output}: cannot be written ({err.strerror})") from None


def fail(message: str) -> None:
    click.echo(f"planparse: error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planparse")
def main():
    """Parse Chinese government plans (规划, 实施方案, 意见) into a canonical tree."""


def plan_options(command):
    """Options of every command that reads a plan: its grammar and its script."""
    command = click.option("--keep-script", is_flag=True,
                           help="Keep traditional characters; do not convert to simplified.")(command)
    return click.option("--grammar", "grammar_path", type=click.Path(),
                        help="A grammar YAML file to use instead of zh-plan.")(command)


def output_option(command):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                        help="Write here, not to stdout.")(command)


@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="Output format.")
@output_option
@plan_options
@click.option("--lines", "with_lines", is_flag=True, help="Add each node's source line span [first, last].")
def parse(file, fmt, output, grammar_path, keep_script, with_lines):
    """Parse FILE (a plan's plain text; - for stdin) and print its tree.

    \b
    Example:
      planparse parse fixtures/liaoning-digital-gov-14th.txt --format json | jq '.meta'
    """
    from . import dump

    with reporting(file):
        document = read_plan(file, grammar_path, keep_script)
        write_output(dump(document, fmt, with_lines), output)


@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "yaml"]), default="csv", show_default=True,
              help="Output format.")
@click.option("--bom", is_flag=True, help="Start the CSV with a byte-order mark, so that Excel reads it as UTF-8.")
@output_option
@plan_options
def commitments(file, fmt, bom, output, grammar_path, keep_script):
    """List the commitments of FILE: one row per 专栏 item, task with lead units or
    deadlines, indicator-table row and running-text target.

    \b
    Example:
      planparse commitments fixtures/liaoning-digital-gov-14th.txt --bom -o commitments.csv
    """
    from .commitments import WRITERS, commitments as flatten

    with reporting(file):
        rows = flatten(read_plan(file, grammar_path, keep_script))
        text = WRITERS[fmt](rows, bom) if fmt == "csv" else WRITERS[fmt](rows)
        write_output(text, output)


def read_plan(file: str, grammar_path: str | None, keep_script: bool):
    """Parse the plan in ``file`` (``-`` for stdin); input errors name the file."""
    from . import parse as parse_plan
    from .errors import InputError
    from .grammar import load_grammar

    data = read_input(file)
    grammar = load_grammar(grammar_path)
    try:
        return parse_plan(data, grammar, path=None if file == "-" else file, keep_script=keep_script)
    except InputError as err:
        raise PlanparseError(f"{_name(file)}: {err}") from None


@contextlib.contextmanager
def reporting(file: str):
    """Turn any error into one line on stderr and exit status 2 — never a traceback."""
    try:
        yield
    except PlanparseError as err:
        fail(str(err))
    except Exception as err:  # a bug: still one line, never a traceback
        fail(f"{_name(file)}: internal error ({type(err).__name__}: {err}); please report it with the input")


def _name(file: str) -> str:
    return "<stdin>" if file == "-" else file
