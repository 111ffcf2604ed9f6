"""Grammars are data: load a YAML grammar, compile its rules, and answer rule questions.

The default grammar is ``grammars/zh-plan.yaml``. A user grammar may ``extends:`` another by
name and replace single rules (by ``name``) or single pattern keys. Every pattern is compiled
at load time; a bad one raises :class:`GrammarError` naming the file, the rule and the
position in the regex.
"""
from __future__ import annotations

import contextvars
import functools
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import regex

from ..errors import GrammarError
from .numerals import SYSTEMS, read_numeral

DEFAULT = "zh-plan"
LAYOUT = 4  # of a compiled Grammar object, for the cache: raised when its attributes change
HEADING_MEMO = 20_000  # lines whose heading reading is remembered
PLAN_TITLE_MAX = 60  # characters: the longest line read as a plan's title
# Pattern sections and the keys each must have, beside examples/not_examples.
REQUIRED = {
    "heading_title": ("start", "end", "max_length"),
    "layout": ("terminal_punctuation", "prose_punctuation", "block_starts", "continuation_starts",
               "closing_brackets"),
    "toc": ("start", "entry"),
    "figure": ("pattern",),
    "table": ("caption", "year_column", "name_column", "category_column", "attribute_column", "value"),
    "box": ("pattern", "item", "item_run_in"),
    "leads": ("bracket", "lead_partner", "responsible", "line", "partner_label", "note", "separator", "etc"),
    "deadlines": ("when", "action_start", "not_after", "not_before", "quoted", "clause_end", "past"),
    "targets": ("pattern", "units", "verbs", "before", "past", "forecast", "forward", "sentence_end", "clause_end",
                "comparators"),
    "furniture": ("page_number",),
    "parts": ("review", "situation"),
    "appendix": ("list_start", "list_item", "start"),
    "notice": ("header", "title", "addressees", "text", "remark", "colophon_start", "colophon"),
    "meta": ("doc_number", "title_suffix", "period", "period_in_text", "edition", "edition_ordinal", "date",
             "approval", "issuer", "status"),
    "agencies": ("separator", "second_name", "level", "short_forms", "aliases", "inherit", "agency_end"),
    "compare": ("sentence_end", "anchor"),
    "roles": (),
    "readers": ("front_matter",),
}
OPTIONAL = ("period",)  # sections a grammar may leave out
NOT_PATTERNS = {"examples", "not_examples", "numeral", "max_length", "sentence_max", "comparators", "short_forms", "aliases",
                "same_agencies", "different_agencies",
                "front_matter"}


# The named groups the code reads of a pattern: a user's pattern without one is refused at
# load, naming it, rather than failing on the first line it matches.
NAMED_GROUPS = {
    ("figure", "pattern"): ("num", "title"), ("table", "caption"): ("num", "title"),
    ("box", "pattern"): ("num", "title"), ("box", "item"): ("name", "text"),
    ("table", "value"): ("value", "unit", "before", "after"),
    ("leads", "bracket"): ("agencies",), ("leads", "lead_partner"): ("agencies", "partners"),
    ("leads", "responsible"): ("agencies",), ("leads", "line"): ("agencies",), ("agencies", "inherit"): ("agencies",),
    ("deadlines", "when"): ("year", "lead", "part", "before"),
    ("targets", "pattern"): ("low", "unit"), ("targets", "percent_words"): ("words",), ("targets", "doubling"): ("value",),
    ("targets", "year"): ("year",), ("targets", "dated"): ("year",), ("period", "title_year"): ("year",),
    ("compare", "subject_name"): ("name",),
}
# Names a grammar written for an earlier planparse may still use: section → its name now, and
# the group the lead-unit patterns called `units` (agencies, now that `units` means a figure's)
RENAMED_SECTIONS = {"units": "agencies"}
RENAMED_KEYS = {("agencies", "same_units"): "same_agencies", ("agencies", "different_units"): "different_agencies"}
RENAMED_GROUPS = {"(?P<units>": "(?P<agencies>"}


