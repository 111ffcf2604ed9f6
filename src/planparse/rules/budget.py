"""Every pattern of a user's grammar under a time budget.

A grammar passed with ``--grammar`` may hold a pattern that backtracks catastrophically (an
alternation of overlapping words under a star, a lazy run before a comma). Such a pattern is
refused when the grammar is loaded: its examples, and probe lines made of its own characters
(long runs that end in a character it cannot match), must each run within ``LOAD_BUDGET``.
What passes is wrapped so that every match at run time runs under ``RUN_BUDGET``: a match that
times out counts as no match, the rule is left out for the rest of the document, and the parse
says so in a warning — never a hang; a rule whose matches take ``DOCUMENT_BUDGET`` in all is
left out likewise. A diff of two plans is one such run too (its notes say what gave up). The
built-in grammar's patterns are vetted by the same probes in the test suite and run as they
are (a budget costs time on every match).
"""
from __future__ import annotations

import contextlib
import contextvars
import sys
import time
from dataclasses import dataclass, field

import regex

LOAD_BUDGET = 0.5  # seconds an example or a probe line may take at load
PATTERN_BUDGET = 2.0  # seconds all the examples and probes of one pattern may take at load
GRAMMAR_BUDGET = 10.0  # seconds the probes of all the patterns of one grammar may take
RUN_BUDGET = 1.0  # seconds one match may take while parsing
DOCUMENT_BUDGET = 3.0  # seconds one rule's matches may take in all while one document is read
PROBE_LENGTH = 1000  # characters of a probe line: enough for polynomial blow-ups to show
PROBE_CHARACTERS = 24  # of the pattern's own characters, the ones probes are made of
PAIRED = 8  # of them, the ones paired with each character plans are made of
_ALWAYS = "，。、；：（）一1a "  # and these, which plans are made of
_META = set("\\^$.|?*+()[]{}-=!<>:,PpNnSsWwDdbBAZzu0123456789")


@dataclass
class _Run:
    """What gave up while one document was read: (rule, the start of the text) in order; and
    the seconds each rule's matches took so far."""

    timeouts: list[tuple[str, str]] = field(default_factory=list)
    off: set[str] = field(default_factory=set)
    spent: dict[str, float] = field(default_factory=dict)


_loading: contextvars.ContextVar[list | None] = contextvars.ContextVar("planparse_loading", default=None)


@contextlib.contextmanager
def loading():
    """The probes of every pattern checked inside the block share :data:`GRAMMAR_BUDGET`."""
    token = _loading.set([0.0])
    try:
        yield
    finally:
        _loading.reset(token)


_current: contextvars.ContextVar[_Run | None] = contextvars.ContextVar("planparse_budget", default=None)
_told: set[str] = set()  # rules that gave up outside a parse, told once on stderr


@contextlib.contextmanager
def collecting():
    """Collect the timeouts of the patterns used inside the block: yields the list of
    (rule, text) that gave up."""
    run = _Run()
    token = _current.set(run)
    try:
        yield run.timeouts
    finally:
        _current.reset(token)


def warning(rule: str, text: str, within: str = "document") -> str:
    """What to say of a rule that gave up on ``text`` while ``within`` (a document, a diff) was read."""
    shown = text[:30].replace("\n", " ")
    return (f"grammar rule '{rule}' gave up on a line after {RUN_BUDGET:g} s and was left out for the rest"
            f" of the {within}: '{shown}{'…' if len(text) > 30 else ''}'")


def _gave_up(rule: str, text: str) -> None:
    run = _current.get()
    if run is None:
        if rule not in _told:
            _told.add(rule)
            print(f"planparse: warning: {warning(rule, text)}", file=sys.stderr)
        return
    run.off.add(rule)
    run.timeouts.append((rule, text))


def _spend(rule: str, seconds: float, text) -> None:
    """Count a match's time against its rule; past :data:`DOCUMENT_BUDGET` for one document
    the rule is left out for the rest of it, as when a match gives up (a pattern slow on every
    line, but never for a whole second, would otherwise cost minutes)."""
    run = _current.get()
    if run is None:
        return
    run.spent[rule] = run.spent.get(rule, 0.0) + seconds
    if run.spent[rule] > DOCUMENT_BUDGET:
        _gave_up(rule, text if isinstance(text, str) else str(text))


def _off(rule: str) -> bool:
    run = _current.get()
    return rule in (run.off if run is not None else _told)


