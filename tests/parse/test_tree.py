"""Building the heading tree: nesting, sequence checks, run-in headings, what is not a heading."""
from __future__ import annotations

import planparse


def heads(text):
    def walk(sections):
        for s in sections:
            yield (s.level, s.number, s.title)
            yield from walk(s.sections)
    return list(walk(planparse.parse(text).sections))


def test_standard_hierarchy_nests_by_marker():
    text = "一、总体要求\n（一）指导思想\n1.坚持系统观念\n（1）统筹发展\n①加强领导\n二、主要任务\n"
    assert heads(text) == [(1, 1, "总体要求"), (2, 1, "指导思想"), (3, 1, "坚持系统观念"),
                           (4, 1, "统筹发展"), (5, 1, "加强领导"), (1, 2, "主要任务")]


def test_arabic_paren_directly_under_chinese_dun_nests_one_level_down():
    text = "一、总体要求\n（1）统筹发展\n（2）协调推进\n二、主要任务\n（1）建设平台\n"
    assert heads(text) == [(1, 1, "总体要求"), (2, 1, "统筹发展"), (2, 2, "协调推进"),
                           (1, 2, "主要任务"), (2, 1, "建设平台")]


def test_numbering_straight_through_several_parents():
    text = ("一、主要任务\n（一）网络\n1.建设内网\n2.建设外网\n（二）数据\n3.建设数据中心\n4.推进共享\n"
            "（三）应用\n1.重新编号也可以\n")
    assert heads(text) == [(1, 1, "主要任务"), (2, 1, "网络"), (3, 1, "建设内网"), (3, 2, "建设外网"),
                           (2, 2, "数据"), (3, 3, "建设数据中心"), (3, 4, "推进共享"),
                           (2, 3, "应用"), (3, 1, "重新编号也可以")]


def test_document_starting_at_chinese_paren():
    assert heads("（一）指导思想\n正文。\n（二）基本原则\n") == [(1, 1, "指导思想"), (1, 2, "基本原则")]


def test_line_breaking_the_sequence_is_body_text_with_a_warning():
    doc = planparse.parse("一、总体要求\n1.加强领导\n5.这一行打断了编号但是像标题\n2.完善机制\n")
    assert [(s.number, s.title) for s in doc.sections[0].sections] == [(1, "加强领导"), (2, "完善机制")]
    assert doc.sections[0].sections[0].paragraphs == ["5.这一行打断了编号但是像标题"]
    assert any("breaks the numbering" in w for w in doc.source.warnings)


def test_a_long_numbered_task_is_a_heading_titled_by_its_first_sentence():
    doc = planparse.parse("一、主要任务\n1．加快推进全省统一的政务服务平台建设，实现省市县三级全覆盖，推动数据共享和业务协同，"
                          "确保各级政务服务事项全部接入。（牵头考核单位：省营商局，2023年底前完成）\n")
    task = doc.sections[0].sections[0]
    assert task.title == "加快推进全省统一的政务服务平台建设，实现省市县三级全覆盖，推动数据共享和业务协同，确保各级政务服务事项全部接入"
    assert task.leads == ["省营商局"] and task.paragraphs[0].startswith("（牵头考核单位")
    # the title stops before a bracket that names the lead units
    doc = planparse.parse("一、主要任务\n1．建立数据共享长效机制（牵头单位：省大数据局），推动跨部门数据按需共享\n")
    assert doc.sections[0].sections[0].title == "建立数据共享长效机制"
    # a first sentence over 40 characters whose number is the next is a heading, not text
    long = "按照统一标准规范建设全省一体化公共数据平台，汇聚各地区各部门数据资源，形成全省统一的数据资源体系"
    doc = planparse.parse(f"一、主要任务\n1．完善机制。\n2．{long}。\n3．加强保障。\n")
    assert [(t.number, t.title) for t in doc.sections[0].sections] == [(1, "完善机制"), (2, long), (3, "加强保障")]
    doc = planparse.parse("一、考评内容\n1．建立健全政务服务事项清单动态管理机制，编制并公布省市县三级事项清单。"
                          "（2023年底前完成，牵头考核单位：省营商局）\n2．完善考评办法。（牵头考核单位：省政府办公厅）\n")
    assert [(t.number, t.title, t.leads) for t in doc.sections[0].sections] == [
        (1, "建立健全政务服务事项清单动态管理机制，编制并公布省市县三级事项清单", ["省营商局"]),
        (2, "完善考评办法", ["省政府办公厅"])]


def test_numbers_and_date_led_sentences_are_not_headings():
    doc = planparse.parse("一、发展基础\n2.3万平方米的机房已经建成。\n"
                          "1.到2025年，全省数字政府建设水平显著提升，政务服务事项全程网办率达到90%以上，"
                          "数据共享能力大幅增强，群众满意度明显提高。\n")
    assert heads("一、发展基础\n2.3万平方米的机房已经建成。\n") == [(1, 1, "发展基础")]
    assert len(doc.sections[0].sections) == 0 and len(doc.sections[0].paragraphs) == 2


