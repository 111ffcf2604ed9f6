"""Batch: parse many files into a folder of trees and a corpus store (``store.py``), on a local
process pool or on a Dask cluster — the same per-file function either way.

A broken file is reported and does not stop the run; a file whose sha256 is already in the
store is skipped, so a run that was interrupted (even killed) can simply be started again. The
store mirrors the inputs: a run replaces what changed and removes what went (``run``).
"""
from __future__ import annotations

import dataclasses
import errno
import fnmatch
import glob
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import regex

from ..errors import PlanparseError, shown_path
from .store import Store, as_lines, rows

CHUNK = 50  # documents written to the store in one transaction, at most …
FLUSH = 0.5  # … and seconds at most between two (what a killed run loses)
LOCK = ".lock"  # in the --out folder: held by the run writing it (and its pid inside)


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
    fatal: bool = False  # the tree could not be written (a full disk): the run stops


# the files of a directory that batch reads unless told otherwise (--pattern adds to them)
PLAN_FILES = ("*.txt", "*.md", "*.html", "*.htm")
# how planparse's own outputs begin (a tree's schema key; a text diff report's old/new lines;
# a chain table's frame) and end (a diff report's summary, as text or as a Markdown table)
# (a report wrapped to a width goes on with indented lines)
_OUTPUT_HEAD = regex.compile(r'\A\ufeff?\s*(?:\{\s*"schema"\s*:\s*"planparse|schema:\s*planparse)'
                             r"|\Aold [^\n]*\n(?:[ \t]+[^\n]*\n)*new [^\n]*\n|\A\s*[┏┌╭]")
_OUTPUT_TAIL = regex.compile(r"(?:^summary \d+ (?:unchanged|old commitments)[^\n]*(?:\n[ \t]+[^\n]*)*"
                             r"|^\| dropped \| \d+ \||^\| \*\*total\*\* \| \*\*\d+\*\* \|)\s*\Z", regex.MULTILINE)


@dataclass
class Summary:
    parsed: int = 0
    skipped: int = 0  # already in the store, or the same bytes twice in this run
    outputs: int = 0  # files that are planparse's own output (a tree, a diff or chain report)
    warnings: int = 0  # warnings in the trees parsed
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, error)
    # the store's files (paths) this run: new, of another content now, gone (or failing now)
    added: int = 0
    replaced: int = 0
    removed: int = 0
    history: bool = False  # --keep-history: the replaced and removed versions are kept, not current

    def report(self) -> str:
        lines = [f"{self.parsed} parsed, {self.skipped} skipped (already in the store), "
                 + (f"{self.outputs} skipped (planparse's own output), " if self.outputs else "")
                 + f"{len(self.failed)} failed, {self.warnings} warnings; files {self.added} added, "
                 f"{self.replaced} replaced, {self.removed} removed"
                 + (" (old versions kept)" if self.history and (self.replaced or self.removed) else "")]
        lines += [f"  {path}: {error}" for path, error in self.failed]
        return "\n".join(lines)


def parse_one(path: str, data: bytes | None, grammar_path: str | None = None, keep_script: bool = False,
              form: str | None = None, trees: str | None = None) -> Outcome:
    """Parse one file's bytes (``data``, or None to read ``path`` here: a local worker reads
    the file itself, so that the bytes need not travel to it); never raises (a failure is the
    outcome's ``error``). With ``trees``, the folder of the trees, the tree is written there
    and not returned."""
    from .. import parse
    from ..errors import PlanparseError, read_bounded
    from ..model.emit import to_data
    from ..rules.grammar import load_grammar
    from .commitments import commitments

    if data is None:
        try:
            data = read_bounded(path)
        except PlanparseError as err:
            return Outcome(path, "", error=str(err).removeprefix(f"{path}: "))
    sha = hashlib.sha256(data).hexdigest()
    try:
        grammar = load_grammar(grammar_path)
        document = parse(data, grammar, path=path, keep_script=keep_script, form=form)
        found = [dataclasses.asdict(row) for row in commitments(document, grammar)]
        tree = to_data(document)
        text = json.dumps(tree, ensure_ascii=False, indent=1)
        outcome = Outcome(path, sha, None if trees is not None else text, as_lines(rows(sha, path, tree, found)),
                          len(document.source.warnings))
    except PlanparseError as err:
        return Outcome(path, sha, error=str(err))
    except Exception as err:  # a bug: reported with the file, the run goes on
        return Outcome(path, sha, error=f"internal error ({type(err).__name__}: {err})")
    if trees is not None:
        try:
            _write_tree(trees, sha, text)
        except OSError as err:
            return Outcome(path, sha, error=err.strerror or str(err), fatal=True)
    return outcome


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
            found.update(_walk(spec, [["**", *pattern.split("/")] for pattern in patterns]))
        elif glob.has_magic(spec):
            parts = spec.split(os.sep)
            magic = next(k for k, part in enumerate(parts) if glob.has_magic(part))
            root = os.sep.join(parts[:magic]) or ("/" if spec.startswith(os.sep) else ".")
            found.update(path if root != "." or spec.startswith("./") else os.path.relpath(path)
                         for path in _walk(root, [parts[magic:]]))
        else:
            found.add(spec)
    skip = os.path.abspath(exclude) + os.sep if exclude else None
    return sorted(p for p in found if not (skip and os.path.abspath(p).startswith(skip))
                  and not os.path.isdir(p))  # (a FIFO or a device is read as an error of its own)


