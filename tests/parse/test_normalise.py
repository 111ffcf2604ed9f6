"""Each normalising stage, with inputs where it must fire and where it must not."""
from __future__ import annotations

import codecs

import pytest

from planparse.errors import InputError
from planparse.parse.decode import decode
from planparse.parse.normalise import (
    cjk_punctuation,
    cjk_spacing,
    fullwidth_alphanumerics,
    indentation,
    invisible_characters,
    line_endings,
    normalise,
    space_aligned_cells,
)


@pytest.mark.parametrize("raw, encoding", [
    ("规划".encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + "规划".encode("utf-8"), "utf-8-sig"),
    ("规划".encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + "规划".encode("utf-16-be"), "utf-16"),
    ("辽宁省数字政府规划".encode("gb18030"), "gb18030"),
])
def test_decode_strict_order(raw, encoding):
    text, found = decode(raw)
    assert found == encoding and text.endswith("规划")


def test_decode_refuses_to_guess_latin1():
    with pytest.raises(InputError, match="not UTF-8"):
        decode("Ceci n'est pas un plan: café".encode("latin-1"))


def test_line_endings():
    assert line_endings("一\r\n二\r三\n") == ("一\n二\n三\n", 2)


def test_indentation_keeps_tabs():
    assert indentation("\u3000\u3000正文 \n\t1\t基础设施\t") == "正文\n\t1\t基础设施\t"


@pytest.mark.parametrize("before, after", [
    ("2012 年，省政府", "2012年，省政府"),
    ("政府网站 APP，用户超过 10 万人", "政府网站APP，用户超过10万人"),
    ("（一） 我省", "（一）我省"),
    ("RFID SIM and IPv4/IPv6", "RFID SIM and IPv4/IPv6"),
    ("计划名称\t计划内容", "计划名称\t计划内容"),
])
def test_cjk_spacing(before, after):
    assert cjk_spacing(before) == after


@pytest.mark.parametrize("before, after", [
    ("目前,全省已有11个市:沈阳;大连!", "目前，全省已有11个市：沈阳；大连！"),
    ("(一)指导思想", "（一）指导思想"),
    ("第6版(IPv6)地址", "第6版（IPv6）地址"),
    ("营商环境便利度(1—100分)", "营商环境便利度（1—100分）"),
    ("附件1:", "附件1："),
    ('推进"一网通办"', "推进“一网通办”"),
])
def test_cjk_punctuation_fires_in_chinese_context(before, after):
    assert cjk_punctuation(before) == after


@pytest.mark.parametrize("text", ["2.3万平方米", "1,000", "10:30", "f(x), g(y)", "(IPv6)", "IT, RFID; ETC"])
def test_cjk_punctuation_leaves_numbers_and_latin_alone(text):
    assert cjk_punctuation(text) == text


def test_fullwidth_alphanumerics_and_invisible_characters():
    assert fullwidth_alphanumerics("２０２１年ＩＰｖ６") == "2021年IPv6"
    assert invisible_characters("数\u200b字\ufeff政\u00ad府") == "数字政府"


def test_normalise_counts_each_stage_that_changed_something():
    text, repairs = normalise("（一）指导思想\r\n2012 年,省政府成立\r\n")
    assert text == "（一）指导思想\n2012年，省政府成立\n"
    assert {r.kind: r.count for r in repairs} == {"line-endings": 2, "cjk-punctuation": 1, "cjk-spacing": 1}


def test_normalise_keeps_the_number_of_lines():
    raw = "一、总体要求\r\n\u3000\u3000正文 ,内容\r\r\n(二)任务\n"
    assert normalise(raw)[0].count("\n") == raw.replace("\r\n", "\n").replace("\r", "\n").count("\n")


@pytest.mark.parametrize("text", ["共1,000人", "网址：http://www.gov.cn", "会议于10:30召开"])
def test_numbers_times_and_addresses_keep_their_punctuation(text):
    assert cjk_punctuation(text) == text


def test_tabs_that_only_indent_go_and_cell_tabs_stay():
    assert indentation("\t为全面提升水平。\n1\t基础\t\t\n\t基础\t指标\n尾部\t") == \
        "为全面提升水平。\n1\t基础\t\t\n\t基础\t指标\n尾部"


def test_markdown_emphasis_from_converters():
    from planparse.parse.normalise import markdown_emphasis

    assert markdown_emphasis("**一、总体要求**\n## （一）指导思想\n正文2**3\n填写____年") == "一、总体要求\n（一）指导思想\n正文23\n填写____年"


@pytest.mark.parametrize("text", [
    "辽宁省人民政府办公厅  2016年10月\n某某某  某某某",  # one gap a line: a signature, not a table
    "全 省 电 子 政 务\n网 络 互 联 互 通",  # letter-spaced text
    "序号  类别  指标\n正文一段，没有对齐的列。",  # a single aligned line is no table
])
def test_space_aligned_cells_leaves_text_that_is_no_table(text):
    assert space_aligned_cells(text) == text


@pytest.mark.parametrize("text, want", [
    ("网站群建设\n,53家单位接入", "网站群建设\n，53家单位接入"),  # a hard wrap put the comma at the line's start
    ("覆盖率达到74\n%,其余", "覆盖率达到74\n%，其余"),  # and inside the figure before it
    ("推进平台建设,\n完善机制", "推进平台建设，\n完善机制"),
    ("(责任单位:省营商局(大数据局))", "（责任单位：省营商局（大数据局））"),  # brackets in brackets
    ("建设（大数据局）\n)完善", "建设（大数据局）\n）完善"),
    ("1,000元 10:30 (IPv6)", "1,000元 10:30 (IPv6)"),  # a number, a time, Latin in brackets stay
])
def test_half_width_marks_across_a_line_break_and_in_nested_brackets(text, want):
    assert cjk_punctuation(text) == want
