"""Batch: parse many files into a folder of trees and a corpus store (``store.py``), on a local
process pool or on a Dask cluster — the same per-file function either way.

A broken file is reported and does not stop the run; a file whose sha256 is already in the
store is skipped, so a run that was interrupted can simply be started again.
"""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import regex

from .errors import PlanparseError
from .store import Store, as_lines, rows

CHUNK = 50  # documents written to the store at a time


@dataclass
class Outcome:
    """What parsing one file gave, ready to write (the worker that parsed it serialised it, so
    that the process writing the store has little to do): the tree as JSON, the store's rows
    as newline-delimited JSON per table, the count of warnings — or the error."""

    path: str
    sha256: str
    tree: str | None = None
    rows: dict[str, str] = field(default_factory=dict)
    warnings: int = 0
    error: str | None = None


# the files of a directory that batch reads unless told otherwise (--pattern adds to them)
PLAN_FILES = ("*.txt", "*.md", "*.html", "*.htm")
# how planparse's own outputs begin (a tree's schema key; a text diff report's old/new lines;
# a chain table's frame) and end (a diff report's summary, as text or as a Markdown table)
# (a report wrapped to a width goes on with indented lines)
_OUTPUT_HEAD = regex.compile(r'\A\ufeff?\s*(?:\{\s*"schema"\s*:\s*"planparse|schema:\s*planparse)'
                             r"|\Aold [^\n]*\n(?:[ \t]+[^\n]*\n)*new [^\n]*\n|\A\s*[┏┌╭]")
_OUTPUT_TAIL = regex.compile(r"(?:^summary \d+ unchanged[^\n]*(?:\n[ \t]+[^\n]*)*|^\| dropped \| \d+ \|)\s*\Z",
                             regex.MULTILINE)


@dataclass
class Summary:
    parsed: int = 0
    skipped: int = 0  # already in the store, or the same bytes twice in this run
    outputs: int = 0  # files that are planparse's own output (a tree, a diff or chain report)
    warnings: int = 0  # warnings in the trees parsed
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, error)

    def report(self) -> str:
        lines = [f"{self.parsed} parsed, {self.skipped} skipped (already in the store), "
                 + (f"{self.outputs} skipped (planparse's own output), " if self.outputs else "")
                 + f"{len(self.failed)} failed, {self.warnings} warnings"]
        lines += [f"  {path}: {error}" for path, error in self.failed]
        return "\n".join(lines)


def parse_one(path: str, data: bytes | None, grammar_path: str | None = None, keep_script: bool = False,
              form: str | None = None, trees: str | None = None) -> Outcome:
    """Parse one file's bytes (``data``, or None to read ``path`` here: a local worker reads
    the file itself, so that the bytes need not travel to it); never raises (a failure is the
    outcome's ``error``). With ``trees``, the folder of the trees, the tree is written there
    and not returned."""
    from . import parse
    from .commitments import commitments
    from .emit import to_data
    from .errors import PlanparseError
    from .grammar import load_grammar

    if data is None:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as err:
            return Outcome(path, "", error=f"cannot be read ({err.strerror})")
    sha = hashlib.sha256(data).hexdigest()
    try:
        grammar = load_grammar(grammar_path)
        document = parse(data, grammar, path=path, keep_script=keep_script, form=form)
        found = [dataclasses.asdict(row) for row in commitments(document, grammar)]
        tree = to_data(document)
        text = json.dumps(tree, ensure_ascii=False, indent=1)
        if trees is not None:
            _write_tree(trees, sha, text)
        return Outcome(path, sha, None if trees is not None else text, as_lines(rows(sha, path, tree, found)),
                       len(document.source.warnings))
    except PlanparseError as err:
        return Outcome(path, sha, error=str(err))
    except Exception as err:  # a bug: reported with the file, the run goes on
        return Outcome(path, sha, error=f"internal error ({type(err).__name__}: {err})")