def _walk(root: str, rules: list[list[str]]) -> list[str]:
    """The files under ``root`` whose path below it matches one of ``rules`` (glob components,
    ``**`` any folders; no hidden name, as ``glob`` finds them) — but each real folder scanned
    once (a symlink loop is no endless tree), with no recursion (a folder thousands deep is
    read like any), no deeper than a rule without ``**`` reaches, and a folder that cannot be
    read skipped."""
    deepest = None if any("**" in rule for rule in rules) else max(len(rule) for rule in rules) - 1
    found, seen = [], set()
    stack: list[tuple[str, list[str]]] = [(root, [])]
    while stack:
        folder, above = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            parts = above + [entry.name]
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if deepest is None or len(parts) <= deepest:
                    stack.append((entry.path, parts))
            elif any(_matches(parts, rule) for rule in rules):
                found.append(entry.path)
    return found


def in_scope(specs: list[str], patterns: tuple[str, ...] = PLAN_FILES) -> Callable[[str], bool]:
    """Would ``specs`` find this path if it were there? (A file of a directory and matching a
    pattern, a match of a glob, or a file named.) A store's file in their scope that a run does
    not find is gone from the inputs."""
    def parts(path: str) -> list[str]:
        return os.path.abspath(path).split(os.sep)[1:]

    rules = []
    for spec in specs:
        if os.path.isdir(spec):
            rules += [parts(os.path.join(spec, "**", pattern)) for pattern in patterns]
        else:
            rules.append(parts(spec))  # a glob or a file: a file's name matches itself (or is a glob too)
    return lambda path: any(_matches(parts(path), rule) for rule in rules)


def _matches(parts: list[str], rule: list[str]) -> bool:
    """Path components against a glob's, as ``glob`` matches: ``**`` is any folders, and a
    wildcard does not match a hidden name."""
    if not rule:
        return not parts
    if rule[0] == "**":
        return any(_matches(parts[i:], rule[1:]) for i in range(len(parts) + 1)
                   if not any(part.startswith(".") for part in parts[:i]))
    if not parts:
        return False
    if glob.has_magic(rule[0]):
        found = not (parts[0].startswith(".") and not rule[0].startswith(".")) \
            and fnmatch.fnmatchcase(parts[0], rule[0])
    else:
        found = parts[0] == rule[0]
    return found and _matches(parts[1:], rule[1:])