def test_run_in_heading_splits_title_and_body():
    doc = planparse.parse("一、发展基础\n1.加强组织领导，体制机制逐步理顺。2012年，省政府成立了领导小组。\n")
    section = doc.sections[0].sections[0]
    assert (section.marker, section.title) == ("1.", "加强组织领导，体制机制逐步理顺")
    assert section.paragraphs == ["2012年，省政府成立了领导小组。"]


def test_dash_lists_and_lead_sentences_are_paragraphs():
    text = ("一、基本原则\n——坚持需求导向。针对政府履职需要。\n——坚持统筹协调。进一步理顺体制。\n"
            "服务民生效果更加显著。针对健康医疗等民生领域，加快建设。\n")
    doc = planparse.parse(text)
    assert heads(text) == [(1, 1, "基本原则")]
    assert doc.sections[0].paragraphs == ["——坚持需求导向。针对政府履职需要。", "——坚持统筹协调。进一步理顺体制。",
                                          "服务民生效果更加显著。针对健康医疗等民生领域，加快建设。"]


def test_markers_of_every_width_read_the_same():
    for marker in ("1.", "1．", "1﹒", "1、", "1. "):
        assert heads(f"一、任务\n{marker}建设平台\n") == [(1, 1, "任务"), (2, 1, "建设平台")], marker
    for marker in ("(一)", "（一）", "(一) ", "（一）、"):
        assert heads(f"{marker}指导思想\n") == [(1, 1, "指导思想")], marker


def test_chapters_and_sections():
    text = "第一章 发展环境\n第一节 发展基础\n一、数字基础设施\n第二节 面临形势\n第二章 总体要求\n"
    assert heads(text) == [(1, 1, "发展环境"), (2, 1, "发展基础"), (3, 1, "数字基础设施"),
                           (2, 2, "面临形势"), (1, 2, "总体要求")]


def test_numbering_gap_on_a_standalone_heading_is_kept_with_a_warning():
    doc = planparse.parse("一、总体要求\n二、主要任务\n四、保障措施\n")
    assert [s.number for s in doc.sections] == [1, 2, 4]
    assert any("numbering jumps to 4" in w for w in doc.source.warnings)


def test_figures_hang_on_their_section_not_in_the_text():
    doc = planparse.parse("一、体系架构\n架构如下。（见图一）\n图一 数字政府体系架构\n")
    section = doc.sections[0]
    assert section.paragraphs == ["架构如下。（见图一）"]
    assert [(f.number, f.title) for f in section.figures] == [(1, "数字政府体系架构")]


def test_table_with_merged_cells_and_repeated_header():
    text = ("一、目标\n表1 主要指标\n序号\t类别\t指标\n1\t基础设施\t云平台整合率\n2\t\t政务外网接入率\n"
            "序号\t类别\t指标\n3\t数据资源\t数据编目率\n")
    table = planparse.parse(text).sections[0].tables[0]
    assert table.caption == "表1 主要指标" and table.columns == ["序号", "类别", "指标"]
    assert table.rows == [["1", "基础设施", "云平台整合率"], ["2", "基础设施", "政务外网接入率"],
                          ["3", "数据资源", "数据编目率"]]


def test_colon_ends_a_run_in_title():
    doc = planparse.parse("（一）主要目标：到2025年，全省数字政府建设水平显著提升。\n")
    assert (doc.sections[0].title, doc.sections[0].paragraphs) == ("主要目标", ["到2025年，全省数字政府建设水平显著提升。"])


def test_half_parenthesis_numbering():
    assert heads("一、任务\n1）建设平台\n2）完善标准\n") == [(1, 1, "任务"), (2, 1, "建设平台"), (2, 2, "完善标准")]


def test_numbered_box_items_are_not_headings():
    text = ("一、任务\n（一）基础设施\n1.建设平台。正文。\n专栏1 重点工程\n1.网络建设。到2025年建成。\n"
            "2.数据中心建设。到2025年建成。\n2.完善标准。正文。\n（二）数据资源\n专栏2 数据工程\n1.数据共享工程。建成平台。\n"
            "1.推进共享。\n")
    assert heads(text) == [(1, 1, "任务"), (2, 1, "基础设施"), (3, 1, "建设平台"), (3, 2, "完善标准"),
                           (2, 2, "数据资源"), (3, 1, "推进共享")]


def test_unnumbered_box_items_end_at_the_next_heading():
    text = "一、任务\n（一）基础设施\n专栏1 重点工程\n网络建设。到2025年建成。\n1.建设平台。正文。\n"
    assert heads(text) == [(1, 1, "任务"), (2, 1, "基础设施"), (3, 1, "建设平台")]


