"""Whatever a scraper or a converter produced gets a clear answer: a tree (with warnings where
something is odd) or one line on stderr naming the file and the problem, exit status 2 —
never a traceback. Every input of issue 6's list is here."""
from __future__ import annotations

import json
import zipfile

import pytest
import regex
from click.testing import CliRunner

from conftest import FIXTURES
from planparse.cli.commands import main
from planparse.rules.grammar import grammar_files, load_grammar

PLAN = FIXTURES / "liaoning-digital-gov-14th.txt"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def zip_bytes(tmp_path) -> bytes:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("plan.txt", "一、总体要求")
    return path.read_bytes()


def assert_one_line_error(result, path, problem):
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"planparse: error: {path}: ") and problem in result.output


# --- refused, with a reason ---------------------------------------------------------------

@pytest.mark.parametrize("name, content, problem", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b" \n\t\n\xe3\x80\x80\n", "is empty"),
    ("bom-only.txt", b"\xef\xbb\xbf", "is empty"),
    ("binary.dat", bytes(range(256)) * 4, "binary"),
    ("random.dat", bytes((i * 7919 + 13) % 256 for i in range(4096)), "is not UTF-8, UTF-16 or GB18030"),
    ("latin1.txt", "Café au lait, crème brûlée".encode("latin-1"), "is not UTF-8"),
    ("cut.txt", "规划".encode("utf-8")[:-1] + b"abc\xff\xfe", "is not UTF-8"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document; extract its text first"),
    ("doc.docx", b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office document"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
])
def test_what_is_no_plan_text_is_refused_in_one_line(tmp_path, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert_one_line_error(run("parse", path), path, problem)


def test_a_zip_archive(tmp_path):
    path = tmp_path / "plans.zip"
    path.write_bytes(zip_bytes(tmp_path))
    assert_one_line_error(run("parse", path), path, "ZIP archive")


def test_a_directory(tmp_path):
    assert_one_line_error(run("parse", tmp_path), tmp_path, "is a directory, not a plan text")


def test_a_grammar_with_a_bad_regex(tmp_path):
    grammar = tmp_path / "mine.yaml"
    grammar.write_text("extends: zh-plan\nbox:\n  pattern: '^专栏(?P<num>\\d+'\n", encoding="utf-8")
    result = run("parse", "--grammar", grammar, PLAN)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert f"{grammar}: rule 'box.pattern': uncompilable regex at position" in result.output


@pytest.mark.parametrize("content, problem", [
    ("schema: planparse/1\nsections: [\n", "not a valid YAML tree"),
    ('{"schema": "planparse/1", "sections": [', "not a valid tree"),
    ('{"schema": "planparse/2", "sections": []}', "not a planparse tree"),
    ('{"schema": "planparse/1", "sections": [{"title": 3, "sections": 5}]}', "not a planparse tree"),
    ("schema: planparse/1\nsections: {a: 1}\n", "not a planparse tree"),
    ("schema: planparse/1\nsections:\n- 7\n", "not a planparse tree"),
])
def test_a_broken_or_foreign_tree_given_to_diff(tmp_path, content, problem):
    path = tmp_path / "tree.json"
    path.write_text(content, encoding="utf-8")
    result = run("diff", path, PLAN)
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "Traceback" not in result.output
    assert str(path) in result.output and problem in result.output


# --- read, with warnings where something is odd -------------------------------------------

def tree_of(tmp_path, content: bytes | str, name="plan.txt") -> dict:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run("parse", "--format", "json", path)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return json.loads(result.output)


def heads(tree: dict) -> list[tuple]:
    found = []

    def walk(sections):
        for s in sections:
            found.append((s["level"], s["number"], s["title"]))
            walk(s["sections"])
    walk(tree["sections"])
    return found


def test_nul_bytes_inside_text_are_removed_and_counted(tmp_path):
    tree = tree_of(tmp_path, "一、总体要求\n建设\x00平台，推进\x00共享。\n".encode("utf-8"))
    assert tree["sections"][0]["paragraphs"] == ["建设平台，推进共享。"]
    assert {"kind": "invisible-characters", "count": 1} in tree["source"]["repairs"]


def test_an_html_page_is_read_as_the_text_it_shows(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>某页</title><script>var x = '一、不是标题';</script></head>"
            "<body><p>一、总体要求</p><p>（一）指导思想。坚持系统观念。</p></body></html>")
    tree = tree_of(tmp_path, page, "plan.html")
    assert heads(tree) == [(1, 1, "总体要求"), (2, 1, "指导思想")]
    assert {"kind": "html-page", "count": 1} in tree["source"]["repairs"]


def test_a_one_megabyte_line_with_no_punctuation(tmp_path):
    tree = tree_of(tmp_path, "数字政府建设" * 170_000)
    assert len(tree["preamble"]) == 1 and len(tree["preamble"][0]) == 1_020_000


@pytest.mark.parametrize("text", ["（" * 100_000, "一、总体要求\n" + "(" * 100_000 + "\n", "〔" * 100_000])
def test_a_hundred_thousand_opening_brackets(tmp_path, text):
    tree = tree_of(tmp_path, text)
    body = "".join(tree["preamble"]) + "".join(p for s in tree["sections"] for p in s["paragraphs"])
    assert sum(body.count(bracket) for bracket in "（(〔") == 100_000


def test_headings_only(tmp_path):
    text = "\n".join(["一、总体要求", "（一）指导思想", "（二）基本原则", "二、主要任务", "（一）建设平台"])
    assert heads(tree_of(tmp_path, text)) == [(1, 1, "总体要求"), (2, 1, "指导思想"), (2, 2, "基本原则"),
                                             (1, 2, "主要任务"), (2, 1, "建设平台")]


def test_headings_out_of_order_are_text_with_a_warning(tmp_path):
    tree = tree_of(tmp_path, "一、总体要求\n正文。\n三、保障措施\n正文。\n二、主要任务\n正文。\n")
    assert [h[2] for h in heads(tree)][:1] == ["总体要求"] and tree["source"]["warnings"]


def test_numbering_that_skips_is_kept_with_a_warning(tmp_path):
    tree = tree_of(tmp_path, "一、总体要求\n正文。\n二、主要任务\n正文。\n四、保障措施\n正文。\n")
    assert [h[1] for h in heads(tree)] == [1, 2, 4]
    assert any("jumps to 4" in w for w in tree["source"]["warnings"])


def test_mixed_half_and_full_width_markers(tmp_path):
    text = "一、总体要求\n（一）指导思想。正文。\n(二)基本原则。正文。\n1．建设平台。正文。\n2.完善机制。正文。\n"
    assert heads(tree_of(tmp_path, text)) == [(1, 1, "总体要求"), (2, 1, "指导思想"), (2, 2, "基本原则"),
                                             (3, 1, "建设平台"), (3, 2, "完善机制")]


def test_numbering_that_restarts_under_a_new_parent(tmp_path):
    text = "一、任务\n1.建设平台。正文。\n2.完善机制。正文。\n二、保障\n1.加强领导。正文。\n"
    assert heads(tree_of(tmp_path, text)) == [(1, 1, "任务"), (2, 1, "建设平台"), (2, 2, "完善机制"),
                                             (1, 2, "保障"), (2, 1, "加强领导")]


# --- patterns that cannot run away --------------------------------------------------------

ADVERSARIAL = ["（" * 5000, "一" * 5000 + "、", "1." * 3000, "2025年" * 1000, "。" * 5000,
               "专栏" + "1" * 5000, "（责任单位：" + "某局、" * 3000, "a" * 5000 + "!", " \t" * 3000 + "x",
               "表1" + "—" * 5000, "到2025年，" + "全省政务服务" * 800 + "达到"]


def _patterns():
    """Every pattern of every grammar, and every pattern compiled at module level in code."""
    import importlib
    import pkgutil

    import planparse

    for module in pkgutil.walk_packages(planparse.__path__, "planparse."):
        if module.name.endswith("__main__"):
            continue
        code = importlib.import_module(module.name)
        for name, value in vars(code).items():
            if isinstance(value, regex.Pattern):
                yield f"{module.name.removeprefix('planparse.')}.{name}", value
    for path in grammar_files():
        grammar = load_grammar(str(path))
        for rule in grammar.headings:
            yield f"{path.stem}:{rule.name}", rule.pattern
        for section, body in grammar.sections.items():
            for key, value in body.items():
                for pattern in value if isinstance(value, tuple) else (value,):
                    if isinstance(pattern, regex.Pattern):
                        yield f"{path.stem}:{section}.{key}", pattern


@pytest.mark.parametrize("name, pattern", list(_patterns()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_pattern_backtracks_catastrophically(name, pattern):
    """Each pattern on long adversarial lines finishes within the regex module's timeout (a
    pattern that backtracks exponentially would not finish at all)."""
    for text in ADVERSARIAL:
        text = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text  # (a pattern of bytes reads bytes)
        pattern.search(text, timeout=5.0)
        list(pattern.finditer(text, timeout=5.0))
