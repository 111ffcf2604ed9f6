"""The JSON Schemas of what planparse reads — a tree (``schema/tree.json``) and a grammar
(``schema/grammar.json``) — compiled once and checked iteratively: the subset of JSON Schema
the files use (type, properties, required, additionalProperties, items, min/maxItems,
minimum/maximum, pattern, const, $defs/$ref), so that no schema library is needed and any
depth of nesting is safe.
"""
from __future__ import annotations

import functools
import math
import os
import re
from typing import Any

SCHEMAS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schema")
SCHEMA_FILE = os.path.join(SCHEMAS, "tree.json")
MAX_SECTIONS = 64  # levels of sections nested in sections

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
_KEYWORDS = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
             "items", "minItems", "maxItems", "minimum", "maximum", "pattern", "const", "additionalProperties"}
_ANY = object()  # no const


class Rule:
    """One schema of ``tree.json``, compiled: what a value must be."""

    __slots__ = ("name", "types", "properties", "required", "additional", "items", "min_items", "max_items",
                 "minimum", "maximum", "pattern", "const")
    types: tuple[str, ...] | None
    properties: dict[str, Rule]
    required: tuple[str, ...]
    additional: Rule | bool
    items: Rule | None
    min_items: int | None
    max_items: int | None
    minimum: float | None
    maximum: float | None
    pattern: re.Pattern[str] | None
    const: object

    def __init__(self, name: str | None = None):
        self.name = name


@functools.cache
def schema(name: str = "tree") -> Rule:
    """The rule of a whole tree (or grammar), compiled from ``schema/<name>.json``."""
    file = os.path.join(SCHEMAS, f"{name}.json")
    import json  # (in the three functions that write or read JSON: a plan's parse needs none)

    with open(file, encoding="utf-8") as handle:
        document = json.load(handle)
    defs = {name: Rule(name) for name in document.get("$defs", {})}

    def compile_(node: dict, rule: Rule) -> Rule:
        unknown = set(node) - _KEYWORDS
        if unknown:
            raise ValueError(f"{file}: keywords this reader does not know: {sorted(unknown)}")
        if "$ref" in node:
            if set(node) - {"$ref", "$schema", "$defs", "title", "description"} or rule.name in defs:
                raise ValueError(f"{file}: a $ref beside other keywords, or a $def that is a $ref")
            return defs[node["$ref"].removeprefix("#/$defs/")]
        kinds = node.get("type", [])
        rule.types = tuple(kinds if isinstance(kinds, list) else [kinds]) or None
        rule.properties = {key: compile_(value, Rule()) for key, value in node.get("properties", {}).items()}
        rule.required = tuple(node.get("required", ()))
        extra = node.get("additionalProperties", True)
        rule.additional = compile_(extra, Rule()) if isinstance(extra, dict) else extra  # (True: anything)
        rule.items = compile_(node["items"], Rule()) if "items" in node else None
        rule.min_items, rule.max_items = node.get("minItems"), node.get("maxItems")
        rule.minimum, rule.maximum = node.get("minimum"), node.get("maximum")
        rule.pattern = re.compile(node["pattern"]) if "pattern" in node else None
        rule.const = node.get("const", _ANY)
        return rule

    for name, rule in defs.items():
        compile_(document["$defs"][name], rule)
    return compile_(document, Rule())


def validate(value, name: str = "tree") -> str | None:
    """The first place where ``value`` is no tree (or grammar) by ``schema/<name>.json``, in
    document order, as ``<JSON path>: <what>``; None when it is one. Iterative: any depth is safe."""
    # (value, rule, path as (parent path, key), sections above)
    todo: list[tuple[Any, Rule, Any, int]] = [(value, schema(name), None, 0)]
    while todo:
        value, rule, path, depth = todo.pop()
        if rule.name == "section":
            depth += 1
            if depth > MAX_SECTIONS:
                return f"{_path(path)}: sections nested deeper than {MAX_SECTIONS} levels"
        problem = _check(value, rule)
        if problem:
            return f"{_path(path)}: {problem}"
        if (rule.properties or rule.additional is not True) and type(value) is dict:
            for key in rule.required:
                if key not in value:
                    return f"{_path((path, key))}: missing"
            for key in reversed(value):
                if key in rule.properties:
                    todo.append((value[key], rule.properties[key], (path, key), depth))
                elif rule.additional is False:
                    return f"{_path((path, key))}: is no key this schema knows"
                elif rule.additional is not True:
                    todo.append((value[key], rule.additional, (path, key), depth))
        elif rule.items is not None and isinstance(value, list):  # (emit's Flow is a list too)
            todo.extend((value[index], rule.items, (path, index), depth) for index in range(len(value) - 1, -1, -1))
    return None


def _check(value, rule: Rule) -> str | None:
    """What is wrong with ``value`` itself (not its members) by ``rule``, if anything."""
    if rule.types is not None and not any(_is(value, kind) for kind in rule.types):
        return f"is {_kind(value)}, not {' or '.join(_article(kind) for kind in rule.types)}"
    if rule.const is not _ANY and value != rule.const:
        return f"is {shown(value)}, not {shown(rule.const)}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if rule.minimum is not None and value < rule.minimum:
            return f"is {shown(value)}, less than {shown(rule.minimum)}"
        if rule.maximum is not None and value > rule.maximum:
            return f"is {shown(value)}, more than {shown(rule.maximum)}"
    elif isinstance(value, list):
        if rule.min_items is not None and len(value) < rule.min_items:
            return f"has {len(value)} items, fewer than {rule.min_items}"
        if rule.max_items is not None and len(value) > rule.max_items:
            return f"has {len(value)} items, more than {rule.max_items}"
    elif isinstance(value, str) and rule.pattern is not None and not rule.pattern.search(value):
        return f"is {shown(value)}, not of the form {rule.pattern.pattern}"
    return None


def _is(value, kind: str) -> bool:
    if kind == "integer":
        return type(value) is int
    if kind == "number":
        return type(value) is int or (type(value) is float and math.isfinite(value))
    if kind == "array":
        return isinstance(value, list)
    return type(value) is _TYPES[kind]


_NAMES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "an integer",
          float: "a number", type(None): "null"}


def _kind(value) -> str:
    """What ``value`` is, for a message: ``a string ("一")``, ``an array``."""
    name = _NAMES.get(type(value), f"a {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} (no finite number)"
    return name if value is None or isinstance(value, (dict, list)) else f"{name} ({shown(value)})"


def _article(kind: str) -> str:
    return kind if kind == "null" else ("an " if kind[0] in "aeiou" else "a ") + kind


def shown(value) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (str, bool)) or value is None else repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-8:]} ({len(text)} characters)"


def _path(path) -> str:
    import json

    keys = []
    while path is not None:
        path, key = path
        keys.append(key)
    out = "$"
    for key in reversed(keys):
        if isinstance(key, int):
            out += f"[{key}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            out += f".{key}"
        else:
            out += f"[{json.dumps(key, ensure_ascii=False)}]"
    return out
