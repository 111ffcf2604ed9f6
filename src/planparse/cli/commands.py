"""The command line: thin click commands over the library API."""
from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import PlanparseError
from ..model.kinds import STATUSES
from .io import (
    fail,
    read_edition,
    read_pair,
    read_plan,
    read_plan_or_tree,
    reporting,
    run_parse,
    shown_name,
    write_output,
)
from .progress import Progress
from .terminal import colour, show
from .terminal import width as fitting


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planparse")
def main():
    """Chinese government plans (规划, 实施方案, 意见): parse them into a canonical tree, list
    their commitments, compare editions, and build a corpus."""


def plan_options(command):
    """Options of every command that reads a plan: its grammar and its script."""
    command = click.option("--keep-script", is_flag=True,
                           help="Keep traditional characters; do not convert to simplified.")(command)
    from ..parse.readers import FORMS

    command = click.option("--from", "form", type=click.Choice(FORMS),
                           help="How the input is written (default: told from its content).")(command)
    return click.option("--grammar", "grammar_path", type=click.Path(),
                        help="A grammar YAML file to use instead of zh-plan.")(command)


def output_option(command):
    return click.option("-o", "--output", callback=_output_path,
                        help="Write here, not to stdout (- is stdout).")(command)


def _out_folder(value: str, resilient: bool = False) -> str:
    """``--out``: a folder (made if missing); a file there is refused in one line."""
    if not resilient and value and os.path.exists(value) and not os.path.isdir(value):
        fail(f"{value}: is a file: --out names the folder for the trees and corpus.duckdb")
    return value


def _output_path(context, parameter, value: str | None) -> str | None:
    """``-o``: None for stdout (no option, or ``-``); a folder is refused in one line."""
    if value in (None, "", "-"):
        return None
    if os.path.isdir(value) and not context.resilient_parsing:  # (not while completing a command line)
        fail(f"{value}: is a directory: -o names the file to write")
    return value


def view_options(command):
    """Options of the commands with a terminal view (diff, chain): its width, its colour, the pager."""
    command = click.option("--no-pager", is_flag=True,
                           help="Print, even when the output is longer than the terminal "
                                "($PAGER, else less -R).")(command)
    command = click.option("--color", "colour_choice", type=click.Choice(["auto", "always", "never"]),
                           default="auto", show_default=True,
                           help="Colour the terminal view: auto on a terminal only, unless NO_COLOR is set.")(command)
    return click.option("--width", type=click.IntRange(min=1), metavar="N",
                        help="Fit the terminal view in N columns (default: the terminal's; piped, $COLUMNS or "
                             "no limit).")(command)


@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="Output format.")
@output_option
@plan_options
@click.option("--lines", "with_lines", is_flag=True, help="Add each node's source line span [first, last].")
@click.option("--check", "check", is_flag=True,
              help="Account for every character: say on stderr where the text went; exit 1 if any is lost.")
def parse(file, fmt, output, grammar_path, keep_script, form, with_lines, check):
    """Parse FILE (a plan's plain text; - for stdin) and print its tree.

    \b
    Example:
      planparse parse fixtures/liaoning-digital-gov-14th.txt --format json | jq '.meta'
    """
    run_parse(file, fmt, output, grammar_path, keep_script, form, with_lines, check)

@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "yaml", "parquet"]), default="csv",
              show_default=True,
              help="Output format.")
@click.option("--bom", is_flag=True, help="Start the CSV with a byte-order mark, so that Excel reads it as UTF-8.")
@output_option
@plan_options
def commitments(file, fmt, bom, output, grammar_path, keep_script, form):
    """List the commitments of FILE: one row per 专栏 item, task with lead units or
    deadlines, indicator-table row and running-text target.

    \b
    Example:
      planparse commitments fixtures/liaoning-digital-gov-14th.txt --bom -o commitments.csv
    """
    from ..corpus.commitments import WRITERS
    from ..corpus.commitments import commitments as flatten

    with reporting(file):
        from ..rules.grammar import load_grammar

        document = read_plan(file, grammar_path, keep_script, form)
        rows = flatten(document, load_grammar(grammar_path))
        if fmt == "parquet":
            if not _commitments_parquet(document, rows, output):
                click.echo(f"planparse: {file}: no commitments: no Parquet file written", err=True)
                sys.exit(1)
            return
        text = WRITERS[fmt](rows, bom) if fmt == "csv" else WRITERS[fmt](rows)
        write_output(text, output)


