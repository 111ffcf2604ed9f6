"""The command line: thin click commands over the library API."""
from __future__ import annotations

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


@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
@click.option("--grammar", "grammar_path", type=click.Path(), help="A grammar YAML file to use instead of zh-plan.")
@click.option("--lines", "with_lines", is_flag=True, help="Add each node's source line span [first, last].")
@click.option("--keep-script", is_flag=True, help="Keep traditional characters; do not convert to simplified.")
def parse(file, fmt, output, grammar_path, with_lines, keep_script):
    """Parse FILE (a plan's plain text; - for stdin) and print its tree.

    \b
    Example:
      planparse parse fixtures/liaoning-digital-gov-14th.txt --format json | jq '.meta'
    """
    from . import dump
    from . import parse as parse_plan
    from .errors import InputError

    name = "<stdin>" if file == "-" else file
    try:
        data = read_input(file)
        grammar = _grammar(grammar_path)
        try:
            document = parse_plan(data, grammar, path=None if file == "-" else file, keep_script=keep_script)
        except InputError as err:
            raise PlanparseError(f"{name}: {err}") from None
        text = dump(document, fmt, with_lines)
        write_output(text, output)
    except PlanparseError as err:
        fail(str(err))
    except Exception as err:  # a bug: still one line, never a traceback
        fail(f"{name}: internal error ({type(err).__name__}: {err}); please report it with the input")


def _grammar(path):
    from .grammar import load_grammar

    return load_grammar(path)
