"""Commitments in the tree: 专栏 boxes and items, lead units, deadlines, targets, indicators.

Every rule has cases where it must fire and cases where it must not."""
from __future__ import annotations

import re

import pytest

import planparse
from conftest import read_fixture
from planparse.model import walk_sections
from planparse.parse.extract import (
    milestones,
    read_leads,
    read_value,
    split_leads,
    targets,
)
from planparse.rules.grammar import load_grammar

GRAMMAR = load_grammar()


def boxes(text):
    return [box for section in walk_sections(planparse.parse(text).sections) for box in section.boxes]


def section(text, title):
    return next(s for s in walk_sections(planparse.parse(text).sections) if s.title == title)


# --- 专栏 boxes ----------------------------------------------------------------------------

BOX = ("一、重点任务\n（一）建设平台。\n正文一段。\n专栏{gap}1{gap}重点应用\n"
       "政务云平台。建设全市统一的政务云。2022年底完成。〔牵头单位：某市大数据局（政务服务中心）、某市网信办〕\n"
       "数据中心。建设数据中心。2023年底建成。〔牵头单位：某市发展改革委〕\n"
       "（二）完善制度。\n")


@pytest.mark.parametrize("gap", ["", " ", "  "])
def test_box_with_or_without_space_after_the_word(gap):
    found = boxes(BOX.format(gap=gap))
    assert [(b.number, b.title) for b in found] == [(1, "重点应用")]
    assert [item.name for item in found[0].items] == ["政务云平台", "数据中心"]


def test_box_item_fields():
    item = boxes(BOX.format(gap=" "))[0].items[0]
    assert item.text == "建设全市统一的政务云。2022年底完成。"
    assert item.leads == ["某市大数据局（政务服务中心）", "某市网信办"]
    assert [(m.year, m.when, m.action) for m in item.milestones] == [(2022, "2022年底", "完成")]


def test_box_stands_in_the_innermost_open_section():
    assert [b.number for b in section(BOX.format(gap=" "), "建设平台").boxes] == [1]
    assert section(BOX.format(gap=" "), "建设平台").paragraphs == ["正文一段。"]


def test_reference_to_a_box_in_running_text_is_no_box():
    text = "一、重点任务\n加快建设重点应用（专栏1）。\n专栏1所列项目要按期完成，确保取得实效。\n"
    assert boxes(text) == []


def test_lead_bracket_on_a_line_of_its_own_belongs_to_the_item_above():
    text = ("一、任务\n专栏 2 基础设施\n政务网络。完成升级。2025年底实现全面升级。\n\n"
            "〔牵头单位：某市网信办、各区政府〕\n\n大数据中心。整合机房。〔牵头单位：某市数据局〕\n")
    items = boxes(text)[0].items
    assert [(i.name, i.leads) for i in items] == [("政务网络", ["某市网信办", "各区政府"]),
                                                  ("大数据中心", ["某市数据局"])]


def test_item_cut_by_a_page_break_continues_on_the_next_block():
    text = ("一、任务\n专栏 3 应用\n智慧文旅。搭建文化驿站、智慧图书馆、网上\n\n- 7 -\n\n"
            "档案馆。2023年底上线运行。（牵头单位：某市文旅局）\n智慧民政。建设平台。（牵头单位：某市民政局）\n")
    items = boxes(text)[0].items
    assert [i.name for i in items] == ["智慧文旅", "智慧民政"]
    assert items[0].text == "搭建文化驿站、智慧图书馆、网上档案馆。2023年底上线运行。"
    assert items[0].leads == ["某市文旅局"]


def test_box_ends_at_a_paragraph_that_is_not_an_item():
    text = ("一、任务\n（一）治理。\n专栏 4 治理应用\n智慧应急。建设指挥系统。〔牵头单位：某市应急局〕\n"
            "精细化社会治理。推进数据与知识双轮驱动。\n")
    assert [i.name for i in boxes(text)[0].items] == ["智慧应急"]
    assert section(text, "治理").paragraphs == ["精细化社会治理。推进数据与知识双轮驱动。"]


def test_box_whose_items_name_no_leads_runs_to_the_next_heading():
    text = ("一、任务\n1.建设平台。正文。\n专栏 5 重点工程\n1.智慧交通。建设交通大脑。\n2.智慧医疗。建设互联网医院。\n"
            "2.完善机制。正文。\n")
    assert [i.name for i in boxes(text)[0].items] == ["智慧交通", "智慧医疗"]
    assert section(text, "完善机制").level == 2