def _commitments_parquet(document, rows, output: str | None) -> int:
    """Parquet through DuckDB's writer, typed as ``planparse export`` types a corpus's; how
    many rows it has (none: nothing is written)."""
    import dataclasses

    from ..corpus.export import commitments_parquet
    from ..corpus.store import rows as store_rows
    from ..model.emit import to_data

    tables = store_rows(document.source.sha256, document.source.path, to_data(document),
                        [dataclasses.asdict(row) for row in rows])
    return _written_by_duckdb(lambda file: commitments_parquet(tables, file), "commitments.parquet", output)


def _written_by_duckdb(write, name: str, output: str | None) -> int:
    """Run ``write(file)`` — a DuckDB writer that says how many rows it wrote — into ``output``,
    or into a scratch file then copied to stdout; a DuckDB error is one line. Binary Parquet
    goes to no terminal."""
    import shutil
    import tempfile

    import duckdb

    if name.endswith(".parquet") and not output and sys.stdout.isatty():
        raise PlanparseError("Parquet is binary: write it to a file with -o FILE")
    with tempfile.TemporaryDirectory() as scratch:
        file = output or os.path.join(scratch, name)
        try:
            count = write(file)
        except duckdb.Error as err:
            raise PlanparseError(f"{file}: cannot be written ({str(err).splitlines()[0]})") from None
        if count and not output:
            with open(file, "rb") as handle:
                try:
                    sys.stdout.flush()
                    shutil.copyfileobj(handle, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                except BrokenPipeError:  # the reader (head) has seen enough
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return count


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json", "yaml", "markdown", "csv", "html"]),
              default="terminal", show_default=True,
              help="Output format (csv: one row per pair, for pandas and R; html: a page to share).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES + ("moved",)),
              help="Show only pairs with this status, or the moved ones (repeat for several).")
@click.option("--path", "path_filter", help="Show only pairs whose section path or title contains this.")
@click.option("--min-similarity", type=click.FloatRange(0, 1),
              help="Show only pairs of an old and a new unit at least this alike (0..1).")
@view_options
@output_option
@plan_options
def diff(old, new, fmt, statuses, path_filter, min_similarity, width, colour_choice, no_pager, output, grammar_path,
         keep_script, form):
    """Compare two plans (texts, or trees written by `parse`): what became of every
    commitment of OLD in NEW — unchanged, changed, merged, split, continued in part,
    dropped, or uncertain (a likely partner but no sure one; an indicator or 专栏 item
    whose subject, or whose 专栏's programme, the other plan still names; an indicator
    against a plan that sets none in a table, a 专栏 item against one whose 专栏 may be
    pictures; a statement of guidance, principles or goals while the other plan states its
    own) — and what NEW adds; moved ones say where they went. Exit status 0 when
    equivalent, 1 when they differ, 2 on error.

    \b
    Example:
      planparse diff fixtures/liaoning-egov-13th-pdf.txt fixtures/liaoning-digital-gov-14th.txt
      planparse diff fixtures/liaoning-egov-13th-pdf.txt fixtures/liaoning-digital-gov-14th.txt \\
        --format html -o report.html
    """
    from ..diff import diff as compare
    from ..diff.writers import PAGES, View, render_diff
    from ..diff.writers.common import select

    with reporting(f"{old}, {new}"):
        report = compare(*read_pair(old, new, grammar_path, keep_script, form), old_name=old, new_name=new,
                         grammar=grammar_path)
        filtered = statuses or path_filter or min_similarity is not None
        pairs = select(report.pairs, statuses, path_filter, min_similarity) if filtered else report.pairs
        view = View(width=width or fitting(output), colour=colour(colour_choice, output))
        show(render_diff(report, pairs, fmt, view), output, no_pager or fmt in PAGES)
    sys.exit(0 if report.equivalent else 1)


