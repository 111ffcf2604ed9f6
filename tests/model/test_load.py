"""Tree input is validated (issue 14, item 2): every tree that `parse` writes reads back as it
was written, and anything else — an alias bomb, a tag that is no plain data, a foreign or a
malformed tree, a key of the wrong type anywhere — is one line on stderr and exit status 2."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
import time

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from planparse.cli.commands import main
from planparse.errors import PlanparseError
from planparse.model.load import MAX_ALIASES, MAX_NESTING, load_tree
from planparse.model.schema import MAX_SECTIONS, SCHEMA_FILE, Rule, schema, validate

PLANS = sorted([*FIXTURES.glob("*.txt"), *FIXTURES.glob("*.md"), *(FIXTURES / "diff").iterdir()])
SECTION = {"level": 1, "number": 1, "marker": "一、", "title": "总体要求"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def written(plan, *options) -> str:
    result = run("parse", plan, *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(path, command: str) -> str:
    """The one line that ``command`` (render or diff) gives for ``path``, checked."""
    result = run(command, path) if command == "render" else run(command, path, path)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.output
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.startswith(f"planparse: error: {path}: not a ")
    return result.stderr


# --- what parse writes reads back ----------------------------------------------------------

@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_tree_parse_writes_validates_and_reads_back_as_written(plan, tmp_path):
    for lines in ((), ("--lines",)):
        text_json, text_yaml = written(plan, "--format", "json", *lines), written(plan, *lines)
        tree = json.loads(text_json)
        assert validate(tree) is None
        assert load_tree("plan.json", text_json.encode()) == tree
        assert load_tree("plan.yaml", text_yaml.encode()) == tree  # dates stay strings: 2021-10, 2014-12-08
        assert yaml.load(text_yaml, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == tree  # as read before
        path = tmp_path / "plan.yaml"
        path.write_text(text_yaml, encoding="utf-8")
        assert written(path, "--format", "json", *lines) == text_json


@pytest.mark.parametrize("tree", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_golden_trees_validate(tree):
    assert load_tree(str(tree), tree.read_bytes())["schema"] == "planparse/1"


def test_a_plain_yaml_date_is_read_as_the_string_written():
    tree = load_tree("t.yaml", b"schema: planparse/1\nsections: []\nmeta: {date: 2021-10-08, period: [2021, 2025]}\n")
    assert tree["meta"] == {"date": "2021-10-08", "period": [2021, 2025]}


def test_a_few_aliases_are_fine():
    leads = ["&units [省数据局, 省委网信办]"] + ["*units"] * 9
    text = "schema: planparse/1\nsections:\n" + "".join(
        f"- {{level: 1, number: {n}, marker: m, title: t, leads: {units}}}\n" for n, units in enumerate(leads, start=1))
    tree = load_tree("t.yaml", text.encode())
    assert all(section["leads"] == ["省数据局", "省委网信办"] for section in tree["sections"])


# --- the schema ----------------------------------------------------------------------------

def sample(rule: Rule, depth: int = 0):
    """A value that ``rule`` allows, with every key that it knows (sections two deep)."""
    kind = next(kind for kind in rule.types if kind != "null")
    if kind == "object":
        return {key: sample(inner, depth + 1) for key, inner in rule.properties.items()}
    if kind == "array":
        if rule.items.name == "section" and depth > 4:
            return []
        return [sample(rule.items, depth + 1) for _ in range(rule.min_items or 1)]
    if kind == "string":
        return rule.const if isinstance(rule.const, str) else "2021-10" if rule.pattern else "甲"
    if kind == "integer":
        return rule.minimum if rule.minimum is not None else 1
    return 1.5


def places(value, rule: Rule, path: str = "$"):
    """Every key and list item of ``value`` that ``rule`` knows: (JSON path, keys, rule, owner)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield f"{path}.{key}", [key], rule.properties[key], rule
            for where, keys, found, owner in places(inner, rule.properties[key], f"{path}.{key}"):
                yield where, [key, *keys], found, owner
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield f"{path}[{index}]", [index], rule.items, rule
            for where, keys, found, owner in places(inner, rule.items, f"{path}[{index}]"):
                yield where, [index, *keys], found, owner


