"""Hard-wrap repair and page furniture, on constructed layouts."""
from __future__ import annotations

import planparse
from planparse.parse.blocks import Line
from planparse.parse.layout import Edges, display_width, edges, ends_paragraph, measure, unwrap
from planparse.rules.grammar import load_grammar

BODY = ("为全面提升我省电子政务发展水平，促进电子政务协调发展，依据国务院办公厅的指导意见和省政府的"
        "实施意见的有关精神，按照省政府的统一部署，制定本规划。")


def wrap(text: str, width: int = 28) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def lines_of(text):
    return [Line(no, line) for no, line in enumerate(text.split("\n"), start=1)]


def test_display_width_counts_chinese_as_two():
    assert display_width("数字2025") == 8


def test_wrapped_paragraph_is_joined_whatever_the_width():
    for width in (20, 28, 35):
        text = "\n\n".join(["一、总体要求"] + wrap(BODY, width) + ["二、主要任务"] + wrap(BODY, width))
        doc = planparse.parse(text)
        assert [s.paragraphs for s in doc.sections] == [[BODY], [BODY]], width


def test_headings_and_dash_lists_are_never_swallowed():
    text = "\n".join(wrap("——坚持需求导向。" + BODY, 28) + wrap("——坚持统筹协调。" + BODY, 28) + ["（一）指导思想。"])
    doc = planparse.parse("一、原则\n" + text)
    assert len(doc.sections[0].paragraphs) == 2 and doc.sections[0].sections[0].title == "指导思想"


def test_short_title_lines_stay_apart():
    doc = planparse.parse("辽宁省数字政府发展规划\n省营商环境建设局\n2021年10月\n一、总体要求\n正文。\n")
    assert (doc.meta.title, doc.meta.issuer, doc.meta.date) == ("辽宁省数字政府发展规划", "省营商环境建设局", "2021-10")


def test_page_break_inside_a_sentence_in_a_paragraph_per_line_text():
    doc = planparse.parse("一、现状\n数据共享取得突破，建成省市两级平台，汇聚\n\n部门数据约9亿条。\n")
    assert doc.sections[0].paragraphs == ["数据共享取得突破，建成省市两级平台，汇聚部门数据约9亿条。"]


def test_an_indented_line_starts_a_paragraph_in_a_paragraph_per_line_text():
    """…as render writes a paragraph after one that stops mid-sentence; a line without the
    indent still goes on with the sentence (a page break), and where every line is indented
    the indent says nothing."""
    text = "一、现状\n数据共享取得突破，建成省市两级平台，\n\u3000\u3000部门数据约9亿条。\n二、任务\n建设平台，汇聚\n数据。\n"
    doc = planparse.parse(text)
    assert doc.sections[0].paragraphs == ["数据共享取得突破，建成省市两级平台，", "部门数据约9亿条。"]
    assert doc.sections[1].paragraphs == ["建设平台，汇聚数据。"]
    every = "\n".join("\u3000\u3000" + line for line in text.replace("\u3000", "").split("\n") if line)
    assert planparse.parse(every).sections[0].paragraphs == ["数据共享取得突破，建成省市两级平台，部门数据约9亿条。"]


def test_render_indents_a_paragraph_after_one_that_stops_mid_sentence():
    from planparse.model.emit import to_data
    from planparse.parse.plaintext import render_text

    tree = {"schema": "planparse/1", "meta": {}, "sections": [
        {"level": 1, "number": 1, "marker": "一、", "title": "现状", "sections": [],
         "paragraphs": ["数据共享取得突破，", "部门数据约9亿条。", "建成平台。"]}]}
    text = render_text(tree)
    assert "\n\u3000\u3000部门数据约9亿条。\n建成平台。" in text
    assert to_data(planparse.parse(text))["sections"][0]["paragraphs"] == tree["sections"][0]["paragraphs"]