@main.command()
@click.argument("plans", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["terminal", "json", "yaml", "csv", "html", "svg"]),
              default="terminal", show_default=True,
              help="Output format (csv: one row per lineage and edition; html: the flow as a page; svg: the "
                   "picture alone).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["section", "box-item", "table-row", "paragraph"]),
              help="Lineages of these kinds of unit in the terminal, HTML and SVG views (default: sections and "
                   "专栏 items).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(("present",) + STATUSES + ("moved",)),
              help="Only lineages with a step of this status (repeat for several).")
@click.option("--path", "path_filter", help="Only lineages with a unit whose section path or title contains this.")
@view_options
@output_option
@plan_options
def chain(plans, fmt, kinds, statuses, path_filter, width, colour_choice, no_pager, output, grammar_path, keep_script,
          form):
    """The lineage of every commitment across editions of a plan (texts or trees), ordered
    by their periods: where each went, what it merged into, what it split into.

    \b
    Example:
      planparse chain fixtures/liaoning-egov-13th-pdf.txt fixtures/liaoning-digital-gov-14th.txt \\
        fixtures/liaoning-digital-gov-2025-2027-damaged.txt
    """
    from ..diff import chain as follow
    from ..diff.writers import PAGES, View, render_chain
    from ..diff.writers.common import select_lineages

    with reporting(", ".join(plans)):
        if len(plans) < 2:
            raise PlanparseError("chain needs at least two editions, oldest first")
        result = follow([read_edition(plan, grammar_path, keep_script, form) for plan in plans], list(plans),
                        grammar=grammar_path)
        for warning in result.warnings:
            click.echo(f"planparse: warning: {warning}", err=True)
        lineages = select_lineages(result, statuses, path_filter) if statuses or path_filter else None
        view = View(width=width or fitting(output), colour=colour(colour_choice, output),
                    kinds=tuple(kinds) or ("section", "box-item"))
        show(render_chain(result, lineages, fmt, view), output, no_pager or fmt in PAGES)


@main.command()
@click.argument("file")
@output_option
@plan_options
def render(file, output, grammar_path, keep_script, form):
    """Write the canonical plain text of a tree written by `parse` (or of a plan text):
    one paragraph a line, headings on lines of their own. Parsing it gives the tree back.

    \b
    Example:
      planparse parse plan.txt -o plan.yaml && planparse render plan.yaml > plan.clean.txt
    """
    from ..diff import as_tree
    from ..parse.plaintext import render_text

    with reporting(file):
        tree = as_tree(read_plan_or_tree(file, grammar_path, keep_script, form, check=False), shown_name(file))
        write_output(render_text(tree), output)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True,
              callback=lambda context, parameter, value: _out_folder(value, context.resilient_parsing),
              help="Folder for the trees and corpus.duckdb.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: every core).")