def wrong(rule: Rule):
    """A value of a type that ``rule`` does not allow."""
    return next(value for value, kind in (("7", "string"), (7, "integer"), ([], "array"), ({}, "object"))
                if kind not in rule.types and not (kind == "integer" and "number" in rule.types))


SAMPLE = sample(schema())
PLACES = list(places(SAMPLE, schema()))
FIRSTS = list({(id(owner), keys[-1] if isinstance(keys[-1], str) else "[]"): (where, keys, rule, owner)
               for where, keys, rule, owner in reversed(PLACES)}.values())  # each key of each rule, where first


def test_the_schema_is_draft_2020_12_and_the_sample_covers_every_key():
    document = json.loads(open(SCHEMA_FILE, encoding="utf-8").read())
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert validate(SAMPLE) is None
    covered = {(id(owner), keys[-1]) for _, keys, _, owner in FIRSTS if isinstance(keys[-1], str)}
    known = {(id(rule), key) for rule in _rules(schema()) for key in rule.properties}
    assert covered == known and len(known) > 100


def _rules(root: Rule):
    seen, todo = {}, [root]
    while todo:
        rule = todo.pop()
        if id(rule) not in seen:
            seen[id(rule)] = rule
            todo += [*(rule.properties or {}).values(), *([rule.items] if rule.items else [])]
    return seen.values()


def test_jsonschema_agrees_where_it_is_installed():
    jsonschema = pytest.importorskip("jsonschema")
    checker = jsonschema.Draft202012Validator(json.loads(open(SCHEMA_FILE, encoding="utf-8").read()))
    jsonschema.Draft202012Validator.check_schema(checker.schema)
    assert checker.is_valid(SAMPLE)
    for where, keys, rule, _ in FIRSTS:
        assert not checker.is_valid(_with(SAMPLE, keys, wrong(rule))), where
    assert checker.is_valid(json.loads(written(FIXTURES / "liaoning-digital-gov-14th.txt", "--format", "json",
                                               "--lines")))


def _with(tree, keys, value):
    tree = copy.deepcopy(tree)
    node = tree
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return tree


def test_a_wrong_type_at_every_key_is_refused_naming_its_path(tmp_path):
    for where, keys, rule, _ in PLACES:
        with pytest.raises(PlanparseError) as caught:
            load_tree("t.json", json.dumps(_with(SAMPLE, keys, wrong(rule)), ensure_ascii=False).encode())
        assert str(caught.value).startswith(f"t.json: not a planparse tree: {where}: is "), str(caught.value)
    for n, (where, keys, rule, _) in enumerate(FIRSTS):  # through the command line, as YAML and as JSON
        tree = _with(SAMPLE, keys, wrong(rule))
        path = tmp_path / f"{n}.{'yaml' if n % 2 else 'json'}"
        path.write_text(yaml.safe_dump(tree, allow_unicode=True) if n % 2 else json.dumps(tree), encoding="utf-8")
        for command in ("render", "diff"):
            assert f": {where}: is " in refused(path, command)


def test_a_missing_required_key_is_named():
    for key in SECTION:
        tree = {"schema": "planparse/1", "sections": [{k: v for k, v in SECTION.items() if k != key}]}
        assert validate(tree) == f"$.sections[0].{key}: missing"


@pytest.mark.parametrize("tree, problem", [
    ({"schema": "planparse/1", "sections": [{**SECTION, "level": 10**100}]},
     "$.sections[0].level: is 10000000000000000000…00000000 (101 characters), more than 64"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "level": 0}]}, "$.sections[0].level: is 0, less than 1"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "number": 2**31}]},
     "$.sections[0].number: is 2147483648, more"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "lines": [-1, 3]}]}, "$.sections[0].lines[0]: is -1, less"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "lines": [1, 2, 3]}]}, "$.sections[0].lines: has 3 items"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "milestones": [{"year": 20210, "when": "a", "action": "b"}]}]},
     "$.sections[0].milestones[0].year: is 20210, more than 9999"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "targets": [{"indicator": "a", "value": 1e301}]}]},
     "$.sections[0].targets[0].value: is 1e+301, more than 1e+300"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "level": True}]},
     "$.sections[0].level: is a boolean (true), not an integer"),
    ({"schema": "planparse/1", "sections": [{**SECTION, "level": 1.0}]},
     "$.sections[0].level: is a number (1.0), not an integer"),
    ({"schema": "planparse/1", "sections": [], "meta": {"date": "2021年10月"}},
     '$.meta.date: is "2021年10月", not of the form'),
    ({"schema": "planparse/1", "sections": [], "meta": {"period": [2021]}}, "$.meta.period: has 1 items, fewer than 2"),
    ({"schema": "planparse/2", "sections": []}, '$.schema: is "planparse/2", not "planparse/1"'),
    ({"sections": []}, "$.schema: missing"),
    ([], "$: is an array, not an object"),
    ({"schema": "planparse/1", "sections": [], "later": {"any": ["thing"]}}, None),  # later versions add keys
])
def test_values_out_of_range_are_refused(tree, problem):
    found = validate(tree)
    assert found == problem if problem is None else found.startswith(problem), found


