"""The input readers, one rule at a time: what each form says about the text, and what the
reader takes out (counted)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import planparse
from planparse.cli.commands import main
from planparse.parse.readers import detect_form, read

GRAMMAR = planparse.load_grammar()

MARKDOWN = """---
title: 某市数字政府建设规划（2021—2025年）
source: https://example.org/plan.html
tags: [规划, 数字政府]
---

<!-- 2021-10-08 10:00 来源：某市人民政府 -->

**某市数字政府建设规划（2021—2025年）**

<details>
<summary>目录</summary>

- 一、总体要求
  - （一）指导思想
- 二、主要任务

</details>

## **一、总体要求**

### （一）指导思想

坚持系统观念，
统筹推进。

![](images/fig1.png)

## 二、主要任务

> **专栏1　重点工程**
>
> **某市政务云**→建设全市统一的政务云。
>
> **数据共享平台（二期）**→推进数据共享。一网通办→推进移动端对接。

专栏之后的正文仍属本节。

| 指标 | 2025年 |
|---|---|
| 网办率 | 90% |
"""


def _tree(text: str, **options) -> dict:
    return as_dict(planparse.parse(text, **options))


def as_dict(document) -> dict:
    from planparse.diff import as_tree

    return as_tree(document, "plan")


def test_forms_are_told_from_the_content():
    assert detect_form(MARKDOWN) == "markdown"
    assert detect_form("<tbody><tr><td><p><span>一、总体要求</span></p></td></tr></tbody>") == "html"
    assert detect_form("<!DOCTYPE html><html><body><p>一、总体要求</p></body></html>") == "html"
    assert detect_form("一、总体要求\n（一）指导思想。坚持系统观念。\n<p>漏出的标签</p>") == "text"


def test_markdown_keeps_line_numbers_and_counts_what_it_takes_out():
    reading = read(MARKDOWN, GRAMMAR)
    assert len(reading.text.split("\n")) == len(MARKDOWN.split("\n"))
    kinds = {repair.kind: repair.count for repair in reading.repairs}
    assert kinds["markdown-front-matter"] == 5 and kinds["markdown-comment"] == 1
    assert reading.meta == {"title": "某市数字政府建设规划（2021—2025年）"}
    assert reading.url == "https://example.org/plan.html"


def test_markdown_front_matter_contents_boxes_figures_and_tables():
    tree = _tree(MARKDOWN)
    assert tree["meta"]["title"] == "某市数字政府建设规划（2021—2025年）"
    assert tree["meta"]["period"] == [2021, 2025]
    assert tree["source"]["form"] == "markdown" and tree["source"]["url"] == "https://example.org/plan.html"
    assert [(e["level"], e["title"]) for e in tree["toc"]] == [(1, "总体要求"), (2, "指导思想"), (1, "主要任务")]
    assert tree["preamble"] == []  # the front matter, comment and 目录 are not text of the plan
    first, second = tree["sections"]
    guide = first["sections"][0]
    assert guide["paragraphs"] == ["坚持系统观念，统筹推进。"]  # a soft wrap joins
    assert guide["figures"] == [{"number": None, "title": None, "image": "images/fig1.png"}]
    box = second["boxes"][0]
    assert (box["number"], box["title"]) == (1, "重点工程")
    assert [item["name"] for item in box["items"]] == ["某市政务云", "数据共享平台（二期）", "一网通办"]
    assert second["paragraphs"] == ["专栏之后的正文仍属本节。"]  # the quote's end is the box's end
    assert second["tables"][0]["rows"] == [["网办率", "90%"]]


def test_markdown_without_front_matter_is_markdown_by_its_lines():
    text = "# 某市规划\n\n## 一、总体要求\n\n正文。\n\n## 二、主要任务\n\n> 引文\n\n![](a.png)\n"
    assert detect_form(text) == "markdown"
    assert [s["title"] for s in _tree(text)["sections"]] == ["总体要求", "主要任务"]


def test_an_html_fragment_is_read_like_a_page():
    fragment = ('<tbody><tr><td><p style="text-indent:2em"><span style="font-size:16px">一、总体要求</span></p>'
                '<p><strong>（一）指导思想</strong>坚持系统观念。</p>'
                '<p><span style="font-family:楷体">（二）基本原则</span>坚持人民至上。</p></td></tr></tbody>')
    tree = _tree(fragment)
    assert tree["source"]["form"] == "html"
    assert [(s["title"], s["paragraphs"]) for s in tree["sections"][0]["sections"]] == [
        ("指导思想", ["坚持系统观念。"]), ("基本原则", ["坚持人民至上。"])]


def test_bold_that_is_no_heading_stays_in_its_paragraph():
    tree = _tree("<div><p>一、总体要求</p><p><b>特别是</b>要坚持系统观念。</p><p>正文。</p></div>")
    assert tree["sections"][0]["paragraphs"] == ["特别是要坚持系统观念。", "正文。"]


def test_the_user_can_force_the_form(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("<tbody><tr><td><p>一、总体要求</p><p>正文。</p></td></tr></tbody>", encoding="utf-8")
    forced = CliRunner().invoke(main, ["parse", str(path), "--from", "text", "--format", "json"])
    told = CliRunner().invoke(main, ["parse", str(path), "--format", "json"])
    assert json.loads(forced.output)["source"]["form"] == "text"
    assert json.loads(told.output)["source"]["form"] == "html"
    with pytest.raises(ValueError):
        read("正文", GRAMMAR, "docx")


@pytest.mark.parametrize("title, edition, period", [
    ("中华人民共和国国民经济和社会发展第十二个五年规划纲要", "十二五", [2011, 2015]),
    ("国民经济和社会发展第十个五年计划纲要", "十五", None),
    ("某省“十四五”数字政府发展规划", "十四五", [2021, 2025]),
])
def test_the_edition_from_any_spelling(title, edition, period):
    meta = _tree(f"{title}\n一、总体要求\n正文。")["meta"]
    assert (meta["edition"], meta["period"]) == (edition, period)


def test_an_approval_line_dates_the_outline():
    text = "某某规划纲要\n2006年3月14日第十届全国人民代表大会第四次会议批准\n一、总体要求\n正文。"
    tree = _tree(text)
    assert tree["meta"]["date"] == "2006-03-14" and tree["preamble"] == []


def test_a_news_dateline_is_furniture():
    tree = _tree("新华社北京3月17日电\n某某规划纲要\n一、总体要求\n正文。")
    assert tree["meta"]["title"] == "某某规划纲要"
    assert any(r["kind"] == "web-furniture" for r in tree["source"]["repairs"])


def test_ocr_spacing_is_joined():
    tree = _tree("一、总体要求\n到2 0 2 5年，网办率达到9 5 %。")
    assert tree["sections"][0]["paragraphs"] == ["到2025年，网办率达到95%。"]


def test_a_tree_that_parse_wrote_is_read_as_a_tree(tmp_path):
    runner = CliRunner()
    plan = "某市规划\n一、主要任务\n（一）建设平台。2023年底前完成。（责任单位：市数据局）\n"
    (tmp_path / "plan.txt").write_text(plan, encoding="utf-8")
    for fmt in ("yaml", "json"):
        tree = tmp_path / f"plan.{fmt}"
        written = runner.invoke(main, ["parse", str(tmp_path / "plan.txt"), "--format", fmt, "-o", str(tree)])
        assert written.exit_code == 0
        again = runner.invoke(main, ["parse", str(tree), "--format", fmt])
        assert again.exit_code == 0 and again.output == tree.read_text(encoding="utf-8")
        rows = runner.invoke(main, ["commitments", str(tree), "--format", "jsonl"])
        assert rows.exit_code == 0 and "市数据局" in rows.output


@pytest.mark.parametrize("name, data", [("a.json", "[1, 2]"), ("b.yaml", "name: x\nitems: [1]\n"),
                                        ("c.json", '{"schema": "other"}')])
def test_other_data_is_refused_in_one_line(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    for command in ("parse", "commitments", "render"):
        result = CliRunner().invoke(main, [command, str(path)])
        assert result.exit_code == 2 and "not a planparse tree" in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_a_legal_database_export_gives_fields_not_text():
    text = ("【发布部门】某省人民政府办公厅\n【发文字号】某政办发〔2016〕12号\n【发布日期】2016.03.07\n【时效性】现行有效\n"
            "某省数字政府建设方案\n一、总体要求\n正文。\n【法宝引证码】CLI.12.3456\n原文链接：https://example.org/a.htm\n")
    tree = _tree(text)
    assert (tree["meta"]["issuer"], tree["meta"]["doc_number"], tree["meta"]["date"]) == (
        "某省人民政府办公厅", "某政办发〔2016〕12号", "2016-03-07")
    assert (tree["source"]["citation"], tree["source"]["url"]) == ("CLI.12.3456", "https://example.org/a.htm")
    assert tree["sections"][0]["paragraphs"] == ["正文。"] and tree["preamble"] == []
    assert {"kind": "database-fields", "count": 6} in tree["source"]["repairs"]


def test_markdown_without_blank_lines_is_unwrapped_by_the_layout_stage():
    wrapped = "\n".join(["**某市规划**", "## 一、总体要求", "> 引文"]
                        + ["坚持系统观念，统筹推进各项工作，加快建设数字政府，全面提升政务服务水", "平，推动治理能力现代化。"] * 6)
    reading = read(wrapped, GRAMMAR)
    assert reading.form == "markdown" and reading.paragraph_ends is None
    assert _tree(wrapped)["sections"][0]["paragraphs"][1:] == ["坚持系统观念，统筹推进各项工作，加快建设数字政府，全面提升政务服务水平，推动治理能力现代化。"] * 6


def test_check_is_refused_for_a_tree(tmp_path):
    tree = tmp_path / "plan.yaml"
    runner = CliRunner()
    (tmp_path / "plan.txt").write_text("某市规划\n一、主要任务\n正文。\n", encoding="utf-8")
    assert runner.invoke(main, ["parse", str(tmp_path / "plan.txt"), "-o", str(tree)]).exit_code == 0
    result = runner.invoke(main, ["parse", str(tree), "--check"])
    assert result.exit_code == 2 and "is a tree" in result.output
