"""Trees that ``parse`` wrote (YAML or JSON), read back: ``parse``, ``commitments``, ``diff``,
``chain`` and ``render`` take them as they take plan texts.

Every tree read is checked against ``schema/tree.json`` before anything uses it. YAML is read
from libyaml's event stream with limits: no tag beyond plain data (strings, numbers, booleans,
null, lists, mappings), at most ``MAX_ALIASES`` aliases that add at most ``MAX_ALIASED`` nodes
and ``MAX_ALIASED_TEXT`` characters (a tree that ``parse`` wrote has none), and at most
``MAX_NESTING`` levels of lists and mappings.
"""
from __future__ import annotations

import functools

from ..errors import PlanparseError
from .schema import MAX_SECTIONS, shown, validate

DATA_SUFFIXES = (".json", ".yaml", ".yml")
MAX_ALIASES = 100
MAX_ALIASED = 10_000  # nodes the aliases may add, all told
MAX_ALIASED_TEXT = 100_000  # characters of text the aliases may add, all told
MAX_NESTING = 2 * MAX_SECTIONS + 32  # lists and mappings in one another, in YAML


def load_tree(path: str, data: bytes, check: bool = True, max_sections: int | None = None):
    """The tree in ``data`` if it is one that ``parse`` wrote (YAML or JSON), else None (the
    file is a plan text). A file that is data (JSON, or YAML by its name or its first key)
    but no valid tree is an error naming the first thing wrong. ``check=False`` leaves the
    check against the schema to the caller (:func:`check_tree`): a diff first sees whether
    two trees are small enough to compare, and checks each once. ``max_sections``: a tree
    with more sections in its outline (``sections`` and theirs) is :class:`TooManySections`
    — a YAML tree as soon as it is read that far (JSON is parsed whole first, which is
    quick), before it is checked or built into anything. (A YAML mapping with a key twice
    counts both.)"""
    head = data.lstrip()[:200]
    if not (head.startswith((b"{", b"[", b"schema:")) or path.lower().endswith(DATA_SUFFIXES)):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PlanparseError(f"{path}: not a valid tree (UnicodeDecodeError: {err})") from None
    if head.startswith((b"{", b"[")):
        try:
            import json  # (here: a plan's text, the usual input, needs no json module)

            tree = json.loads(text, parse_constant=_no_constant)
        except ValueError as err:
            raise PlanparseError(f"{path}: not a valid tree ({type(err).__name__}: {str(err).splitlines()[0]})") \
                from None
        except RecursionError:
            raise PlanparseError(f"{path}: not a planparse tree: nested too deeply to be one") from None
        if max_sections is not None and (found := outline_size(tree)) > max_sections:
            raise TooManySections(found)
    else:
        tree = read_yaml(path, text, max_sections)
    if check or not isinstance(tree, (dict, list)):  # (nothing, or a scalar: no tree, said at once)
        check_tree(path, tree)
    if "\\ud" in text.lower() and _surrogate(tree):  # (JSON can write one; no text holds one)
        raise PlanparseError(f"{path}: not a planparse tree: a string holds a lone surrogate (\\ud800–\\udfff)")
    return tree


class TooManySections(Exception):
    """A tree has more sections than the reader was asked to read (``at_least`` so far)."""

    def __init__(self, at_least: int):
        super().__init__(f"at least {at_least:,} sections")
        self.at_least = at_least


def outline_size(tree) -> int:
    """How many sections a tree holds in its outline (its ``sections``, theirs, and so on),
    whatever else it holds and whether or not it has been checked: what is not a section
    is not counted."""
    found = 0
    stack = [tree.get("sections")] if isinstance(tree, dict) else []
    while stack:
        sections = stack.pop()
        if isinstance(sections, list):
            for section in sections:
                if isinstance(section, dict):
                    found += 1
                    stack.append(section.get("sections"))
    return found


def check_tree(name: str, tree) -> dict:
    """``tree`` if it is a tree as ``parse`` writes it, else an error naming ``name`` and the
    first thing wrong."""
    problem = validate(tree)
    if problem:
        raise PlanparseError(f"{name}: not a planparse tree: {problem}")
    return tree