# --- hostile files, through the command line -------------------------------------------------

def billion_laughs() -> str:
    lines = ["schema: planparse/1", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    lines += ["sections:", "- {level: 1, number: 1, marker: 一、, title: t, paragraphs: [*i, *i]}"]
    return "\n".join(lines) + "\n"


def wide_alias() -> str:
    """Few aliases of one long paragraph: small on disk, 300 MB when written out."""
    return ("schema: planparse/1\nsections:\n- level: 1\n  number: 1\n  marker: 一、\n  title: t\n"
            f"  paragraphs: [&p {'建设' * 50_000}, {', '.join(['*p'] * (MAX_ALIASES - 1))}]\n")


def many_aliases() -> str:
    return ("schema: planparse/1\nsections:\n- {level: 1, number: 1, marker: &m m, title: t, paragraphs: ["
            + ", ".join(["*m"] * (MAX_ALIASES + 1)) + "]}\n")


def nested_json(depth: int) -> str:
    return ('{"schema": "planparse/1", "sections": '
            + '[{"level": 1, "number": 1, "marker": "一、", "title": "t", "sections": ' * depth + "[]"
            + "}]" * depth + "}")


def nested_yaml(depth: int) -> str:
    return "schema: planparse/1\nsections: " + "[{level: 1, number: 1, marker: m, title: t, sections: " * depth \
        + "[]" + "}]" * depth + "\n"


HOSTILE = [
    ("bomb.yaml", billion_laughs(), "line 6: aliases that repeat more than 10000 nodes"),
    ("wide.yaml", wide_alias(), "aliases that repeat more than 100000 characters of text"),
    ("aliases.yaml", many_aliases(), f"more than {MAX_ALIASES} aliases"),
    ("binary.yaml", "schema: planparse/1\nsections: []\nlogo: !!binary aGVsbG8=\n",
     "line 3: tag !!binary is not plain data"),
    ("object.yaml", "schema: planparse/1\nsections: !!python/object:os.system {}\n",
     "tag !!python/object:os.system is not plain data"),
    ("apply.yaml", "schema: planparse/1\nsections: []\nx: !!python/object/apply:os.system [echo hi]\n",
     "tag !!python/object/apply:os.system is not plain data"),
    ("set.yaml", "schema: planparse/1\nsections: !!set {a, b}\n", "tag !!set is not plain data"),
    ("local.yaml", "schema: planparse/1\nsections: !plan []\n", "tag !plan is not plain data"),
    ("stamp.yaml", "schema: planparse/1\nsections: []\nmeta: {date: !!timestamp 2021-10-08}\n", "tag !!timestamp is"),
    ("recursive.yaml", "schema: planparse/1\nsections: &s [*s]\n", "alias *s to no anchor before it"),
    ("two.yaml", "schema: planparse/1\nsections: []\n---\nschema: planparse/1\n", "more than one YAML document"),
    ("key.yaml", "schema: planparse/1\nsections: []\n[a, b]: c\n", "a key that is not a string"),
    ("inf.yaml", "schema: planparse/1\nsections: [{level: 1, number: 1, marker: m, title: t, targets: "
                 "[{indicator: a, value: .inf}]}]\n", "$.sections[0].targets[0].value: is inf (no finite number)"),
    ("array.json", "[1, 2, 3]", "$: is an array, not an object"),
    ("bare.json", '{"sections": []}', "$.schema: missing"),
    ("bare.yaml", "sections: []\n", "$.schema: missing"),
    ("empty.yaml", "", "$: is null, not an object"),
    ("nan.json", '{"schema": "planparse/1", "sections": [], "x": NaN}', "NaN is no JSON number"),
    ("malformed.json", '{"schema": "planparse/1", "sections": [{"title": 3, "sections": 5}]}',
     "$.sections[0].level: missing"),
    ("deep.json", nested_json(10_000), "nested too deeply to be one"),
    ("deep65.json", nested_json(MAX_SECTIONS + 1), f"sections nested deeper than {MAX_SECTIONS} levels"),
    ("deep.yaml", nested_yaml(10_000), f"lists and mappings nested deeper than {MAX_NESTING} levels"),
    ("deep65.yaml", nested_yaml(MAX_SECTIONS + 1), f"sections nested deeper than {MAX_SECTIONS} levels"),
    # (PyYAML 6.0.4 and later stop this themselves, with their own words)
    ("flow.yaml", "schema: planparse/1\nsections: " + "[" * 1_000_000, ("nested deeper than", "maximum nesting depth")),
    ("digits.json", '{"schema": "planparse/1", "sections": [], "x": ' + "9" * 5000 + "}", "Exceeds the limit"),
    ("digits.yaml", "schema: planparse/1\nsections: []\nx: " + "9" * 5000 + "\n", "is no !!int"),
]


@pytest.mark.parametrize("name, content, problem", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_hostile_tree_is_one_line_and_exit_2(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    started = time.perf_counter()
    for command in ("render", "diff"):
        told = refused(path, command)
        assert any(words in told for words in (problem if isinstance(problem, tuple) else (problem,))), told
    assert time.perf_counter() - started < 2


def test_sixty_four_levels_of_sections_are_fine():
    tree = json.loads(nested_json(MAX_SECTIONS))
    assert load_tree("t.json", nested_json(MAX_SECTIONS).encode()) == tree
    assert load_tree("t.yaml", nested_yaml(MAX_SECTIONS).encode())["schema"] == "planparse/1"


@pytest.mark.parametrize("name, content", [("bomb.yaml", billion_laughs()), ("deep.yaml", nested_yaml(10_000)),
                                           ("deep.json", nested_json(10_000))], ids=["bomb", "deep-yaml", "deep-json"])
def test_in_a_process_of_its_own_too(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "planparse", "diff", path, path], capture_output=True, text=True,
                          timeout=20)
    assert time.perf_counter() - started < 5  # of which starting Python is most
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_tree_read_with_a_limit_of_sections_stops_as_soon_as_it_is_passed():
    import planparse
    from planparse.model.emit import dump_json, dump_yaml, to_data
    from planparse.model.load import TooManySections, outline_size

    tree = to_data(planparse.parse("一、甲\n（一）乙\n（二）丙\n二、丁\n"))
    assert outline_size(tree) == 4
    for data in (dump_yaml(tree).encode(), dump_json(tree).encode()):
        name = "t.yaml" if not data.startswith(b"{") else "t.json"
        assert outline_size(load_tree(name, data, max_sections=4)) == 4
        with pytest.raises(TooManySections) as err:
            load_tree(name, data, max_sections=3)
        assert err.value.at_least == 4


def test_a_yaml_list_at_the_root_is_no_outline_to_count():
    from planparse.model.load import load_tree

    with pytest.raises(PlanparseError, match="not a planparse tree"):
        load_tree("list.yaml", b"- {}\n- {}\n- {}\n", max_sections=2)


def test_the_outline_of_a_tree_counts_sections_alone_whatever_its_shape():
    from planparse.model.load import outline_size

    assert outline_size({"sections": [{"sections": [{}, "x", 3]}, None, {"sections": None}]}) == 3
    assert outline_size({"documents": [{"sections": [{}]}]}) == 0  # a bundled document's units are not the diff's
    assert outline_size([{}]) == outline_size("x") == outline_size({"sections": "x"}) == 0


def test_a_tree_unchecked_on_reading_is_checked_by_the_diff_once_with_the_same_words():
    from planparse.diff import as_tree
    from planparse.errors import PlanparseError
    from planparse.model.load import load_tree

    bad = json.dumps({"schema": "planparse/1"}).encode()
    with pytest.raises(PlanparseError) as read:
        load_tree("t.json", bad)
    with pytest.raises(PlanparseError) as compared:
        as_tree(load_tree("t.json", bad, check=False), "t.json")
    assert str(read.value) == str(compared.value)