@dataclass(frozen=True)
class HeadingRule:
    name: str
    rank: int
    numeral: str
    pattern: regex.Pattern
    marker: str
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()
    max_title: int | None = None  # this rule's longest title, if not heading_title.max_length
    alone: bool = False  # a heading only on a line of its own: with text run in after it, not one
    # lines that read like this rule's headings but for a title that does not start like words
    # (19.3个国铁：…, 4.TOD：…): headings only where the count needs them (planparse.parse.numbering)
    doubtful: regex.Pattern | None = None
    doubtful_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeadingMatch:
    """A line that starts like a heading and whose title reads like one."""

    rule: HeadingRule
    number: int
    marker: str
    title: str
    body: str
    doubtful: bool = False  # read by the rule's doubtful pattern: a heading only in step


class Grammar:
    """A compiled grammar. Build it with :func:`load_grammar`."""

    def __init__(self, raw: dict, origin: str):
        self.raw = raw
        self.origin = origin
        self.files: tuple[tuple[str, str], ...] = ()  # (path, sha256) of each file it was built from
        self.name = raw.get("name", Path(origin).stem)
        self.headings = tuple(_compile_heading(rule, origin) for rule in _list(raw, "headings", origin))
        if not self.headings:
            raise GrammarError(f"{origin}: grammar has no heading rules")
        self.rank = {rule.name: rule.rank for rule in self.headings}
        self.any_heading = any_of([rule.pattern for rule in self.headings])  # one test before trying each rule
        self.uses: dict[tuple[str, str], frozenset[str]] = {}  # (section, key) → the {keys} its pattern is made of
        self.sections = {key: _compile_section(raw, key, keys, origin, self.uses) for key, keys in REQUIRED.items()}
        for key in OPTIONAL:  # (a grammar written before these sections loads all the same)
            if key in raw:
                self.sections[key] = _compile_section(raw, key, (), origin, self.uses)
        for (section, key), groups in NAMED_GROUPS.items():
            pattern = self.sections.get(section, {}).get(key)  # (a pattern, or one under a budget)
            if pattern is not None and not set(groups) <= set(getattr(pattern, "groupindex", groups)):
                raise GrammarError(f"{origin}: rule '{section}.{key}': pattern needs the groups "
                                   + " and ".join(f"(?P<{g}>…)" for g in groups))
        layout = self.sections["layout"]
        self.top = {key: value for key, value in layout.items() if not isinstance(value, tuple)
                    and key not in NOT_PATTERNS}
        self.top_lists = {key: value for key, value in layout.items() if isinstance(value, tuple)}
        self.editions = {str(k): tuple(v) for k, v in (raw.get("editions") or {}).items()}
        self.title_max = int(self.sections["heading_title"]["max_length"])

    def pattern(self, section: str, key: str) -> regex.Pattern:
        value = self.sections[section][key]
        return value[0] if isinstance(value, tuple) else value

    def patterns(self, section: str, key: str) -> tuple[regex.Pattern, ...]:
        value = self.sections[section][key]
        return value if isinstance(value, tuple) else (value,)

    def plan_title(self, text: str) -> bool:
        """Does ``text`` read as a plan's own title: a short line ending 规划/方案/办法/…, with no
        prose punctuation, and no covering notice's 关于印发…的通知?"""
        return (len(text) <= PLAN_TITLE_MAX and bool(self.pattern("meta", "title_suffix").search(text))
                and not self.top["prose_punctuation"].search(text) and not self.pattern("notice", "title").match(text))

    def heading_candidate(self, text: str):
        """The first rule whose pattern matches ``text``, with its match, or None. Only the
        rules that can match a text starting with its first character are tried."""
        if self.any_heading is not None and not self.any_heading.match(text):
            return None
        for rule in self._rules_from(text[:1]):
            match = rule.pattern.match(text)
            if match:
                return rule, match
        return None

    def _rules_from(self, first: str) -> tuple[HeadingRule, ...]:
        """The heading rules whose pattern can match a text that starts with ``first`` (a
        partial match of that character alone; every rule for an empty text), in order;
        remembered."""
        known = self.__dict__.setdefault("_first_rules", {})
        found = known.get(first)
        if found is None:
            found = known[first] = tuple(rule for rule in self.headings
                                         if not first or rule.pattern.match(first, partial=True))
        return found

    def match_heading(self, text: str) -> HeadingMatch | None:
        """A heading reading of ``text``: marker, number, title and run-in body; or None.
        Remembered for the lines seen last, since layout and segmenting ask of a line again."""
        memo = self.__dict__.setdefault("_headings", {})
        if text in memo:
            return memo[text]
        if len(memo) >= HEADING_MEMO:
            memo.clear()
        found = memo[text] = self._match_heading(text)
        return found

    def forget(self) -> None:
        """Drop the heading readings remembered of the document's lines (a parse is over)."""
        self.__dict__.pop("_headings", None)

    def __getstate__(self):
        return {key: value for key, value in self.__dict__.items()
                if key not in ("_headings", "_unions", "_first_rules")}

    def union(self, name: str, patterns) -> regex.Pattern | None:
        """One pattern that matches at the start of a text where any of ``patterns`` does
        (None when they cannot be put together), made once under ``name``: a line is then
        tried once, not once per pattern."""
        unions = self.__dict__.setdefault("_unions", {})
        if name not in unions:
            unions[name] = any_of(list(patterns))
        return unions[name]

    def matches_any(self, name: str, patterns, text: str) -> bool:
        """Does any of ``patterns`` match at the start of ``text``? (Through :meth:`union`.)"""
        unions = self.__dict__.get("_unions")  # (asked of every line: the made union looked up at once)
        union = unions[name] if unions is not None and name in unions else self.union(name, patterns)
        if union is not None:
            return union.match(text) is not None
        return any(pattern.match(text) for pattern in patterns)

    def _lead_bracket(self, title: str) -> int | None:
        """Where a bracket naming a task's lead units starts in ``title``, or None."""
        if "（" not in title and "〔" not in title and "【" not in title and "(" not in title:
            return None
        leads = self.sections.get("leads") or {}
        starts = [found.start() for key in ("bracket", "lead_partner", "responsible")
                  if leads.get(key) is not None and (found := leads[key].search(title)) is not None]
        return min(starts) if starts and min(starts) >= 2 else None

    def _match_heading(self, text: str) -> HeadingMatch | None:
        found = self.heading_candidate(text)
        rest = found[1].group("rest").strip() if found else ""
        if not found or not self.pattern("heading_title", "start").match(rest):
            return self._doubtful_heading(text)
        rule, match = found
        rules = self.sections["heading_title"]
        end = self.pattern("heading_title", "end").search(rest)
        title, body = (rest[:end.start()], rest[end.end():].strip()) if end else (rest, "")
        lead = self._lead_bracket(rest)
        if lead is not None and (end is None or lead < end.start()):  # 1.建立…机制（牵头单位：…）
            title, body = rest[:lead], rest[lead:].strip()
        title = title.rstrip("：；，、 ")
        longest = rule.max_title or self.title_max
        if len(title) > longest and (clause := rules.get("clause_end")) is not None:
            # a numbered task's first sentence is its title, whatever its length — unless its
            # first clause only says when (到2025年，…: a sentence, not a task), or it runs on
            # past any sentence (then its first clause is the title)
            cut = clause.search(title)
            refused = rules.get("clause_not")
            if cut is not None and refused is not None and refused.match(title[:cut.start()]):
                return None
            if len(title) > int(rules.get("sentence_max", longest)):
                if cut is None or not 2 <= cut.start() <= longest:
                    return None
                title, body = title[:cut.start()], rest[cut.end():].strip()
        if not title or (rule.alone and body):
            return None
        raw_number = match.group("num")
        try:
            number = read_numeral(raw_number, rule.numeral)
        except ValueError:
            return None
        return HeadingMatch(rule, number, rule.marker.replace("{n}", raw_number), title, body)

    def _doubtful_heading(self, text: str) -> HeadingMatch | None:
        """A reading of ``text`` by a rule's ``doubtful`` pattern: title up to the title's end
        mark, the rest its body."""
        for rule in self.headings:
            match = rule.doubtful.match(text) if rule.doubtful is not None else None
            if match is None:
                continue
            rest = match.group("rest").strip()
            end = self.pattern("heading_title", "end").search(rest)
            title, body = (rest[:end.start()], rest[end.end():].strip()) if end else (rest, "")
            try:
                number = read_numeral(match.group("num"), rule.numeral)
            except ValueError:
                return None
            if not title or len(title) > (rule.max_title or self.title_max):
                return None
            return HeadingMatch(rule, number, rule.marker.replace("{n}", match.group("num")), title.rstrip(),
                                body, doubtful=True)
        return None


