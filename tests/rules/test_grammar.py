"""Every rule's examples and not_examples, for every grammar shipped; and grammar errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from planparse.errors import GrammarError
from planparse.rules.grammar import grammar_files, load_grammar

GRAMMARS = grammar_files()


def _heading_cases():
    for path in GRAMMARS:
        grammar = load_grammar(str(path))
        for rule in grammar.headings:
            for text in rule.examples:
                yield pytest.param(str(path), rule.name, text, True, id=f"{path.stem}:{rule.name}:+{text[:12]}")
            for text in rule.not_examples:
                yield pytest.param(str(path), rule.name, text, False, id=f"{path.stem}:{rule.name}:-{text[:12]}")
            for text in rule.doubtful_examples:
                yield pytest.param(str(path), rule.name, text, "doubtful", id=f"{path.stem}:{rule.name}:?{text[:12]}")


def _pattern_cases():
    """Examples of a pattern section: a list (some pattern of the section must match) or a
    mapping from one key of the section to its own examples."""
    for path in GRAMMARS:
        grammar = load_grammar(str(path))
        for section in grammar.sections:
            body = grammar.raw[section]
            for field, expected in (("examples", True), ("not_examples", False)):
                cases = body.get(field) or ()
                keyed = cases.items() if isinstance(cases, dict) else [(None, cases)]
                for key, texts in keyed:
                    for text in texts:
                        where = f"{section}.{key}" if key else section
                        sign = "+" if expected else "-"
                        yield pytest.param(str(path), section, key, text, expected,
                                           id=f"{path.stem}:{where}:{sign}{text[:12]}")


@pytest.mark.parametrize("path, rule, text, should_match", list(_heading_cases()))
def test_heading_rule_examples(path, rule, text, should_match):
    match = load_grammar(path).match_heading(text)
    if should_match:
        assert match is not None and match.rule.name == rule, f"{rule} should read {text!r} as a heading"
        assert match.doubtful == (should_match == "doubtful"), f"{rule}: {text!r} is doubtful only by its doubtful pattern"
    else:
        assert match is None or match.rule.name != rule, f"{rule} must not read {text!r} as a heading"


@pytest.mark.parametrize("path, section, key, text, should_match", list(_pattern_cases()))
def test_pattern_section_examples(path, section, key, text, should_match):
    grammar = load_grammar(path)
    found = grammar.sections[section] if key is None else {key: grammar.sections[section][key]}
    patterns = [p for value in found.values()
                for p in (value if isinstance(value, tuple) else tuple(value.values()) if isinstance(value, dict)
                          else (value,)) if hasattr(p, "search")]
    matched = any(p.search(text) for p in patterns)
    assert matched == should_match, f"{section}.{key}: {text!r} should {'' if should_match else 'not '}match"


def test_every_heading_rule_has_examples_both_ways():
    for path in GRAMMARS:
        for rule in load_grammar(str(path)).headings:
            assert rule.examples and rule.not_examples, f"{path.name}: rule {rule.name} needs both kinds of example"


def _write(tmp_path, text):
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_bad_regex_names_the_file_and_rule(tmp_path):
    path = _write(tmp_path, "extends: zh-plan\nheadings:\n  - name: arabic-dot\n    pattern: '^(?P<num>\\d+[.'\n")
    with pytest.raises(GrammarError, match=r"g\.yaml: rule 'arabic-dot': uncompilable regex at position \d+"):
        load_grammar(path)


def test_missing_groups_is_an_error(tmp_path):
    path = _write(tmp_path, "extends: zh-plan\nheadings:\n  - name: circled\n    pattern: '^[①-⑳]'\n")
    with pytest.raises(GrammarError, match="rule 'circled'.*num"):
        load_grammar(path)


def test_unknown_numeral_system_is_an_error(tmp_path):
    path = _write(tmp_path, "extends: zh-plan\nheadings:\n  - name: circled\n    numeral: roman\n")
    with pytest.raises(GrammarError, match="unknown numeral system 'roman'"):
        load_grammar(path)


def test_not_yaml_is_an_error(tmp_path):
    with pytest.raises(GrammarError, match="not valid YAML"):
        load_grammar(_write(tmp_path, "headings: [\n"))


def test_unknown_parent_is_an_error(tmp_path):
    with pytest.raises(GrammarError, match="extends unknown grammar 'nope'"):
        load_grammar(_write(tmp_path, "extends: nope\n"))


def test_extending_grammar_replaces_one_rule_and_adds_another(tmp_path):
    path = _write(tmp_path, """extends: zh-plan