@click.option("--pattern", "patterns", multiple=True, metavar="GLOB",
              help="More files of a directory to parse, beside *.txt, *.md, *.html and *.htm (repeatable).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="A local process pool, or a Dask cluster.")
@click.option("--scheduler", help="The Dask scheduler's address (tcp://host:8786), or 'local' for a LocalCluster.")
@click.option("--keep-history", is_flag=True,
              help="Keep the old versions of files replaced or gone (documents.current false), not delete them.")
@click.option("--wait", is_flag=True, help="If another batch is writing OUT, wait for it (default: exit 2).")
@plan_options
def batch(inputs, out, jobs, patterns, engine, scheduler, keep_history, wait, grammar_path, keep_script, form):
    """Parse every plan in INPUTS (directories, globs or files) into OUT: a tree per file
    (OUT/trees/<sha256>.json) and a DuckDB corpus store (OUT/corpus.duckdb). Files already in
    the store are skipped; a broken file is reported and the run goes on (exit 1 if any
    failed). The store mirrors INPUTS: a file changed replaces its old version, a file gone
    from them is removed. A killed run is resumed by running it again.

    \b
    Example:
      planparse batch fixtures --out corpus
      planparse query corpus "select title, date from documents"
    """
    from ..corpus.batch import PLAN_FILES, run

    with reporting(", ".join(inputs)):
        if engine == "local" and scheduler:
            raise PlanparseError("--scheduler goes with --engine dask")
        with Progress() as (total, advance, read):
            summary = run(list(inputs), out, jobs=jobs, engine=engine, scheduler=scheduler,
                          grammar_path=grammar_path, keep_script=keep_script, form=form,
                          patterns=PLAN_FILES + tuple(p for p in patterns if p not in PLAN_FILES),
                          keep_history=keep_history, wait=wait, progress=advance, total=total,
                          progress_bytes=read)
        click.echo(summary.report(), err=True)
    sys.exit(1 if summary.failed else 0)


@main.command()
@click.argument("store")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv", show_default=True,
              help="Output format.")
@click.option("--table", type=click.Choice(["commitments", "sections"]), default="commitments", show_default=True,
              help="What to export: every commitment of the corpus, or every section.")
@click.option("--kind", "kind", type=click.Choice(["task", "target", "result", "forecast", "box-item", "indicator",
                                                   "project"]),
              help="Only the commitments of this kind (target: every target of the corpus, one table).")
@output_option
def export(store, fmt, table, kind, output):
    """Export the commitments (or sections) of a corpus STORE (a batch --out folder or its
    corpus.duckdb) as CSV, JSON lines or Parquet, written by DuckDB. Exit 1 if there are none.

    \b
    Examples:
      planparse export corpus --format parquet -o commitments.parquet
      planparse export corpus --kind target -o targets.csv
    """
    from ..corpus.export import export as copy
    from ..corpus.store import open_store

    if kind is not None and table != "commitments":
        fail("--kind selects commitments: use it without --table sections")
    with reporting(store):
        db = open_store(store)
        try:
            count = _written_by_duckdb(lambda file: copy(db, table, fmt, file, kind), f"{table}.{fmt}", output)
        finally:
            db.close()
    if not count:
        what = f"{kind} commitments" if kind else table
        click.echo(f"planparse: {store}: no {what} in the store: nothing exported", err=True)
        sys.exit(1)


@main.command()
@click.argument("store")
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Output format (json: an array of one object a row).")
@click.option("--no-pager", is_flag=True, help="Print a long result on a terminal instead of paging it.")
def query(store, sql, fmt, no_pager):
    """Run SQL read-only on a corpus STORE (a batch --out folder or its corpus.duckdb) and
    print the result: a table, CSV, or JSON. On a terminal the table fits its width (each
    row a record when the columns do not fit) and a long one goes through the pager.

    \b
    Example:
      planparse query corpus "select kind, count(*) as n from commitments group by kind"
    """
    from ..corpus.export import query as ask
    from ..corpus.export import to_csv, to_json, to_text
    from ..corpus.store import open_store

    with reporting(store):
        db = open_store(store, files=False)
        try:
            columns, found = ask(db, sql)
        finally:
            db.close()
        if fmt == "table" and sys.stdout.isatty():  # on a screen: columns that fit, else records; paged
            from ..corpus.export import to_screen

            show(to_screen(columns, found, fitting(None) or 80), None, no_pager)
        else:
            write_output({"csv": to_csv, "json": to_json, "table": to_text}[fmt](columns, found), None)
    if not found:  # (the header, or [], is still written: a pipeline reads an empty result)
        click.echo(f"planparse: {store}: the query found no rows", err=True)
        sys.exit(1)
