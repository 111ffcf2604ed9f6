"""Emit: one canonical dump for YAML and one for JSON, from the data model.

Key order is the dataclass field order; ``lines`` spans are left out unless asked for (two
renderings of one plan must give byte-identical ``sections``); empty optional lists on
sections are left out to keep the tree readable.
"""
from __future__ import annotations

import dataclasses
import json

from .model import Document

_OPTIONAL = {"boxes", "tables", "figures", "leads", "examples", "unrecovered"}
_PRIVATE = {"rule"}


def to_data(node, lines: bool = False):
    """Plain dicts, lists and scalars for a model object, in contract key order."""
    if dataclasses.is_dataclass(node):
        out = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if field.name in _PRIVATE or (field.name == "lines" and not lines):
                continue
            if field.name in _OPTIONAL and not value:
                continue
            out[field.name] = to_data(value, lines)
        return out
    if isinstance(node, (list, tuple)):
        return [to_data(item, lines) for item in node]
    return node


def dump_yaml(data) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000)


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"yaml": dump_yaml, "json": dump_json}


def dump(document: Document, fmt: str = "yaml", lines: bool = False) -> str:
    return FORMATS[fmt](to_data(document, lines))