def test_lead_unit_bracket_on_its_own_line_continues_the_item():
    doc = planparse.parse("一、任务\n大数据中心。2025年底全面建成。\n〔牵头单位：省营商局（大数据局）〕\n下一项。\n")
    assert doc.sections[0].paragraphs == ["大数据中心。2025年底全面建成。〔牵头单位：省营商局（大数据局）〕", "下一项。"]


def test_trailing_space_marks_paragraph_ends_when_the_text_uses_them():
    grammar = load_grammar()
    full = wrap(BODY * 3, 28)
    raw = "\n".join(full[:-1] + [full[-1] + " "] + ["新的一段开始了，没有编号，也没有缩进。 "] + full)
    lines = lines_of(raw.replace(" \n", "\n").rstrip())
    layout = measure(lines, grammar, edges(raw))
    assert layout.end_marks is not None
    blocks, _ = unwrap(lines, grammar, layout)
    assert len(blocks) == 3


def test_indented_first_lines_mark_paragraph_starts():
    grammar = load_grammar()
    first, second = wrap(BODY, 28), wrap(BODY, 28)
    raw = "\n".join(["\u3000\u3000" + first[0]] + first[1:] + ["\u3000\u3000" + second[0]] + second[1:]
                    + ["\u3000\u3000" + first[0]] + first[1:])
    lines = lines_of(raw.replace("\u3000", ""))
    layout = measure(lines, grammar, edges(raw))
    assert layout.start_marks is not None
    blocks, _ = unwrap(lines, grammar, layout)
    assert [b.text for b in blocks] == [BODY, BODY, BODY]


def test_a_dateline_stands_alone_where_indents_mark_paragraph_starts():
    # a PDF's cover: the issuer indented, the date not, the foreword's first line not indented
    # either (not every paragraph is): the date is joined neither to the issuer nor to the
    # foreword (a line that is a date and nothing else: the grammar's meta.date)
    grammar = load_grammar()
    body = wrap(BODY, 28)
    raw = "\n".join(["\u3000\u3000某省发展和改革委员会", "2021年10月"] + body + ["\u3000\u3000" + body[0]] + body[1:]
                    + ["\u3000\u3000" + body[0]] + body[1:])
    lines = lines_of(raw.replace("\u3000", ""))
    layout = measure(lines, grammar, edges(raw))
    assert layout.start_marks is not None and layout.full_width is not None
    blocks, _ = unwrap(lines, grammar, layout)
    assert [b.text for b in blocks] == ["某省发展和改革委员会", "2021年10月", BODY, BODY, BODY]
    # the same date run on in a sentence is text, not a dateline
    assert [b.text for b in unwrap(lines_of("\n".join(wrap("计划于2021年10月前完成" + BODY, 28))), grammar,
                                   layout)[0]] == ["计划于2021年10月前完成" + BODY]


def test_a_bracket_left_open_does_not_end_the_paragraph():
    # 〔牵头单位： at a line's end: the colon is inside a bracket the next line closes
    grammar = load_grammar()
    assert not ends_paragraph("推进信息共享。〔牵头单位：", grammar)
    assert not ends_paragraph("实现数据互通（见专栏3：", grammar)
    assert ends_paragraph("仍然存在以下问题：", grammar) and ends_paragraph("出台。〔牵头单位：省委网信办〕", grammar)


def _unwrapped(body: list[str]) -> list[str]:
    grammar = load_grammar()
    lines = lines_of("\n".join(body))
    return [b.text for b in unwrap(lines, grammar, measure(lines, grammar, Edges()))[0]]


