"""The YAML written without PyYAML is PyYAML's text, to the byte, wherever it is written at all;
and the usual tree is written so."""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

import planparse
from conftest import FIXTURES
from planparse.model import emit, plainyaml
from planparse.model.emit import Flow

_pyyaml = emit.pyyaml_text
# what must be written here (spelt out apart from the code under test): one line of characters
# YAML prints as they are — no control character, break, BOM, surrogate or astral character
_WRITABLE = re.compile(r"[\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]*")


# characters that make YAML's choices: indicators, spaces, quotes, digits, letters of its
# words (yes, null, inf), breaks, tabs, escapes, full-width punctuation, Chinese, astral
_CHARS = st.sampled_from(list("-?:,[]{}#&*!|>'\"%@` .~<=+_0123456789eEnNoOyYtTfFxXbIia") +
                         ["\n", "\t", "\r", "\x85", "\u2028", "\xa0", "\ufeff", "\x00", "\x7f", "\ud7ff",
                          "\ue000", "\ufffd", "\U00020000", "，", "。", "：", "（", "）", "规", "划"])
_TEXT = st.text(_CHARS, max_size=8) | st.sampled_from(
    ["", "1.", "2025", "1_000", "0x1F", "0o7", "1:30", "2025-01-01", ".5", "-.inf", ".NaN", "yes", "No", "off",
     "null", "~", "<<", "=", "- a", "-a", "? x", "a: b", "a:b", "a #b", "a#b", "---", "...x", " a", "a ", "'", "a'b"])
_KEYS = st.sampled_from(["title", "a", "end_year", "no", "null", "x1", "1x", "a-b", "a b", "", "?", "k"]) | st.text(
    _CHARS, max_size=4)
_SCALARS = (st.none() | st.booleans() | st.integers(-10**20, 10**20)
            | st.floats(allow_nan=True, allow_infinity=True) | _TEXT)


def _data(leaf):
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4)
                        | st.lists(inner, max_size=4).map(Flow), max_leaves=20)


@settings(max_examples=600, deadline=None)
@given(_data(_SCALARS).filter(lambda d: isinstance(d, (dict, list)) and not isinstance(d, Flow)))
def test_what_is_written_without_pyyaml_is_pyyamls_text(data):
    found = plainyaml.dump(data)
    event("written here" if found is not None else "left to PyYAML")
    if found is not None:
        assert found == _pyyaml(data)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "text", "marker", "rows"]),
                       st.lists(_TEXT, max_size=3) | _TEXT | st.lists(_TEXT, max_size=3).map(Flow), max_size=4))
def test_a_string_of_one_line_is_written_here_and_read_back_as_itself(data):
    found = plainyaml.dump(data)
    if all(_WRITABLE.fullmatch(s) for s in _strings(data)):
        assert found is not None
        assert yaml.safe_load(found) == data


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("name", ["liaoning-egov-13th-web.txt", "liaoning-digital-gov-14th.txt",
                                  "national-13th-fyp-2016.md"])
def test_a_plans_tree_is_written_without_pyyaml(name):
    data = emit.to_data(planparse.parse((FIXTURES / name).read_bytes()))
    found = plainyaml.dump(data)
    assert found is not None and found == _pyyaml(data)


def test_what_it_is_not_sure_of_goes_to_pyyaml():
    assert plainyaml.dump({"text": "两行\n文字"}) is None  # (a line break: PyYAML's quoting)
    assert plainyaml.dump({1: "a"}) is None  # (a key that is no word)
    assert plainyaml.dump({"a": (1, 2)}) is None  # (a tuple: PyYAML refuses it, as before)
    assert emit.dump_yaml({"text": "两行\n文字"}) == _pyyaml({"text": "两行\n文字"})


def test_subclasses_go_to_pyyaml_which_refuses_them_as_before():
    import collections
    import enum

    class Key(str, enum.Enum):
        A = "a"

    for data in ({Key.A: 1}, collections.OrderedDict(a=1), {"a": collections.OrderedDict(b=1)},
                 {"a": Flow([{Key.A: 1}])}):
        assert plainyaml.dump(data) is None
        with pytest.raises(yaml.representer.RepresenterError):
            emit.dump_yaml(data)


def test_a_flow_nested_as_deep_as_pyyaml_goes_is_written_as_it_writes_it():
    value: object = 1
    for _ in range(300):
        value = Flow([value])
    found = plainyaml.dump({"a": value})
    assert found is not None and found == _pyyaml({"a": value})
