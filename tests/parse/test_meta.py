"""Metadata and the covering notice, on constructed front matter."""
from __future__ import annotations

import pytest

import planparse

NOTICE = """广东省人民政府办公厅文件
粤府办 〔2014〕 66 号
广东省人民政府办公厅关于印发《广东省电子政务发展规划（2014—2020年）》的通知
各地级以上市人民政府，省政府各部门：
《广东省电子政务发展规划（2014—2020年）》已经省人民政府同意，现印发给你们，请认真组织实施。
广东省电子政务发展规划
（2014—2020 年）
为深入贯彻落实党的十八大精神，制定本规划。
一、发展基础
近年来，我省电子政务快速发展。
附件：1. 广东省电子政务发展重点计划
2. 广东省电子政务发展重点项目
附件 1:
广东省电子政务发展重点计划
序号\t计划名称
1\t网络治理计划
抄送：省委有关部委办。
广东省人民政府办公厅秘书处
2014年12月8日印发
"""


def test_covering_notice_goes_to_notice_and_meta():
    doc = planparse.parse(NOTICE)
    assert (doc.meta.title, doc.meta.doc_number, doc.meta.issuer, doc.meta.date, doc.meta.period) == (
        "广东省电子政务发展规划", "粤府办〔2014〕66号", "广东省人民政府办公厅", "2014-12-08", [2014, 2020])
    assert doc.notice.addressees == "各地级以上市人民政府，省政府各部门："
    assert doc.notice.attachments == ["广东省电子政务发展重点计划", "广东省电子政务发展重点项目"]
    assert doc.notice.colophon[0] == "抄送：省委有关部委办。"
    assert doc.preamble == ["为深入贯彻落实党的十八大精神，制定本规划。"]


def test_attachment_list_is_not_a_heading_and_appendix_holds_its_table():
    doc = planparse.parse(NOTICE)
    assert [s.title for s in doc.sections] == ["发展基础"] and doc.sections[0].sections == []
    appendix = doc.appendices[0]
    assert (appendix.number, appendix.title) == (1, "广东省电子政务发展重点计划")
    assert appendix.tables[0].rows == [["1", "网络治理计划"]]


def test_edition_gives_the_period():
    doc = planparse.parse("辽政办发〔2016〕76 号\n辽宁省电子政务发展“十三五”规划\n一、总体评价\n")
    assert (doc.meta.edition, doc.meta.period, doc.meta.doc_number) == ("十三五", [2016, 2020], "辽政办发〔2016〕76号")


def test_period_in_the_title():
    doc = planparse.parse("辽宁省数字经济发展规划（2021—2025年）\n一、现状\n")
    assert doc.meta.period == [2021, 2025] and doc.meta.edition is None


def test_signature_after_notice_text():
    doc = planparse.parse("各市人民政府：\n《实施方案》已经省政府同意，现印发给你们，请认真贯彻执行。\n"
                          "辽宁省人民政府办公厅\n2025年7月2日\n（此件公开发布）\n辽宁省数字政府建设实施方案\n"
                          "（2025—2027年）\n一、总体要求\n")
    assert (doc.meta.title, doc.meta.issuer, doc.meta.date, doc.meta.period) == (
        "辽宁省数字政府建设实施方案", "辽宁省人民政府办公厅", "2025-07-02", [2025, 2027])
    assert doc.notice.text == ["《实施方案》已经省政府同意，现印发给你们，请认真贯彻执行。", "（此件公开发布）"]


def test_doc_number_cited_in_running_text_is_not_the_documents():
    doc = planparse.parse("关于数字政府的规划\n依据《指导意见》（国办发〔2014〕66号），制定本规划。\n一、总体要求\n")
    assert doc.meta.doc_number is None


def test_title_wrapped_over_two_lines_and_a_chinese_numeral_date():
    doc = planparse.parse("辽宁省数字经济\n发展规划\n二〇二一年十月八日\n一、总体要求\n")
    assert (doc.meta.title, doc.meta.date) == ("辽宁省数字经济发展规划", "2021-10-08")