def any_of(patterns: list[regex.Pattern]) -> regex.Pattern | None:
    """One pattern that matches where any of ``patterns`` does, or None when they cannot be
    put together (a back-reference by number, or flags of their own, would change meaning; a
    pattern under a budget is tried on its own, under it)."""
    from .budget import Budgeted

    if any(isinstance(p, Budgeted) for p in patterns) or any(p.flags & ~(regex.UNICODE | regex.VERSION0) for p in patterns) \
            or any(_NUMBERED_REFERENCE.search(p.pattern) for p in patterns):
        return None
    from . import cache

    try:  # (through the pattern cache: a long union is the costliest compile of a short run)
        return cache.pattern("|".join(f"(?:{p.pattern})" for p in patterns))
    except regex.error:
        return None


_NUMBERED_REFERENCE = regex.compile(r"\\[1-9]|\(\?[a-zA-Z]*[imsx]|\\g<\d")


def _list(raw: dict, key: str, origin: str) -> list:
    value = raw.get(key)
    if not isinstance(value, list):
        raise GrammarError(f"{origin}: '{key}' must be a list of rules")
    return value


def _required(raw: dict, key: str, origin: str):
    if key not in raw:
        raise GrammarError(f"{origin}: missing '{key}'")
    return raw[key]


# The pattern sources of the built-in grammars while a user's grammar is compiled (theirs
# are vetted; any other is checked and run under a budget, see budget.py), else None.
_vetted: contextvars.ContextVar[frozenset[str] | None] = contextvars.ContextVar("planparse_vetted", default=None)


