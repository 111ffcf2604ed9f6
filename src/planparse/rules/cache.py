"""What one process builds and the next can reuse: compiled patterns and compiled grammars,
kept in the user's cache directory.

A compiled ``regex`` pattern pickles as its compiled code, so loading it skips the regex
module's pattern parser, which is most of what a short ``planparse parse`` used to spend.
Everything here is best effort: a cache that is missing, stale (another planparse, regex or
Python version, or another grammar text: each is in the key), corrupt or unwritable costs
only the time to build again, never a wrong result or an error.

The directory is ``$PLANPARSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/planparse``, else
``~/.cache/planparse``; ``PLANPARSE_CACHE_DIR=off`` turns the cache off.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import re
import sys
from pathlib import Path

import regex

from .. import __version__

OFF = "off"
# What a cached object depends on besides its own input.
STAMP = f"{__version__}-{regex.__version__}-{sys.version_info[0]}.{sys.version_info[1]}"

_patterns: dict[tuple[str, int], regex.Pattern] | None = None
_added = False


def directory() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    chosen = os.environ.get("PLANPARSE_CACHE_DIR")
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planparse"


def key(*parts: bytes | str) -> str:
    """A short digest of ``parts`` and :data:`STAMP`, for a cache file's name."""
    digest = hashlib.sha256(STAMP.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def load(name: str, expected: type):
    """The object cached as ``name``, if it is there, readable and an ``expected``; else None."""
    folder = directory()
    if folder is None:
        return None
    try:
        with open(folder / f"{name}.pickle", "rb") as file:
            found = pickle.load(file)
    except Exception:  # missing, unreadable, truncated, from an incompatible build: build again
        return None
    return found if isinstance(found, expected) else None


def save(name: str, value, stale_prefix: str | None = None) -> None:
    """Cache ``value`` as ``name``, atomically (a reader sees the old file or the new one);
    files starting ``stale_prefix`` other than this one are removed. Failures are ignored."""
    folder = directory()
    if folder is None:
        return
    target = folder / f"{name}.pickle"
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except Exception:  # unwritable, full, not a directory: the next process builds again
        try:
            temporary.unlink()
        except OSError:
            pass
        return
    if stale_prefix:
        trim(stale_prefix, 0, current=name)


def trim(prefix: str, keep: int, current: str | None = None) -> None:
    """Keep the cache's files starting ``prefix`` to the ``keep`` newest, never removing
    ``current`` (the name just saved): for what is cached by an input that can take any
    number of values (a text, a grammar file), so that the cache does not grow without end.
    Best effort, a file at a time: one another process removed first, or that cannot be
    removed, is passed over."""
    folder = directory()
    if folder is None:
        return
    try:
        found = list(folder.glob(f"{prefix}*.pickle"))
    except OSError:
        return
    dated = []
    for path in found:
        try:
            dated.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:  # (removed meanwhile)
            continue
    dated.sort(reverse=True)
    for _, name, path in dated[keep:]:
        if name == f"{current}.pickle":
            continue
        try:
            path.unlink()
        except OSError:
            pass


def pattern(source: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(source, flags)``, from the cache when an earlier process compiled it."""
    global _patterns, _added
    if _patterns is None:
        _patterns = load(_patterns_name(), dict) or {}
        atexit.register(_save_patterns)
    found = _patterns.get((source, flags))
    if found is None:
        found = _patterns[(source, flags)] = regex.compile(source, flags)
        _added = True
    return found


def scan(source: str) -> re.Pattern:
    """``source`` compiled by the standard library's ``re``, for a pattern that scans a whole
    text and that both engines read alike: characters and ranges written out, no flags, no
    ``\\p{…}``, no ``\\w \\s \\d \\b`` (whose sets differ a little between the two), no
    lookbehind of varying width. ``re`` finds such a pattern several times quicker than
    ``regex`` does, and compiles it in microseconds, so it is not kept on disk."""
    return re.compile(source)


def _patterns_name() -> str:
    return f"patterns-{key()}"


def _save_patterns() -> None:
    if _added and _patterns is not None:
        save(_patterns_name(), _patterns, stale_prefix="patterns-")