class Budgeted:
    """A compiled pattern whose matches run under :data:`RUN_BUDGET` (the rest of the
    ``regex.Pattern`` interface is the pattern's own)."""

    __slots__ = ("compiled", "rule")

    def __init__(self, compiled: regex.Pattern, rule: str):
        self.compiled = compiled
        self.rule = rule

    def __getattr__(self, name):
        if name in Budgeted.__slots__ or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __getstate__(self):
        return self.compiled, self.rule

    def __setstate__(self, state):
        self.compiled, self.rule = state

    def _call(self, method: str, text, none, *args, **kwargs):
        if _off(self.rule):
            return none
        started = time.perf_counter()
        try:
            found = getattr(self.compiled, method)(text, *args, timeout=RUN_BUDGET, **kwargs)
            found = list(found) if method == "finditer" else found
        except TimeoutError:
            _gave_up(self.rule, text if isinstance(text, str) else str(text))
            return none
        _spend(self.rule, time.perf_counter() - started, text)
        return found

    def match(self, text, *args, **kwargs):
        return self._call("match", text, None, *args, **kwargs)

    def fullmatch(self, text, *args, **kwargs):
        return self._call("fullmatch", text, None, *args, **kwargs)

    def search(self, text, *args, **kwargs):
        return self._call("search", text, None, *args, **kwargs)

    def findall(self, text, *args, **kwargs):
        return self._call("findall", text, [], *args, **kwargs)

    def finditer(self, text, *args, **kwargs):
        return iter(self._call("finditer", text, [], *args, **kwargs))

    def split(self, text, *args, **kwargs):
        return self._call("split", text, [text], *args, **kwargs)

    def sub(self, repl, text, *args, **kwargs):
        return self._replace("sub", repl, text, text, *args, **kwargs)

    def subn(self, repl, text, *args, **kwargs):
        return self._replace("subn", repl, text, (text, 0), *args, **kwargs)

    def _replace(self, method: str, repl, text, none, *args, **kwargs):
        if _off(self.rule):
            return none
        started = time.perf_counter()
        try:
            done = getattr(self.compiled, method)(repl, text, *args, timeout=RUN_BUDGET, **kwargs)
        except TimeoutError:
            _gave_up(self.rule, text)
            return none
        _spend(self.rule, time.perf_counter() - started, text)
        return done


def derived(pattern, source: str, flags: int = 0):
    """A pattern compiled from ``source``, which code builds from ``pattern``'s: under the same
    budget and rule as ``pattern`` when it has one."""
    compiled = regex.compile(source, flags)
    return Budgeted(compiled, pattern.rule) if isinstance(pattern, Budgeted) else compiled


def probes(source: str) -> list[str]:
    """Lines that make a backtracking pattern show itself: long runs of each of its own
    characters and of the characters plans are made of, of pairs of them (overlapping
    alternatives, ``(?:一|一二)*``, and runs before a separator, ``(?:.*?，)*``, blow up on
    those), and of all of them in turn; each also ended by a character no plan has."""
    own = [c for c in dict.fromkeys(source) if c not in _META and not c.isspace() and c.isprintable()]
    chars = list(dict.fromkeys(own[:PROBE_CHARACTERS] + list(_ALWAYS)))
    runs = chars + ["".join(chars)]
    runs += [a + b for a, b in zip(own, own[1:PROBE_CHARACTERS])]
    runs += [a + b for a in own[:PAIRED] for b in _ALWAYS if a != b] + [a + b for a in _ALWAYS for b in own[:PAIRED] if a != b]
    lines = list(dict.fromkeys(run * (PROBE_LENGTH // len(run) + 1) for run in runs))
    return [line + end for line in lines for end in ("\x00", "")]


def check(compiled: regex.Pattern, rule: str, origin: str, samples=()) -> Budgeted:
    """``compiled`` wrapped in the run-time budget, once its examples and the probe lines
    each ran within :data:`LOAD_BUDGET`; else a GrammarError naming the rule."""
    from ..errors import GrammarError

    total = _loading.get()
    started = time.perf_counter()
    for text in list(samples) + probes(compiled.pattern):
        if not isinstance(text, str):
            continue
        try:
            compiled.search(text, timeout=LOAD_BUDGET)
        except TimeoutError:
            shown = text[:20] + ("…" if len(text) > 20 else "")
            raise GrammarError(f"{origin}: rule '{rule}': pattern backtracks without end (more than "
                               f"{LOAD_BUDGET:g} s on {shown!r}, {len(text)} characters)") from None
        spent = time.perf_counter() - started
        if spent > PATTERN_BUDGET:
            raise GrammarError(f"{origin}: rule '{rule}': pattern too slow (its probes took more than "
                               f"{PATTERN_BUDGET:g} s)")
        if total is not None and total[0] + spent > GRAMMAR_BUDGET:
            raise GrammarError(f"{origin}: the grammar's patterns are too slow (their probes took more than "
                               f"{GRAMMAR_BUDGET:g} s; rule '{rule}' the last)")
    if total is not None:
        total[0] += time.perf_counter() - started
    return Budgeted(compiled, rule)
