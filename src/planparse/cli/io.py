"""What every command does around the library, without click: read a bounded input, write
the output (a full disk or a closed pipe named, never a traceback), turn an error into one
line on stderr with exit status 2, and run ``parse`` itself — so that ``planparse parse``, the
command a shell script runs thousands of times, can start without importing click
(:mod:`.launch`)."""
from __future__ import annotations

import sys

from ..errors import PlanparseError, shown_path


def read_input(path: str) -> bytes:
    """Bytes of ``path`` (``-`` for standard input), or a one-line error naming it."""
    from ..errors import max_input_bytes, too_large

    if path == "-":
        data = sys.stdin.buffer.read(max_input_bytes() + 1)
        if (error := too_large(len(data), whole=False)) is not None:
            raise PlanparseError(f"standard input: {error}")
        return data
    from ..errors import read_bounded

    return read_bounded(path)


def write_output(text: str, output: str | None) -> None:
    """Write to ``output`` (a path) or to stdout."""
    if not output:
        try:
            try:
                sys.stdout.write(text)
            except UnicodeEncodeError:  # a stdout set to ASCII (LANG=C, PYTHONIOENCODING): UTF-8, as click writes
                sys.stdout.flush()
                sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:  # the reader (head) has seen enough: not an error
            _quiet_stdout()
        except OSError as err:
            _quiet_stdout()
            raise PlanparseError(f"standard output: cannot be written ({err.strerror})") from None
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as err:
        raise PlanparseError(f"{output}: cannot be written ({err.strerror})") from None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush of what is left does not fail
    again at exit."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def fail(message: str) -> None:
    sys.stderr.write(f"planparse: error: {message}\n")
    sys.stderr.flush()
    sys.exit(2)


def run_parse(file: str, fmt: str = "yaml", output: str | None = None, grammar_path: str | None = None,
              keep_script: bool = False, form: str | None = None, with_lines: bool = False,
              check: bool = False) -> None:
    """``planparse parse``: the tree of FILE (a plan's text, or a tree read back) on stdout or
    in ``output``; with ``check``, the account of every character on stderr (exit 1 if any
    is lost)."""
    from .. import dump

    with reporting(file):
        from ..model.load import as_document

        found = read_plan_or_tree(file, grammar_path, keep_script, form)
        if check and isinstance(found, dict):
            raise PlanparseError(f"{shown_name(file)}: --check accounts for a plan's text, and this is a tree")
        document = as_document(found) if isinstance(found, dict) else found
        write_output(dump(document, fmt, with_lines), output)
        if check:
            from ..parse.check import account

            books = account(document)
            sys.stderr.write(books.summary(shown_name(file)) + "\n")
            if not books.balanced:
                sys.exit(1)


def read_plan_or_tree(file: str, grammar_path: str | None, keep_script: bool, form: str | None = None,
                      check: bool = True, max_sections: int | None = None):
    """A tree written by ``parse`` (YAML or JSON) as it is, or the plan text parsed.
    ``check=False``: a tree not yet checked against the schema (the diff checks what it
    compares, once); ``max_sections``: see :func:`planparse.model.load.load_tree`."""
    from ..model.load import load_tree

    data = read_input(file)
    tree = load_tree(shown_name(file), data, check, max_sections)
    if tree is not None:
        return tree
    return parse_bytes(file, data, grammar_path, keep_script, form)


def read_pair(old: str, new: str, grammar_path: str | None, keep_script: bool, form: str | None = None) -> list:
    """The two plans of a diff, trees not yet checked (the diff checks them once). The smaller
    file is read first; the other, if it is a tree, only as far as a diff of the two could
    go: a tree too large to compare with the first is refused as soon as its sections are
    counted (a YAML tree while it is parsed, a JSON one once parsed), before it is checked or
    built into anything."""
    import os

    from ..diff import MAX_PAIRS, MAX_UNITS, sections_at_least, within_cap
    from ..model.load import TooManySections

    def size(path: str) -> float:
        try:
            return os.stat(path).st_size if path != "-" else float("inf")
        except OSError:
            return 0  # read first: its error comes at once
    swap = size(new) < size(old)
    first, second = (new, old) if swap else (old, new)
    plans = [read_edition(first, grammar_path, keep_script, form)]
    counted = sections_at_least(plans[0])
    try:
        plans.append(read_plan_or_tree(second, grammar_path, keep_script, form, check=False,
                                       max_sections=min(MAX_UNITS, MAX_PAIRS // max(counted, 1))))
    except TooManySections as err:
        old_count, new_count = (err.at_least, counted) if swap else (counted, err.at_least)
        within_cap(old_count, new_count, old, new, at_least=True)
        raise  # (within_cap has refused it)
    return plans[::-1] if swap else plans


def read_edition(file: str, grammar_path: str | None, keep_script: bool, form: str | None = None):
    """One plan of a chain (or the first of a diff's two), not yet checked: a tree with more
    sections than a diff compares of one plan is refused as soon as that is known."""
    from ..diff import MAX_UNITS, within_cap
    from ..model.load import TooManySections

    try:
        return read_plan_or_tree(file, grammar_path, keep_script, form, check=False, max_sections=MAX_UNITS)
    except TooManySections as err:
        within_cap(err.at_least, 0, file, None, at_least=True)
        raise  # (within_cap has refused it)


def read_plan(file: str, grammar_path: str | None, keep_script: bool, form: str | None = None):
    """The plan in ``file`` as a document: parsed from its text, or read back from a tree
    that ``parse`` wrote."""
    from ..model.load import as_document

    found = read_plan_or_tree(file, grammar_path, keep_script, form)
    return as_document(found) if isinstance(found, dict) else found


def parse_bytes(file: str, data: bytes, grammar_path: str | None, keep_script: bool, form: str | None = None):
    """Parse the plan read from ``file`` (``-`` for stdin); input errors name the file."""
    from .. import parse as parse_plan
    from ..errors import InputError
    from ..rules.grammar import load_grammar

    grammar = load_grammar(grammar_path)
    try:
        return parse_plan(data, grammar, path=None if file == "-" else shown_path(file), keep_script=keep_script,
                          form=form)
    except InputError as err:
        raise PlanparseError(f"{shown_name(file)}: {err}") from None


class reporting:
    """Turn any error into one line on stderr and exit status 2 — never a traceback."""

    def __init__(self, file: str):
        self.file = file

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if error is None or not isinstance(error, Exception):
            return False  # success, or SystemExit / KeyboardInterrupt: let it through
        if isinstance(error, PlanparseError):
            fail(str(error))
        if isinstance(error, MemoryError):
            fail(f"{shown_name(self.file)}: out of memory (the input is too large for this machine)")
        if isinstance(error, UnicodeEncodeError):
            fail(f"{shown_name(self.file)}: a name or a text that is no UTF-8 cannot be written ({error.reason})")
        fail(f"{shown_name(self.file)}: internal error ({type(error).__name__}: {error}); please report it with the input")


def shown_name(file: str) -> str:
    """A file's name as messages show it: ``<stdin>`` for ``-``, bytes that are no UTF-8 as \\xNN."""
    return "<stdin>" if file == "-" else shown_path(file)