def test_a_dash_or_dot_the_wrap_put_at_a_line_start_is_no_list_item():
    # a hyphen (RFID-SIM, 新机场-清水河) or a name's dot (中国·南昌) after a full line that
    # stops mid-sentence; a dash and a space after a lead-in is an item of a list
    for first, rest in (("建设了省政府智能通行管理系统，该系统利用RFID", "-SIM等物联网技术，实现了远程识别。"),
                        ("开工建设市区至新机场、呼市至鄂尔多斯、新机场", "-清水河城关镇高速公路，构建综合交通网络。"),
                        ("推进文化设施项目建设。举办第四届中国南昌国际", "·军乐节，推出一批特色鲜明的优秀作品。")):
        assert load_grammar().matches_any("block-starts", load_grammar().top_lists["block_starts"], rest)
        width = len(first)
        blocks = _unwrapped(wrap(BODY * 3, width) + [first, rest] + wrap(BODY * 3, width))
        assert any(b.endswith(first + rest) for b in blocks), rest
    first = "建设了省政府智能通行管理系统，该系统利用以下技术："
    assert "- SIM卡" in _unwrapped(wrap(BODY * 3, len(first)) + [first, "- SIM卡"])
    assert "-SIM卡" in _unwrapped(wrap(BODY * 3, len(first)) + [first, "-SIM卡"])  # (after a lead-in)


def _ending_a_line(text: str, width: int) -> str:
    """``text`` lengthened so that, wrapped at ``width``, its last line is full and ends in 。."""
    pad = "坚持系统治理并加强源头防控，" * width
    return text + pad[:(-len(text) - 1) % width] + "。"


def test_a_marker_the_wrap_put_at_a_line_start_goes_on_a_run_in_list():
    # 办好10件实事。（1）…（2）…（3）…。 / （4）…: the paragraph holds （3） inside it, so （4）
    # at the start of the next line goes on the run-in list; after a heading （3） (the
    # paragraph's start), or a figure (13.5%), a marker at a line's start is a heading
    width, item = 28, "（4）加强饮用水源保护。关停搬迁四十个货运码头。"
    run_in = _ending_a_line("办好十件实事。（1）推进公交建设。（2）开展大气治理。（3）推进水环境治理", width)
    blocks = _unwrapped(wrap(BODY * 2, width) + wrap(run_in, width) + [item] + wrap(BODY * 2, width))
    assert run_in + item in blocks
    heading = _ending_a_line("（3）推进水环境治理", width)
    assert item in _unwrapped(wrap(BODY * 2, width) + wrap(heading, width) + [item] + wrap(BODY * 2, width))
    for run, next_item in (("工作分三步走。第一，摸清底数。第二，制定方案", "第三，抓好落实。确保各项任务按期完成。"),
                           ("十方面民生实事高质量完成。①新增床位。②新增托位", "③新建学校九十八所。新增学位八万个。")):
        ordinal = _ending_a_line(run, width)
        assert ordinal + next_item in _unwrapped(wrap(BODY * 2, width) + wrap(ordinal, width) + [next_item]
                                                 + wrap(BODY * 2, width))
    figure = _ending_a_line("全年增长13.5%，推进水环境治理", width)
    assert item.replace("（4）", "4.") in _unwrapped(wrap(BODY * 2, width) + wrap(figure, width) + [item.replace("（4）", "4.")]
                                                   + wrap(BODY * 2, width))


def test_the_first_marker_of_a_run_in_list_the_wrap_put_at_a_line_start_goes_on_the_paragraph():
    # …国务院已经决定： / 第一、严格控制…。第二、统一…: the second marker stands inside a line
    # ahead, so the list runs in; where the second item starts a line of its own (a list of
    # paragraphs, or headings), the first starts its own paragraph too
    width = 28
    lead = _ending_a_line("为此，必须控制货币发行量。国务院已经决定：", width)[:-1] + "："
    for first, rest in (("第一、严格控制消费基金的增长，严禁乱发奖金和实物，恢复工资基", "金管理制度。第二、统一制定信贷计划。"),
                        ("（1）严格控制消费基金的增长，严禁乱发奖金和实物，恢复工资基", "金管理制度。（2）统一制定信贷计划。")):
        text = wrap(BODY * 2, width) + wrap(lead, width) + [first, rest] + wrap(BODY * 2, width)
        assert any(block.endswith(lead + first + rest) for block in _unwrapped(text)), first
        second = rest.split("。")[1] + "。"
        listed = wrap(BODY * 2, width) + wrap(lead, width) + [first[:20] + "。", second] + wrap(BODY * 2, width)
        blocks = _unwrapped(listed)
        assert first[:20] + "。" in blocks and second in blocks, first
    # a heading's title is no wrapped line, whatever runs in further on (…第二、… inside its text)
    heading = "第一、总体要求"
    body = wrap("坚持稳中求进。第一、稳增长。第二、调结构。" + BODY, width)
    assert heading in _unwrapped(wrap(BODY * 2, width) + wrap(lead, width) + [heading] + body)