def _compile(pattern, rule: str, origin: str, samples=()) -> regex.Pattern:
    if not isinstance(pattern, str):
        raise GrammarError(f"{origin}: rule '{rule}': pattern must be a string, not {_excerpt(pattern)}")
    vetted = _vetted.get()
    user = vetted is not None and pattern not in vetted
    if user and (size := _repeat_size(pattern)) > MAX_REPEAT_SIZE:
        raise GrammarError(f"{origin}: rule '{rule}': counted repeats that multiply to {size:,} (past "
                           f"{MAX_REPEAT_SIZE:,}: compiling it would take gigabytes)")
    try:
        compiled = regex.compile(pattern)
    except regex.error as err:
        where, what = err.pos, err.msg  # type: ignore[attr-defined]  # set by regex, missing from its stubs
        raise GrammarError(f"{origin}: rule '{rule}': uncompilable regex at position {where}: {what}") from None
    except (MemoryError, OverflowError):
        raise GrammarError(f"{origin}: rule '{rule}': pattern too large to compile") from None
    if not user:
        return compiled
    from .budget import check

    return check(compiled, rule, origin, samples)  # type: ignore[return-value]  # a Budgeted stands in for it


GRAMMAR_BYTES = 1_000_000  # a grammar file larger than this is refused (the shipped one is 40 KB)
GRAMMARS_KEPT = 32  # compiled grammars the cache keeps (the newest; ~90 KB each): each edit of a user's grammar is another
MAX_REPEAT_SIZE = 100_000  # the largest product of a user pattern's nested counts ({n,m} in {n,m} …)
_COUNT = regex.compile(r"\{(\d*)(?:,(\d*))?\}")