# --- lead units ---------------------------------------------------------------------------

def test_leads_split_on_separators_but_not_inside_brackets():
    assert split_leads("某局（某办、某中心）、某委，各市政府", GRAMMAR) == ["某局（某办、某中心）", "某委", "各市政府"]


def test_note_after_the_units_is_kept_as_a_note():
    leads, rest = read_leads("建设平台。（责任单位：某市数据局等有关单位，各区政府。以下均需各区政府落实，不再列出）", GRAMMAR)
    assert (leads.leads, leads.note, rest) == (["某市数据局", "各区政府"], "以下均需各区政府落实，不再列出", "建设平台。")


def test_lead_and_partner_units():
    leads, _ = read_leads("完善机制。（某市发展改革委牵头，某市财政局、某市审计局配合）", GRAMMAR)
    assert (leads.leads, leads.partners) == (["某市发展改革委"], ["某市财政局", "某市审计局"])


def test_units_that_answer_for_a_task_lead_it():
    leads, rest = read_leads("完善机制。（某市发展改革委、某市财政局按职责分工负责）", GRAMMAR)
    assert (leads.leads, rest) == (["某市发展改革委", "某市财政局"], "完善机制。")


def test_partner_label_inside_a_lead_bracket():
    leads, _ = read_leads("（牵头单位：某市数据局；配合单位：某市公安局）", GRAMMAR)
    assert (leads.leads, leads.partners) == (["某市数据局"], ["某市公安局"])


def test_lead_line_of_its_own():
    assert section("一、考核\n（一）加强考核。\n牵头考核单位：某市营商局\n", "加强考核").leads == ["某市营商局"]


@pytest.mark.parametrize("text", ["（详见专栏1）", "责任单位要加强协调，牵头部门要主动作为。", "（以下简称牵头部门）",
                                  "各部门要切实负责。", "（负责人：张三，电话：12345）"])
def test_no_leads_where_no_unit_is_named(text):
    assert read_leads(text, GRAMMAR)[0] is None


def test_task_leads_attach_to_the_section_whose_text_they_close():
    text = "一、任务\n1.提升能力。建设平台。（责任单位：某市数据局）\n2.完善机制。健全制度。\n"
    assert section(text, "提升能力").leads == ["某市数据局"]
    assert section(text, "完善机制").leads == []


# --- deadlines ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2021年底编制出台。", [(2021, "2021年底", "编制出台")]),
    ("2022年完成平台建设并投入运行。", [(2022, "2022年", "完成平台建设并投入运行")]),
    ("到2025年，基本建成一体化平台。", [(2025, "2025年", "基本建成一体化平台")]),
    ("2025年底前对有需求的系统完成改造。", [(2025, "2025年底前", "对有需求的系统完成改造")]),
    ("2022年底完成A；2025年底完成B。", [(2022, "2022年底", "完成A"), (2025, "2025年底", "完成B")]),
    ("2022年上半年启动建设。", [(2022, "2022年上半年", "启动建设")]),
])
def test_deadlines(text, expected):
    assert [(m.year, m.when, m.action) for m in milestones(text, GRAMMAR)] == expected


@pytest.mark.parametrize("text", [
    "建设面积2.3万平方米，部署服务器1万余台。",
    "贯彻《某市2021年数字政府工作要点》。",
    "对标第三方评价机构2020年数字政府发展指数。",
    "（2025—2027年）",
    "2021年至2025年是关键时期。",
    "截至2013年底，基本建成全市统一的网络。",
    "2012年底系统投入使用以来，已覆盖三级政府。",
    "2023年度工作要点。",
])
def test_no_deadline(text):
    assert milestones(text, GRAMMAR) == []


# --- targets ------------------------------------------------------------------------------

def test_target_in_running_text_with_its_year_and_sentence():
    text = "到2015年底，全市网络互联互通率达85%，信息共享率达60%；服务事项覆盖率达70%以上。"
    found = targets(text, GRAMMAR)
    assert [(t.indicator, t.value, t.unit, t.comparator.value, t.year) for t in found] == [
        ("全市网络互联互通率", 85, "%", "exact", 2015), ("信息共享率", 60, "%", "exact", 2015),
        ("服务事项覆盖率", 70, "%", "at_least", 2015)]  # (the date at the head governs past the ；)
    assert found[0].sentence == "到2015年底，全市网络互联互通率达85%，信息共享率达60%；"


def test_target_after_a_forward_looking_word_has_no_year():
    assert [(t.indicator, t.value, t.year) for t in targets("力争政务服务满意度不低于95%。", GRAMMAR)] == [
        ("政务服务满意度", 95, None)]