headings:
  - name: arabic-dot
    pattern: '^(?P<num>\\d{1,2})\\)\\s*(?P<rest>.*)$'
  - name: latin-letter
    rank: 11
    numeral: arabic
    pattern: '^(?P<num>\\d)[a-z]\\s*(?P<rest>.*)$'
    marker: '{n}a'
""")
    grammar = load_grammar(path)
    assert grammar.match_heading("1)加强组织领导").rule.name == "arabic-dot"
    assert grammar.match_heading("1.加强组织领导") is None
    assert [r.name for r in grammar.headings][-1] == "latin-letter"


# --- the grammar's JSON Schema (schema/grammar.json) -------------------------------------------

@pytest.mark.parametrize("path", grammar_files(), ids=lambda p: p.stem)
def test_every_shipped_grammar_has_the_schemas_shape(path):
    from planparse.model.schema import validate
    from planparse.rules.grammar import _resolve

    assert validate(_resolve(path, str(path)), "grammar") is None


def test_the_schema_knows_every_section_the_loader_reads():
    import json

    from planparse.model.schema import SCHEMAS
    from planparse.rules.grammar import OPTIONAL, REQUIRED

    known = json.loads((Path(SCHEMAS) / "grammar.json").read_text(encoding="utf-8"))["properties"]
    assert set(REQUIRED) | set(OPTIONAL) | {"name", "extends", "headings", "editions", "description", "version"} \
        == set(known)


@pytest.mark.parametrize("body, message", [
    ("headings:\n  - name: x\n    rank: one\n", r"\$\.headings\[0\]\.rank: is a string \(\"one\"\), not an integer"),
    ("headings: {a: 1}\n", r"\$\.headings: is an object, not an array"),
    ("targets:\n  measures: [gdp]\n", r"\$\.targets\.measures: is an array, not an object"),
    ("leads:\n  separator: 5\n", r"\$\.leads\.separator: is an integer \(5\)"),
    ("agencies:\n  aliases:\n    - {from: 信息中心}\n", r"\$\.agencies\.aliases\[0\]\.to: missing"),
    ("headigns: []\n", r"\$\.headigns: is no key this schema knows"),
])
def test_a_grammar_of_the_wrong_shape_is_one_line_naming_the_place(tmp_path, body, message):
    """(these were internal errors, or silently accepted, before the schema)"""
    path = _write(tmp_path, "extends: zh-plan\n" + body)
    with pytest.raises(GrammarError, match=r"g\.yaml: " + message):
        load_grammar(str(path))


def test_a_grammar_written_before_the_agencies_rename_loads_the_same(tmp_path):
    """`units` (the section) and `(?P<units>…)` (the lead patterns' group) were the old names."""
    from planparse.diff.agencies import same_agency

    path = _write(tmp_path, "extends: zh-plan\nunits:\n  aliases:\n    - {from: 信息中心, to: 数据局}\n"
                            "leads:\n  responsible: '[（〔【]\\s*(?P<units>[^（）]+?)负责\\s*[）〕】]'\n")
    grammar = load_grammar(str(path))
    assert same_agency("某市信息中心", "某市数据局", grammar)
    assert "agencies" in grammar.sections["leads"]["responsible"].groupindex


def test_a_pattern_without_the_groups_the_code_reads_is_refused_at_load(tmp_path):
    path = _write(tmp_path, "extends: zh-plan\nleads:\n  responsible: '[（](?P<who>[^（）]+?)负责[）]'\n")
    with pytest.raises(GrammarError, match=r"rule 'leads\.responsible': pattern needs the groups \(\?P<agencies>…\)"):
        load_grammar(str(path))


def test_free_text_keys_are_allowed(tmp_path):
    path = _write(tmp_path, "extends: zh-plan\ndescription: 某市的规划\nversion: 2\nheadings:\n"
                            "  - name: arabic-dot\n    comment: 与默认相同\n")
    assert load_grammar(str(path)).name