def _repeat_size(pattern: str) -> int:
    """The largest product of counted repeats nested in one another in ``pattern`` (x{1000}
    in (…){1000}: 1 000 000), skipping escapes and character classes: a bound on what
    compiling it makes."""
    stack, largest, last, i, in_class = [1], 1, 1, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i, last = i + 2, 1
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class, last = True, 1
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            stack.append(1)
        elif c == ")" and len(stack) > 1:
            last = stack.pop()
        elif c == "{" and (count := _COUNT.match(pattern, i)) and any(count.groups()):
            times = max(int(n) for n in count.groups() if n)
            stack[-1] = max(stack[-1], last * times)
            largest = max(largest, stack[-1])
            i = count.end()
            continue
        else:
            last = 1
        i += 1
    return max(largest, *stack)
_GRAMMAR_NAME = regex.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
EXCERPT = 60  # characters of a grammar's value an error quotes at most


def _excerpt(value) -> str:
    """A value as an error quotes it: its repr, cut to ``EXCERPT`` characters."""
    shown = repr(value)
    return shown if len(shown) <= EXCERPT else shown[:EXCERPT] + "…"


def _samples(body: dict, key: str) -> list:
    """A section's examples that concern ``key``: its list, or the mapping's entry for ``key``."""
    found = []
    for field in ("examples", "not_examples"):
        given = body.get(field)
        given = given.get(key) if isinstance(given, dict) else given
        found += [text for text in given or () if isinstance(text, str)]
    return found


def _compile_heading(rule, origin: str) -> HeadingRule:
    if not isinstance(rule, dict) or "name" not in rule:
        raise GrammarError(f"{origin}: every heading rule needs a name: {_excerpt(rule)}")
    name = rule["name"]
    for key in ("rank", "numeral", "pattern", "marker"):
        if key not in rule:
            raise GrammarError(f"{origin}: rule '{name}': missing '{key}'")
    if rule["numeral"] not in SYSTEMS:
        raise GrammarError(f"{origin}: rule '{name}': unknown numeral system '{rule['numeral']}'"
                           f" (known: {', '.join(sorted(SYSTEMS))})")
    pattern = _compile(rule["pattern"], name, origin,
                       [t for t in list(rule.get("examples") or ()) + list(rule.get("not_examples") or ())])
    if not {"num", "rest"} <= set(pattern.groupindex):
        raise GrammarError(f"{origin}: rule '{name}': pattern needs the groups (?P<num>…) and (?P<rest>…)")
    doubtful = None
    if rule.get("doubtful"):
        doubtful = _compile(rule["doubtful"], f"{name}.doubtful", origin, list(rule.get("doubtful_examples") or ()))
        if not {"num", "rest"} <= set(doubtful.groupindex):
            raise GrammarError(f"{origin}: rule '{name}': doubtful needs the groups (?P<num>…) and (?P<rest>…)")
    return HeadingRule(name, int(rule["rank"]), rule["numeral"], pattern, str(rule["marker"]),
                       tuple(rule.get("examples") or ()), tuple(rule.get("not_examples") or ()),
                       int(rule["max_title"]) if rule.get("max_title") else None, bool(rule.get("alone", False)),
                       doubtful, tuple(rule.get("doubtful_examples") or ()))


_PLACEHOLDER = regex.compile(r"\{([a-z_]+)\}")