@pytest.mark.parametrize("text", ["建筑面积超过2.3万平方米，存储容量超过6300T。", "注册用户达到2895万个。"])
def test_figures_already_reached_are_results_not_targets(text):
    """In a review of the past period (read so from its title, in a parse) a figure is a result."""
    assert [t.kind.value for t in targets(text, GRAMMAR, past=True)] == ["result"]
    doc = planparse.parse(f"一、发展现状\n{text}\n二、主要任务\n到2025年，注册用户达到5000万个。")
    assert [t.kind.value for t in doc.sections[0].targets] == ["result"]
    assert [t.kind.value for t in doc.sections[1].targets] == ["target"]


def test_a_sentence_with_no_figure_has_no_target():
    assert targets("达成共识。", GRAMMAR) == []


# --- indicator tables ---------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    (">95%", (95, "%", "at_least")), ("85%", (85, "%", None)), ("70", (70, None, None)),
    ("≥99.5%", (99.5, "%", "at_least")), ("3天以内", (3, "天", "at_most")), ("/", (None, None, None)),
])
def test_indicator_cell_values(cell, expected):
    value = read_value(cell, GRAMMAR, 2025)
    assert (value.value, value.unit, value.comparator) == expected and value.text == cell and value.year == 2025


def test_indicator_table_rows_are_typed():
    text = ("一、目标\n表1 主要指标\n序号\t类别\t主要指标\t2022年\t2025年\t属性\n"
            "1\t基础设施\t云平台整合率\t85%\t>95%\t约束性\n2\t\t政务外网接入率\t70%\t90%\t预期性\n")
    table = section(text, "目标").tables[0]
    rows = [(i.name, i.category, i.attribute, [(v.year, v.value) for v in i.values]) for i in table.indicators]
    assert rows == [("云平台整合率", "基础设施", "约束性", [(2022, 85), (2025, 95)]),
                    ("政务外网接入率", "基础设施", "预期性", [(2022, 70), (2025, 90)])]


def test_table_without_year_columns_has_no_indicators():
    text = "一、项目\n表2 重点项目\n序号\t项目名称\t建设内容\n1\t政务云\t建设政务云\n"
    assert section(text, "项目").tables[0].indicators == []


# --- on the 十四五 plan -------------------------------------------------------------------

def test_every_year_named_in_a_box_item_has_a_milestone():
    document = planparse.parse(read_fixture("liaoning-digital-gov-14th.txt"))
    items = [item for s in walk_sections(document.sections) for box in s.boxes for item in box.items]
    assert len(items) == 60
    for item in items:
        named = {int(year) for year in re.findall(r"(?<!\d)(20\d\d)年", item.text)}
        assert named <= {m.year for m in item.milestones}, item.name


def _space_aligned(text: str, width, blank_lines: bool) -> str:
    """``text`` with its tab-separated tables aligned with spaces, as a PDF converter writes."""
    rows = [line.split("\t") for line in text.split("\n") if line.count("\t") >= 2]
    sizes = [max(width(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    out = []
    for line in text.split("\n"):
        if line.count("\t") >= 2:
            cells = line.split("\t")
            line = "".join(cell + " " * (size + 2 - width(cell)) for cell, size in zip(cells, sizes)).rstrip()
        out.append(line)
    return ("\n\n" if blank_lines else "\n").join(out)


@pytest.mark.parametrize("width", [len, lambda cell: sum(2 if ord(ch) > 0x2E80 else 1 for ch in cell)],
                         ids=["characters", "display-columns"])
@pytest.mark.parametrize("blank_lines", [False, True])
def test_space_aligned_table_reads_like_the_tab_separated_one(width, blank_lines):
    text = read_fixture("liaoning-digital-gov-14th.txt").decode("utf-8")

    def tables(document):
        return [(t.columns, t.rows) for s in walk_sections(document.sections) for t in s.tables]

    expected = tables(planparse.parse(text))
    assert expected and tables(planparse.parse(_space_aligned(text, width, blank_lines))) == expected


@pytest.mark.parametrize("head", ["专栏 3\n重点工程", "专栏三：重点工程", "专栏3  重点工程"])
def test_box_title_forms(head):
    text = f"一、任务\n{head}\n智慧交通。建设交通大脑。（牵头单位：某市交通局）\n"
    found = boxes(text)
    assert [(b.number, b.title, [i.name for i in b.items]) for b in found] == [(3, "重点工程", ["智慧交通"])]