def test_an_indented_line_that_starts_like_a_heading_starts_a_paragraph_after_a_line_without_its_stop():
    # 第二，… 发展 (its 。 missing) / 　　第三，…: where indents mark paragraph starts, the indent
    # says the paragraph starts, though the line before stops without punctuation
    grammar = load_grammar()
    width = 28
    second = wrap(_ending_a_line("第二，必须始终把推进经济结构调整作为发展的主线", width)[:-1], width)
    third = wrap("第三，必须坚持以人为本，牢固树立和认真落实全面、协调、可持续的科学发展观。" + BODY, width)
    assert grammar.match_heading(third[0]) is not None
    raw = "\n".join(["\u3000\u3000" + wrap(BODY, width)[0]] + wrap(BODY, width)[1:] + second
                    + ["\u3000\u3000" + third[0]] + third[1:] + ["\u3000\u3000" + wrap(BODY, width)[0]] + wrap(BODY, width)[1:])
    lines = lines_of(raw.replace("\u3000", ""))
    layout = measure(lines, grammar, edges(raw))
    assert layout.start_marks is not None and layout.full_width is not None and layout.is_full(second[-1])
    blocks = [b.text for b in unwrap(lines, grammar, layout)[0]]
    assert "".join(third) in blocks


def test_ambiguous_width_marks_count_two_columns_as_a_chinese_font_sets_them():
    assert display_width("由2.9∶1缩小至2.52∶1") == display_width("由2.9：1缩小至2.52：1")
    assert display_width("①②") == display_width("·×") == 4 and display_width("℃") == 2


def test_no_marks_without_evidence():
    grammar = load_grammar()
    lines = lines_of("\n".join(wrap(BODY * 4, 28)))
    layout = measure(lines, grammar, Edges())
    assert layout.end_marks is None and layout.start_marks is None and layout.full_width is not None


def test_page_numbers_and_running_headers_are_furniture():
    text = "\n".join(["辽宁省数字政府发展规划", "一、总体要求", "正文第一段。", "- 1 -", "辽宁省数字政府发展规划",
                      "正文第二段。", "— 2 —", "二、主要任务", "正文。", "3"])
    doc = planparse.parse(text)
    assert doc.sections[0].paragraphs == ["正文第一段。", "正文第二段。"]
    furniture = next(r for r in doc.source.repairs if r.kind == "page-furniture")
    assert furniture.count == 4 and "- 1 -" in furniture.examples


def test_a_running_header_before_the_first_heading_goes_next_to_a_page_number():
    # a report whose first heading comes late: page 1's header is furniture too, the title stays
    para = "过去一年，我们坚持稳中求进工作总基调，全市经济社会发展取得新成效。"
    text = "\n".join(["某市政府工作报告", para, "- 1 -", "某市政府工作报告", para, "- 2 -", "某市政府工作报告",
                      para, "一、主要工作", para, "- 3 -", "某市政府工作报告", para])
    doc = planparse.parse(text)
    assert doc.meta.title == "某市政府工作报告" and doc.preamble == [para] * 3
    furniture = next(r for r in doc.source.repairs if r.kind == "page-furniture")
    assert furniture.count == 6