def _compile_section(raw: dict, section: str, keys: tuple[str, ...], origin: str,
                     uses: dict[tuple[str, str], frozenset[str]]) -> dict:
    """A section's patterns compiled. A pattern may stand on another pattern of its section,
    written ``{key}`` (targets: ``(?P<verb>{verbs})``); ``uses`` records which."""
    body = _required(raw, section, origin)
    if not isinstance(body, dict):
        raise GrammarError(f"{origin}: '{section}' must be a mapping")
    out = {}
    for key in keys:
        _required(body, key, f"{origin}: '{section}'")
    for key, value in body.items():
        rule = f"{section}.{key}"
        if key in NOT_PATTERNS:
            out[key] = value
        elif isinstance(value, list):
            out[key] = tuple(_compile(p, rule, origin, _samples(body, key)) for p in value)
        elif isinstance(value, dict):  # named patterns: field → pattern
            out[key] = {name: _compile(p, f"{rule}.{name}", origin, _samples(body, key)) for name, p in value.items()}
        else:
            if isinstance(value, str):
                parts = {name for name in _PLACEHOLDER.findall(value)
                         if name != key and isinstance(body.get(name), str) and name not in NOT_PATTERNS}
                if parts:
                    uses[(section, key)] = frozenset(parts)
                    value = _PLACEHOLDER.sub(lambda m: f"(?:{body[m.group(1)]})" if m.group(1) in parts
                                             else m.group(), value)
            out[key] = _compile(value, rule, origin, _samples(body, key))
    return out