def _surrogate(tree) -> bool:
    """Does any string of ``tree`` hold a lone surrogate (which no text can be written with)?"""
    stack = [tree]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if any("\ud800" <= c <= "\udfff" for c in value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def as_document(tree: dict):
    """A tree read back as a :class:`~planparse.model.Document` (for ``commitments``, ``parse``)."""
    from . import Document, from_data

    return from_data(Document, tree)


def _no_constant(name: str):
    raise ValueError(f"{name} is no JSON number")


# --- YAML, as plain data within limits -------------------------------------------------------

_CORE = "tag:yaml.org,2002:"
_PLAIN = {_CORE + kind for kind in ("str", "int", "float", "bool", "null")}


@functools.cache
def _yaml():
    """yaml, its fastest loader, the implicit types of plain data (no timestamps, no merge
    keys: ``2021-10-08`` stays a string) and a constructor of their values."""
    import yaml

    resolvers = {first: [(tag, pattern) for tag, pattern in pairs if tag in _PLAIN]
                 for first, pairs in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader), resolvers, yaml.constructor.SafeConstructor()


def read_yaml(path: str, text: str, max_sections: int | None = None):
    """The one YAML document of ``text`` as plain data; anything beyond the limits is an error;
    more than ``max_sections`` sections in the outline (see :func:`outline_size`) is
    :class:`TooManySections` as soon as they are read."""
    yaml, loader, resolvers, constructor = _yaml()
    events = yaml.events
    # open collections: [collection, its key (None: a key is due), anchor, nodes, chars, in the outline]
    stack: list[list] = []
    anchors: dict[str, tuple[object, int, int]] = {}  # name → (value, nodes, characters of text)
    root, documents, aliases, aliased, aliased_text, sections = None, 0, 0, 0, 0, 0

    def refuse(event, what: str):
        raise PlanparseError(f"{path}: not a planparse tree: line {event.start_mark.line + 1}: {what}")

    def place(value, nodes: int, chars: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        else:
            top[0][top[1]] = value
            top[1] = None
        top[3] += nodes
        top[4] += chars

    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event)
            if kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    refuse(event, "more than one YAML document")
                continue
            if kind in (events.SequenceEndEvent, events.MappingEndEvent):
                collection, _, anchor, nodes, chars, _ = stack.pop()
                if anchor is not None:
                    anchors[anchor] = (collection, nodes, chars)
                place(collection, nodes, chars)
                continue
            if kind not in (events.ScalarEvent, events.AliasEvent, events.SequenceStartEvent,
                            events.MappingStartEvent):
                continue
            key_due = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][1] is None
            if key_due and kind is not events.ScalarEvent:
                refuse(event, "a key that is not a string")
            if kind is events.AliasEvent:
                if event.anchor not in anchors:
                    refuse(event, f"alias *{event.anchor} to no anchor before it")
                value, nodes, chars = anchors[event.anchor]
                aliases, aliased, aliased_text = aliases + 1, aliased + nodes, aliased_text + chars
                if aliases > MAX_ALIASES:
                    refuse(event, f"more than {MAX_ALIASES} aliases")
                if aliased > MAX_ALIASED:
                    refuse(event, f"aliases that repeat more than {MAX_ALIASED} nodes")
                if aliased_text > MAX_ALIASED_TEXT:
                    refuse(event, f"aliases that repeat more than {MAX_ALIASED_TEXT} characters of text")
                place(value, nodes, chars)
            elif kind is events.ScalarEvent:
                if key_due:
                    _tag(event, refuse)
                    stack[-1][1] = event.value  # a key is the text as written
                    continue
                value = _scalar(event, refuse, resolvers, constructor)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, len(event.value))
                place(value, 1, len(event.value))
            else:
                mapping = kind is events.MappingStartEvent
                if event.tag not in (None, "!", _CORE + ("map" if mapping else "seq")):
                    refuse(event, f"tag {_short(event.tag)} is not plain data")
                if len(stack) >= MAX_NESTING:
                    refuse(event, f"lists and mappings nested deeper than {MAX_NESTING} levels")
                # the outline: the root mapping, its sections list, a section in it, its sections list …
                top = stack[-1] if stack else None
                outline = mapping if top is None else bool(
                    top[5] and (isinstance(top[0], list) if mapping else top[1] == "sections"))
                if mapping and outline and top is not None:
                    sections += 1
                    if max_sections is not None and sections > max_sections:
                        raise TooManySections(sections)
                stack.append([{} if mapping else [], None, event.anchor, 1, 0, outline])
    except yaml.YAMLError as err:
        mark, problem = getattr(err, "problem_mark", None), getattr(err, "problem", None)
        where = f"line {mark.line + 1}: " if mark is not None and problem else ""
        raise PlanparseError(f"{path}: not a valid YAML tree ({where}{problem or str(err).splitlines()[0]})") from None
    return root


def _tag(event, refuse) -> str | None:
    """The explicit tag of a scalar, if it is one of plain data."""
    if event.tag not in (None, "!") and event.tag not in _PLAIN:
        refuse(event, f"tag {_short(event.tag)} is not plain data")
    return None if event.tag is None else _CORE + "str" if event.tag == "!" else event.tag


def _scalar(event, refuse, resolvers, constructor):
    """A scalar's value: its explicit tag's, else the type its plain text reads as."""
    tag, value = _tag(event, refuse), event.value
    if tag is None:
        tag = _CORE + "str"
        if event.implicit[0]:
            for candidate, pattern in resolvers.get(value[:1] or "", []) + resolvers.get(None, []):
                if pattern.match(value):
                    tag = candidate
                    break
    if tag == _CORE + "str":
        return value
    from yaml.nodes import ScalarNode

    try:
        return constructor.yaml_constructors[tag](constructor, ScalarNode(tag, value))
    except ValueError as err:
        refuse(event, f"{shown(value)} is no {_short(tag)} ({str(err).split(';')[0]})")


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