def test_table_of_contents_goes_to_toc_not_sections():
    text = "规划\n目 录\n一、总体要求\t1\n（一）指导思想\t1\n二、主要任务\t3\n一、总体要求\n（一）指导思想\n二、主要任务\n"
    doc = planparse.parse(text)
    assert [(e.level, e.number, e.title, e.page) for e in doc.toc] == [
        (1, 1, "总体要求", 1), (2, 1, "指导思想", 1), (1, 2, "主要任务", 3)]
    assert [s.title for s in doc.sections] == ["总体要求", "主要任务"] and doc.source.warnings == []


def test_toc_mismatch_is_a_warning():
    doc = planparse.parse("目录\n一、总体要求\t1\n二、主要任务\t3\n一、总体要求\n二、重点任务\n")
    assert any("主要任务" in w and "no such heading" in w for w in doc.source.warnings)
    assert any("重点任务" in w and "missing from the table of contents" in w for w in doc.source.warnings)


def test_pdf_rendering_without_marks_with_running_headers_and_page_numbers():
    from conftest import FIXTURES
    from planparse.model.emit import to_data
    from planparse.parse.normalise import normalise

    web = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8")
    title = "辽宁省电子政务发展“十三五”规划"
    out, page = [], 1
    for line in normalise(web)[0].split("\n"):
        for start in range(0, len(line), 27):
            out.append(line[start:start + 27])
            if len(out) % 30 == 0:
                out += ["", f"- {page} -", "", title, ""]
                page += 1
    doc = planparse.parse(title + "\n\n" + "\n\n".join(out))
    assert to_data(doc)["sections"] == to_data(planparse.parse(web))["sections"]
    furniture = next(r for r in doc.source.repairs if r.kind == "page-furniture")
    assert furniture.count == 2 * (page - 1)


def test_closing_bracket_of_an_aside_does_not_end_a_paragraph():
    grammar = load_grammar()
    from planparse.parse.layout import ends_paragraph

    assert not ends_paragraph("目前电子监察已覆盖14个市政府、89个县（市、区）", grammar)
    assert ends_paragraph("2021年底编制出台。〔牵头单位：省营商局（大数据局）〕", grammar)
    assert ends_paragraph("（辽宁省数字政府体系架构见图一）", grammar)
    assert ends_paragraph("局）、省委网信办〕", grammar)


def test_contents_list_without_page_numbers():
    doc = planparse.parse("规划\n目录\n一、总体要求\n二、主要任务\n（一）建设平台\n三、保障措施\n"
                          "一、总体要求\n正文。\n二、主要任务\n（一）建设平台\n三、保障措施\n")
    assert [(e.level, e.number, e.title, e.page) for e in doc.toc] == [
        (1, 1, "总体要求", None), (1, 2, "主要任务", None), (2, 1, "建设平台", None), (1, 3, "保障措施", None)]
    assert [s.title for s in doc.sections] == ["总体要求", "主要任务", "保障措施"] and doc.source.warnings == []


def test_a_line_saying_contents_without_a_list_is_text():
    doc = planparse.parse("规划\n目录\n一、总体要求\n正文。\n二、主要任务\n")
    assert doc.toc == [] and doc.preamble == ["目录"] and [s.title for s in doc.sections] == ["总体要求", "主要任务"]


def test_web_page_lines_are_furniture():
    doc = planparse.parse("辽宁省数字政府建设实施方案\n发布时间：2025-07-02 来源：省政府办公厅 字号：大 中 小\n"
                          "一、总体要求\n资金来源：省级财政。\n【打印本页】【关闭窗口】\n")
    assert doc.meta.title == "辽宁省数字政府建设实施方案"
    assert doc.sections[0].paragraphs == ["资金来源：省级财政。"]
    web = next(r for r in doc.source.repairs if r.kind == "web-furniture")
    assert web.count == 2