def _write_tree(trees: str, sha: str, text: str) -> None:
    """``trees/<sha>.json``, written whole or not at all (a rename puts it in place)."""
    target = os.path.join(trees, f"{sha}.json")
    partial = f"{target}.{os.getpid()}.part"
    with open(partial, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(partial, target)


def own_output(data: bytes) -> bool:
    """Is this planparse's own output — a tree (YAML or JSON), a diff report (text or
    Markdown) or a chain table — rather than a plan? Read off its first and last bytes."""
    head = data[:2048].decode("utf-8", "ignore")
    tail = data[-2048:].decode("utf-8", "ignore")
    return bool(_OUTPUT_HEAD.search(head) or _OUTPUT_TAIL.search(tail))


def find_inputs(specs: list[str], patterns: tuple[str, ...] = PLAN_FILES, exclude: str | None = None) -> list[str]:
    """The files ``specs`` name: a directory (its files matching any of ``patterns``,
    recursively), a glob, or a file; sorted, each once, none inside ``exclude`` (the output
    folder)."""
    found: set[str] = set()
    for spec in specs:
        if os.path.isdir(spec):
            for pattern in patterns:
                found.update(glob.glob(os.path.join(spec, "**", pattern), recursive=True))
        elif glob.has_magic(spec):
            found.update(glob.glob(spec, recursive=True))
        else:
            found.add(spec)
    skip = os.path.abspath(exclude) + os.sep if exclude else None
    return sorted(p for p in found if not (skip and os.path.abspath(p).startswith(skip))
                  and (os.path.isfile(p) or not os.path.exists(p)))


def run(specs: list[str], out: str, *, jobs: int | None = None, engine: str = "local",
        scheduler: str | None = None, grammar_path: str | None = None, keep_script: bool = False,
        form: str | None = None, patterns: tuple[str, ...] = PLAN_FILES, progress: Callable[[int], None] | None = None,
        total: Callable[[int], None] | None = None, progress_bytes: Callable[[int], None] | None = None) -> Summary:
    """Parse every file of ``specs`` into ``out``: ``out/trees/<sha256>.json`` and
    ``out/corpus.duckdb``. ``total`` is told how many files there are to parse, ``progress``
    the count and ``progress_bytes`` the size of each file done."""
    store = Store(out)
    store.db.execute("SET threads = 1")  # the cores are the parsers'; inserting is the lesser work
    summary = Summary()
    try:
        known = store.known()
        paths = find_inputs(specs, patterns, exclude=out)
        if not paths:
            raise PlanparseError(f"no plan files in {', '.join(specs)} (looked for {' '.join(patterns)})")
        store.forget_errors(paths)  # they are tried again
        todo: list[tuple[str, bytes | None]] = []
        sizes: dict[str, int] = {}
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as err:
                summary.failed.append((path, f"cannot be read ({err.strerror})"))
                store.add([as_lines({"errors": [{"path": path, "sha256": None, "error": summary.failed[-1][1]}]})])
                continue
            if own_output(data):
                summary.outputs += 1
                continue
            sha = hashlib.sha256(data).hexdigest()
            if sha in known:
                summary.skipped += 1
                continue
            known.add(sha)
            sizes[path] = len(data)
            todo.append((path, data if engine == "dask" else None))  # (a local worker reads the file again)
        if total:
            total(len(todo))
        trees = os.path.join(out, "trees")
        os.makedirs(trees, exist_ok=True)
        outcomes = _dask(todo, scheduler, jobs, grammar_path, keep_script, form) if engine == "dask" \
            else _local(todo, sizes, jobs, grammar_path, keep_script, form, trees)
        _collect(outcomes, store, trees, summary, progress, progress_bytes, sizes)
    finally:
        store.close()
    return summary


def _collect(outcomes: Iterator[Outcome], store: Store, trees: str, summary: Summary,
             progress: Callable[[int], None] | None, progress_bytes: Callable[[int], None] | None = None,
             sizes: dict[str, int] | None = None) -> None:
    pending: list[dict] = []
    for outcome in outcomes:
        if outcome.error is not None:
            summary.failed.append((outcome.path, outcome.error))
            pending.append(as_lines({"errors": [{"path": outcome.path, "sha256": outcome.sha256,
                                                 "error": outcome.error}]}))
        else:
            summary.warnings += outcome.warnings
            if outcome.tree is not None:  # (a local worker wrote it already)
                _write_tree(trees, outcome.sha256, outcome.tree)
            pending.append(outcome.rows)
            summary.parsed += 1
        if len(pending) >= CHUNK:
            store.add(pending)
            pending = []
        if progress:
            progress(1)
        if progress_bytes and sizes:
            progress_bytes(sizes.get(outcome.path, 0))
    if pending:
        store.add(pending)


def _local(todo: list[tuple[str, bytes | None]], sizes: dict[str, int], jobs: int | None, grammar_path: str | None,
           keep_script: bool, form: str | None, trees: str) -> Iterator[Outcome]:
    """On a pool of processes (``jobs``, default every core); in this process for one job."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) <= 1:
        for path, data in todo:
            yield parse_one(path, data, grammar_path, keep_script, form, trees)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        largest_first = sorted(todo, key=lambda item: -sizes[item[0]])  # no long file left to the end alone
        futures = [pool.submit(parse_one, path, data, grammar_path, keep_script, form, trees)
                   for path, data in largest_first]
        for future in as_completed(futures):
            yield future.result()


def _dask(todo: list[tuple[str, bytes | None]], scheduler: str | None, jobs: int | None, grammar_path: str | None,
          keep_script: bool, form: str | None) -> Iterator[Outcome]:
    """On a Dask cluster: ``scheduler`` is its address (tcp://host:8786), or ``local`` for a
    LocalCluster of ``jobs`` worker processes on this machine. The files' bytes travel to the
    workers; the workers need planparse installed (and a user grammar at the same path)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from .errors import PlanparseError

        raise PlanparseError("the dask engine needs Dask: pip install 'planparse[dask]'") from None
    cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1,
                           dashboard_address=None) if scheduler in (None, "local") else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        futures = [client.submit(parse_one, path, data, grammar_path, keep_script, form, pure=False)
                   for path, data in sorted(todo, key=lambda item: -len(item[1] or b""))]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
