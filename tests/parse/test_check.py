"""Nothing lost: every letter and digit of the normalised text is in one place of the tree or
counted as furniture — on every fixture, every rendering of it, and generated plans."""
from __future__ import annotations

import codecs

import opencc
import pytest
from click.testing import CliRunner
from hypothesis import given

import planparse
from conftest import CORPUS
from planparse.cli.commands import main
from planparse.parse.check import account
from test_properties import SETTINGS, hard_wrap, plans

S2T = opencc.OpenCC("s2t")


def variants(text: str) -> dict:
    found = {
        "as is": text,
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "utf16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "gb18030": text.encode("gb18030"),
        "ideographic-indent": "\n".join("\u3000\u3000" + line if line.strip() else line for line in text.split("\n")),
        "traditional": S2T.convert(text),
    }
    if "\t" not in text:
        found["hard-wrapped"] = hard_wrap([line for line in text.splitlines() if line.strip()], 28, "space")
    return found


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_nothing_is_lost_on_any_fixture_or_variant(path):
    for name, variant in variants(path.read_text(encoding="utf-8")).items():
        books = account(planparse.parse(variant))
        assert books.balanced, f"{path.name} ({name}): {books.summary(path.name)}"


def test_a_lost_paragraph_is_caught():
    document = planparse.parse("一、总体要求\n（一）指导思想。坚持系统观念。\n第二段文字。\n")
    assert account(document).balanced
    document.sections[0].sections[0].paragraphs.pop()
    books = account(document)
    assert not books.balanced and sum(books.missing.values()) == len("第二段文字")


def test_furniture_is_counted_not_lost():
    text = "某市规划\n一、总体要求\n正文第一段。\n- 2 -\n正文第二段。\n"
    books = account(planparse.parse(text))
    assert books.balanced and books.furniture == 1


def test_check_option_reports_on_stderr(tmp_path):
    result = CliRunner().invoke(main, ["parse", "--check", str(CORPUS[0])])
    assert result.exit_code == 0
    assert f"{CORPUS[0]}: check: nothing lost;" in result.output


@SETTINGS
@given(plans())
def test_nothing_is_lost_on_generated_plans(lines):
    assert account(planparse.parse("\n".join(lines))).balanced
    assert account(planparse.parse(hard_wrap(lines, 30, "space"))).balanced
