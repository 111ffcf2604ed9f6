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
from .store import Store, rows

CHUNK = 50  # documents written to the store at a time


@dataclass
class Outcome:
    """What parsing one file gave: its tree and commitments, or the error."""

    path: str
    sha256: str
    tree: dict | None = None
    commitments: list[dict] = field(default_factory=list)
    error: str | None = None


# the files of a directory that batch reads unless told otherwise (--pattern adds to them)
PLAN_FILES = ("*.txt", "*.md", "*.html", "*.htm")
# how planparse's own outputs begin (a tree's schema key; a text diff report's old/new lines;
# a chain table's frame) and end (a diff report's summary, as text or as a Markdown table)
_OUTPUT_HEAD = regex.compile(r'\A\ufeff?\s*(?:\{\s*"schema"\s*:\s*"planparse|schema:\s*planparse)'
                             r"|\Aold [^\n]*\nnew [^\n]*\n|\A\s*[┏┌╭]")
_OUTPUT_TAIL = regex.compile(r"(?:^summary \d+ unchanged[^\n]*|^\| dropped \| \d+ \|)\s*\Z", regex.MULTILINE)


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


def parse_one(path: str, data: bytes, grammar_path: str | None = None, keep_script: bool = False,
              form: str | None = None) -> Outcome:
    """Parse one file's bytes; never raises (a failure is the outcome's ``error``)."""
    from . import parse
    from .commitments import commitments
    from .emit import to_data
    from .errors import PlanparseError
    from .grammar import load_grammar

    sha = hashlib.sha256(data).hexdigest()
    try:
        grammar = load_grammar(grammar_path)
        document = parse(data, grammar, path=path, keep_script=keep_script, form=form)
        rows = commitments(document, grammar)
        return Outcome(path, sha, to_data(document), [dataclasses.asdict(row) for row in rows])
    except PlanparseError as err:
        return Outcome(path, sha, error=str(err))
    except Exception as err:  # a bug: reported with the file, the run goes on
        return Outcome(path, sha, error=f"internal error ({type(err).__name__}: {err})")


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
        total: Callable[[int], None] | None = None) -> Summary:
    """Parse every file of ``specs`` into ``out``: ``out/trees/<sha256>.json`` and
    ``out/corpus.duckdb``."""
    store = Store(out)
    summary = Summary()
    try:
        known = store.known()
        paths = find_inputs(specs, patterns, exclude=out)
        if not paths:
            raise PlanparseError(f"no plan files in {', '.join(specs)} (looked for {' '.join(patterns)})")
        store.forget_errors(paths)  # they are tried again
        todo = []
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as err:
                summary.failed.append((path, f"cannot be read ({err.strerror})"))
                store.add([{"errors": [{"path": path, "sha256": None, "error": summary.failed[-1][1]}]}])
                continue
            if own_output(data):
                summary.outputs += 1
                continue
            sha = hashlib.sha256(data).hexdigest()
            if sha in known:
                summary.skipped += 1
                continue
            known.add(sha)
            todo.append((path, data))
        if total:
            total(len(todo))
        outcomes = _dask(todo, scheduler, jobs, grammar_path, keep_script, form) if engine == "dask" \
            else _local(todo, jobs, grammar_path, keep_script, form)
        _collect(outcomes, store, out, summary, progress)
    finally:
        store.close()
    return summary


def _collect(outcomes: Iterator[Outcome], store: Store, out: str, summary: Summary,
             progress: Callable[[int], None] | None) -> None:
    trees = os.path.join(out, "trees")
    os.makedirs(trees, exist_ok=True)
    pending: list[dict] = []
    for outcome in outcomes:
        if outcome.error is not None:
            summary.failed.append((outcome.path, outcome.error))
            pending.append({"errors": [{"path": outcome.path, "sha256": outcome.sha256, "error": outcome.error}]})
        else:
            summary.warnings += len((outcome.tree.get("source") or {}).get("warnings") or ())
            with open(os.path.join(trees, f"{outcome.sha256}.json"), "w", encoding="utf-8") as handle:
                json.dump(outcome.tree, handle, ensure_ascii=False, indent=1)
            pending.append(rows(outcome.sha256, outcome.path, outcome.tree, outcome.commitments))
            summary.parsed += 1
        if len(pending) >= CHUNK:
            store.add(pending)
            pending = []
        if progress:
            progress(1)
    if pending:
        store.add(pending)


def _local(todo: list[tuple[str, bytes]], jobs: int | None, grammar_path: str | None,
           keep_script: bool, form: str | None) -> Iterator[Outcome]:
    """On a pool of processes (``jobs``, default every core); in this process for one job."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) <= 1:
        for path, data in todo:
            yield parse_one(path, data, grammar_path, keep_script, form)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(parse_one, path, data, grammar_path, keep_script, form) for path, data in todo]
        for future in as_completed(futures):
            yield future.result()


def _dask(todo: list[tuple[str, bytes]], scheduler: str | None, jobs: int | None, grammar_path: str | None,
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
                   for path, data in todo]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