@contextmanager
def locked(out: str, wait: bool = False) -> Iterator[None]:
    """Make the ``out`` folder (its parent must exist) and hold its lock while the body runs:
    another run holding it is an error, or with ``wait`` waited for. (A POSIX lock, which the
    kernel drops when the process dies, even killed, and which its worker processes do not
    inherit.)"""
    try:
        import fcntl
    except ImportError:  # (not POSIX: no lock)
        fcntl = None  # type: ignore[assignment]  # (mypy takes an imported module for never None)
    try:
        os.mkdir(out)
    except FileExistsError:
        if not os.path.isdir(out):
            raise PlanparseError(f"{out}: is not a folder") from None
    except OSError as err:
        missing = f"; {os.path.dirname(os.path.abspath(out))} does not exist" if err.errno == errno.ENOENT else ""
        raise PlanparseError(f"{out}: cannot be created ({err.strerror}{missing})") from None
    try:
        fd = os.open(os.path.join(out, LOCK), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise PlanparseError(f"{out}: cannot be written ({err.strerror})") from None
    if fcntl is None:
        os.close(fd)
        yield
        return
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as err:
            if err.errno not in (errno.EACCES, errno.EAGAIN):
                raise PlanparseError(f"{out}: cannot be locked ({err.strerror})") from None
            pid = _holder(fd)
            raise PlanparseError(f"{out}: another batch is writing this store"
                                 + (f" (pid {pid})" if pid.isdigit() else "")
                                 + ": wait for it to finish, or run with --wait") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # and the lock with it


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote into the lock file (it writes it just after taking the
    lock: a moment's wait covers a run that came in between)."""
    for _ in range(20):
        pid = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
        if pid.isdigit():
            return pid
        time.sleep(0.025)
    return ""


def run(specs: list[str], out: str, *, jobs: int | None = None, engine: str = "local",
        scheduler: str | None = None, grammar_path: str | None = None, keep_script: bool = False,
        form: str | None = None, patterns: tuple[str, ...] = PLAN_FILES, keep_history: bool = False,
        wait: bool = False, progress: Callable[[int], None] | None = None,
        total: Callable[[int], None] | None = None, progress_bytes: Callable[[int], None] | None = None) -> Summary:
    """Parse every file of ``specs`` into ``out``: ``out/trees/<sha256>.json`` and
    ``out/corpus.duckdb``, which then mirror the files in the scope of ``specs`` (``in_scope``):
    a file of another content replaces its old version, a file gone is removed (with
    ``keep_history``, the old versions stay, not current). The same content under several paths
    is one document, parsed from the first path (in sorted order), and a ``files`` row each.
    ``total`` is told how many files there are to parse, ``progress`` the count and
    ``progress_bytes`` the size of each file done.

    Each transaction takes the store from one consistent state to another, and every run works
    out what is left to do from the store and the inputs, so that a run killed at any moment
    and run again ends with the store a clean run gives; trees are written (atomically) before
    their rows are committed, and those of no document are removed at the end."""
    summary = Summary(history=keep_history)
    with locked(out, wait):
        store = Store(out)
        try:
            store.db.execute("SET threads = 1")  # the cores are the parsers'; inserting is the lesser work
            store.db.execute("SET checkpoint_threshold = '1GB'")  # one checkpoint, at the end (the log keeps commits)
            _run(store, specs, out, summary, jobs, engine, scheduler, grammar_path, keep_script, form, patterns,
                 keep_history, progress, total, progress_bytes)
        except BaseException:
            store.close(checkpoint=False)
            raise
        store.close()  # (the checkpoint: a failure there is the run's error, exit 2)
    return summary


def _run(store: Store, specs: list[str], out: str, summary: Summary, jobs: int | None, engine: str,
         scheduler: str | None, grammar_path: str | None, keep_script: bool, form: str | None,
         patterns: tuple[str, ...], keep_history: bool, progress: Callable[[int], None] | None,
         total: Callable[[int], None] | None, progress_bytes: Callable[[int], None] | None) -> None:
    paths = find_inputs(specs, patterns, exclude=out)
    if not paths:
        raise PlanparseError(f"no plan files in {', '.join(specs)} (looked for {' '.join(patterns)})")
    trees = os.path.join(out, "trees")
    try:
        os.makedirs(trees, exist_ok=True)
        on_disk = {name[:-5] for name in os.listdir(trees) if name.endswith(".json")}
    except OSError as err:
        raise PlanparseError(f"{trees}: cannot be written ({err.strerror})") from None
    before, documents = store.files(), store.documents()
    scope = in_scope(specs, patterns)
    found: dict[str, str] = {}  # this run's plan files: path -> sha256
    sizes: dict[str, int] = {}
    unread: list[dict] = []
    for path in paths:
        data = _read(path) if _utf8(path) else "its name is not valid UTF-8 (rename it)"
        if not _utf8(path):
            path = shown_path(path)
        if isinstance(data, str):
            summary.failed.append((path, data))
            unread.append({"path": path, "sha256": None, "error": data})
        elif own_output(data):
            summary.outputs += 1
        else:
            found[path], sizes[path] = hashlib.sha256(data).hexdigest(), len(data)
    # the files the store is to mirror: those out of this run's scope as they were, and this run's
    files = {path: sha for path, sha in before.items() if path not in found and not scope(path)}
    files.update(found)
    paths_of: dict[str, list[str]] = {}
    for path in sorted(files):
        paths_of.setdefault(files[path], []).append(path)
    todo: dict[str, str] = {}  # sha256 -> the path to parse it from
    revive: list[str] = []
    for sha, named in list(paths_of.items()):
        while named and named[0] not in found and documents.get(sha, ("",))[0] != named[0] \
                and _sha(named[0]) != sha:  # out of scope, and no longer what the store says: dropped
            del files[named.pop(0)]
        if not named:
            del paths_of[sha]
        elif documents.get(sha, ("",))[0] != named[0] or sha not in on_disk:
            todo[sha] = named[0]
            if named[0] not in sizes:  # (a file out of this run's scope, read above)
                sizes[named[0]] = len(_bytes(named[0]) or b"")
        elif not documents[sha][1]:
            revive.append(sha)  # an old version kept, current again
    sources = set(todo.values())
    summary.skipped = len(found) - len(sources & found.keys())
    # the documents no file has now: each goes in the transaction of what replaced it, if any
    # (and without keep_history, the old versions kept by earlier runs, of files in this run's scope)
    going = [sha for sha, (path, current) in documents.items()
             if sha not in paths_of and (current or not keep_history and scope(path))]
    was: dict[str, list[str]] = {}
    for path in sorted(before):
        was.setdefault(before[path], []).append(path)
    with_new: dict[str, list[str]] = {}
    alone: list[str] = []
    for old in going:
        successor = next((found[path] for path in was.get(old, []) if found.get(path) in todo), None)
        (with_new.setdefault(successor, []) if successor else alone).append(old)
    retire = keep_history
    changed = [path for path in files if before.get(path) != files[path] and files[path] not in todo]
    store.commit([as_lines({"errors": unread})] if unread else [],
                 drop=[] if retire else alone, retire=alone if retire else [], revive=revive,
                 unfile=[path for path in before if path not in files] + changed,
                 file=[(path, files[path]) for path in changed],
                 forget=[path for path in store.failed() if scope(path) and path not in sources])
    _unlink(trees, [] if retire else alone)
    if total:
        total(len(todo))
    work = [(path, _bytes(path) if engine == "dask" else None) for path in sorted(todo.values())]
    outcomes = _dask(work, scheduler, jobs, grammar_path, keep_script, form) if engine == "dask" \
        else _local(work, sizes, jobs, grammar_path, keep_script, form, trees)
    try:
        _collect(outcomes, store, trees, summary, progress, progress_bytes, sizes,
                 {path: sha for sha, path in todo.items()}, paths_of, with_new, documents, retire)
    finally:
        close = getattr(outcomes, "close", None)
        if close:
            close()  # (a pool's pending files are cancelled, if the run stops)
    kept = set(store.documents())
    _unlink(trees, [name[:-5] for name in os.listdir(trees) if name.endswith(".json") and name[:-5] not in kept],
            [name for name in os.listdir(trees) if name.endswith(".part")])  # what killed runs left
    after = store.files()
    summary.added = sum(path not in before for path in after)
    summary.replaced = sum(before[path] != sha for path, sha in after.items() if path in before)
    summary.removed = sum(path not in after for path in before)


def _read(path: str) -> bytes | str:
    """A file's bytes, or why it cannot be read (a special file, one past the size bound:
    refused before it is read, by :func:`planparse.errors.read_bounded`)."""
    from ..errors import PlanparseError, read_bounded

    try:
        return read_bounded(path)
    except PlanparseError as err:
        return str(err).removeprefix(f"{path}: ")


def _utf8(path: str) -> bool:
    """Can ``path`` be written as UTF-8 (in the store, JSON, a terminal)? A name that is no
    UTF-8 on disk reads back with lone surrogates, which cannot."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bytes(path: str) -> bytes | None:
    data = _read(path)
    return None if isinstance(data, str) else data  # (then the worker finds it cannot be read)


def _sha(path: str) -> str | None:
    data = _bytes(path)
    return None if data is None else hashlib.sha256(data).hexdigest()


def _unlink(trees: str, shas: list[str], names: Sequence[str] = ()) -> None:
    """Remove the trees of ``shas`` (and the files ``names``) from ``trees``, if there."""
    for name in [f"{sha}.json" for sha in shas] + list(names):
        try:
            os.remove(os.path.join(trees, name))
        except FileNotFoundError:
            pass
        except OSError as err:
            raise PlanparseError(f"{trees}: cannot be written ({err.strerror})") from None


def _collect(outcomes: Iterator[Outcome], store: Store, trees: str, summary: Summary,
             progress: Callable[[int], None] | None, progress_bytes: Callable[[int], None] | None,
             sizes: dict[str, int], planned: dict[str, str], paths_of: dict[str, list[str]],
             with_new: dict[str, list[str]], documents: dict[str, tuple[str, bool]], retire: bool) -> None:
    """Commit the outcomes as they come, a few at a time (``CHUNK``, ``FLUSH``): a document
    replaces its old rows (and the documents that no file has now, since it took their place:
    ``with_new``) in one transaction; a file that failed drops them too."""
    pending: list[dict] = []
    drop: list[str] = []
    old: list[str] = []
    paths: list[str] = []
    flushed = time.monotonic()

    def flush() -> None:
        store.commit(pending, drop=drop + ([] if retire else old), retire=old if retire else [], unfile=paths,
                     file=[(path, sha) for sha in filed for path in paths_of[sha]], forget=forget)
        _unlink(trees, [] if retire else old)

    filed: list[str] = []
    forget: list[str] = []
    for outcome in outcomes:
        if outcome.fatal:
            raise PlanparseError(f"{trees}: cannot be written ({outcome.error})")
        sha = planned[outcome.path]
        if outcome.error is None and outcome.sha256 != sha:
            outcome = dataclasses.replace(outcome, rows={}, error="changed while the batch read it")
        drop += [sha] if sha in documents else []
        old += with_new.get(sha, [])
        paths += paths_of[sha]
        forget.append(outcome.path)
        if outcome.error is not None:
            summary.failed.append((outcome.path, outcome.error))
            pending.append(as_lines({"errors": [{"path": outcome.path, "sha256": outcome.sha256 or None,
                                                 "error": outcome.error}]}))
        else:
            summary.warnings += outcome.warnings
            if outcome.tree is not None:  # (a local worker wrote it already)
                try:
                    _write_tree(trees, outcome.sha256, outcome.tree)
                except OSError as err:
                    raise PlanparseError(f"{trees}: cannot be written ({err.strerror})") from None
            pending.append(outcome.rows)
            filed.append(sha)
            summary.parsed += 1
        if len(pending) >= CHUNK or time.monotonic() - flushed >= FLUSH:
            flush()
            pending, drop, old, paths, filed, forget = [], [], [], [], [], []
            flushed = time.monotonic()
        if progress:
            progress(1)
        if progress_bytes:
            progress_bytes(sizes.get(outcome.path, 0))
    if pending:
        flush()


def _local(todo: list[tuple[str, bytes | None]], sizes: dict[str, int], jobs: int | None, grammar_path: str | None,
           keep_script: bool, form: str | None, trees: str) -> Iterator[Outcome]:
    """On a pool of processes (``jobs``, default every core); in this process for one job."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) <= 1:
        for path, data in todo:
            yield parse_one(path, data, grammar_path, keep_script, form, trees)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(os.getpid(),)) as pool:
        largest_first = sorted(todo, key=lambda item: -sizes[item[0]])  # no long file left to the end alone
        futures = [pool.submit(parse_one, path, data, grammar_path, keep_script, form, trees)
                   for path, data in largest_first]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            pool.shutdown(cancel_futures=True)


def _worker_start(parent: int) -> None:
    """A worker of the local pool starts: it is killed when the run's process dies (on Linux),
    so that no worker of a killed run writes a tree while the next run is cleaning up; and
    since the workers share the cores already, its repairs fork no helper of their own
    (:mod:`planparse.parse.ahead`)."""
    import ctypes
    import signal

    from ..parse import ahead

    ahead.ENABLED = False
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died already
        os._exit(1)


def _dask(todo: list[tuple[str, bytes | None]], scheduler: str | None, jobs: int | None, grammar_path: str | None,
          keep_script: bool, form: str | None) -> Iterator[Outcome]:
    """On a Dask cluster: ``scheduler`` is its address (tcp://host:8786), or ``local`` for a
    LocalCluster of ``jobs`` worker processes on this machine. The files' bytes travel to the
    workers; the workers need planparse installed (and a user grammar at the same path)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from ..errors import PlanparseError

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