def test_issuer_line_above_the_title_is_not_part_of_it():
    doc = planparse.parse("辽政办发〔2021〕3号\n辽宁省数字政府规划\n一、总体要求\n")
    assert (doc.meta.title, doc.meta.doc_number) == ("辽宁省数字政府规划", "辽政办发〔2021〕3号")


def test_web_copy_with_indented_paragraphs_keeps_its_front_matter_lines_apart():
    text = ("国务院办公厅关于印发“十四五”推进国家政务信息化规划的通知\n国办发〔2021〕52号\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "\u3000\u3000《“十四五”推进国家政务信息化规划》已经国务院同意，现印发给你们，请认真贯彻执行。\n"
            "国务院办公厅\n2021年12月24日\n（此件公开发布）\n“十四五”推进国家政务信息化规划\n"
            "\u3000\u3000政务信息化是推进国家治理现代化的重要手段。为加快推进政务信息化建设，制定本规划。\n"
            "一、发展现状与形势\n（一）发展现状。\n\u3000\u3000“十三五”时期，我国政务信息化建设取得显著成效。\n"
            "（二）面临形势。\n\u3000\u3000当前，新一轮科技革命深入发展。\n")
    doc = planparse.parse(text)
    assert (doc.meta.title, doc.meta.doc_number, doc.meta.issuer, doc.meta.date, doc.meta.edition, doc.meta.period) == (
        "“十四五”推进国家政务信息化规划", "国办发〔2021〕52号", "国务院办公厅", "2021-12-24", "十四五", [2021, 2025])
    assert doc.preamble == ["政务信息化是推进国家治理现代化的重要手段。为加快推进政务信息化建设，制定本规划。"]
    assert doc.notice.text == ["《“十四五”推进国家政务信息化规划》已经国务院同意，现印发给你们，请认真贯彻执行。",
                               "（此件公开发布）"]


def test_notice_with_numbered_points_of_its_own():
    text = ("各市人民政府：\n现将《辽宁省数字政府建设实施方案》印发给你们，并提出如下要求：\n一、提高思想认识\n各地要高度重视。\n"
            "二、加强组织实施\n各部门要抓好落实。\n辽宁省人民政府办公厅\n2025年7月2日\n辽宁省数字政府建设实施方案\n"
            "为推进数字政府建设，制定本方案。\n一、总体要求\n到2027年，基本建成。\n二、主要任务\n（一）建设平台\n")
    doc = planparse.parse(text)
    assert [s.title for s in doc.sections] == ["总体要求", "主要任务"]
    assert [s.title for s in doc.notice.sections] == ["提高思想认识", "加强组织实施"]
    assert doc.notice.sections[-1].paragraphs == ["各部门要抓好落实。"]
    assert (doc.meta.title, doc.meta.issuer, doc.meta.date) == ("辽宁省数字政府建设实施方案", "辽宁省人民政府办公厅", "2025-07-02")
    assert doc.preamble == ["为推进数字政府建设，制定本方案。"] and doc.source.warnings == []


def test_notice_whose_attachment_is_the_plan():
    text = ("各市人民政府：\n现将《辽宁省数字政府建设实施方案》印发给你们，并提出如下要求：\n一、提高思想认识\n各地要高度重视。\n"
            "二、加强组织实施\n各部门要抓好落实。\n附件：辽宁省数字政府建设实施方案\n辽宁省人民政府办公厅\n2025年7月2日\n附件\n"
            "辽宁省数字政府建设实施方案\n为推进数字政府建设，制定本方案。\n一、总体要求\n到2027年，基本建成。\n二、主要任务\n")
    doc = planparse.parse(text)
    assert [s.title for s in doc.sections] == ["总体要求", "主要任务"] and doc.appendices == []
    assert doc.notice.attachments == ["辽宁省数字政府建设实施方案"]
    assert (doc.meta.title, doc.meta.issuer, doc.meta.date) == ("辽宁省数字政府建设实施方案", "辽宁省人民政府办公厅", "2025-07-02")


