"""Emit: one canonical dump for YAML and one for JSON, from the data model.

Key order is the dataclass field order; ``lines`` spans and ``line`` numbers are left out
unless asked for (two renderings of one plan must give byte-identical ``sections``); empty
optional lists on sections are left out to keep the tree readable.
"""
from __future__ import annotations

import dataclasses
import functools
from enum import Enum

from . import Document

_OPTIONAL = {"boxes", "tables", "figures", "examples", "unrecovered", "indicators", "partners", "lead_note",
             "targets"}
_OPTIONAL_ON = {"Notice": {"sections"}, "Section": {"leads", "milestones"}, "Box": {"paragraphs"},
                "Target": {"low", "high", "direction", "attribute", "measure"}}
_PRIVATE = {"rule", "paragraph_lines", "review", "row_lines", "filled", "repeated", "source_text", "ledger"}
_SPANS = {"lines", "line"}
# Short lists read best on one line in YAML: period, spans, columns, cells, units, dates.
_FLOW = {"period", "lines", "columns", "rows", "leads", "partners", "milestones", "values"}


class Flow(list):
    """A list that YAML writes in flow style, [a, b]; JSON sees a plain list."""


def to_data(node, lines: bool = False):
    """Plain dicts, lists and scalars for a model object, in contract key order."""
    if dataclasses.is_dataclass(node):
        out = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if field.name in _PRIVATE or (field.name in _SPANS and not lines):
                continue
            if (field.name in _OPTIONAL or field.name in _OPTIONAL_ON.get(type(node).__name__, ())) and not value:
                continue
            out[field.name] = _flow(field.name, to_data(value, lines))
        return out
    if isinstance(node, (list, tuple)):
        return [to_data(item, lines) for item in node]
    if isinstance(node, Enum):
        return node.value
    return node


def _flow(name: str, value):
    if name == "rows" and isinstance(value, list):
        return [Flow(row) if isinstance(row, list) else row for row in value]
    if name in _FLOW and isinstance(value, list):
        return Flow(value)
    return value


@functools.cache
def _yaml_dumper():
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):
        pass

    Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    Dumper.ignore_aliases = lambda self, data: True  # a value written twice is written out twice: no &anchors
    return Dumper


WIDTH = 1_000_000  # PyYAML's line width: no line is folded (plainyaml writes far shorter ones)


def dump_yaml(data) -> str:
    from . import plainyaml  # (here, not at the top: it imports Flow from this module)

    found = plainyaml.dump(data)  # (the usual tree, written without importing PyYAML: the same text)
    return found if found is not None else pyyaml_text(data)


def pyyaml_text(data) -> str:
    """``data`` as PyYAML writes it with this module's options."""
    import yaml

    return yaml.dump(data, Dumper=_yaml_dumper(), allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=WIDTH)


def dump_json(data) -> str:
    import json  # (here: a YAML dump, the usual, needs no json module)

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"yaml": dump_yaml, "json": dump_json}


def dump(document: Document, fmt: str = "yaml", lines: bool = False) -> str:
    return FORMATS[fmt](to_data(document, lines))