def test_an_attachment_numbered_on_its_own_is_an_appendix_with_its_own_tree():
    text = ("某市政务服务工作考评办法\n一、总则\n为推进政务服务工作，制定本办法。\n二、考评内容\n"
            "1．完善考评办法。（牵头考核单位：市政府办公室）\n三、附则\n本办法自印发之日起施行。\n附件\n考评指标\n"
            "一、政务服务\n（一）事项办理。网办率达到90%以上。（牵头考核单位：市数据局）\n"
            "二、数据共享\n（一）共享率。2023年底前达到80%。（牵头考核单位：市数据局）\n")
    doc = planparse.parse(text)
    assert [s.title for s in doc.sections] == ["总则", "考评内容", "附则"] and not doc.source.warnings
    appendix = doc.appendices[0]
    assert appendix.title == "考评指标" and [s.title for s in appendix.sections] == ["政务服务", "数据共享"]
    assert appendix.sections[0].sections[0].leads == ["市数据局"]
    from planparse.corpus.commitments import commitments

    assert [r.name for r in commitments(doc) if r.kind == "task"] == ["总则", "完善考评办法", "附则", "事项办理", "共享率"]


def test_a_notice_that_issues_two_documents_gives_both():
    text = ("某市人民政府关于印发《某市促进数字经济发展若干政策》和《某市数字经济行动计划》的通知\n各区人民政府，市政府各部门：\n"
            "现将《某市促进数字经济发展若干政策》《某市数字经济行动计划》印发给你们，请认真贯彻执行。\n某市人民政府\n2023年5月8日\n"
            "某市促进数字经济发展若干政策\n一、支持企业上云\n对上云企业给予补贴。（责任单位：市工信局）\n二、支持平台建设\n"
            "建设工业互联网平台。（责任单位：市发展改革委）\n某市数字经济行动计划\n一、总体要求\n到2025年，核心产业增加值达到1000亿元。\n"
            "二、重点任务\n（一）建设数据中心。2024年底前建成。（责任单位：市数据局）\n")
    doc = planparse.parse(text)
    assert [(p.title, [s.title for s in p.sections]) for p in doc.documents] == [
        ("某市促进数字经济发展若干政策", ["支持企业上云", "支持平台建设"]), ("某市数字经济行动计划", ["总体要求", "重点任务"])]
    assert doc.sections is doc.documents[0].sections and not doc.notice.sections
    from planparse.corpus.commitments import commitments

    tasks = [(r.path[0], r.name, r.leads) for r in commitments(doc) if r.kind == "task"]
    assert ("某市促进数字经济发展若干政策", "支持企业上云", ["市工信局"]) in tasks
    assert ("某市数字经济行动计划", "建设数据中心", ["市数据局"]) in tasks


def test_a_notice_with_points_of_its_own_then_its_plan_is_one_document():
    text = ("某市人民政府关于印发某市数字政府建设方案的通知\n各区人民政府：\n现将方案印发给你们。\n一、提高认识\n要高度重视。\n"
            "二、抓好落实\n要狠抓落实。\n某市数字政府建设方案\n一、总体要求\n正文。\n二、主要任务\n正文。\n")
    doc = planparse.parse(text)
    assert doc.documents == [] and [s.title for s in doc.notice.sections] == ["提高认识", "抓好落实"]
    assert [s.title for s in doc.sections] == ["总体要求", "主要任务"]


def test_a_heading_fused_with_its_text_is_split_where_the_contents_say():
    text = ("某省农业发展规划\n目录\n第一章发展基础……1\n第一节加强农业基础设施建设……2\n第二节推进农业结构调整……3\n"
            "第一章发展基础\n第一节加强农业基础设施建设加快建设高标准农田，完善农田水利设施。\n"
            "第二节推进农业结构调整优化种植结构，发展特色产业。\n")
    chapter = planparse.parse(text).sections[0]
    assert [(s.title, s.paragraphs) for s in chapter.sections] == [
        ("加强农业基础设施建设", ["加快建设高标准农田，完善农田水利设施。"]),
        ("推进农业结构调整", ["优化种植结构，发展特色产业。"])]


def test_contents_entries_run_together_on_one_line_are_read_apart():
    text = ("某省发展规划纲要\n目 录\n第一章 发展基础 1 第二章 指导思想 3 第三章 主要任务 5\n第一章 发展基础\n正文。\n"
            "第二章 指导思想\n正文。\n第三章 主要任务\n正文。\n")
    doc = planparse.parse(text)
    assert [(e.number, e.title, e.page) for e in doc.toc] == [(1, "发展基础", 1), (2, "指导思想", 3), (3, "主要任务", 5)]
    assert [s.title for s in doc.sections] == ["发展基础", "指导思想", "主要任务"] and not doc.source.warnings