def _read_yaml(text: bytes, origin: str) -> dict:
    """The grammar's YAML as plain data, read as trees are (:func:`planparse.model.load.read_yaml`:
    plain tags only, aliases and nesting bounded — an alias bomb is refused, not expanded)."""
    from ..errors import PlanparseError
    from ..model.load import read_yaml

    try:
        raw = read_yaml(origin, text.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise GrammarError(f"{origin}: cannot read grammar: {err}") from None
    except PlanparseError as err:
        raise GrammarError(str(err).replace("not a planparse tree", "not a grammar")
                           .replace("not a valid YAML tree", "not valid YAML")) from None
    if not isinstance(raw, dict):
        raise GrammarError(f"{origin}: a grammar must be a YAML mapping")
    return raw


def _builtin_path(name: str) -> Path:
    return Path(str(resources.files("planparse") / "grammars" / f"{name}.yaml"))


def _merge(base: dict, child: dict) -> dict:
    """``child`` over ``base``: heading rules by name, pattern sections key by key."""
    merged = dict(base)
    for key, value in child.items():
        if key == "headings":
            rules = {rule["name"]: rule for rule in base.get("headings", [])}
            order = [rule["name"] for rule in base.get("headings", [])]
            for rule in value or []:
                if rule.get("name") not in rules:
                    order.append(rule.get("name"))
                rules[rule.get("name")] = {**rules.get(rule.get("name"), {}), **rule}
            merged["headings"] = sorted((rules[n] for n in order), key=lambda r: r.get("rank", 0))
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    merged.pop("extends", None)
    return merged


def _renamed(raw: dict, origin: str) -> dict:
    """A grammar file's names as this planparse calls them (:data:`RENAMED_SECTIONS`, keys and
    groups): a grammar written before a rename loads the same."""
    for old, new in RENAMED_SECTIONS.items():
        if old in raw:
            if new in raw:
                raise GrammarError(f"{origin}: '{old}' is the old name of '{new}': give one of them")
            raw[new] = raw.pop(old)
    for (section, old), new in RENAMED_KEYS.items():
        body = raw.get(section)
        if isinstance(body, dict) and old in body and new not in body:
            body[new] = body.pop(old)
    for body in raw.values():
        if isinstance(body, dict):
            for key, value in body.items():
                if isinstance(value, str) and any(group in value for group in RENAMED_GROUPS):
                    for group, name in RENAMED_GROUPS.items():
                        value = value.replace(group, name)
                    body[key] = value
    return raw


def _resolve(path: Path, origin: str, seen: tuple = (), read: list | None = None) -> dict:
    """The grammar at ``path`` with what it ``extends`` merged in; each file read is added to
    ``read`` as (path, digest of its bytes)."""
    from ..errors import InputError, read_bounded

    try:
        text = read_bounded(str(path), "grammar file", GRAMMAR_BYTES)
    except InputError as err:
        message = str(err).removeprefix(f"{path}: ")
        raise GrammarError(f"{origin}: {'no such grammar file' if message == 'no such file' else message}") from None
    if read is not None:
        read.append((str(path), hashlib.sha256(text).hexdigest()))
    raw = _renamed(_read_yaml(text, origin), origin)
    from ..model.schema import validate

    problem = validate(raw, "grammar")  # (the shape of every value, before anything reads one)
    if problem:
        raise GrammarError(f"{origin}: {problem if len(problem) <= 4 * EXCERPT else problem[:4 * EXCERPT] + '…'}")
    parent = raw.get("extends")
    if not parent:
        return raw
    if not isinstance(parent, str) or not _GRAMMAR_NAME.fullmatch(parent):
        raise GrammarError(f"{origin}: extends: must name a grammar — a built-in one or a file beside this one "
                           f"— not {_excerpt(parent)}")
    if parent in seen:
        raise GrammarError(f"{origin}: grammar extends itself through '{parent}'")
    local = path.parent / f"{parent}.yaml"
    base_path = local if local.exists() and local != path else _builtin_path(parent)
    if not base_path.exists():
        raise GrammarError(f"{origin}: extends unknown grammar '{parent}'")
    return _merge(_resolve(base_path, str(base_path), seen + (parent,), read), raw)


@functools.cache
def load_grammar(path: str | None = None) -> Grammar:
    """The grammar at ``path`` (a YAML file), or the default grammar; compiled once."""
    file = Path(path) if path else _builtin_path(DEFAULT)
    origin = str(path) if path else f"{DEFAULT}.yaml"
    if file.is_dir():
        raise GrammarError(f"{origin}: is a directory, not a grammar file")
    from ..errors import PlanparseError, read_bounded
    from . import cache

    try:
        name = f"grammar-{cache.key(origin, str(file.resolve()), read_bounded(str(file), 'grammar file', GRAMMAR_BYTES), str(LAYOUT))}"
    except (OSError, PlanparseError):
        name = None  # unreadable, or no regular file: _resolve says why
    if name is not None:
        cached = cache.load(name, Grammar)
        if cached is not None and _unchanged(cached.files):
            return cached
    read: list = []
    shipped = file.resolve().parent == _builtin_path(DEFAULT).resolve().parent
    token = _vetted.set(None if shipped else _builtin_patterns())
    from .budget import loading

    try:
        with loading():  # (every pattern's probes share one budget)
            grammar = Grammar(_resolve(file, origin, read=read), origin)
    finally:
        _vetted.reset(token)
    grammar.files = tuple(read)
    if name is not None:
        cache.save(name, grammar)
        cache.trim("grammar-", GRAMMARS_KEPT, current=name)
    return grammar


@functools.cache
def _builtin_patterns() -> frozenset[str]:
    """Every string of the grammars shipped with planparse (their patterns are vetted by the
    test suite's probes), as a user's grammar would have them after ``extends``."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in grammar_files():
        raw = _resolve(path, str(path))
        walk(raw)
        for section, body in raw.items():  # patterns made of others ({verbs}), as compiled
            if isinstance(body, dict):
                for key, value in body.items():
                    if isinstance(value, str) and _PLACEHOLDER.search(value):
                        found.add(_PLACEHOLDER.sub(lambda m: f"(?:{body[m.group(1)]})" if isinstance(
                            body.get(m.group(1)), str) else m.group(), value))
    return frozenset(found)


def _unchanged(files) -> bool:
    """Do the grammar files a cached grammar was built from still hold the same bytes? (Each
    read bounded: one that became a FIFO or a device is changed.)"""
    from ..errors import PlanparseError, read_bounded

    try:
        return bool(files) and all(
            hashlib.sha256(read_bounded(path, "grammar file", GRAMMAR_BYTES)).hexdigest() == digest
            for path, digest in files)
    except (OSError, TypeError, ValueError, PlanparseError):
        return False


def grammar_files() -> list[Path]:
    """Every grammar shipped with planparse."""
    folder = Path(str(resources.files("planparse") / "grammars"))
    return sorted(folder.glob("*.yaml"))
