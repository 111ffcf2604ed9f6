"""YAML for the usual tree, written without importing PyYAML (which costs a command 10–15 ms
to import, more than the writing): the very text PyYAML's safe dumper writes with the
options of :func:`~planparse.model.emit.dump_yaml` — block style, two spaces, a sequence in a
mapping not indented, a :class:`~planparse.model.emit.Flow` list in flow style, no line
folding, Unicode as it is — for data it can be sure of, and None for any other, which PyYAML
then writes.

Sure of: dicts (not a subclass) whose keys are plain words of fewer than 128 characters
(``title``, ``end_year``; not one YAML reads as another type, ``on``, ``null``), lists, ``Flow`` lists (of scalars, lists, such
dicts), and scalars — None, booleans, integers, floats, and strings of
printable characters on one line, at most :data:`MOST` of them: no line break, no tab, no character outside the Basic
Multilingual Plane, none YAML would escape. A string is written plain where YAML reads it
back as that string (not ``2025``, ``1.``, ``yes``, ``null``, ``~``) and nothing in it reads as
YAML syntax (an indicator first — ``-`` and a space, ``[``, ``#``, ``'`` … —, ``: ``, `` #``, a
``:`` last, ``---`` or ``...`` first, spaces at either end; in a flow collection also ``,`` ``[`` ``]``
``{`` ``}`` ``?`` ``:``), else in single quotes. A property test compares it
with PyYAML's text for generated data, nested and not.
"""
from __future__ import annotations

import functools
import re

from .emit import Flow

MOST = 100_000  # characters of a string or a flow list written here: far below the width past which
# PyYAML would fold a line (:data:`~planparse.model.emit.WIDTH`)
KEY_MOST = 128  # a key this long or longer is no simple key to YAML

# what YAML 1.1 reads as another type than a string (PyYAML's implicit resolvers), by first
# character; each compiled when first needed (a few are, for a plan: 1. is a float)
_RESOLVERS = {
    "bool": r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    "float": r"(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
             r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    "int": r"(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
           r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    "null": r"(?:~|null|Null|NULL|)$",
    "timestamp": r"(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                 r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
                 r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
    "other": r"(?:<<|=|!|&|\*)$",  # (merge, value, and the yaml type's ! & *)
}
_BY_FIRST = {**{c: ("bool",) for c in "yYtTfFoO"}, **{c: ("bool", "null") for c in "nN"},
             **{c: ("float", "int") for c in "-+"}, **{c: ("float", "int", "timestamp") for c in "0123456789"},
             ".": ("float",), "~": ("null",), **{c: ("other",) for c in "<=!&*"}}


@functools.cache
def _resolver(name: str) -> re.Pattern:
    return re.compile(_RESOLVERS[name])


# what YAML escapes, or reads as a line break, or that libyaml does not print as it is (past the
# Basic Multilingual Plane): a string with none of these is one printable line
_UNSAFE = re.compile(r"[\x00-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE-\U0010FFFF]")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",?[]{}")


def _word(key: str) -> bool:
    """A key of letters, digits and underscores, not starting with a digit (ASCII)."""
    return key.isascii() and key.isidentifier()


def _key(key) -> str:
    """A mapping's key as it is written: a plain word, or :class:`_Unsure`."""
    if type(key) is not str or len(key) >= KEY_MOST or not _word(key) or _typed(key):
        raise _Unsure
    return key


class _Unsure(Exception):
    """Data this writer cannot be sure to write as PyYAML does."""


def dump(data) -> str | None:
    """PyYAML's text for ``data`` (a mapping or a list at the top), or None (PyYAML then writes
    it, or refuses it, as before; an integer too long to write fails here as it does there)."""
    out: list[str] = []
    try:
        if type(data) is dict:  # (not a subclass: PyYAML's safe dumper refuses those)
            if not data:
                return "{}\n"
            _mapping(data, 0, out, False)
        elif type(data) is list:
            if not data:
                return "[]\n"
            _sequence(data, 0, out, False)
        else:
            return None
    except (_Unsure, RecursionError):  # (PyYAML then writes it, or raises, as before)
        return None
    return "".join(out)


def _mapping(data: dict, indent: int, out: list[str], inline: bool) -> None:
    pad = " " * indent
    for key, value in data.items():
        key = _key(key)
        head = f"{key}:" if inline else f"{pad}{key}:"
        inline = False
        _value(value, head, indent, out, True)


def _sequence(data: list, indent: int, out: list[str], inline: bool) -> None:
    pad = " " * indent
    for item in data:
        head = "-" if inline else f"{pad}-"
        inline = False
        _value(item, head, indent, out, False)


def _value(value, head: str, indent: int, out: list[str], in_mapping: bool) -> None:
    """``head`` (``key:`` or ``-``) and the value after it; a collection's lines below it."""
    if type(value) is Flow:
        out.append(f"{head} {_flow(value)}\n")
    elif type(value) is dict:
        if not value:
            out.append(f"{head} {{}}\n")
        elif in_mapping:
            out.append(head + "\n")
            _mapping(value, indent + 2, out, False)
        else:
            out.append(head + " ")
            _mapping(value, indent + 2, out, True)
    elif type(value) is list:
        if not value:
            out.append(f"{head} []\n")
        elif in_mapping:  # (a sequence in a mapping is not indented)
            out.append(head + "\n")
            _sequence(value, indent, out, False)
        else:
            out.append(head + " ")
            _sequence(value, indent + 2, out, True)
    else:
        out.append(f"{head} {_scalar(value, False)}\n")


def _flow(node) -> str:
    """A list or a mapping in flow style: [a, b], {key: value}."""
    if type(node) is dict:
        parts = []
        for key, value in node.items():
            parts.append(f"{_key(key)}: {_flow_item(value)}")
        text = "{" + ", ".join(parts) + "}"
    else:
        parts = []
        for item in node:  # (a loop, not a generator: fewer frames a level, PyYAML's depth at least)
            parts.append(_flow_item(item))
        text = "[" + ", ".join(parts) + "]"
    if len(text) > MOST:
        raise _Unsure
    return text


def _flow_item(value) -> str:
    return _flow(value) if type(value) in (list, Flow, dict) else _scalar(value, True)


def _scalar(value, in_flow: bool) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    if type(value) is float:
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        if not _resolver("float").match(text):
            raise _Unsure
        return text
    if type(value) is not str:
        raise _Unsure
    return _string(value, in_flow)


def _string(text: str, in_flow: bool) -> str:
    if len(text) > MOST or _UNSAFE.search(text):
        raise _Unsure
    if _plain(text, in_flow) and not _typed(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def _typed(text: str) -> bool:
    """Does YAML 1.1 read ``text`` as something other than a string?"""
    return any(_resolver(name).match(text) for name in _BY_FIRST.get(text[:1], ())) if text else True


def _plain(text: str, in_flow: bool) -> bool:
    """May ``text`` (one line, nothing escaped) be written without quotes, as YAML's
    emitter decides (in a flow collection, or else in block style)?"""
    if not text or text[0] == " " or text[-1] == " ":
        return False
    if text.startswith(("---", "...")):
        return False
    first = text[0]
    after_first = len(text) == 1 or text[1] == " "
    if first in _FIRST_INDICATORS:
        return False
    if first in "?:":
        if in_flow or after_first:
            return False
    if first == "-" and after_first:
        return False
    if in_flow and any(c in _FLOW_INDICATORS or c == ":" for c in text[1:]):
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    return True