def test_labels_above_the_title_go_to_meta_and_nothing_is_dropped():
    doc = planparse.parse("辽政办发〔2021〕3号\n辽宁省大数据管理局\n2021年10月\n另一个文号辽政发〔2020〕1号\n"
                          "辽宁省数字政府规划\n一、总体要求\n")
    assert (doc.meta.doc_number, doc.meta.issuer, doc.meta.date) == ("辽政办发〔2021〕3号", "辽宁省大数据管理局", "2021-10")
    assert doc.preamble == ["另一个文号辽政发〔2020〕1号"]


@pytest.mark.parametrize("above", ["附件1", "附件", "某政办发〔2016〕76号  附件 2", "某政办发〔2016〕76号  附件2：", "附件3：",
                                   "附件二：", "附件1-1：", "附件（一）", "附件A："])
def test_a_label_marking_the_plan_as_an_attachment_is_neither_title_nor_text_and_is_counted(above):
    doc = planparse.parse(f"{above}\n\n某市数字政府发展规划\n\n为推进建设，制定本规划。\n\n一、总体要求\n\n内容。\n")
    assert doc.meta.title == "某市数字政府发展规划"
    assert doc.preamble == ["为推进建设，制定本规划。"]
    labels = [r for r in doc.source.repairs if r.kind == "attachment-label"]
    assert len(labels) == 1 and labels[0].count == 1 and labels[0].examples[0].startswith("附件")


def test_a_label_between_a_covering_notice_and_the_plan_is_no_text_of_the_notice():
    doc = planparse.parse("各市人民政府：\n\n现将《某市方案》印发给你们，请认真贯彻执行。\n\n某市人民政府办公室\n\n2025年7月2日\n\n"
                          "附件1\n\n某市数字政府建设实施方案\n\n为推进建设，制定本方案。\n\n一、总体要求\n\n内容。\n")
    assert doc.notice.text == ["现将《某市方案》印发给你们，请认真贯彻执行。"]
    assert doc.meta.title == "某市数字政府建设实施方案" and doc.preamble == ["为推进建设，制定本方案。"]
    assert [(r.kind, r.count) for r in doc.source.repairs if r.kind == "attachment-label"] == [("attachment-label", 1)]


def test_a_line_that_speaks_of_an_attachment_stays_text():
    doc = planparse.parse("附件材料已按要求报送。\n\n某市数字政府发展规划\n\n一、总体要求\n\n内容。\n")
    assert doc.meta.title == "某市数字政府发展规划" and doc.preamble == ["附件材料已按要求报送。"]
    assert not [r for r in doc.source.repairs if r.kind == "attachment-label"]


def test_status_note_under_the_title():
    doc = planparse.parse("沈阳市“十四五”数字政府建设规划\n（征求意见稿）\n沈阳市大数据管理局\n2021年12月\n一、发展基础\n")
    assert (doc.meta.status, doc.meta.issuer, doc.meta.date, doc.preamble) == ("征求意见稿", "沈阳市大数据管理局", "2021-12", [])


def test_title_from_the_notice_when_the_plan_repeats_none():
    doc = planparse.parse("辽宁省人民政府办公厅关于印发《辽宁省数字政府建设实施方案（2025—2027年）》的通知\n"
                          "各市人民政府：\n现印发给你们，请认真贯彻执行。\n一、总体要求\n正文。\n")
    assert (doc.meta.title, doc.meta.period, doc.meta.issuer) == (
        "辽宁省数字政府建设实施方案（2025—2027年）", [2025, 2027], "辽宁省人民政府办公厅")


def test_titles_in_book_brackets_or_with_a_note():
    assert planparse.parse("《辽宁省数字政府建设规划》\n一、总体要求\n").meta.title == "辽宁省数字政府建设规划"
    assert planparse.parse("辽宁省公共数据管理办法（试行）\n一、总则\n").meta.title == "辽宁省公共数据管理办法（试行）"
